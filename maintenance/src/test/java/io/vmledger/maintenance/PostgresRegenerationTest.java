package io.vmledger.maintenance;

import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;

/**
 * The regeneration property on the PostgreSQL plugin, in a schema of its own on the test server named
 * by {@code VMLEDGER_TEST_PG_URL}, {@code VMLEDGER_TEST_PG_USER} and {@code VMLEDGER_TEST_PG_PASSWORD}
 * ({@code bin/test} sets them through {@code bin/pg-ensure}). Without them the test fails: it never skips.
 */
class PostgresRegenerationTest extends RegenerationPropertyTest {
    private static final String PASSWORD_ENV = "VMLEDGER_TEST_PG_PASSWORD";
    private final String schema = ("vmt_regen_" + Long.toString(ProcessHandle.current().pid(), 36)).toLowerCase(Locale.ROOT);

    private static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new AssertionError(name + " is not set, so the PostgreSQL tests cannot run (they never skip). "
                    + "Run them through bin/test, or first: eval \"$(bin/pg-ensure)\"");
        }
        return v;
    }

    @Override
    protected Storage open(Settings settings) {
        return StorageProviders.open(settings.toBuilder().storage(new Settings.StorageSettings("postgres")).build(), Map.of(
                "url", env("VMLEDGER_TEST_PG_URL"),
                "user", env("VMLEDGER_TEST_PG_USER"),
                "password_env", PASSWORD_ENV,
                "schema", schema,
                "pool_size", "4"));
    }

    @Override
    protected Connection connect() throws SQLException {
        String password = System.getenv(PASSWORD_ENV);
        Connection c = DriverManager.getConnection(env("VMLEDGER_TEST_PG_URL"), env("VMLEDGER_TEST_PG_USER"),
                password == null ? "" : password);
        try (Statement st = c.createStatement()) {
            st.execute("SET search_path = " + schema);
        }
        return c;
    }

    @Override
    protected void dispose() {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new AssertionError("cannot drop the test schema " + schema + ": " + e.getMessage(), e);
        }
    }
}
