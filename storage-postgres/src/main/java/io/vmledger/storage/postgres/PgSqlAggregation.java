package io.vmledger.storage.postgres;

import io.vmledger.api.PoolTiers;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSummary;
import io.vmledger.storage.jdbc.CanonicalSchema;
import io.vmledger.storage.jdbc.CompatTableNames;
import io.vmledger.storage.jdbc.Dialect;
import io.vmledger.storage.jdbc.JdbcDatabase;
import io.vmledger.storage.jdbc.ResultColumns;
import io.vmledger.storage.jdbc.SummaryRows;
import io.vmledger.storage.spi.SqlAggregation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import static io.vmledger.storage.postgres.PgDialect.checked;

/**
 * The SQL aggregation strategies in the PostgreSQL dialect: each computes a period's summary rows in
 * one statement and streams them ordered by vCenter and VM key. The rules are those of the Java path
 * (aggregation module: {@code DailyAggregator}, {@code MonthlyFromDailyAggregator},
 * {@code MonthlyFromHourlyAggregator}, {@code LifecycleRules}); every floating-point column is
 * computed from the same float8 operands in the same order of operations. Floating-point sums are
 * taken in time order ({@code sum(... ORDER BY ...)}), the Java path's order, so that they never
 * depend on the plan the server picks: a period computed again gives the same bits (decision 0031).
 *
 * <p>All statements share one output shape ({@link #OUTPUT}); pool tiers are bound as lower-case
 * names and matched with {@code lower()}, which folds ASCII letters under the "C" collation.
 */
final class PgSqlAggregation implements SqlAggregation {
    private static final System.Logger LOG = System.getLogger(PgSqlAggregation.class.getName());

    /**
     * Sorts and hash tables of a month of rows need memory; only these statements get it, inside
     * their own transaction. Parallel workers and JIT cost more than they return at this size.
     */
    static final String[] SESSION = {
            "SET LOCAL work_mem = '256MB'",
            "SET LOCAL jit = off",
            "SET LOCAL max_parallel_workers_per_gather = 0"};

    /**
     * The summary columns in the order of {@link CanonicalSchema#SUMMARY_COLUMNS}, computed from a relation {@code a}
     * (per-VM aggregates: n, vcpu_sum, ram_sum, disk_sum, tier0..tier3, first_t, last_t, creation,
     * deletion, total, period), and {@code l} (the VM's last row).
     */
    private static final String OUTPUT = """
            SELECT a.period, a."Vcenter", a."VmKey", l."VmId", l."VmUuid", l."Name",
                   a.n, a.total,
                   a.n::float8 / a.total,
                   a.vcpu_sum::float8 / a.n, a.ram_sum / a.n, a.disk_sum / a.n,
                   100.0::float8 * a.tier0 / a.n, 100.0::float8 * a.tier1 / a.n,
                   100.0::float8 * a.tier2 / a.n, 100.0::float8 * a.tier3 / a.n,
                   100.0::float8 * (a.n - a.tier0 - a.tier1 - a.tier2 - a.tier3) / a.n,
                   a.first_t, a.last_t,
                   l."ResourcePool", l."VcpuCount", l."RamGB", l."ProvisionedDisk", l."PowerState",
                   l."Datacenter", l."Cluster", l."Folder",
                   a.creation, a.deletion""";

    /** Per-VM sums over hourly rows {@code h} (templates already excluded). */
    private static final String HOURLY_SUMS = """
                   count(*) AS n,
                   sum(h."VcpuCount") AS vcpu_sum,
                   sum(h."RamGB" ORDER BY h."SnapshotTime") AS ram_sum,
                   sum(h."ProvisionedDisk" ORDER BY h."SnapshotTime") AS disk_sum,
                   count(*) FILTER (WHERE lower(h."ResourcePool") = ?) AS tier0,
                   count(*) FILTER (WHERE lower(h."ResourcePool") = ?) AS tier1,
                   count(*) FILTER (WHERE lower(h."ResourcePool") = ?) AS tier2,
                   count(*) FILTER (WHERE lower(h."ResourcePool") = ?) AS tier3,
                   min(h."SnapshotTime") AS first_t,
                   max(h."SnapshotTime") AS last_t,
                   min(h."CreationTime") AS min_creation""";

