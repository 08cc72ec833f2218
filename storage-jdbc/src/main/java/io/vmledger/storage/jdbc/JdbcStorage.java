package io.vmledger.storage.jdbc;

import io.vmledger.storage.spi.CompatibilityTables;
import io.vmledger.storage.spi.ConnectionPool;
import io.vmledger.storage.spi.HourlyStore;
import io.vmledger.storage.spi.InstanceStore;
import io.vmledger.storage.spi.JobRunStore;
import io.vmledger.storage.spi.LifecycleStore;
import io.vmledger.storage.spi.PartitionMigration;
import io.vmledger.storage.spi.RollupStore;
import io.vmledger.storage.spi.SnapshotRegistry;
import io.vmledger.storage.spi.SqlAggregation;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StoreTables;
import io.vmledger.storage.spi.TotalsStore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An open store: the generic stores of this package over one {@link JdbcDatabase} and its {@link Dialect},
 * plus what the plugin adds (its SQL aggregation, its partition migration). A plugin's provider builds one
 * and returns it; the plugin writes no store of its own. Building it registers the store's instance
 * ({@link JdbcInstances}: a sweep of dead instances first, then its heartbeat); closing records its end.
 */
public final class JdbcStorage implements Storage {
    private final String providerName;
    private final JdbcDatabase db;
    private final Dialect dialect;
    private final JdbcHourlyStore hourly;
    private final JdbcLifecycleStore lifecycle;
    private final JdbcTotalsStore totals;
    private final JdbcSnapshotRegistry registry;
    private final JdbcCompatibilityTables compatibility;
    private final JdbcRollupStore rollups;
    private final JdbcJobRunStore jobs;
    private final JdbcInstances instances;
    private final JdbcStoreTables tables;
    private final SqlAggregation sqlAggregation;
    private final PartitionMigration partitionMigration;
    private final Path directory;

    private JdbcStorage(Builder b) {
        this.providerName = Objects.requireNonNull(b.providerName, "providerName");
        this.db = Objects.requireNonNull(b.db, "db");
        this.dialect = Objects.requireNonNull(b.dialect, "dialect");
        this.hourly = new JdbcHourlyStore(db, dialect, b.batchSize, b.readThreads);
        this.lifecycle = new JdbcLifecycleStore(db, dialect, b.batchSize);
        this.totals = new JdbcTotalsStore(db, dialect);
        this.registry = new JdbcSnapshotRegistry(db, dialect);
        this.compatibility = new JdbcCompatibilityTables(db, dialect, b.batchSize);
        this.rollups = new JdbcRollupStore(db, dialect,
                new JdbcPeriodWriter.Stores(db, dialect, totals, registry, b.batchSize), b.readThreads);
        String instanceId = JdbcInstances.newId();
        this.jobs = new JdbcJobRunStore(db, dialect, instanceId);
        this.instances = new JdbcInstances(db, dialect, jobs, instanceId, b.role, b.heartbeat, b.heartbeatTimeout);
        this.tables = new JdbcStoreTables(db, dialect, b.batchSize);
        this.sqlAggregation = b.sqlAggregation;
        this.partitionMigration = b.partitionMigration;
        this.directory = b.directory;
        instances.open(b.exclusive);
    }

    /** Starts a storage of the plugin {@code providerName} over {@code db} and {@code dialect}. */
    public static Builder builder(String providerName, JdbcDatabase db, Dialect dialect) {
        return new Builder(providerName, db, dialect);
    }

    /** What a plugin puts together. */
    public static final class Builder {
        private final String providerName;
        private final JdbcDatabase db;
        private final Dialect dialect;
        private int batchSize = 1000;
        private int readThreads = 1;
        private SqlAggregation sqlAggregation;
        private PartitionMigration partitionMigration;
        private Path directory;
        private String role = io.vmledger.storage.spi.StorageContext.DEFAULT_ROLE;
        private String exclusive;
        private Duration heartbeat = JdbcInstances.DEFAULT_HEARTBEAT;
        private Duration heartbeatTimeout = JdbcInstances.DEFAULT_TIMEOUT;

        private Builder(String providerName, JdbcDatabase db, Dialect dialect) {
            this.providerName = providerName;
            this.db = db;
            this.dialect = dialect;
        }

        /** Rows per batched write ({@code settings.capture_write_batch_size}). */
        public Builder batchSize(int rows) {
            this.batchSize = rows;
            return this;
        }

        /** Connections (and threads) one ordered read may use. */
        public Builder readThreads(int threads) {
            this.readThreads = threads;
            return this;
        }

        public Builder sqlAggregation(SqlAggregation aggregation) {
            this.sqlAggregation = aggregation;
            return this;
        }

        public Builder partitionMigration(PartitionMigration migration) {
            this.partitionMigration = migration;
            return this;
        }

        /** The directory the store's files are in (see {@link Storage#directory()}). */
        public Builder directory(Path dir) {
            this.directory = dir;
            return this;
        }

        /** What the opening process runs ({@code StorageContext.role()}), its instance's role. */
        public Builder role(String role) {
            this.role = Objects.requireNonNull(role, "role");
            return this;
        }

        /**
         * The store serves one process at a time: opening it while another process's instance is alive fails,
         * with {@code explanation} (what to do) in the message. Instances of this process do not count.
         */
        public Builder exclusive(String explanation) {
            this.exclusive = Objects.requireNonNull(explanation, "explanation");
            return this;
        }

        /** How often the instance records a heartbeat, and after how long without one another machine's instance is dead. */
        public Builder heartbeat(Duration interval, Duration timeout) {
            if (interval.isNegative() || interval.isZero() || timeout.compareTo(interval) <= 0) {
                throw new IllegalArgumentException("the heartbeat interval must be positive and shorter than the timeout");
            }
            this.heartbeat = interval;
            this.heartbeatTimeout = timeout;
            return this;
        }

        /**
         * The storage, after sweeping what dead instances left and registering this one.
         *
         * @throws io.vmledger.storage.spi.StorageException when the store is {@link #exclusive} and in use
         */
        public JdbcStorage build() {
            return new JdbcStorage(this);
        }
    }

    /** The connections, for the plugin's own tools and tests. */
    public JdbcDatabase database() {
        return db;
    }

    /** The plugin's dialect, for its own tools and tests. */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * Runs {@code work} in one transaction that every store's writes and reads on this thread join (see
     * {@link JdbcDatabase#inTransaction(String, Supplier)}).
     */
    @Override
    public <T> T inTransaction(String what, Supplier<T> work) {
        return db.inTransaction(what, work);
    }

    @Override
    public String providerName() {
        return providerName;
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
    public InstanceStore instances() {
        return instances;
    }

    @Override
    public Optional<SqlAggregation> sqlAggregation() {
        return Optional.ofNullable(sqlAggregation);
    }

    @Override
    public Optional<PartitionMigration> partitionMigration() {
        return Optional.ofNullable(partitionMigration);
    }

    @Override
    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    /**
     * Stops as a killed process would, for crash tests: no further unit of work runs, a transaction under way
     * rolls back, the heartbeat stops and the instance's end is not recorded (the next instance finds it dead).
     * Then {@link #close()} only releases the connections.
     */
    @Override
    public void halt() {
        db.halt();
        instances.halt();
    }

    @Override
    public List<ConnectionPool> connectionPools() {
        return db.connectionPools();
    }

    @Override
    public Optional<StoreTables> tables() {
        return Optional.of(tables);
    }

    @Override
    public void close() {
        instances.close();
        db.close();
    }
}
