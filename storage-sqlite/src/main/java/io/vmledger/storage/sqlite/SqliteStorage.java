package io.vmledger.storage.sqlite;

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

/** An open SQLite store: the stores of the SPI over one {@link SqliteDatabase}. */
public final class SqliteStorage implements Storage {
    private final SqliteDatabase db;
    private final Settings settings;
    private final SqliteHourlyStore hourly;
    private final SqliteLifecycleStore lifecycle;
    private final SqliteTotalsStore totals;
    private final SqliteSnapshotRegistry registry;
    private final SqliteCompatibilityTables compatibility;
    private final SqliteRollupStore rollups;
    private final SqliteJobRunStore jobs;

    SqliteStorage(SqliteDatabase db, Settings settings, int readThreads) {
        this.db = db;
        this.settings = settings;
        int batch = settings.captureWriteBatchSize();
        this.hourly = new SqliteHourlyStore(db, batch, readThreads);
        this.lifecycle = new SqliteLifecycleStore(db, batch);
        this.totals = new SqliteTotalsStore(db);
        this.registry = new SqliteSnapshotRegistry(db);
        this.compatibility = new SqliteCompatibilityTables(db, batch);
        this.rollups = new SqliteRollupStore(db, readThreads);
        this.jobs = new SqliteJobRunStore(db);
    }

    /** The connections, for the plugin's SQL aggregation and for tools. */
    public SqliteDatabase database() {
        return db;
    }

    /** The settings the store was opened with. */
    public Settings settings() {
        return settings;
    }

    @Override
    public String providerName() {
        return SqliteStorageProvider.NAME;
    }

    @Override
    public HourlyStore hourly() {
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
        return Optional.of(new io.vmledger.storage.sqlite.aggregation.SqliteSqlAggregation(db));
    }

    @Override
    public void close() {
        db.close();
    }
}
