package io.vmledger.storage.spi;

import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;

import java.util.List;

/**
 * The legacy per-snapshot tables {@code inventory_hourly_<T>} (one table per snapshot time, all
 * vCenters, the columns of {@code vm_hourly_stats}). Written only in compatibility mode; never read
 * by scheduled aggregation. The names of the legacy tables are part of the data contract: the registry
 * records them (and {@link RollupStore} names the summary ones).
 */
public interface CompatibilityTables {

    /**
     * Creates {@code inventory_hourly_<T>} if needed and replaces this vCenter's rows in it; one transaction.
     *
     * @throws IllegalArgumentException when a row belongs to another snapshot or a VM key appears twice
     */
    void writeHourly(long snapshotTime, String vcenter, List<VmSample> rows);

    /** Snapshot times of the existing {@code inventory_hourly_*} tables inside the window, ascending. */
    List<Long> hourlyTableTimes(TimeWindow window);

    /** Rows of {@code inventory_hourly_<T>}, ordered by vCenter and VM key; empty when the table is absent. */
    List<VmSample> readHourly(long snapshotTime);

    /** Drops {@code inventory_hourly_<T>}; returns whether it existed. */
    boolean dropHourly(long snapshotTime);

    /** {@code inventory_hourly_<T>} for snapshot time T (epoch seconds). */
    String hourlyTableName(long snapshotTime);
}