    /**
     * CreationTime of the daily rule for a group {@code g} (min_creation, first_t) and lifecycle
     * {@code lc}: the earliest known creation (lifecycle or reported; {@code least} skips NULLs),
     * else the lifecycle FirstSeen, else the first sample.
     */
    private static final String CREATION_RULE = """
            CASE WHEN lc."CreationTime" IS NOT NULL THEN least(lc."CreationTime", g.min_creation)
                 WHEN g.min_creation IS NOT NULL THEN g.min_creation
                 WHEN lc."VmKey" IS NOT NULL THEN lc."FirstSeen"
                 ELSE g.first_t
            END""";

    /**
     * {@code N} of the DeletionTime rule for a group {@code g} (last_t), joined laterally so that it is
     * looked up once per VM: the vCenter's first snapshot after the VM's last sample, in the period or
     * after it (next_t, NULL when there is none).
     */
    private static final String NEXT_SNAPSHOT = """
            CROSS JOIN LATERAL (
                    SELECT min(x."SnapshotTime") AS next_t
                      FROM vm_hourly_snapshots AS x
                     WHERE x."Vcenter" = g."Vcenter" AND x."SnapshotTime" > g.last_t) AS nx""";

    /**
     * DeletionTime of a relation {@code n} (last_t, next_t = N, lc_deletion) whose row {@code nr} in
     * snapshot N is left-joined where N lies after the period (decision 0031): the lifecycle deletion in
     * (last_t, N], else N when the VM is missing from N (always so when N lies in the period; {@code ?}
     * is the period's end; {@code %s} says whether nr holds snapshot N's rows), else NULL.
     */
    private static final String DELETION_RULE = """
            CASE WHEN n.lc_deletion > n.last_t AND n.lc_deletion <= n.next_t THEN n.lc_deletion
                            WHEN n.next_t < ? THEN n.next_t
                            WHEN %s AND nr."VmKey" IS NULL THEN n.next_t
                       END""";

    /**
     * The end of the statements over {@code vm_hourly_stats}, after a relation {@code n} (per-VM sums,
     * total, creation, lc_deletion, next_t): the DeletionTime, then the output columns with the VM's last
     * row. Parameters: period start, period end (deletion rule), period end and the latest next snapshot
     * of a vCenter after the period (rows looked up there), period start, period end (last rows).
     */
    private static final String CANONICAL_END = """
            a AS (
                SELECT n.*, ?::bigint AS period,
                       %s AS deletion
                  FROM n
                  LEFT JOIN vm_hourly_stats AS nr
                    ON nr."SnapshotTime" = n.next_t AND nr."Vcenter" = n."Vcenter" AND nr."VmKey" = n."VmKey"
                   AND nr."SnapshotTime" >= ? AND nr."SnapshotTime" <= ?
            )
            %s
              FROM a
              JOIN vm_hourly_stats AS l
                ON l."SnapshotTime" = a.last_t AND l."Vcenter" = a."Vcenter" AND l."VmKey" = a."VmKey"
               AND l."SnapshotTime" >= ? AND l."SnapshotTime" < ?
             ORDER BY a."Vcenter", a."VmKey\"""".formatted(DELETION_RULE.formatted("true"), OUTPUT);

