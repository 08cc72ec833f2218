package io.vmledger.storage.sqlite;

import io.vmledger.storage.jdbc.JdbcStorage;
import io.vmledger.storage.jdbc.JdbcStorageProvider;
import io.vmledger.storage.spi.PluginOption;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageContext;
import io.vmledger.storage.spi.StorageException;
import io.vmledger.storage.sqlite.aggregation.SqliteSqlAggregation;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code sqlite} storage plugin: one database file ({@code storage.sqlite.path}), schema
 * migrations from {@code db/migration/sqlite} applied with Flyway at open, the generic JDBC stores over
 * {@link SqliteDatabase} and {@link SqliteDialect}.
 */
public final class SqliteStorageProvider extends JdbcStorageProvider {
    public static final String NAME = "sqlite";
    static final String MIGRATIONS = "classpath:db/migration/sqlite";
    /** The database file; relative paths are resolved against the working directory. */
    public static final PluginOption<String> PATH = PluginOption.text("path", "data/vmledger.db",
            "the database file (created with its directory)");
    private static final System.Logger LOG = System.getLogger(SqliteStorageProvider.class.getName());
    /** Why a second process is refused: SQLite has one writer, and two services would both run the schedules. */
    static final String ONE_PROCESS = "a SQLite store serves one vmledger process at a time: stop that process first "
            + "(while the service runs, use its API for captures, aggregation and reports), or move to PostgreSQL "
            + "(storage.provider: postgres) to run several instances";

    public SqliteStorageProvider() {
        super(NAME, declaredOptions());
    }

    private static List<PluginOption<?>> declaredOptions() {
        List<PluginOption<?>> all = new ArrayList<>();
        all.add(PATH);
        all.addAll(SqlitePragmas.OPTIONS);
        return all;
    }

    @Override
    public Storage open(StorageContext context) {
        Path file = Path.of(context.options().get(PATH));
        SqlitePragmas pragmas = SqlitePragmas.from(context.options());
        long t0 = System.nanoTime();
        prepareFile(file, pragmas);
        int applied = migrate(file);
        SqliteDatabase db = new SqliteDatabase(file, pragmas, context.retry());
        LOG.log(System.Logger.Level.INFO, "opened SQLite store {0} in {1} ms ({2} migrations applied)",
                file.toAbsolutePath(), (System.nanoTime() - t0) / 1_000_000, applied);
        SqliteDialect dialect = new SqliteDialect();
        try {
            return JdbcStorage.builder(NAME, db, dialect)
                    .role(context.role())
                    .exclusive(ONE_PROCESS)
                    .batchSize(context.batchSize())
                    .readThreads(pragmas.readThreads())
                    .sqlAggregation(new SqliteSqlAggregation(db, dialect))
                    .directory(file.toAbsolutePath().normalize().getParent())
                    .build();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
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
