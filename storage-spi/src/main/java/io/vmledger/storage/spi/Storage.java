package io.vmledger.storage.spi;

import java.nio.file.Path;
import java.util.Optional;

/**
 * An open store. The stores it hands out are thread-safe and share its connections.
 * Each write method is one transaction unless its documentation says otherwise.
 */
public interface Storage extends AutoCloseable {

    /** Name of the plugin that opened it. */
    String providerName();

    /** {@code vm_hourly_stats}: the canonical hourly facts. */
    HourlyStore hourly();

    /** {@code vm_lifecycle_cache}. */
    LifecycleStore lifecycle();

    /** {@code vcenter_totals}, {@code vcenter_latest_totals}, {@code vcenter_aggregate_totals}. */
    TotalsStore totals();

    /** {@code snapshot_registry}. */
    SnapshotRegistry registry();

    /** The compatibility tables {@code inventory_hourly_<T>} (and, with aggregation, the summary tables). */
    CompatibilityTables compatibility();

    /** {@code vm_daily_rollup} and the daily and monthly outputs of aggregation. */
    RollupStore rollups();

    /** Recorded job runs. */
    JobRunStore jobs();

    /** The plugin's SQL aggregation strategies, when it has them. */
    default Optional<SqlAggregation> sqlAggregation() {
        return Optional.empty();
    }

    /**
     * The directory the store keeps its files in, when it is made of files (SQLite: its file's directory): the
     * service's own files (reports) go beside it by default. Empty for a store behind a server.
     */
    default Optional<Path> directory() {
        return Optional.empty();
    }

    /** The move of an unpartitioned {@code vm_hourly_stats} into partitions, when the plugin partitions it. */
    default Optional<PartitionMigration> partitionMigration() {
        return Optional.empty();
    }

    @Override
    void close();
}