    /**
     * Daily rows from {@code vm_hourly_stats}: parameters day start, day end (catalog), the four
     * tiers, day start, day end (rows), day start (lifecycle entries deleted before the day describe an
     * earlier life and are ignored, as by the Java path), day start (period), day end (deletion rule),
     * day end and the latest next snapshot of a vCenter after the day (its rows: a range that lets the
     * partitions outside it be pruned at planning), day start, day end (last rows, likewise).
     */
    static final String DAILY_CANONICAL = checked("""
            WITH snaps AS (
                SELECT "Vcenter", count(*) AS total
                  FROM vm_hourly_snapshots
                 WHERE "SnapshotTime" >= ? AND "SnapshotTime" < ?
                 GROUP BY "Vcenter"
            ),
            g AS (
                SELECT h."Vcenter", h."VmKey",
            %s
                  FROM vm_hourly_stats AS h
                 WHERE h."SnapshotTime" >= ? AND h."SnapshotTime" < ?
                   AND NOT h."IsTemplate"
                 GROUP BY h."Vcenter", h."VmKey"
            ),
            n AS (
                SELECT g.*, s.total,
                       %s AS creation,
                       lc."DeletionTime" AS lc_deletion,
                       nx.next_t
                  FROM g
                  JOIN snaps AS s ON s."Vcenter" = g."Vcenter"
                  %s
                  LEFT JOIN vm_lifecycle_cache AS lc ON lc."Vcenter" = g."Vcenter" AND lc."VmKey" = g."VmKey"
                   AND (lc."DeletionTime" IS NULL OR lc."DeletionTime" >= ?)
            ),
            %s""".formatted(HOURLY_SUMS, CREATION_RULE, NEXT_SNAPSHOT, CANONICAL_END));

    /**
     * The latest of the vCenters' first snapshots at or after a period's end (parameter), or NULL: the
     * upper bound of the rows the DeletionTime rule looks up after the period.
     */
    static final String LAST_NEXT_SNAPSHOT = checked("""
            SELECT max((SELECT min(x."SnapshotTime")
                          FROM vm_hourly_snapshots AS x
                         WHERE x."Vcenter" = v."Vcenter" AND x."SnapshotTime" >= ?))
              FROM (SELECT DISTINCT "Vcenter" FROM vm_hourly_snapshots) AS v""");

    /** The vCenters' first hourly registry records at or after a day's end (parameter), for the legacy path. */
    static final String NEXT_REGISTERED = checked("""
            SELECT DISTINCT min("SnapshotTime")
              FROM snapshot_registry
             WHERE "SnapshotType" = 'hourly' AND "SnapshotTime" >= ?
             GROUP BY "Vcenter\"""");

    /**
     * Daily rows from the day's {@code inventory_hourly_<T>} tables: the first {@code %s} is their
     * {@code UNION ALL}. A vCenter's snapshots are the tables it has rows in (templates included); its
     * next snapshot after the day is its first hourly registry record after it, whose rows come from
     * that snapshot's table when it exists (the {@code next_rows} union; the times of those tables fill
     * the deletion rule's {@code %s}). Parameters: day end (next registered snapshot), the four tiers,
     * day start (lifecycle), day start (period), day end (deletion rule).
     */
    static final String DAILY_LEGACY = """
            WITH u AS (
            %s
            ),
            next_rows AS (
            %s
            ),
            snaps AS (
                SELECT DISTINCT "Vcenter", "SnapshotTime" FROM u
            ),
            totals AS (
                SELECT s."Vcenter", count(*) AS total,
                       (SELECT min(r."SnapshotTime")
                          FROM snapshot_registry AS r
                         WHERE r."SnapshotType" = 'hourly' AND r."Vcenter" = s."Vcenter"
                           AND r."SnapshotTime" >= ?) AS next_after
                  FROM snaps AS s
                 GROUP BY s."Vcenter"
            ),
            g AS (
                SELECT h."Vcenter", h."VmKey",
            %s
                  FROM u AS h
                 WHERE NOT h."IsTemplate"
                 GROUP BY h."Vcenter", h."VmKey"
            ),
            n AS (
                SELECT g.*, t.total,
                       %s AS creation,
                       lc."DeletionTime" AS lc_deletion,
                       coalesce(nx.in_day, t.next_after) AS next_t
                  FROM g
                  JOIN totals AS t ON t."Vcenter" = g."Vcenter"
                  CROSS JOIN LATERAL (
                        SELECT min(x."SnapshotTime") AS in_day
                          FROM snaps AS x
                         WHERE x."Vcenter" = g."Vcenter" AND x."SnapshotTime" > g.last_t) AS nx
                  LEFT JOIN vm_lifecycle_cache AS lc ON lc."Vcenter" = g."Vcenter" AND lc."VmKey" = g."VmKey"
                   AND (lc."DeletionTime" IS NULL OR lc."DeletionTime" >= ?)
            ),
            a AS (
                SELECT n.*, ?::bigint AS period,
                       %s AS deletion
                  FROM n
                  LEFT JOIN next_rows AS nr
                    ON nr."SnapshotTime" = n.next_t AND nr."Vcenter" = n."Vcenter" AND nr."VmKey" = n."VmKey"
            )
            %s
              FROM a
              JOIN u AS l
                ON l."SnapshotTime" = a.last_t AND l."Vcenter" = a."Vcenter" AND l."VmKey" = a."VmKey"
             ORDER BY a."Vcenter", a."VmKey\"""";

