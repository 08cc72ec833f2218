package io.vmledger.storage.spi;

import java.util.Optional;

/**
 * Sortable columns of the summary rows; each names its column so no user text reaches SQL. The chargeable
 * amounts ({@code VcpuDays}, {@code RamGBDays}, {@code DiskGBDays}) are computed, not stored: each names the
 * average it charges ({@link #chargedAverage()}), which the store multiplies by {@code AvgIsPresent} and the
 * row's days captured ({@link SummaryQuery#daysCaptured()}), as {@code io.vmledger.api.ChargeBasis} defines.
 */
public enum SummarySort {
    NAME("Name"),
    VCENTER("Vcenter"),
    RESOURCE_POOL("ResourcePool"),
    AVG_IS_PRESENT("AvgIsPresent"),
    AVG_VCPU_COUNT("AvgVcpuCount"),
    AVG_RAM_GB("AvgRamGB"),
    AVG_PROVISIONED_DISK("AvgProvisionedDisk"),
    VCPU_DAYS("VcpuDays", "AvgVcpuCount"),
    RAM_GB_DAYS("RamGBDays", "AvgRamGB"),
    DISK_GB_DAYS("DiskGBDays", "AvgProvisionedDisk"),
    CREATION_TIME("CreationTime"),
    DELETION_TIME("DeletionTime");

    private final String column;
    private final String chargedAverage;

    SummarySort(String column) {
        this(column, null);
    }

    SummarySort(String column, String chargedAverage) {
        this.column = column;
        this.chargedAverage = chargedAverage;
    }

    /** The column's name as the API, the CSV and the reports write it; a stored column unless {@link #chargedAverage()}. */
    public String column() {
        return column;
    }

    /** For a chargeable amount, the stored average column it charges; empty for a stored column. */
    public Optional<String> chargedAverage() {
        return Optional.ofNullable(chargedAverage);
    }

    /** Parses a column name as used by the API ({@code Name}, {@code AvgVcpuCount}, ...), case-insensitively. */
    public static SummarySort fromColumn(String value) {
        for (SummarySort s : values()) {
            if (s.column.equalsIgnoreCase(value)) {
                return s;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (SummarySort s : values()) {
            allowed.append(allowed.isEmpty() ? "" : ", ").append(s.column);
        }
        throw new IllegalArgumentException("unknown sort column '" + value + "' (allowed: " + allowed + ")");
    }
}
