package io.vmledger.storage.spi;

/** Sortable columns of the summary rows; each names its column so no user text reaches SQL. */
public enum SummarySort {
    NAME("Name"),
    VCENTER("Vcenter"),
    RESOURCE_POOL("ResourcePool"),
    AVG_IS_PRESENT("AvgIsPresent"),
    AVG_VCPU_COUNT("AvgVcpuCount"),
    AVG_RAM_GB("AvgRamGB"),
    AVG_PROVISIONED_DISK("AvgProvisionedDisk"),
    CREATION_TIME("CreationTime"),
    DELETION_TIME("DeletionTime");

    private final String column;

    SummarySort(String column) {
        this.column = column;
    }

    public String column() {
        return column;
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
