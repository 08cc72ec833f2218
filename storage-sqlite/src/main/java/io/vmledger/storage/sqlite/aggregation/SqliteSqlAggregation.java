package io.vmledger.storage.sqlite.aggregation;

import io.vmledger.api.PoolTiers;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSummary;
import io.vmledger.storage.jdbc.CanonicalSchema;
import io.vmledger.storage.jdbc.CompatTableNames;
import io.vmledger.storage.jdbc.Dialect;
import io.vmledger.storage.jdbc.HourlyRows;
import io.vmledger.storage.jdbc.JdbcCompatibilityTables;
import io.vmledger.storage.jdbc.JdbcDatabase;
import io.vmledger.storage.jdbc.Sql;
import io.vmledger.storage.spi.SqlAggregation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The SQLite dialect of the SQL aggregation strategies (semantics sections 4 and 5). The SQL lives in
 * {@code daily.sql}, {@code monthly-from-daily.sql} and {@code monthly-from-hourly.sql} next to this
 * class; the only text spliced into it is built here from schema constants and from table names of
 * {@link CompatTableNames} (numbers), never from input.
 */
public final class SqliteSqlAggregation implements SqlAggregation {
    private static final System.Logger LOG = System.getLogger(SqliteSqlAggregation.class.getName());

    private static final String HOURLY_COLUMNS = CanonicalSchema.quotedList(CanonicalSchema.HOURLY_COLUMNS);
    private static final String DAILY = load("daily.sql");
    private static final String MONTHLY_FROM_DAILY = load("monthly-from-daily.sql");
    private static final String MONTHLY_FROM_HOURLY = load("monthly-from-hourly.sql");

    /** The canonical daily input: the day's rows of vm_hourly_stats and its snapshots. */
    private static final String DAILY_CANONICAL = (DAILY
            .replace("{{snapshots}}", """
                    SELECT "Vcenter", "SnapshotTime"
                          FROM vm_hourly_snapshots
                         WHERE "SnapshotTime" >= ?1 AND "SnapshotTime" < ?2""")
            .replace("{{rows}}", """
                    SELECT %s
                              FROM vm_hourly_stats
                             WHERE "SnapshotTime" >= ?1 AND "SnapshotTime" < ?2""".formatted(HOURLY_COLUMNS))
            .replace("{{last_rows}}", CanonicalSchema.VM_HOURLY_STATS)
            .replace("{{next_snapshots}}", """
                    SELECT v."Vcenter",
                               (SELECT min(n."SnapshotTime")
                                  FROM vm_hourly_snapshots AS n
                                 WHERE n."Vcenter" = v."Vcenter" AND n."SnapshotTime" >= ?2) AS next_time,
                               1 AS rows_known
                          FROM vcenter_samples AS v""")
            .replace("{{next_rows}}", CanonicalSchema.VM_HOURLY_STATS));

    /**
     * The legacy input's next snapshots: a vCenter's first hourly registry record at or after the day's
     * end; its rows are known when its {@code inventory_hourly_<T>} table exists ({@code %s}: their times).
     */
    private static final String LEGACY_NEXT_SNAPSHOTS = """
            SELECT n."Vcenter", n.next_time, n.next_time IN (%s) AS rows_known
                  FROM (SELECT v."Vcenter",
                               (SELECT min(r."SnapshotTime")
                                  FROM snapshot_registry AS r
                                 WHERE r."SnapshotType" = 'hourly' AND r."Vcenter" = v."Vcenter"
                                   AND r."SnapshotTime" >= ?2) AS next_time
                          FROM vcenter_samples AS v) AS n""";

    /** Times of the vCenters' first hourly registry records at or after a day's end (?1). */
    private static final String NEXT_REGISTRY_TIMES = ("""
            SELECT DISTINCT min("SnapshotTime")
              FROM snapshot_registry
             WHERE "SnapshotType" = 'hourly' AND "SnapshotTime" >= ?1
             GROUP BY "Vcenter\"""");

    /** SQLite's limit on the terms of one compound SELECT is 500; unions are nested in groups below it. */
    private static final int UNION_GROUP = 200;

