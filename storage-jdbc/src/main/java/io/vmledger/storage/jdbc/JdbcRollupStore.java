package io.vmledger.storage.jdbc;

import io.vmledger.api.ChargeSums;
import io.vmledger.api.Granularity;
import io.vmledger.api.Page;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSummary;
import io.vmledger.storage.spi.PeriodWriter;
import io.vmledger.storage.spi.RollupStore;
import io.vmledger.storage.spi.SummaryQuery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code vm_daily_rollup} (keyed {@code ("Date","Vcenter","VmKey")}, so each day appends; readers merge the
 * per-day runs) and the summary compatibility tables.
 */
public final class JdbcRollupStore implements RollupStore {

    /**
     * A page of summary rows: {@code %1$s} columns, {@code %2$s} table, {@code %3$s} extra condition (the
     * day), {@code %4$s} order. NULL filter parameters match everything. Pool names compare
     * case-insensitively (ASCII letters), name prefixes case-sensitively.
     */
    private static final String FILTER = """
             WHERE %s(CAST(? AS TEXT) IS NULL OR "Vcenter" = ?)
               AND (CAST(? AS TEXT) IS NULL OR lower("ResourcePool") = lower(CAST(? AS TEXT)))
               AND (CAST(? AS TEXT) IS NULL OR substr("Name", 1, length(CAST(? AS TEXT))) = ?)""";
    private static final String PAGE = """
            SELECT %s
              FROM %s
            %s
             ORDER BY %s
             LIMIT ? OFFSET ?""";
    /**
     * A page by its keys first: the filtered rows are sorted by their key and sort value only, and the page's
     * rows are then read whole by primary key, so that neither database builds (SQLite: packs) and sorts every
     * column of every filtered row for 100 of them. (The count stays a statement of its own: as a window
     * function over the keys it cost PostgreSQL more than the separate index-only count.)
     * {@code %1$s} columns of {@code r}, {@code %2$s} table, {@code %3$s} filter, {@code %4$s} sort value,
     * {@code %5$s} order of the keys, {@code %6$s} day column of the keys (empty for a month), {@code %7$s}
     * direction of the sort value, {@code %8$s} the join's condition on the day (empty for a month).
     */
    private static final String KEYED_PAGE = """
            SELECT %1$s
              FROM (SELECT %6$s"Vcenter", "VmKey", %4$s AS sort_value
                      FROM %2$s
                    %3$s
                     ORDER BY %5$s
                     LIMIT ? OFFSET ?) AS p
              JOIN %2$s AS r ON %8$sr."Vcenter" = p."Vcenter" AND r."VmKey" = p."VmKey"
             ORDER BY p.sort_value %7$s, p."Vcenter", p."VmKey\"""";
    /** Pages up to this size read by their keys first ({@link #KEYED_PAGE}); larger ones, downloads, directly. */
    private static final int KEYED_PAGE_LIMIT = 1_000;
    private static final String COUNT = """
            SELECT count(*)
              FROM %s
            %s""";
    /**
     * Per vCenter, the count and the sums of {@code Avg* x AvgIsPresent} of the rows a filter matches: what
     * {@code ChargeBasis} scales by each vCenter's days captured into the chargeable totals.
     */
    private static final String SUMS = """
            SELECT "Vcenter",
                   count(*),
                   sum("AvgVcpuCount" * "AvgIsPresent"),
                   sum("AvgRamGB" * "AvgIsPresent"),
                   sum("AvgProvisionedDisk" * "AvgIsPresent")
              FROM %s
            %s
             GROUP BY "Vcenter"
             ORDER BY "Vcenter\"""";
    private static final String DAY_CONDITION = "\"Date\" = ? AND ";

    private final JdbcDatabase db;
    private final Dialect dialect;
    private final JdbcPeriodWriter.Stores stores;
    private final OrderedMerge<VmSummary> merge;
    private final String select;
    private final String days;
    /** One run of the ordered merge: a day; public so that a plugin's tests can check its plan. */
    public final String run;

    public JdbcRollupStore(JdbcDatabase db, Dialect dialect, JdbcPeriodWriter.Stores stores, int readThreads) {
        this.db = db;
        this.dialect = dialect;
        this.stores = stores;
        this.select = dialect.selectList(SummaryRows.CODEC, null);
        // distinct days in a window by one index probe per day (a loose index scan)
        this.days = dialect.sql("""
                WITH RECURSIVE days(d) AS (
                    SELECT min("Date") FROM vm_daily_rollup WHERE "Date" >= ? AND "Date" < ?
                    UNION ALL
                    SELECT (SELECT min("Date") FROM vm_daily_rollup WHERE "Date" > days.d AND "Date" < ?)
                      FROM days
                     WHERE days.d IS NOT NULL
                )
                SELECT d FROM days WHERE d IS NOT NULL""");
        // one run of the ordered merge: a day, in primary-key order
        this.run = dialect.sql("""
                SELECT %s
                  FROM vm_daily_rollup
                 WHERE "Date" = ?
                 ORDER BY "Vcenter", "VmKey\"""".formatted(select));
        this.merge = new OrderedMerge<>(db, dialect, SummaryRows.CODEC, run, VmSummary::vcenter, VmSummary::vmKey,
                readThreads);
    }