    /** The next-rows relation of the legacy path when no next snapshot has a table. */
    static final String NO_NEXT_ROWS = """
                SELECT NULL::bigint AS "SnapshotTime", NULL::text AS "Vcenter", NULL::text AS "VmKey" WHERE false""";

    /** One table of the legacy union; {@code %s} is a name from {@link CompatTableNames#hourly}. */
    static final String LEGACY_BRANCH = "    SELECT " + CanonicalSchema.quotedList(CanonicalSchema.HOURLY_COLUMNS)
            + " FROM %s";

    /** One table of the legacy path's next rows; {@code %s} is a name from {@link CompatTableNames#hourly}. */
    static final String NEXT_BRANCH = "    SELECT \"SnapshotTime\", \"Vcenter\", \"VmKey\" FROM %s";

    /**
     * Monthly rows from {@code vm_daily_rollup}: sample-weighted means over the VM's days; the month's
     * TotalSamples of a vCenter is the sum of its daily TotalSamples over the days it has rollups.
     * Parameters: month start, month end (days), month start, month end (rows), month start (period),
     * month start, month end (last rows).
     */
    static final String MONTHLY_FROM_DAILY = checked("""
            WITH vdays AS (
                SELECT "Vcenter", "Date", max("TotalSamples") AS total
                  FROM vm_daily_rollup
                 WHERE "Date" >= ? AND "Date" < ?
                 GROUP BY "Vcenter", "Date"
            ),
            totals AS (
                SELECT "Vcenter", sum(total) AS total FROM vdays GROUP BY "Vcenter"
            ),
            g AS (
                SELECT d."Vcenter", d."VmKey",
                       sum(d."SamplesPresent") AS n,
                       sum(d."AvgVcpuCount" * d."SamplesPresent" ORDER BY d."Date") AS vcpu,
                       sum(d."AvgRamGB" * d."SamplesPresent" ORDER BY d."Date") AS ram,
                       sum(d."AvgProvisionedDisk" * d."SamplesPresent" ORDER BY d."Date") AS disk,
                       sum(d."PoolTinPct" * d."SamplesPresent" ORDER BY d."Date") AS p0,
                       sum(d."PoolBronzePct" * d."SamplesPresent" ORDER BY d."Date") AS p1,
                       sum(d."PoolSilverPct" * d."SamplesPresent" ORDER BY d."Date") AS p2,
                       sum(d."PoolGoldPct" * d."SamplesPresent" ORDER BY d."Date") AS p3,
                       sum(d."PoolOtherPct" * d."SamplesPresent" ORDER BY d."Date") AS p4,
                       min(d."FirstSample") AS first_sample,
                       max(d."Date") AS last_day,
                       min(d."CreationTime") AS creation
                  FROM vm_daily_rollup AS d
                 WHERE d."Date" >= ? AND d."Date" < ?
                 GROUP BY d."Vcenter", d."VmKey"
            )
            SELECT ?::bigint, g."Vcenter", g."VmKey", l."VmId", l."VmUuid", l."Name",
                   g.n, t.total,
                   g.n::float8 / t.total,
                   g.vcpu / g.n, g.ram / g.n, g.disk / g.n,
                   g.p0 / g.n, g.p1 / g.n, g.p2 / g.n, g.p3 / g.n, g.p4 / g.n,
                   g.first_sample, l."LastSample",
                   l."ResourcePool", l."VcpuCount", l."RamGB", l."ProvisionedDisk", l."PowerState",
                   l."Datacenter", l."Cluster", l."Folder",
                   g.creation, l."DeletionTime"
              FROM g
              JOIN totals AS t ON t."Vcenter" = g."Vcenter"
              JOIN vm_daily_rollup AS l
                ON l."Date" = g.last_day AND l."Vcenter" = g."Vcenter" AND l."VmKey" = g."VmKey"
               AND l."Date" >= ? AND l."Date" < ?
             ORDER BY g."Vcenter", g."VmKey\"""");