    private final JdbcDatabase db;
    private final Dialect dialect;
    private final String dailyCanonical;
    private final String monthlyFromDaily;
    private final String nextRegistryTimes;

    public SqliteSqlAggregation(JdbcDatabase db, Dialect dialect) {
        this.db = db;
        this.dialect = dialect;
        this.dailyCanonical = dialect.sql(DAILY_CANONICAL);
        this.monthlyFromDaily = dialect.sql(MONTHLY_FROM_DAILY);
        this.nextRegistryTimes = dialect.sql(NEXT_REGISTRY_TIMES);
    }

    /**
     * Not promoted: on SQLite the Java path stays the recorded default of {@code settings.aggregation_path: auto}
     * (docs/decisions/0130-jmh-benchmarks-and-sql-promotion.md has the rule and the figures).
     */
    @Override
    public boolean promoted() {
        return false;
    }

    @Override
    public void dailyCanonical(TimeWindow day, PoolTiers tiers, Consumer<VmSummary> sink) {
        run("daily canonical", dailyCanonical, day, tiers, List.of(), sink);
    }

    @Override
    public void dailyLegacyUnion(TimeWindow day, PoolTiers tiers, Consumer<VmSummary> sink) {
        long t0 = System.nanoTime();
        db.read("compute the legacy daily rows of " + day.start(), c -> {
            List<Long> times = hourlyTableTimes(c, day);
            if (times.isEmpty()) {
                return null;
            }
            String union = union(times);
            // the tables of the vCenters' next snapshots after the day, for VMs in the day's last snapshot
            List<Long> next = nextTableTimes(c, day);
            String nextRows = next.isEmpty()
                    ? "(SELECT NULL AS \"SnapshotTime\", NULL AS \"Vcenter\", NULL AS \"VmKey\" LIMIT 0)"
                    : "(" + union(next) + ")";
            String sql = dialect.sql(DAILY
                    // the registry lists every capture (also one whose rows are all in other tables' gaps);
                    // the union's own times guard against an incomplete registry
                    .replace("{{snapshots}}", """
                            SELECT "Vcenter", "SnapshotTime"
                                  FROM snapshot_registry
                                 WHERE "SnapshotType" = 'hourly' AND "SnapshotTime" >= ?1 AND "SnapshotTime" < ?2
                                UNION
                                SELECT "Vcenter", "SnapshotTime"
                                  FROM (%s)""".formatted(union))
                    .replace("{{rows}}", union)
                    .replace("{{last_rows}}", "(" + union + ")")
                    .replace("{{next_snapshots}}", LEGACY_NEXT_SNAPSHOTS.formatted(next.isEmpty() ? "NULL"
                            : String.join(", ", next.stream().map(String::valueOf).toList())))
                    .replace("{{next_rows}}", nextRows));
            stream(c, sql, day, tiers, List.of(), sink);
            return null;
        });
        LOG.log(System.Logger.Level.DEBUG, "daily legacy union [{0},{1}) in {2} ms", day.start(), day.end(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    @Override
    public void monthlyFromDaily(TimeWindow month, Consumer<VmSummary> sink) {
        long t0 = System.nanoTime();
        db.read("compute the monthly rows of " + month.start() + " from daily rollups", c -> {
            try (PreparedStatement ps = c.prepareStatement(monthlyFromDaily)) {
                ps.setLong(1, month.start());
                ps.setLong(2, month.end());
                read(ps, month.start(), sink);
            }
            return null;
        });
        LOG.log(System.Logger.Level.DEBUG, "monthly from daily [{0},{1}) in {2} ms", month.start(), month.end(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    @Override
    public void monthlyFromHourly(TimeWindow month, List<TimeWindow> days, PoolTiers tiers,
                                  Consumer<VmSummary> sink) {
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a month needs its days");
        }
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < days.size(); i++) {
            int p = 7 + 2 * i;
            values.append(i == 0 ? "" : ", ").append("(?").append(p).append(", ?").append(p + 1).append(')');
        }
        String sql = dialect.sql(MONTHLY_FROM_HOURLY.replace("{{days}}", values));
        run("monthly from hourly", sql, month, tiers, days, sink);
    }

    private void run(String what, String sql, TimeWindow window, PoolTiers tiers, List<TimeWindow> days,
                     Consumer<VmSummary> sink) {
        long t0 = System.nanoTime();
        db.read("compute the " + what + " rows of " + window.start(), c -> {
            stream(c, sql, window, tiers, days, sink);
            return null;
        });
        LOG.log(System.Logger.Level.DEBUG, "{0} [{1},{2}) in {3} ms", what, window.start(), window.end(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    private static void stream(Connection c, String sql, TimeWindow window, PoolTiers tiers, List<TimeWindow> days,
                               Consumer<VmSummary> sink) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, window.start());
            ps.setLong(2, window.end());
            for (int t = 0; t < PoolTiers.TIER_COUNT; t++) {
                ps.setString(3 + t, tiers.lowerCaseName(t));
            }
            for (int i = 0; i < days.size(); i++) {
                ps.setLong(7 + 2 * i, days.get(i).start());
                ps.setLong(8 + 2 * i, days.get(i).end());
            }
            read(ps, window.start(), sink);
        }
    }

    /** Reads the result columns ("Vcenter" .. "DeletionTime" of a summary row) into rows of the period. */
    private static void read(PreparedStatement ps, long periodStart, Consumer<VmSummary> sink) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                sink.accept(new VmSummary(periodStart,
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getLong(6), rs.getLong(7), rs.getDouble(8),
                        rs.getDouble(9), rs.getDouble(10), rs.getDouble(11),
                        rs.getDouble(12), rs.getDouble(13), rs.getDouble(14), rs.getDouble(15), rs.getDouble(16),
                        rs.getLong(17), rs.getLong(18),
                        rs.getString(19), rs.getInt(20), rs.getDouble(21), rs.getDouble(22), HourlyRows.powerState(rs.getString(23)),
                        rs.getString(24), rs.getString(25), rs.getString(26),
                        Sql.nullableLong(rs, 27), Sql.nullableLong(rs, 28)));
            }
        }
    }

    /** Times of the existing inventory_hourly_* tables in the window, ascending. */
    private List<Long> hourlyTableTimes(Connection c, TimeWindow window) throws SQLException {
        return JdbcCompatibilityTables.hourlyTableTimes(dialect, c, window);
    }

    /** Times of the next snapshots after {@code day} (one per vCenter) whose inventory_hourly_* table exists. */
    private List<Long> nextTableTimes(Connection c, TimeWindow day) throws SQLException {
        List<Long> registered = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(nextRegistryTimes)) {
            ps.setLong(1, day.end());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    registered.add(rs.getLong(1));
                }
            }
        }
        List<Long> tables = hourlyTableTimes(c, new TimeWindow(day.end(), TimeWindow.all().end()));
        registered.retainAll(tables);
        registered.sort(null);
        return registered;
    }

    /** {@code SELECT cols FROM inventory_hourly_T1 UNION ALL ...}, nested in groups below SQLite's limit. */
    static String union(List<Long> times) {
        List<String> groups = new ArrayList<>();
        for (int from = 0; from < times.size(); from += UNION_GROUP) {
            List<String> selects = new ArrayList<>();
            for (long t : times.subList(from, Math.min(times.size(), from + UNION_GROUP))) {
                selects.add("SELECT " + HOURLY_COLUMNS + " FROM " + CompatTableNames.hourly(t));
            }
            groups.add(String.join("\n UNION ALL\n", selects));
        }
        if (groups.size() == 1) {
            return groups.get(0);
        }
        List<String> nested = new ArrayList<>();
        for (String g : groups) {
            nested.add("SELECT " + HOURLY_COLUMNS + " FROM (" + g + ")");
        }
        return String.join("\n UNION ALL\n", nested);
    }

    private static String load(String name) {
        try (InputStream in = SqliteSqlAggregation.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("SQL resource " + name + " is missing from the SQLite plugin");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
