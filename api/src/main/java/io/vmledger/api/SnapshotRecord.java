package io.vmledger.api;

import java.util.Objects;

/**
 * A row of {@code snapshot_registry}. Hourly records are per vCenter; daily and monthly records
 * cover all vCenters and carry {@link #ALL_VCENTERS} as their vCenter.
 *
 * @param type         hourly, daily or monthly
 * @param snapshotTime snapshot time (hourly) or period start (daily, monthly), epoch seconds
 * @param vcenter      vCenter key, or {@link #ALL_VCENTERS}
 * @param rowCount     rows in the snapshot or summary
 * @param tableName    compatibility table written for it, or null when none was
 */
public record SnapshotRecord(Granularity type, long snapshotTime, String vcenter, long rowCount, String tableName) {
    /** The vCenter value of registry records that cover every vCenter. */
    public static final String ALL_VCENTERS = "";

    public SnapshotRecord {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(vcenter, "vcenter");
    }
}
