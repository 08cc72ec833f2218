package io.vmledger.storage.jdbc;

import io.vmledger.api.Granularity;
import io.vmledger.api.Page;
import io.vmledger.api.SummaryTotals;
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
    private static final String COUNT = """
            SELECT count(*)
              FROM %s
            %s""";
    /** The count and chargeable sums (semantics section 4) of the rows a filter matches. */
    private static final String TOTALS = """
            SELECT count(*),
                   coalesce(sum("AvgVcpuCount" * "AvgIsPresent"), 0),
                   coalesce(sum("AvgRamGB" * "AvgIsPresent"), 0),
                   coalesce(sum("AvgProvisionedDisk" * "AvgIsPresent"), 0)
              FROM %s
            %s""";
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
    public SummaryTotals dailyTotals(long dayStart, SummaryQuery filter) {
        return db.read("sum daily rollups of " + dayStart,
                c -> totals(c, CanonicalSchema.VM_DAILY_ROLLUP, dayStart, filter));
    }

    @Override
    public SummaryTotals monthlyTotals(YearMonth month, SummaryQuery filter) {
        String table = CompatTableNames.monthlySummary(month);
        return db.read("sum " + table, c -> dialect.exists(c, table) ? totals(c, table, null, filter) : SummaryTotals.NONE);
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
        String filter = FILTER.formatted(day == null ? "" : DAY_CONDITION);
        long total;
        try (PreparedStatement ps = c.prepareStatement(dialect.sql(COUNT.formatted(table, filter)))) {
            bindFilter(ps, q, day);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
        }
        List<VmSummary> items = new ArrayList<>();
        String sql = dialect.sql(PAGE.formatted(select, table, filter, order(q)));
        try (PreparedStatement ps = dialect.prepareRead(c, sql, 5_000)) {
            int next = bindFilter(ps, q, day);
            ps.setInt(next, q.limit());
            ps.setLong(next + 1, q.offset());
            RowReader<VmSummary> reader = dialect.reader(SummaryRows.CODEC);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(reader.read(rs));
                }
            }
        }
        return new Page<>(items, total, q.limit(), q.offset());
    }

    private SummaryTotals totals(Connection c, String table, Long day, SummaryQuery q) throws SQLException {
        String filter = FILTER.formatted(day == null ? "" : DAY_CONDITION);
        try (PreparedStatement ps = c.prepareStatement(dialect.sql(TOTALS.formatted(table, filter)))) {
            bindFilter(ps, q, day);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new SummaryTotals(rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4));
            }
        }
    }

    /** Sort column from the enum (never user text); NULLs sort as the largest values; the key breaks ties. */
    private static String order(SummaryQuery q) {
        String column = '"' + q.sort().column() + '"';
        String direction = q.descending() ? "DESC NULLS FIRST" : "ASC NULLS LAST";
        return column + " " + direction + ", \"Vcenter\", \"VmKey\"";
    }

    /** Binds the filter parameters; returns the index of the next parameter. */
    private static int bindFilter(PreparedStatement ps, SummaryQuery q, Long day) throws SQLException {
        int i = 1;
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
