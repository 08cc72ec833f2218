package io.vmledger.storage.sqlite;

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

import static io.vmledger.storage.sqlite.SqliteSchema.sql;

/**
 * {@code vm_daily_rollup} (keyed {@code ("Date","Vcenter","VmKey")}, so each day appends) and the
 * summary compatibility tables on SQLite.
 */
final class SqliteRollupStore implements RollupStore {

    /** What summary reads select: see {@link PackedRollupRow}. */
    private static final String PACKED = PackedRollupRow.selectList();

    /** Distinct days in a window by one index probe per day (a loose index scan). */
    private static final String DAYS = sql("""
            WITH RECURSIVE days(d) AS (
                SELECT min("Date") FROM vm_daily_rollup WHERE "Date" >= ?1 AND "Date" < ?2
                UNION ALL
                SELECT (SELECT min("Date") FROM vm_daily_rollup WHERE "Date" > days.d AND "Date" < ?2)
                  FROM days
                 WHERE days.d IS NOT NULL
            )
            SELECT d FROM days WHERE d IS NOT NULL""");

    /** One run of the ordered merge: a day, in primary-key order. */
    private static final String RUN = sql("""
            SELECT %s
              FROM vm_daily_rollup
             WHERE "Date" = ?
             ORDER BY "Vcenter", "VmKey\"""".formatted(PACKED));

    /**
     * A page of summary rows: {@code %1$s} table, {@code %2$s} extra condition (the day), {@code %3$s}
     * order. NULL filter parameters match everything. Pool names compare case-insensitively (ASCII),
     * name prefixes case-sensitively.
     */
    private static final String FILTER = """
             WHERE %s(?1 IS NULL OR "Vcenter" = ?1)
               AND (?2 IS NULL OR lower("ResourcePool") = lower(?2))
               AND (?3 IS NULL OR substr("Name", 1, length(?3)) = ?3)""";

    private static final String PAGE = """
            SELECT %s
              FROM %s
            %s
             ORDER BY %s
             LIMIT ?4 OFFSET ?5""";

    private static final String COUNT = """
            SELECT count(*)
              FROM %s
            %s""";

    /** The count and chargeable sums (semantics section 4) of the rows a filter matches. */
    private static final String TOTALS = """
            SELECT count(*),
                   total("AvgVcpuCount" * "AvgIsPresent"),
                   total("AvgRamGB" * "AvgIsPresent"),
                   total("AvgProvisionedDisk" * "AvgIsPresent")
              FROM %s
            %s""";

    private static final String DAY_CONDITION = "\"Date\" = ?6 AND ";

    private static final OrderedRuns<VmSummary> MERGE = new OrderedRuns<>(PackedRollupRow::reader,
            new OrderedRuns.Keys<>() {
                @Override
                public String vcenter(VmSummary row) {
                    return row.vcenter();
                }

                @Override
                public String vmKey(VmSummary row) {
                    return row.vmKey();
                }
            });

    private final SqliteDatabase db;
    private final int readThreads;

    SqliteRollupStore(SqliteDatabase db, int readThreads) {
        this.db = db;
        this.readThreads = readThreads;
    }

    @Override
    public PeriodWriter beginDaily(LocalDate day, long dayStart, boolean compat) {
        String table = CompatTableNames.dailySummary(day);
        return new SqlitePeriodWriter(db, Granularity.DAILY, dayStart, true, table, compat ? table : null);
    }

    @Override
    public PeriodWriter beginMonthly(YearMonth month, long monthStart) {
        String table = CompatTableNames.monthlySummary(month);
        return new SqlitePeriodWriter(db, Granularity.MONTHLY, monthStart, false, table, table);
    }

    @Override
    public void forEachDailyOrdered(TimeWindow window, Consumer<VmSummary> sink) {
        MERGE.merge(db, readThreads, RUN, c -> days(c, window), sink);
    }

    @Override
    public List<Long> dailyRollupDays(TimeWindow window) {
        return db.read(c -> {
            List<Long> out = new ArrayList<>();
            for (long d : days(c, window)) {
                out.add(d);
            }
            return out;
        });
    }

    @Override
    public Page<VmSummary> daily(long dayStart, SummaryQuery query) {
        return db.readTransaction(c -> page(c, SqliteSchema.VM_DAILY_ROLLUP, dayStart, query));
    }

    @Override
    public Page<VmSummary> monthly(YearMonth month, SummaryQuery query) {
        String table = CompatTableNames.monthlySummary(month);
        return db.readTransaction(c -> {
            if (!SqliteCompatibilityTables.exists(c, table)) {
                return new Page<>(List.of(), 0, query.limit(), query.offset());
            }
            return page(c, table, null, query);
        });
    }

    @Override
    public SummaryTotals dailyTotals(long dayStart, SummaryQuery filter) {
        return db.read(c -> totals(c, SqliteSchema.VM_DAILY_ROLLUP, dayStart, filter));
    }

    @Override
    public SummaryTotals monthlyTotals(YearMonth month, SummaryQuery filter) {
        String table = CompatTableNames.monthlySummary(month);
        return db.readTransaction(c -> SqliteCompatibilityTables.exists(c, table)
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
        try (PreparedStatement ps = c.prepareStatement(sql(PAGE.formatted(PACKED, table, filter, order(q))))) {
            bindFilter(ps, q, day);
            ps.setInt(4, q.limit());
            ps.setLong(5, q.offset());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(PackedRollupRow.read(rs));
                }
            }
        }
        return new Page<>(items, total, q.limit(), q.offset());
    }

    /** Sort column from the enum (never user text); NULLs sort as the largest values; key breaks ties. */
    private static String order(SummaryQuery q) {
        String column = '"' + q.sort().column() + '"';
        String direction = q.descending() ? "DESC NULLS FIRST" : "ASC NULLS LAST";
        return column + " " + direction + ", \"Vcenter\", \"VmKey\"";
    }

    private static void bindFilter(PreparedStatement ps, SummaryQuery q, Long day) throws SQLException {
        ps.setString(1, q.vcenter());
        ps.setString(2, q.pool());
        ps.setString(3, q.namePrefix());
        if (day != null) {
            ps.setLong(6, day);
        }
    }

    private static long[] days(Connection c, TimeWindow window) throws SQLException {
        return SqliteHourlyStore.longs(c, DAYS, window.start(), window.end());
    }
}
