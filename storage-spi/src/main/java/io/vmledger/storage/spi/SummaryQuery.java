package io.vmledger.storage.spi;

/**
 * A filter and order over daily or monthly summary rows.
 *
 * @param vcenter    a vCenter key, or null for all
 * @param pool       a resource pool name (exact, case-insensitive), or null for all
 * @param namePrefix a VM name prefix (case-sensitive), or null for all
 * @param sort       sort column
 * @param descending whether to sort descending
 * @param limit      page size, at least 1
 * @param offset     rows to skip, at least 0
 */
public record SummaryQuery(String vcenter, String pool, String namePrefix, SummarySort sort, boolean descending,
                           int limit, long offset) {

    public SummaryQuery {
        if (sort == null) {
            sort = SummarySort.NAME;
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
    }

    /** The same filter and order without a page: every matching row. */
    public SummaryQuery unpaged() {
        return new SummaryQuery(vcenter, pool, namePrefix, sort, descending, Integer.MAX_VALUE, 0);
    }

    public static SummaryQuery all() {
        return new SummaryQuery(null, null, null, SummarySort.NAME, false, Integer.MAX_VALUE, 0);
    }
}