    @Override
    public PeriodWriter beginDaily(LocalDate day, long dayStart, boolean compat) {
        String table = CompatTableNames.dailySummary(day);
        return new JdbcPeriodWriter(stores, Granularity.DAILY, dayStart, true, table, compat ? table : null);
    }

    @Override
    public PeriodWriter beginMonthly(YearMonth month, long monthStart) {
        String table = CompatTableNames.monthlySummary(month);
        return new JdbcPeriodWriter(stores, Granularity.MONTHLY, monthStart, false, table, table);
    }

    @Override
    public void forEachDailyOrdered(TimeWindow window, Consumer<VmSummary> sink) {
        merge.merge("read daily rollups of [" + window.start() + ", " + window.end() + ")", c -> days(c, window), sink);
    }

    @Override
    public List<Long> dailyRollupDays(TimeWindow window) {
        return db.read("list daily rollup days", c -> {
            List<Long> out = new ArrayList<>();
            for (long d : days(c, window)) {
                out.add(d);
            }
            return out;
        });
    }

    @Override
    public Page<VmSummary> daily(long dayStart, SummaryQuery query) {
        return db.read("read daily rollups of " + dayStart, c -> page(c, CanonicalSchema.VM_DAILY_ROLLUP, dayStart, query));
    }

    @Override
    public Page<VmSummary> monthly(YearMonth month, SummaryQuery query) {
        String table = CompatTableNames.monthlySummary(month);
        return db.read("read " + table, c -> {
            if (!dialect.exists(c, table)) {
                return new Page<>(List.of(), 0, query.limit(), query.offset());
            }
            return page(c, table, null, query);
        });
    }

    @Override
    public List<ChargeSums> dailySums(long dayStart, SummaryQuery filter) {
        return db.read("sum daily rollups of " + dayStart,
                c -> sums(c, CanonicalSchema.VM_DAILY_ROLLUP, dayStart, filter));
    }

    @Override
    public List<ChargeSums> monthlySums(YearMonth month, SummaryQuery filter) {
        String table = CompatTableNames.monthlySummary(month);
        return db.read("sum " + table, c -> dialect.exists(c, table) ? sums(c, table, null, filter) : List.of());
    }

    @Override
    public String dailySummaryTableName(LocalDate day) {
        return CompatTableNames.dailySummary(day);
    }

    @Override
    public String monthlySummaryTableName(YearMonth month) {
        return CompatTableNames.monthlySummary(month);
    }

