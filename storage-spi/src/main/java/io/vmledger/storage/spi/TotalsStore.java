package io.vmledger.storage.spi;

import io.vmledger.api.AggregateTotals;
import io.vmledger.api.Granularity;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VcenterTotals;

import java.util.Collection;
import java.util.List;

/** {@code vcenter_totals}, {@code vcenter_latest_totals} and {@code vcenter_aggregate_totals}. */
public interface TotalsStore {

    /**
     * Upserts a snapshot's totals into {@code vcenter_totals} and, when it is the vCenter's newest
     * snapshot, into {@code vcenter_latest_totals}; one transaction.
     */
    void putSnapshotTotals(VcenterTotals totals);

    /** {@code vcenter_totals} of a vCenter over a window, ascending by time. */
    List<VcenterTotals> series(String vcenter, TimeWindow window);

    /** {@code vcenter_latest_totals}, sorted by vCenter. */
    List<VcenterTotals> latest();

    /** Upserts rows of {@code vcenter_aggregate_totals} on {@code (Vcenter, Granularity, PeriodStart)}; one transaction. */
    void putAggregates(Collection<AggregateTotals> rows);

    /** Rows of {@code vcenter_aggregate_totals} of a vCenter and granularity whose period starts in the window. */
    List<AggregateTotals> aggregates(String vcenter, Granularity granularity, TimeWindow window);

    /** Recomputes {@code vcenter_totals} and {@code vcenter_latest_totals} from {@code vm_hourly_stats}; returns rows. */
    long rebuildFromHourly();

    /** Removes snapshot totals and hourly aggregates older than {@code time}; returns rows removed. */
    long deleteBefore(long time);
}
