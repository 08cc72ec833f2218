package io.vmledger.storage.spi;

import io.vmledger.api.AggregateTotals;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.VmSummary;

/**
 * Writes all outputs of one aggregation period in one transaction: a commit replaces the period's
 * earlier outputs (rows, totals, registry record) with the new ones, so a re-run replaces rows
 * instead of duplicating them. Closing without {@link #commit()} leaves the earlier outputs as they
 * were. A plugin may hold the added rows until the commit; other writers of the store should not wait
 * on an open writer (the SQLite plugin takes its write lock only inside {@link #commit()}).
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
