package io.vmledger.storage.spi;

import java.util.Map;

/**
 * A filter and order over daily or monthly summary rows.
 *
 * @param vcenter      a vCenter key, or null for all
 * @param pool         a resource pool name (exact, case-insensitive), or null for all
 * @param namePrefix   a VM name prefix (case-sensitive), or null for all
 * @param sort         sort column
 * @param descending   whether to sort descending
 * @param limit        page size, at least 1
 * @param offset       rows to skip, at least 0
 * @param daysCaptured for a sort by a chargeable amount of a month's rows: the days captured of each vCenter
 *                     ({@code ChargeBasis}); a vCenter not in it counts one day, as every vCenter of a day does
 */
public record SummaryQuery(String vcenter, String pool, String namePrefix, SummarySort sort, boolean descending,
                           int limit, long offset, Map<String, Integer> daysCaptured) {

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
        daysCaptured = daysCaptured == null ? Map.of() : Map.copyOf(daysCaptured);
    }

    /** A query whose rows each count one day (any day's rows, and any sort but a chargeable one). */
    public SummaryQuery(String vcenter, String pool, String namePrefix, SummarySort sort, boolean descending,
                        int limit, long offset) {
        this(vcenter, pool, namePrefix, sort, descending, limit, offset, Map.of());
    }

    /** The same filter and order without a page: every matching row. */
    public SummaryQuery unpaged() {
        return at(Integer.MAX_VALUE, 0);
    }

    /** The same filter and order, another page. */
    public SummaryQuery at(int limit, long offset) {
        return new SummaryQuery(vcenter, pool, namePrefix, sort, descending, limit, offset, daysCaptured);
    }

    /** The same query with the days captured of a month's vCenters, for a sort by a chargeable amount. */
    public SummaryQuery withDaysCaptured(Map<String, Integer> days) {
        return new SummaryQuery(vcenter, pool, namePrefix, sort, descending, limit, offset, days);
    }

    public static SummaryQuery all() {
        return new SummaryQuery(null, null, null, SummarySort.NAME, false, Integer.MAX_VALUE, 0);
    }
}
