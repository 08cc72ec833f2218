package io.vmledger.storage.postgres;

import io.vmledger.api.settings.Settings;
import io.vmledger.storage.jdbc.JdbcStorage;
import io.vmledger.storage.spi.StorageContext;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server of the tests, from {@code VMLEDGER_TEST_PG_URL}, {@code VMLEDGER_TEST_PG_USER}
 * and {@code VMLEDGER_TEST_PG_PASSWORD} (set by {@code bin/test} through {@code bin/pg-ensure}). When
 * they are missing or the server cannot be reached, every PostgreSQL test fails with a message saying
 * so: these tests never skip. Each store gets a schema of its own, dropped by {@link #dropSchemas()}.
 */
public final class PgTestDatabase {
    static final String URL_ENV = "VMLEDGER_TEST_PG_URL";
    static final String USER_ENV = "VMLEDGER_TEST_PG_USER";
    static final String PASSWORD_ENV = "VMLEDGER_TEST_PG_PASSWORD";

    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static final List<String> CREATED = new CopyOnWriteArrayList<>();
    private static final String RUN = Long.toString(ProcessHandle.current().pid(), 36);
    private static volatile boolean checked;

    private PgTestDatabase() {
    }

    static String url() {
        return require(URL_ENV);
    }

    static String user() {
        return require(USER_ENV);
    }

    static String password() {
        String p = System.getenv(PASSWORD_ENV);
        return p == null ? "" : p;
    }

    private static String require(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new AssertionError(name + " is not set, so the PostgreSQL tests cannot run (they never skip). "
                    + "Run them through bin/test, or first: eval \"$(bin/pg-ensure)\"");
        }
        return v;
    }

    /** Fails with a clear message unless the test server accepts a login. */
    static void requireServer() {
        if (checked) {
            return;
        }
        try (Connection c = DriverManager.getConnection(url(), user(), password())) {
            checked = c.isValid(5);
        } catch (SQLException e) {
            throw new AssertionError("the PostgreSQL test server at " + url() + " (user " + user()
                    + ") cannot be reached: " + e.getMessage() + ". Start it with bin/pg-ensure; these tests never skip.",
                    e);
        }
    }

    /** A new schema name, dropped at the end of the test class. */
    public static String newSchema(String prefix) {
        String name = ("vmt_" + prefix + "_" + RUN + "_" + SCHEMAS.incrementAndGet()).toLowerCase(java.util.Locale.ROOT);
        CREATED.add(name);
        return name;
    }

    /**
     * The test server's plugin options without a schema, for the tests of other modules that name their
     * schemas themselves; fails with a clear message unless the server accepts a login.
     */
    public static Map<String, String> serverOptions() {
        requireServer();
        return Map.of(PgOptions.URL.name(), url(), PgOptions.USER.name(), user(),
                PgOptions.PASSWORD_ENV.name(), PASSWORD_ENV, PgOptions.POOL_SIZE.name(), "4");
    }

    /** Options of a store in a new schema, plus {@code extra}. */
    static Map<String, String> options(String schema, Map<String, String> extra) {
        Map<String, String> o = new HashMap<>(serverOptions());
        o.put(PgOptions.SCHEMA.name(), schema);
        o.putAll(extra);
        return o;
    }

    /** Opens a new, empty store in a schema of its own. */
    static JdbcStorage open(Settings settings, String prefix, Map<String, String> extra) {
        return openIn(newSchema(prefix), settings, extra);
    }

    /** Opens the store of {@code schema} (a name from {@link #newSchema}), for the tests of other modules. */
    public static JdbcStorage openIn(String schema, Settings settings, Map<String, String> extra) {
        requireServer();
        return openWith(settings, options(schema, extra));
    }

    /** Opens the store of these plugin options. */
    static JdbcStorage openWith(Settings settings, Map<String, String> options) {
        PostgresStorageProvider provider = new PostgresStorageProvider();
        return (JdbcStorage) provider.open(StorageContext.of(provider, settings, options));
    }

    static PgDatabase db(JdbcStorage storage) {
        return (PgDatabase) storage.database();
    }

    static PgDialect dialect(JdbcStorage storage) {
        return (PgDialect) storage.dialect();
    }

    static HourlyLayout layout(JdbcStorage storage) {
        return dialect(storage).layout();
    }

    /** A plain connection to the test database (autocommit). */
    public static Connection connect() throws SQLException {
        requireServer();
        return DriverManager.getConnection(url(), user(), password());
    }

    /** Drops the schemas this JVM created. */
    public static void dropSchemas() {
        if (CREATED.isEmpty()) {
            return;
        }
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String s : CREATED) {
                st.execute("DROP SCHEMA IF EXISTS " + s + " CASCADE");
                CREATED.remove(s);
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot drop test schemas: " + e.getMessage(), e);
        }
    }

    /** Settings for tests: no wait between retries, small batches where the caller wants them. */
    static Settings settings() {
        return Settings.defaults().toBuilder()
                .retry(new Settings.RetrySettings(3, 0, 0))
                .build();
    }
}
