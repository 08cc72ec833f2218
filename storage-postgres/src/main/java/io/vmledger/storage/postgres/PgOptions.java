package io.vmledger.storage.postgres;

import io.vmledger.storage.spi.PluginOption;
import io.vmledger.storage.spi.PluginOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The {@code storage.postgres.*} options, checked by {@link PluginOptions}. The password is resolved here
 * (literal, environment variable or file) and never appears in {@link #toString()}.
 *
 * @param url             JDBC URL, {@code jdbc:postgresql://host:port/db}
 * @param user            login role
 * @param password        resolved password, may be null (trust or peer authentication)
 * @param schema          schema holding the tables, or null for the role's search path
 * @param ingestion       how hourly rows are written
 * @param partitioning    whether a newly created {@code vm_hourly_stats} is partitioned by month
 * @param partitionsAhead months after the current one whose partitions are created in advance
 * @param poolSize        maximum pooled connections
 * @param readThreads     connections (and threads) one ordered read of many runs is split over
 * @param socketTimeoutSeconds how long a statement may wait for any answer of the server before its
 *                        connection counts as lost, 0 for no limit (pgjdbc {@code socketTimeout})
 */
public record PgOptions(String url, String user, String password, String schema, Ingestion ingestion,
                        Partitioning partitioning, int partitionsAhead, int poolSize, int readThreads,
                        int socketTimeoutSeconds) {

    /** How {@code replaceSnapshot} moves rows to the server. */
    public enum Ingestion {
        /** {@code COPY} into a session staging table, then one upsert from it (the default, see decision 0050). */
        COPY,
        /** Multi-row {@code INSERT ... ON CONFLICT} statements of {@code capture_write_batch_size} rows. */
        INSERT
    }

    /** Layout of {@code vm_hourly_stats} when the plugin creates it. */
    public enum Partitioning {
        /** Range partitions of one UTC calendar month each (the default for new installs). */
        MONTHLY,
        /** One plain table. */
        NONE
    }

    public static final PluginOption<String> URL = PluginOption.text("url", null,
            "JDBC URL, jdbc:postgresql://host:port/database").shownAs(PluginOption::withoutQuery);
    public static final PluginOption<String> USER = PluginOption.text("user", null, "login role");
    public static final PluginOption<String> PASSWORD = PluginOption.text("password", null,
            "the role's password (prefer password_env or password_file)").secret();
    public static final PluginOption<String> PASSWORD_ENV = PluginOption.text("password_env", null,
            "environment variable holding the password");
    public static final PluginOption<String> PASSWORD_FILE = PluginOption.text("password_file", null,
            "file holding the password (a trailing newline is ignored)");
    public static final PluginOption<String> SCHEMA = PluginOption.text("schema", null,
            "schema of the tables (default: the role's search path)");
    public static final PluginOption<Ingestion> INGESTION = PluginOption.choice("ingestion", Ingestion.class,
            Ingestion.COPY, "how hourly rows are written");
    public static final PluginOption<Partitioning> PARTITIONING = PluginOption.choice("partitioning",
            Partitioning.class, Partitioning.MONTHLY, "layout of a newly created vm_hourly_stats");
    public static final PluginOption<Integer> PARTITIONS_AHEAD = PluginOption.integer("partitions_ahead", 1, 1, 24,
            "months whose partitions are created in advance");
    public static final PluginOption<Integer> POOL_SIZE = PluginOption.integer("pool_size", 8, 2, 200,
            "maximum pooled connections");
    public static final PluginOption<Integer> READ_THREADS = PluginOption.integer("read_threads", 2, 1, 8,
            "connections one ordered read is split over, at most half the pool");
    public static final PluginOption<Integer> SOCKET_TIMEOUT = PluginOption.integer("socket_timeout", 600, 0, 86_400,
            "seconds a statement may wait for any answer of the server before its connection counts as lost"
                    + " (a network cut); 0: no limit");

    static final List<PluginOption<?>> OPTIONS = List.of(URL, USER, PASSWORD, PASSWORD_ENV, PASSWORD_FILE, SCHEMA,
            INGESTION, PARTITIONING, PARTITIONS_AHEAD, POOL_SIZE, READ_THREADS, SOCKET_TIMEOUT);

    /** The options of {@code options}, checked; the password from its source ({@code env} looks up variables). */
    static PgOptions from(PluginOptions options, UnaryOperator<String> env) {
        String url = options.find(URL).orElse(null);
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw options.invalid(URL, "expected a JDBC URL such as jdbc:postgresql://localhost:5432/vmledger");
        }
        String user = options.find(USER).orElseThrow(() -> options.invalid(USER, "a database role name is required"));
        String schema = options.find(SCHEMA).orElse(null);
        if (schema != null && !schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw options.invalid(SCHEMA, "expected a lower-case SQL identifier (letters, digits, underscore)");
        }
        int poolSize = options.get(POOL_SIZE);
        int readThreads = options.get(READ_THREADS);
        if (readThreads > poolSize / 2) {
            throw options.invalid(READ_THREADS, "expected at most half of " + options.key(POOL_SIZE) + " (" + poolSize
                    + "), so that writers still get connections during a read");
        }
        return new PgOptions(url, user, password(options, env), schema, options.get(INGESTION),
                options.get(PARTITIONING), options.get(PARTITIONS_AHEAD), poolSize, readThreads,
                options.get(SOCKET_TIMEOUT));
    }

    /** {@link #from} of raw options (keys without the {@code storage.postgres.} prefix), for tests and tools. */
    static PgOptions parse(Map<String, String> raw, UnaryOperator<String> env) {
        return from(PluginOptions.parse(PostgresStorageProvider.NAME, OPTIONS, raw), env);
    }

    private static String password(PluginOptions options, UnaryOperator<String> env) {
        int given = (options.isSet(PASSWORD) ? 1 : 0) + (options.isSet(PASSWORD_ENV) ? 1 : 0)
                + (options.isSet(PASSWORD_FILE) ? 1 : 0);
        if (given > 1) {
            throw options.invalid(PASSWORD, "give only one of " + options.key(PASSWORD) + ", "
                    + options.key(PASSWORD_ENV) + ", " + options.key(PASSWORD_FILE));
        }
        if (options.isSet(PASSWORD_ENV)) {
            String v = env.apply(options.get(PASSWORD_ENV));
            if (v == null) {
                throw options.invalid(PASSWORD_ENV, "the environment variable is not set");
            }
            return v;
        }
        if (options.isSet(PASSWORD_FILE)) {
            try {
                // a trailing newline is an editor artefact, not part of the password
                return Files.readString(Path.of(options.get(PASSWORD_FILE)), StandardCharsets.UTF_8).strip();
            } catch (IOException | RuntimeException e) {
                throw options.invalid(PASSWORD_FILE, "cannot read the file: " + e.getMessage());
            }
        }
        return options.find(PASSWORD).orElse(null);
    }

    /** The URL without its query string, which may carry credentials; for log lines. */
    public String safeUrl() {
        return PluginOption.withoutQuery(url);
    }

    @Override
    public String toString() {
        return "PgOptions[url=" + safeUrl() + ", user=" + user + ", password=****, schema=" + schema
                + ", ingestion=" + ingestion + ", partitioning=" + partitioning + ", partitionsAhead="
                + partitionsAhead + ", poolSize=" + poolSize + ", readThreads=" + readThreads + ", socketTimeoutSeconds="
                + socketTimeoutSeconds + "]";
    }
}
