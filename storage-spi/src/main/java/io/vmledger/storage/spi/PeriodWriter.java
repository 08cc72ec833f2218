package io.vmledger.storage.spi;

import io.vmledger.api.AggregateTotals;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.VmSummary;

/**
 * Writes all outputs of one aggregation period in one transaction. Opening it removes the period's
 * earlier outputs (inside the transaction), so a re-run replaces rows instead of duplicating them.
 * Closing without {@link #commit()} rolls everything back.
 */
public interface PeriodWriter extends AutoCloseable {

    /** Adds one summary row (written in batches). */
    void add(VmSummary row);

    /** Adds one {@code vcenter_aggregate_totals} row of this period. */
    void addTotals(AggregateTotals totals);

    /** Sets the period's {@code snapshot_registry} record. */
    void register(SnapshotRecord record);

    /** Commits; returns the number of summary rows written. */
    long commit();

    /** Rolls back unless committed. */
    @Override
    void close();
}