    /**
     * Monthly rows straight from {@code vm_hourly_stats}. Rows are grouped per VM and day first
     * ({@code width_bucket} over the day starts of the report time zone) because CreationTime is the
     * earliest of the daily rules and DeletionTime follows the rule of the VM's last day.
     * Parameters: month start, month end (catalog), day starts, day ends, day starts (bucket), the four
     * tiers, month start, month end (rows), month start (period), month end (deletion rule), month end and
     * the latest next snapshot of a vCenter after the month (rows looked up there), month start, month end
     * (last rows).
     */
    static final String MONTHLY_FROM_HOURLY = checked("""
            WITH snaps AS (
                SELECT "Vcenter", count(*) AS total
                  FROM vm_hourly_snapshots
                 WHERE "SnapshotTime" >= ? AND "SnapshotTime" < ?
                 GROUP BY "Vcenter"
            ),
            days AS (
                SELECT ordinality AS day, day_start, day_end
                  FROM unnest(?::bigint[], ?::bigint[]) WITH ORDINALITY AS d(day_start, day_end)
            ),
            g AS (
                SELECT h."Vcenter", h."VmKey", width_bucket(h."SnapshotTime", ?::bigint[]) AS day,
            %s
                  FROM vm_hourly_stats AS h
                 WHERE h."SnapshotTime" >= ? AND h."SnapshotTime" < ?
                   AND NOT h."IsTemplate"
                 GROUP BY h."Vcenter", h."VmKey", 3
            ),
            v AS (
                SELECT g."Vcenter", g."VmKey",
                       sum(g.n) AS n, sum(g.vcpu_sum) AS vcpu_sum, sum(g.ram_sum ORDER BY g.day) AS ram_sum,
                       sum(g.disk_sum ORDER BY g.day) AS disk_sum,
                       sum(g.tier0) AS tier0, sum(g.tier1) AS tier1, sum(g.tier2) AS tier2, sum(g.tier3) AS tier3,
                       min(g.first_t) AS first_t, max(g.last_t) AS last_t,
                       min(%s) AS creation,
                       max(g.day) AS last_day
                  FROM g
                  JOIN days AS gd ON gd.day = g.day
                  LEFT JOIN vm_lifecycle_cache AS lc ON lc."Vcenter" = g."Vcenter" AND lc."VmKey" = g."VmKey"
                   AND (lc."DeletionTime" IS NULL OR lc."DeletionTime" >= gd.day_start)
                 GROUP BY g."Vcenter", g."VmKey"
            ),
            n AS (
                SELECT g.*, s.total,
                       lc."DeletionTime" AS lc_deletion,
                       nx.next_t
                  FROM v AS g
                  JOIN snaps AS s ON s."Vcenter" = g."Vcenter"
                  JOIN days AS d ON d.day = g.last_day
                  %s
                  LEFT JOIN vm_lifecycle_cache AS lc ON lc."Vcenter" = g."Vcenter" AND lc."VmKey" = g."VmKey"
                   AND (lc."DeletionTime" IS NULL OR lc."DeletionTime" >= d.day_start)
            ),
            -- the daily rule on the VM's last day present: within the month the VM has no row after its
            -- last sample, so only a snapshot after the month needs looking at
            %s""".formatted(HOURLY_SUMS, CREATION_RULE, NEXT_SNAPSHOT, CANONICAL_END));

    private final JdbcDatabase db;
    private final Dialect dialect;
    private final ReportCalendar calendar;

