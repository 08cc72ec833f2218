package io.vmledger.storage.postgres;

import io.vmledger.storage.jdbc.JdbcStorage;
import io.vmledger.storage.jdbc.JdbcStorageProvider;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageContext;
import io.vmledger.storage.spi.StorageException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code postgres} storage plugin ({@code storage.provider=postgres}). Options are the
 * {@code storage.postgres.*} keys ({@link PgOptions}). Opening connects (retrying transient failures with
 * {@code settings.retry}), applies the migrations of {@code db/migration/postgres} with Flyway, and creates
 * the monthly partitions of the current month and the months ahead; the stores are the generic JDBC ones
 * over {@link PgDatabase} and {@link PgDialect}.
 */
public final class PostgresStorageProvider extends JdbcStorageProvider {
    public static final String NAME = "postgres";
    static final String MIGRATIONS = "classpath:db/migration/postgres";
    static final String PARTITION_CLAUSE = "PARTITION BY RANGE (\"SnapshotTime\")";
    private static final System.Logger LOG = System.getLogger(PostgresStorageProvider.class.getName());

    public PostgresStorageProvider() {
        super(NAME, PgOptions.OPTIONS);
    }

    @Override
    public Storage open(StorageContext context) {
        PgOptions options = PgOptions.from(context.options(), System::getenv);
        long t0 = System.nanoTime();
        PgDatabase db = PgDatabase.open(options, context.retry());
        try {
            int applied = migrate(db, options);
            HourlyLayout layout = new HourlyLayout(db);
            int created = 0;
            if (layout.partitioned()) {
                YearMonth now = YearMonth.now(ZoneOffset.UTC);
                created = layout.ensurePartitions(HourlyPartitions.startOf(now),
                        HourlyPartitions.startOf(now.plusMonths(options.partitionsAhead())));
            } else if (options.partitioning() == PgOptions.Partitioning.MONTHLY) {
                LOG.log(System.Logger.Level.WARNING, "vm_hourly_stats is not partitioned although "
                        + context.options().key(PgOptions.PARTITIONING) + " is monthly: it was created unpartitioned;"
                        + " migrate it with bin/vmledger migrate-partitions (docs/storage-postgres.md)");
            }
            LOG.log(System.Logger.Level.INFO,
                    "opened PostgreSQL store {0} as {1} in {2} ms ({3} migrations applied, vm_hourly_stats {4}, "
                            + "{5} partitions created, ingestion {6})",
                    options.safeUrl(), options.user(), (System.nanoTime() - t0) / 1_000_000, applied,
                    layout.partitioned() ? "partitioned by month" : "unpartitioned", created,
                    options.ingestion().name().toLowerCase(Locale.ROOT));
            PgDialect dialect = new PgDialect(options.ingestion(), layout);
            return JdbcStorage.builder(NAME, db, dialect)
                    .role(context.role())
                    .batchSize(context.batchSize())
                    .readThreads(options.readThreads())
                    .sqlAggregation(new PgSqlAggregation(db, dialect, context.calendar()))
                    .partitionMigration(new PgPartitionMigration(db, layout))
                    .build();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static int migrate(PgDatabase db, PgOptions options) {
        try {
            var config = Flyway.configure(PostgresStorageProvider.class.getClassLoader())
                    .dataSource(db.dataSource())
                    .locations(MIGRATIONS)
                    .placeholders(Map.of("hourly_partitioning",
                            options.partitioning() == PgOptions.Partitioning.MONTHLY ? PARTITION_CLAUSE : ""));
            if (options.schema() != null) {
                config = config.schemas(options.schema()).defaultSchema(options.schema());
            }
            MigrateResult result = config.load().migrate();
            return result.migrationsExecuted;
        } catch (RuntimeException e) {
            throw new StorageException("cannot migrate the PostgreSQL schema at " + options.safeUrl() + ": "
                    + e.getMessage(), e);
        }
    }
}
