package io.vmledger.storage.postgres;

import io.vmledger.api.Granularity;
import io.vmledger.api.Page;
import io.vmledger.api.SummaryTotals;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSummary;
import io.vmledger.storage.spi.CompatTableNames;
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

import static io.vmledger.storage.postgres.PgSchema.sql;

/**
 * {@code vm_daily_rollup} (keyed {@code ("Date","Vcenter","VmKey")}, so each day appends) and the
 * summary compatibility tables on PostgreSQL.
 */
final class PgRollupStore implements RollupStore {

    /** Distinct days in a window by one index probe per day (a loose index scan). */
    static final String DAYS = sql("""
            WITH RECURSIVE days(d) AS (
                SELECT min("Date") FROM vm_daily_rollup WHERE "Date" >= ? AND "Date" < ?
                UNION ALL
                SELECT (SELECT min("Date") FROM vm_daily_rollup WHERE "Date" > days.d AND "Date" < ?)
                  FROM days
                 WHERE days.d IS NOT NULL
            )
            SELECT d FROM days WHERE d IS NOT NULL""");

    /** One run of the ordered merge: a day, in primary-key order. */
    static final String RUN = sql("""
            SELECT %s
              FROM vm_daily_rollup
             WHERE "Date" = ?
             ORDER BY "Vcenter", "VmKey\"""".formatted(SummaryRows.COLUMNS));

    /**
     * A page of summary rows: {@code %1$s} columns, {@code %2$s} table, {@code %3$s} extra condition
     * (the day), {@code %4$s} order. NULL filter parameters match everything. Pool names compare
     * case-insensitively (ASCII, as the "C" collation lowers), name prefixes case-sensitively.
     */
    private static final String FILTER = """
             WHERE %s(?::text IS NULL OR "Vcenter" = ?)
               AND (?::text IS NULL OR lower("ResourcePool") = lower(?))
               AND (?::text IS NULL OR starts_with("Name", ?))""";

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


    private final PgDatabase db;
    private final int batchSize;
    private final OrderedRead<VmSummary> orderedRead;

    PgRollupStore(PgDatabase db, int batchSize) {
        this.db = db;
        this.batchSize = batchSize;
        this.orderedRead = new OrderedRead<>(db, RUN, text -> rs -> SummaryRows.read(rs, 1, text), VmSummary::vcenter,
                VmSummary::vmKey, db.options().readThreads());
    }

    @Override
    public PeriodWriter beginDaily(LocalDate day, long dayStart, boolean compat) {
        String table = CompatTableNames.dailySummary(day);
        return new PgPeriodWriter(db, batchSize, Granularity.DAILY, dayStart, true, table, compat ? table : null);
    }

    @Override
    public PeriodWriter beginMonthly(YearMonth month, long monthStart) {
        String table = CompatTableNames.monthlySummary(month);
        return new PgPeriodWriter(db, batchSize, Granularity.MONTHLY, monthStart, false, table, table);
    }

    @Override
    public void forEachDailyOrdered(TimeWindow window, Consumer<VmSummary> sink) {
        orderedRead.read("read daily rollups of [" + window.start() + ", " + window.end() + ")",
                c -> days(c, window), sink);
    }

    @Override
    public List<Long> dailyRollupDays(TimeWindow window) {
        return db.inTransaction("list daily rollup days", c -> {
            List<Long> out = new ArrayList<>();
            for (long d : days(c, window)) {
                out.add(d);
            }
            return out;
        });
    }

    @Override
    public Page<VmSummary> daily(long dayStart, SummaryQuery query) {
        return db.inTransaction("read daily rollups of " + dayStart,
                c -> page(c, PgSchema.VM_DAILY_ROLLUP, dayStart, query));
    }

    @Override
    public Page<VmSummary> monthly(YearMonth month, SummaryQuery query) {
        String table = CompatTableNames.monthlySummary(month);
        return db.inTransaction("read " + table, c -> {
            if (!PgCompatibilityTables.exists(c, table)) {
                return new Page<>(List.of(), 0, query.limit(), query.offset());
            }
            return page(c, table, null, query);
        });
    }

    @Override
    public SummaryTotals dailyTotals(long dayStart, SummaryQuery filter) {
        return db.inTransaction("sum daily rollups of " + dayStart,
                c -> totals(c, PgSchema.VM_DAILY_ROLLUP, dayStart, filter));
    }

    @Override
    public SummaryTotals monthlyTotals(YearMonth month, SummaryQuery filter) {
        String table = CompatTableNames.monthlySummary(month);
        return db.inTransaction("sum " + table, c -> PgCompatibilityTables.exists(c, table)
                ? totals(c, table, null, filter) : SummaryTotals.NONE);
    }

    private static SummaryTotals totals(Connection c, String table, Long day, SummaryQuery q) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql(TOTALS.formatted(table, FILTER.formatted(
                day == null ? "" : DAY_CONDITION))))) {
            bindFilter(ps, q, day);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new SummaryTotals(rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4));
            }
        }
    }

    private static Page<VmSummary> page(Connection c, String table, Long day, SummaryQuery q) throws SQLException {
        String filter = FILTER.formatted(day == null ? "" : DAY_CONDITION);
        long total;
        try (PreparedStatement ps = c.prepareStatement(sql(COUNT.formatted(table, filter)))) {
            bindFilter(ps, q, day);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
        }
        List<VmSummary> items = new ArrayList<>();
        String select = sql(PAGE.formatted(SummaryRows.COLUMNS, table, filter, order(q)));
        try (PreparedStatement ps = c.prepareStatement(select)) {
            int next = bindFilter(ps, q, day);
            ps.setInt(next, q.limit());
            ps.setLong(next + 1, q.offset());
            ps.setFetchSize(5_000);
            TextDecoder text = new TextDecoder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(SummaryRows.read(rs, 1, text));
                }
            }
        }
        return new Page<>(items, total, q.limit(), q.offset());
    }

    /** Sort column from the enum (never user text); NULLs sort as the largest values; the key breaks ties. */
    static String order(SummaryQuery q) {
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
        return i;
    }

    private static long[] days(Connection c, TimeWindow window) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DAYS)) {
            ps.setLong(1, window.start());
            ps.setLong(2, window.end());
            ps.setLong(3, window.end());
            List<Long> values = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getLong(1));
                }
            }
            return values.stream().mapToLong(Long::longValue).toArray();
        }
    }
}