    PgSqlAggregation(JdbcDatabase db, Dialect dialect, ReportCalendar calendar) {
        this.db = db;
        this.dialect = dialect;
        this.calendar = calendar;
    }

    /**
     * Not promoted: on PostgreSQL the Java path stays the recorded default of {@code settings.aggregation_path: auto}
     * (docs/decisions/0130-jmh-benchmarks-and-sql-promotion.md has the rule and the figures).
     */
    @Override
    public boolean promoted() {
        return false;
    }

    @Override
    public void dailyCanonical(TimeWindow day, PoolTiers tiers, Consumer<VmSummary> sink) {
        run("daily canonical", day, sink, c -> {
            long lastNext = lastNextSnapshot(c, day.end());
            PreparedStatement ps = c.prepareStatement(DAILY_CANONICAL);
            int i = 1;
            ps.setLong(i++, day.start());
            ps.setLong(i++, day.end());
            i = bindTiers(ps, i, tiers);
            ps.setLong(i++, day.start());
            ps.setLong(i++, day.end());
            ps.setLong(i++, day.start());
            ps.setLong(i++, day.start());
            ps.setLong(i++, day.end());
            ps.setLong(i++, day.end());
            ps.setLong(i++, lastNext);
            ps.setLong(i++, day.start());
            ps.setLong(i, day.end());
            return ps;
        });
    }

