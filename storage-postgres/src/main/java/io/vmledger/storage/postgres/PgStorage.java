package io.vmledger.storage.postgres;

import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.CompatibilityTables;
import io.vmledger.storage.spi.HourlyStore;
import io.vmledger.storage.spi.JobRunStore;
import io.vmledger.storage.spi.LifecycleStore;
import io.vmledger.storage.spi.RollupStore;
import io.vmledger.storage.spi.SnapshotRegistry;
import io.vmledger.storage.spi.SqlAggregation;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.TotalsStore;

import java.util.Optional;

/** An open PostgreSQL store: the stores share one connection pool. */
final class PgStorage implements Storage {
    private final PgDatabase db;
    private final HourlyLayout layout;
    private final PgHourlyStore hourly;
    private final PgLifecycleStore lifecycle;
    private final PgTotalsStore totals;
    private final PgSnapshotRegistry registry;
    private final PgCompatibilityTables compatibility;
    private final PgRollupStore rollups;
    private final PgJobRunStore jobs;
    private final PgSqlAggregation aggregation;

    PgStorage(PgDatabase db, HourlyLayout layout, Settings settings) {
        this.db = db;
        this.layout = layout;
        int batch = settings.captureWriteBatchSize();
        this.hourly = new PgHourlyStore(db, layout, batch, db.options().ingestion());
        this.lifecycle = new PgLifecycleStore(db, batch);
        this.totals = new PgTotalsStore(db);
        this.registry = new PgSnapshotRegistry(db);
        this.compatibility = new PgCompatibilityTables(db);
        this.rollups = new PgRollupStore(db, batch);
        this.jobs = new PgJobRunStore(db);
        this.aggregation = new PgSqlAggregation(db, settings.calendar());
    }

    @Override
    public String providerName() {
        return PostgresStorageProvider.NAME;
    }

    @Override
    public PgHourlyStore hourly() {
        return hourly;
    }

    @Override
    public LifecycleStore lifecycle() {
        return lifecycle;
    }

    @Override
    public TotalsStore totals() {
        return totals;
    }

    @Override
    public SnapshotRegistry registry() {
        return registry;
    }

    @Override
    public CompatibilityTables compatibility() {
        return compatibility;
    }

    @Override
    public RollupStore rollups() {
        return rollups;
    }

    @Override
    public JobRunStore jobs() {
        return jobs;
    }

    @Override
    public Optional<SqlAggregation> sqlAggregation() {
        return Optional.of(aggregation);
    }

    /** Whether {@code vm_hourly_stats} is partitioned by month. */
    boolean partitioned() {
        return layout.partitioned();
    }

    HourlyLayout layout() {
        return layout;
    }

    PgDatabase database() {
        return db;
    }

    @Override
    public void close() {
        db.close();
    }
}
