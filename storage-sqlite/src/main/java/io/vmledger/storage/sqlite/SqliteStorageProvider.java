package io.vmledger.storage.sqlite;

import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageContext;
import io.vmledger.storage.spi.StorageException;
import io.vmledger.storage.spi.StorageProvider;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The {@code sqlite} storage plugin: one database file ({@code storage.sqlite.path}), schema
 * migrations from {@code db/migration/sqlite} applied with Flyway at open.
 */
public final class SqliteStorageProvider implements StorageProvider {
    public static final String NAME = "sqlite";
    static final String MIGRATIONS = "classpath:db/migration/sqlite";
    private static final System.Logger LOG = System.getLogger(SqliteStorageProvider.class.getName());

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Storage open(StorageContext context) {
        Path file = Path.of(context.settings().storage().sqlitePath());
        SqlitePragmas pragmas = SqlitePragmas.from(context);
        long t0 = System.nanoTime();
        prepareFile(file, pragmas);
        int applied = migrate(file);
        SqliteDatabase db = new SqliteDatabase(file, pragmas);
        LOG.log(System.Logger.Level.INFO, "opened SQLite store {0} in {1} ms ({2} migrations applied)",
                file.toAbsolutePath(), (System.nanoTime() - t0) / 1_000_000, applied);
        return new SqliteStorage(db, context.settings(), pragmas.readThreads());
    }

    /** Creates parent directories; on a new file sets the page size and WAL before any table exists. */
    private static void prepareFile(Path file, SqlitePragmas pragmas) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StorageException("cannot create the directory of SQLite file " + file + ": " + e.getMessage(), e);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement st = c.createStatement()) {
            // page_size only takes effect on an empty database; harmless otherwise
            st.execute("PRAGMA page_size = " + pragmas.pageSize());
            st.execute("PRAGMA journal_mode = WAL");
        } catch (SQLException e) {
            throw new StorageException("cannot open SQLite file " + file + ": " + e.getMessage(), e);
        }
    }

    private static int migrate(Path file) {
        try {
            MigrateResult result = Flyway.configure(SqliteStorageProvider.class.getClassLoader())
                    .dataSource("jdbc:sqlite:" + file.toAbsolutePath(), null, null)
                    .locations(MIGRATIONS)
                    .load()
                    .migrate();
            return result.migrationsExecuted;
        } catch (RuntimeException e) {
            throw new StorageException("cannot migrate SQLite file " + file + ": " + e.getMessage(), e);
        }
    }
}
