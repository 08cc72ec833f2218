package io.vmledger.storage.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

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

    /** This open store's instance, the other processes that use the store, and the leases among them. */
    InstanceStore instances();

    /**
     * Runs {@code work} in one transaction that every write and read of every store of this storage on the
     * calling thread joins: it commits when {@code work} returns and rolls back entirely when it throws, so
     * several stores' writes are applied together or not at all (a vCenter snapshot's rows, lifecycle,
     * registry, totals and compatibility table). Inside another such transaction of this thread it joins
     * that one. A transient failure of the store runs {@code work} again from the start, so it must have no
     * effect outside the store that a second run would repeat wrongly.
     *
     * @param what what the work does, for messages ({@code capture vc01@1767222000})
     */
    <T> T inTransaction(String what, Supplier<T> work);

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

    /**
     * Stops as a killed process would, for crash tests that stop a process without killing it: no further
     * unit of work runs, a transaction under way rolls back, and the instance's end is not recorded (the next
     * instance finds it dead). Then {@link #close()} only releases what is held.
     *
     * @throws UnsupportedOperationException when the plugin cannot (crash tests run only on those that can)
     */
    default void halt() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot halt");
    }

    /**
     * The store's connection pools, for the metrics: connections in use, waits. Empty when the plugin has none to
     * show.
     */
    default List<ConnectionPool> connectionPools() {
        return List.of();
    }

    /** Every table as rows of plain values, for moving the store to another plugin, when the plugin offers it. */
    default Optional<StoreTables> tables() {
        return Optional.empty();
    }

    @Override
    void close();
}
