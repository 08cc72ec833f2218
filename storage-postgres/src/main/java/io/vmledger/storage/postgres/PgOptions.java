package io.vmledger.storage.postgres;

import io.vmledger.api.settings.SettingsException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The {@code storage.postgres.*} options, validated. Every error names the full key. The password
 * is resolved here (literal, environment variable or file) and never appears in {@link #toString()}.
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
 */
public record PgOptions(String url, String user, String password, String schema, Ingestion ingestion,
                        Partitioning partitioning, int partitionsAhead, int poolSize, int readThreads) {

    public static final String PREFIX = "storage.postgres.";
    public static final String URL = "url";
    public static final String USER = "user";
    public static final String PASSWORD = "password";
    public static final String PASSWORD_ENV = "password_env";
    public static final String PASSWORD_FILE = "password_file";
    public static final String SCHEMA = "schema";
    public static final String INGESTION = "ingestion";
    public static final String PARTITIONING = "partitioning";
    public static final String PARTITIONS_AHEAD = "partitions_ahead";
    public static final String POOL_SIZE = "pool_size";
    public static final String READ_THREADS = "read_threads";

    static final List<String> KEYS = List.of(URL, USER, PASSWORD, PASSWORD_ENV, PASSWORD_FILE, SCHEMA, INGESTION,
            PARTITIONING, PARTITIONS_AHEAD, POOL_SIZE, READ_THREADS);

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

    public PgOptions {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new SettingsException(PREFIX + URL, url, "expected a JDBC URL such as jdbc:postgresql://localhost:5432/vmledger");
        }
        if (user == null || user.isBlank()) {
            throw new SettingsException(PREFIX + USER, user, "a database role name is required");
        }
        if (schema != null && !schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new SettingsException(PREFIX + SCHEMA, schema,
                    "expected a lower-case SQL identifier (letters, digits, underscore)");
        }
        if (partitionsAhead < 1 || partitionsAhead > 24) {
            throw new SettingsException(PREFIX + PARTITIONS_AHEAD, partitionsAhead, "expected an integer from 1 to 24");
        }
        if (poolSize < 2 || poolSize > 200) {
            throw new SettingsException(PREFIX + POOL_SIZE, poolSize, "expected an integer from 2 to 200");
        }
        if (readThreads < 1 || readThreads > 8) {
            throw new SettingsException(PREFIX + READ_THREADS, readThreads, "expected an integer from 1 to 8");
        }
        if (readThreads > poolSize / 2) {
            throw new SettingsException(PREFIX + READ_THREADS, readThreads, "expected at most half of "
                    + PREFIX + POOL_SIZE + " (" + poolSize + "), so that writers still get connections during a read");
        }
    }

    /** Parses the plugin options (keys without the {@code storage.postgres.} prefix). */
    public static PgOptions parse(Map<String, String> options) {
        return parse(options, System::getenv);
    }

    static PgOptions parse(Map<String, String> options, UnaryOperator<String> env) {
        for (String key : options.keySet()) {
            if (!KEYS.contains(key)) {
                throw new SettingsException(PREFIX + key, "(not shown)", "unknown option; known options: "
                        + String.join(", ", KEYS.stream().map(k -> PREFIX + k).toList()));
            }
        }
        String url = value(options, URL);
        String user = value(options, USER);
        String password = resolvePassword(options, env);
        String schema = value(options, SCHEMA);
        Ingestion ingestion = parseEnum(Ingestion.class, INGESTION, value(options, INGESTION), Ingestion.COPY);
        Partitioning partitioning = parseEnum(Partitioning.class, PARTITIONING, value(options, PARTITIONING),
                Partitioning.MONTHLY);
        int ahead = parseInt(PARTITIONS_AHEAD, value(options, PARTITIONS_AHEAD), 1);
        int pool = parseInt(POOL_SIZE, value(options, POOL_SIZE), 8);
        int readThreads = parseInt(READ_THREADS, value(options, READ_THREADS), 2);
        return new PgOptions(url, user, password, schema, ingestion, partitioning, ahead, pool, readThreads);
    }

    private static String resolvePassword(Map<String, String> options, UnaryOperator<String> env) {
        String literal = value(options, PASSWORD);
        String envName = value(options, PASSWORD_ENV);
        String file = value(options, PASSWORD_FILE);
        int given = (literal != null ? 1 : 0) + (envName != null ? 1 : 0) + (file != null ? 1 : 0);
        if (given > 1) {
            throw new SettingsException(PREFIX + PASSWORD, "****",
                    "give only one of " + PREFIX + PASSWORD + ", " + PREFIX + PASSWORD_ENV + ", " + PREFIX + PASSWORD_FILE);
        }
        if (envName != null) {
            String v = env.apply(envName);
            if (v == null) {
                throw new SettingsException(PREFIX + PASSWORD_ENV, envName, "the environment variable is not set");
            }
            return v;
        }
        if (file != null) {
            try {
                // A trailing newline is an editor artefact, not part of the password.
                return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            } catch (IOException | RuntimeException e) {
                throw new SettingsException(PREFIX + PASSWORD_FILE, file, "cannot read the file: " + e.getMessage());
            }
        }
        return literal;
    }

    private static String value(Map<String, String> options, String key) {
        String v = options.get(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static int parseInt(String key, String value, int dflt) {
        if (value == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new SettingsException(PREFIX + key, value, "expected an integer");
        }
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String key, String value, E dflt) {
        if (value == null) {
            return dflt;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        StringBuilder allowed = new StringBuilder("allowed: ");
        for (E e : type.getEnumConstants()) {
            allowed.append(e.ordinal() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
        }
        throw new SettingsException(PREFIX + key, value, allowed.toString());
    }

    /** The URL without its query string, which may carry credentials; for log lines. */
    public String safeUrl() {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    @Override
    public String toString() {
        return "PgOptions[url=" + safeUrl() + ", user=" + user + ", password=****, schema=" + schema
                + ", ingestion=" + ingestion + ", partitioning=" + partitioning + ", partitionsAhead="
                + partitionsAhead + ", poolSize=" + poolSize + ", readThreads=" + readThreads + "]";
    }
}
