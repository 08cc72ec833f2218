package io.vmledger.benchmarks.jmh.store;

import io.vmledger.benchmarks.jmh.BuildDirectory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Where a benchmark store lives and how it is locked, marked as built, wiped and settled: a file per store
 * for SQLite, a schema per store for PostgreSQL. Held open (and locked) while a trial uses the store.
 */
abstract sealed class StoreLocation implements AutoCloseable {
    /**
     * Environment variable (or system property {@code vmledger.jmh.data}): directory of the SQLite stores
     * (default {@code benchmarks/target/jmh-stores}). JMH's forks inherit the environment.
     */
    static final String DATA_ENV = "VMLEDGER_JMH_DATA";
    /** Environment variable (or system property {@code vmledger.jmh.schema-prefix}): prefix of the PostgreSQL schemas (default {@code vmledger_jmh}). */
    static final String SCHEMA_ENV = "VMLEDGER_JMH_SCHEMA_PREFIX";

    static StoreLocation lock(StoreKind kind, int vms) {
        return switch (kind) {
            case SQLITE -> new SqliteFile(dataDirectory().resolve("sqlite-" + vms));
            case POSTGRES -> new PgSchema(schemaPrefix() + "_" + vms);
        };
    }

    /** {@code $VMLEDGER_JMH_DATA}, else {@code jmh-stores} beside the benchmarks jar (in {@code benchmarks/target}). */
    static Path dataDirectory() {
        String dir = System.getProperty("vmledger.jmh.data", System.getenv(DATA_ENV));
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir).toAbsolutePath().normalize();
        }
        return BuildDirectory.get().resolve("jmh-stores");
    }

    static String schemaPrefix() {
        String prefix = System.getProperty("vmledger.jmh.schema-prefix", System.getenv(SCHEMA_ENV));
        prefix = prefix == null || prefix.isBlank() ? "vmledger_jmh" : prefix.trim();
        if (!prefix.matches("[a-z_][a-z0-9_]{0,50}")) {
            throw new IllegalArgumentException(SCHEMA_ENV + " must be a lower-case SQL identifier, got '" + prefix + "'");
        }
        return prefix;
    }

    /** Whether the store holds a complete build of {@code recipe}. */
    abstract boolean builtWith(String recipe);

    /** Removes the store, complete or not. */
    abstract void wipe();

    /** Records that the store holds a complete build of {@code recipe}. */
    abstract void markBuilt(String recipe);

    /** The plugin options that open the store, plus {@code extra}. */
    abstract Map<String, String> pluginOptions(Map<String, String> extra);

    /** Settles {@code tables} (see {@link BenchStore#settle}). */
    abstract void settle(List<String> tables);

    /** Settles every table, after a build. */
    abstract void settleAll();

    /**
     * Drops what a benchmark adds to the store for its trial alone and a killed run may have left behind:
     * indexes named {@code bench_*}.
     */
    abstract void dropBenchmarkObjects();

    @Override
    public abstract void close();

    // ------------------------------------------------------------------ SQLite: a file

    static final class SqliteFile extends StoreLocation {
        private final Path db;
        private final Path marker;
        private final FileChannel lockChannel;
        private final FileLock lock;
        private Connection admin;

        SqliteFile(Path base) {
            this.db = base.resolveSibling(base.getFileName() + ".db");
            this.marker = base.resolveSibling(base.getFileName() + ".properties");
            Path lockFile = base.resolveSibling(base.getFileName() + ".lock");
            try {
                Files.createDirectories(base.getParent());
                lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock l = lockChannel.tryLock();
                if (l == null) {
                    System.out.println("waiting for " + lockFile + ": another benchmark run uses the store");
                    l = lockChannel.lock();
                }
                lock = l;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock the benchmark store " + db, e);
            }
        }

        @Override
        boolean builtWith(String recipe) {
            if (!Files.exists(db) || !Files.exists(marker)) {
                return false;
            }
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(marker)) {
                p.load(in);
            } catch (IOException e) {
                return false;
            }
            return recipe.equals(p.getProperty("recipe"));
        }

        @Override
        void wipe() {
            closeAdmin();
            try {
                Files.deleteIfExists(marker);
                for (String suffix : List.of("", "-wal", "-shm")) {
                    Files.deleteIfExists(db.resolveSibling(db.getFileName() + suffix));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the benchmark store " + db, e);
            }
        }

        @Override
        void markBuilt(String recipe) {
            Properties p = new Properties();
            p.setProperty("recipe", recipe);
            try (OutputStream out = Files.newOutputStream(marker)) {
                p.store(out, "a complete benchmark store: " + db.getFileName());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot mark " + db + " as built", e);
            }
        }

        @Override
        Map<String, String> pluginOptions(Map<String, String> extra) {
            return BenchStore.withExtra(Map.of("path", db.toString()), extra);
        }

        @Override
        void settle(List<String> tables) {
            try (Statement st = admin().createStatement()) {
                st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot checkpoint " + db + ": " + e.getMessage(), e);
            }
        }

        @Override
        void settleAll() {
            settle(List.of());
        }

        @Override
        void dropBenchmarkObjects() {
            // no benchmark adds anything to a SQLite store
        }

        private Connection admin() throws SQLException {
            if (admin == null) {
                admin = DriverManager.getConnection("jdbc:sqlite:" + db);
                try (Statement st = admin.createStatement()) {
                    st.execute("PRAGMA busy_timeout = 30000");
                }
            }
            return admin;
        }

        private void closeAdmin() {
            if (admin != null) {
                try {
                    admin.close();
                } catch (SQLException e) {
                    // closing only
                }
                admin = null;
            }
        }

        @Override
        public void close() {
            closeAdmin();
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException e) {
                // the process exit releases it too
            }
        }
    }

    // ------------------------------------------------------------------ PostgreSQL: a schema

    static final class PgSchema extends StoreLocation {
        static final String URL_ENV = "VMLEDGER_TEST_PG_URL";
        static final String USER_ENV = "VMLEDGER_TEST_PG_USER";
        static final String PASSWORD_ENV = "VMLEDGER_TEST_PG_PASSWORD";
        private static final String MARKER = "jmh_store";

        private final String schema;
        private final String url;
        private final String user;
        private final Connection admin;

        PgSchema(String schema) {
            this.schema = schema;
            this.url = System.getenv(URL_ENV);
            this.user = System.getenv(USER_ENV);
            if (url == null || url.isBlank() || user == null || user.isBlank()) {
                throw new IllegalStateException("no PostgreSQL server for the postgres store: set " + URL_ENV + " and "
                        + USER_ENV + " (eval \"$(bin/pg-ensure)\" prints them; bin/vmledger jmh does it for you)");
            }
            try {
                admin = DriverManager.getConnection(url, user, System.getenv(PASSWORD_ENV));
                admin.setAutoCommit(true);
                // held until close: a second run waits instead of using the schema at the same time
                String key = "vmledger-jmh:" + schema;
                try (PreparedStatement ps = admin.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
                    ps.setString(1, key);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (!rs.getBoolean(1)) {
                            System.out.println("waiting for schema " + schema + ": another benchmark run uses it");
                            try (PreparedStatement wait = admin.prepareStatement("SELECT pg_advisory_lock(hashtext(?))")) {
                                wait.setString(1, key);
                                wait.execute();
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot reach PostgreSQL at " + url + " as " + user + ": "
                        + e.getMessage(), e);
            }
        }

        @Override
        boolean builtWith(String recipe) {
            try (Statement st = admin.createStatement();
                 ResultSet rs = st.executeQuery("SELECT recipe FROM " + schema + "." + MARKER)) {
                return rs.next() && recipe.equals(rs.getString(1));
            } catch (SQLException e) {
                return false; // no marker: no complete build
            }
        }

        @Override
        void wipe() {
            exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }

        @Override
        void markBuilt(String recipe) {
            exec("CREATE TABLE " + schema + "." + MARKER + " (recipe text NOT NULL)");
            try (PreparedStatement ps = admin.prepareStatement("INSERT INTO " + schema + "." + MARKER + " VALUES (?)")) {
                ps.setString(1, recipe);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot mark schema " + schema + " as built: " + e.getMessage(), e);
            }
        }

        @Override
        Map<String, String> pluginOptions(Map<String, String> extra) {
            return BenchStore.withExtra(Map.of("url", url, "user", user, "password_env", PASSWORD_ENV, "schema", schema),
                    extra);
        }

        @Override
        void settle(List<String> tables) {
            for (String t : tables) {
                if (exists(t)) {
                    exec("VACUUM ANALYZE " + schema + "." + t);
                }
            }
        }

        @Override
        void settleAll() {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement ps = admin.prepareStatement(
                    "SELECT tablename FROM pg_tables WHERE schemaname = ? ORDER BY tablename")) {
                ps.setString(1, schema);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot list the tables of " + schema + ": " + e.getMessage(), e);
            }
            settle(tables);
        }

        @Override
        void dropBenchmarkObjects() {
            List<String> indexes = new ArrayList<>();
            try (PreparedStatement ps = admin.prepareStatement(
                    "SELECT indexname FROM pg_indexes WHERE schemaname = ? AND indexname LIKE 'bench\\_%'")) {
                ps.setString(1, schema);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        indexes.add(rs.getString(1));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot list the indexes of " + schema + ": " + e.getMessage(), e);
            }
            indexes.forEach(i -> exec("DROP INDEX IF EXISTS " + schema + "." + i));
        }

        private boolean exists(String table) {
            try (PreparedStatement ps = admin.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
                ps.setString(1, schema + "." + table);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot look up " + schema + "." + table + ": " + e.getMessage(), e);
            }
        }

        private void exec(String sql) {
            try (Statement st = admin.createStatement()) {
                st.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(sql + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                admin.close(); // ends the session and with it the advisory lock
            } catch (SQLException e) {
                // closing only
            }
        }
    }
}