    @Override
    public void dailyLegacyUnion(TimeWindow day, PoolTiers tiers, Consumer<VmSummary> sink) {
        run("daily legacy union", day, sink, c -> {
            List<String> branches = new ArrayList<>();
            Set<Long> tableTimes = new HashSet<>();
            for (String name : dialect.tables(c, CompatTableNames.HOURLY_PREFIX)) {
                OptionalLong t = CompatTableNames.hourlyTime(name);
                if (t.isPresent() && t.getAsLong() >= day.end()) {
                    tableTimes.add(t.getAsLong());
                } else if (t.isPresent() && day.contains(t.getAsLong())) {
                    // the name is rebuilt from the parsed number, never taken from the catalog text
                    branches.add(LEGACY_BRANCH.formatted(CompatTableNames.hourly(t.getAsLong())));
                }
            }
            if (branches.isEmpty()) {
                return null;
            }
            branches.sort(null);
            // the tables of the vCenters' next snapshots after the day, for VMs in the day's last snapshot
            List<Long> next = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(NEXT_REGISTERED)) {
                ps.setLong(1, day.end());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long t = rs.getLong(1);
                        if (tableTimes.contains(t)) {
                            next.add(t);
                        }
                    }
                }
            }
            next.sort(null);
            String nextRows = next.isEmpty() ? NO_NEXT_ROWS : String.join("\n    UNION ALL\n", next.stream()
                    .map(t -> NEXT_BRANCH.formatted(CompatTableNames.hourly(t))).toList());
            String known = next.isEmpty() ? "false"
                    : "n.next_t IN (" + String.join(", ", next.stream().map(String::valueOf).toList()) + ")";
            String sql = dialect.sql(DAILY_LEGACY.formatted(String.join("\n    UNION ALL\n", branches), nextRows, HOURLY_SUMS,
                    CREATION_RULE, DELETION_RULE.formatted(known), OUTPUT));
            PreparedStatement ps = c.prepareStatement(sql);
            ps.setLong(1, day.end());
            int i = bindTiers(ps, 2, tiers);
            ps.setLong(i++, day.start());
            ps.setLong(i++, day.start());
            ps.setLong(i, day.end());
            return ps;
        });
    }

    @Override
    public void monthlyFromDaily(TimeWindow month, Consumer<VmSummary> sink) {
        run("monthly from daily", month, sink, c -> {
            PreparedStatement ps = c.prepareStatement(MONTHLY_FROM_DAILY);
            ps.setLong(1, month.start());
            ps.setLong(2, month.end());
            ps.setLong(3, month.start());
            ps.setLong(4, month.end());
            ps.setLong(5, month.start());
            ps.setLong(6, month.start());
            ps.setLong(7, month.end());
            return ps;
        });
    }

    @Override
    public void monthlyFromHourly(TimeWindow month, List<TimeWindow> days, PoolTiers tiers, Consumer<VmSummary> sink) {
        checkDays(month, days);
        Long[] starts = days.stream().map(TimeWindow::start).toArray(Long[]::new);
        Long[] ends = days.stream().map(TimeWindow::end).toArray(Long[]::new);
        run("monthly from hourly", month, sink, c -> {
            long lastNext = lastNextSnapshot(c, month.end());
            PreparedStatement ps = c.prepareStatement(MONTHLY_FROM_HOURLY);
            int i = 1;
            ps.setLong(i++, month.start());
            ps.setLong(i++, month.end());
            ps.setArray(i++, c.createArrayOf("bigint", starts));
            ps.setArray(i++, c.createArrayOf("bigint", ends));
            ps.setArray(i++, c.createArrayOf("bigint", starts));
            i = bindTiers(ps, i, tiers);
            ps.setLong(i++, month.start());
            ps.setLong(i++, month.end());
            ps.setLong(i++, month.start());
            ps.setLong(i++, month.end());
            ps.setLong(i++, month.end());
            ps.setLong(i++, lastNext);
            ps.setLong(i++, month.start());
            ps.setLong(i, month.end());
            return ps;
        });
    }

    /**
     * The latest of the vCenters' first snapshots at or after {@code periodEnd}, or {@code periodEnd - 1}
     * when none has one: the statements look up rows after the period only up to it, a bound known at
     * planning so that PostgreSQL reads no partition beyond it.
     */
    private static long lastNextSnapshot(Connection c, long periodEnd) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LAST_NEXT_SNAPSHOT)) {
            ps.setLong(1, periodEnd);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long t = rs.getLong(1);
                return rs.wasNull() ? periodEnd - 1 : t;
            }
        }
    }

    /** The days must cover the month contiguously, as the Java path requires. */
    private static void checkDays(TimeWindow month, List<TimeWindow> days) {
        long expected = month.start();
        for (TimeWindow d : days) {
            if (d.start() != expected || d.end() <= d.start()) {
                throw new IllegalArgumentException("the days must cover the month contiguously from its start");
            }
            expected = d.end();
        }
        if (days.isEmpty() || expected != month.end()) {
            throw new IllegalArgumentException("the days must end where the month ends");
        }
    }

    private static int bindTiers(PreparedStatement ps, int first, PoolTiers tiers) throws SQLException {
        for (int t = 0; t < PoolTiers.TIER_COUNT; t++) {
            ps.setString(first + t, tiers.lowerCaseName(t));
        }
        return first + PoolTiers.TIER_COUNT;
    }

    @FunctionalInterface
    private interface Query {
        /** The bound statement, or null when there is no input. */
        PreparedStatement prepare(Connection c) throws SQLException;
    }

    private void run(String what, TimeWindow period, Consumer<VmSummary> sink, Query query) {
        long t0 = System.nanoTime();
        AtomicBoolean delivered = new AtomicBoolean();
        long[] rows = new long[1];
        db.readMany("compute " + what + " rows of [" + period.start() + ", " + period.end() + ")", 1, delivered::get,
                connections -> {
            Connection c = connections.get(0);
            try (Statement st = c.createStatement()) {
                for (String s : SESSION) {
                    st.execute(s);
                }
            }
            PreparedStatement ps = query.prepare(c);
            if (ps == null) {
                return null;
            }
            try (ps) {
                ps.setFetchSize(5_000);
                ResultColumns columns = new ResultColumns();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        VmSummary s = SummaryRows.CODEC.read(columns.at(rs, 1));
                        delivered.set(true);
                        rows[0]++;
                        sink.accept(s);
                    }
                }
            }
            return null;
        });
        LOG.log(System.Logger.Level.INFO, "SQL {0} [{1}, {2}) ({3}): {4} rows in {5} ms", what, period.start(),
                period.end(), calendar.zone(), rows[0], (System.nanoTime() - t0) / 1_000_000);
    }
}