    private Page<VmSummary> page(Connection c, String table, Long day, SummaryQuery q) throws SQLException {
        if (q.limit() <= KEYED_PAGE_LIMIT) {
            return keyedPage(c, table, day, q);
        }
        long total = count(c, table, day, q);
        List<VmSummary> items = new ArrayList<>();
        List<String> weighted = weightedVcenters(q);
        String filter = FILTER.formatted(day == null ? "" : DAY_CONDITION);
        String sql = dialect.sql(PAGE.formatted(select, table, filter, order(q, weighted.size())));
        try (PreparedStatement ps = dialect.prepareRead(c, sql, 5_000)) {
            bindSortAndPage(ps, bindFilter(ps, q, day), q, weighted);
            RowReader<VmSummary> reader = dialect.reader(SummaryRows.CODEC);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(reader.read(rs));
                }
            }
        }
        return new Page<>(items, total, q.limit(), q.offset());
    }

    private Page<VmSummary> keyedPage(Connection c, String table, Long day, SummaryQuery q) throws SQLException {
        List<String> weighted = weightedVcenters(q);
        String filter = FILTER.formatted(day == null ? "" : DAY_CONDITION);
        String direction = q.descending() ? "DESC NULLS LAST" : "ASC NULLS LAST";
        String sql = dialect.sql(KEYED_PAGE.formatted(dialect.selectList(SummaryRows.CODEC, "r"), table, filter,
                sortValue(q, weighted.size()), order(q, weighted.size()), day == null ? "" : "\"Date\", ",
                direction, day == null ? "" : "r.\"Date\" = p.\"Date\" AND "));
        long total = count(c, table, day, q);
        List<VmSummary> items = new ArrayList<>();
        if (q.offset() >= total) {
            return new Page<>(items, total, q.limit(), q.offset());
        }
        try (PreparedStatement ps = dialect.prepareRead(c, sql, 5_000)) {
            // the sort value's weights are bound in the keys' select list, before the filter, and again in their order
            bindSortAndPage(ps, bindFilter(ps, bindWeights(ps, 1, q, weighted), q, day), q, weighted);
            RowReader<VmSummary> reader = dialect.reader(SummaryRows.CODEC);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(reader.read(rs));
                }
            }
        }
        return new Page<>(items, total, q.limit(), q.offset());
    }

    private long count(Connection c, String table, Long day, SummaryQuery q) throws SQLException {
        String filter = FILTER.formatted(day == null ? "" : DAY_CONDITION);
        try (PreparedStatement ps = c.prepareStatement(dialect.sql(COUNT.formatted(table, filter)))) {
            bindFilter(ps, q, day);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static int bindSortAndPage(PreparedStatement ps, int next, SummaryQuery q, List<String> weighted)
            throws SQLException {
        next = bindWeights(ps, next, q, weighted);
        ps.setInt(next++, q.limit());
        ps.setLong(next++, q.offset());
        return next;
    }

    private static int bindWeights(PreparedStatement ps, int next, SummaryQuery q, List<String> weighted)
            throws SQLException {
        for (String v : weighted) {
            ps.setString(next++, v);
            ps.setInt(next++, q.daysCaptured().get(v));
        }
        return next;
    }

    private List<ChargeSums> sums(Connection c, String table, Long day, SummaryQuery q) throws SQLException {
        String filter = FILTER.formatted(day == null ? "" : DAY_CONDITION);
        try (PreparedStatement ps = c.prepareStatement(dialect.sql(SUMS.formatted(table, filter)))) {
            bindFilter(ps, q, day);
            List<ChargeSums> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ChargeSums(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getDouble(4),
                            rs.getDouble(5)));
                }
            }
            return out;
        }
    }

    /**
     * The sort (never user text: a column constant of the enum); empty cells (NULL: a VM not deleted, a pool not
     * known) come last in either direction, as in a spreadsheet, so that sorting by {@code DeletionTime} shows
     * deletions first whichever way; the key breaks ties. A chargeable amount sorts by {@code Avg* x AvgIsPresent}, times each vCenter's days captured when the
     * query has them ({@code weights} bound pairs of vCenter and days), as {@code ChargeBasis} computes it.
     */
    private static String order(SummaryQuery q, int weights) {
        String key = sortValue(q, weights);
        String direction = q.descending() ? "DESC NULLS LAST" : "ASC NULLS LAST";
        return key + " " + direction + ", \"Vcenter\", \"VmKey\"";
    }

    /** The value rows sort by: a column, or a chargeable amount (see {@link #order}). */
    private static String sortValue(SummaryQuery q, int weights) {
        return q.sort().chargedAverage()
                .map(avg -> '"' + avg + "\" * \"AvgIsPresent\"" + daysFactor(weights))
                .orElse('"' + q.sort().column() + '"');
    }

    private static String daysFactor(int weights) {
        if (weights == 0) {
            return "";
        }
        return " * CASE \"Vcenter\"" + " WHEN ? THEN CAST(? AS INTEGER)".repeat(weights) + " ELSE 1 END";
    }

    /** The vCenters whose days captured the query's sort multiplies by, in a fixed order. */
    private static List<String> weightedVcenters(SummaryQuery q) {
        if (q.sort().chargedAverage().isEmpty()) {
            return List.of();
        }
        return q.daysCaptured().keySet().stream().sorted().toList();
    }

    /** Binds the filter parameters; returns the index of the next parameter. */
    private static int bindFilter(PreparedStatement ps, SummaryQuery q, Long day) throws SQLException {
        return bindFilter(ps, 1, q, day);
    }

    /** Binds the filter parameters from index {@code i}; returns the index of the next parameter. */
    private static int bindFilter(PreparedStatement ps, int i, SummaryQuery q, Long day) throws SQLException {
        if (day != null) {
            ps.setLong(i++, day);
        }
        ps.setString(i++, q.vcenter());
        ps.setString(i++, q.vcenter());
        ps.setString(i++, q.pool());
        ps.setString(i++, q.pool());
        ps.setString(i++, q.namePrefix());
        ps.setString(i++, q.namePrefix());
        ps.setString(i++, q.namePrefix());
        return i;
    }

    private long[] days(Connection c, TimeWindow window) throws SQLException {
        return Sql.longs(c, days, window.start(), window.end(), window.end());
    }
}
