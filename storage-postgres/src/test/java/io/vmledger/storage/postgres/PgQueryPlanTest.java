package io.vmledger.storage.postgres;

import io.vmledger.storage.jdbc.Dialect;
import io.vmledger.storage.jdbc.JdbcHourlyStore;
import io.vmledger.storage.jdbc.JdbcLifecycleStore;
import io.vmledger.storage.jdbc.JdbcRollupStore;
import io.vmledger.storage.jdbc.JdbcTotalsStore;
import io.vmledger.storage.jdbc.JdbcStorage;
import io.vmledger.api.PoolTiers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The indexes of docs/decisions/0051, validated with {@code EXPLAIN} on a store holding two weeks of
 * 1,000 VMs in two vCenters (336,000 hourly rows over two monthly partitions): the trace, snapshot,
 * ordered-read, replace, totals and aggregation statements of the plugin (the exact SQL it runs, with
 * bound parameters) use the primary key of {@code vm_hourly_stats} and the small tables' indexes,
 * never a sequential scan of the hourly rows, and the ordered reads need no sort.
 */
class PgQueryPlanTest {
    static final long T0 = YearMonth.of(2024, 1).atDay(25).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    static final int HOURS = 14 * 24;
    static final int VMS = 500; // per vCenter
    static final String VC = "vc-a";
    static final long DAY_START = T0 + 9 * 86_400; // 2024-02-03, inside the February partition

    static JdbcStorage storage;

    @BeforeAll
    static void load() throws SQLException {
        storage = PgTestDatabase.open(PgTestDatabase.settings(), "plan", Map.of());
        // the partitions the generated rows need, as the plugin creates them on demand
        PgTestDatabase.layout(storage).ensurePartitions(T0, T0 + HOURS * 3600L);
        storage.database().write("load plan data", c -> {
            try (Statement st = c.createStatement()) {
                st.execute("""
                        INSERT INTO vm_hourly_stats
                        SELECT t, vc, 'vm-' || v, 'vm-' || v, md5(vc || v), 'name-' || v, NULL, NULL,
                               (ARRAY['Tin','Bronze','Silver','Gold','Other'])[1 + mod(v, 5)], 'dc', 'cl', 'f',
                               1 + mod(v, 8), 4, 40, 'poweredOn', false
                          FROM generate_series(%d, %d, 3600) AS t,
                               unnest(ARRAY['vc-a','vc-b']) AS vc,
                               generate_series(1, %d) AS v""".formatted(T0, T0 + (HOURS - 1) * 3600L, VMS));
                st.execute("""
                        INSERT INTO vm_hourly_snapshots
                        SELECT vc, t, %d FROM generate_series(%d, %d, 3600) AS t, unnest(ARRAY['vc-a','vc-b']) AS vc
                        """.formatted(VMS, T0, T0 + (HOURS - 1) * 3600L));
                st.execute("""
                        INSERT INTO vm_lifecycle_cache
                        SELECT vc, 'vm-' || v, 'vm-' || v, md5(vc || v), 'name-' || v, %d, %d, NULL,
                               CASE WHEN mod(v, 3) = 0 THEN %d END, CASE WHEN mod(v, 3) = 0 THEN 'observed' END
                          FROM unnest(ARRAY['vc-a','vc-b']) AS vc, generate_series(1, 20000) AS v
                        """.formatted(T0, T0, T0));
                st.execute("""
                        INSERT INTO vcenter_totals
                        SELECT vc, t, %d, %d, 0, 0, 0
                          FROM generate_series(%d, %d, 3600) AS t, unnest(ARRAY['vc-a','vc-b']) AS vc
                        """.formatted(VMS, VMS, T0 - 300 * 86_400L, T0 + (HOURS - 1) * 3600L));
                st.execute("""
                        INSERT INTO vm_daily_rollup
                        SELECT d, vc, 'vm-' || v, 'vm-' || v, NULL, 'name-' || v, 24, 24, 1, 2, 4, 40,
                               0, 0, 0, 100, 0, d, d + 82800, 'Gold', 2, 4, 40, 'poweredOn', NULL, NULL, NULL, NULL, NULL
                          FROM generate_series(%d, %d, 86400) AS d, unnest(ARRAY['vc-a','vc-b']) AS vc,
                               generate_series(1, %d) AS v
                        """.formatted(T0 - 120 * 86_400L, T0 + 13 * 86_400L, VMS));
                st.execute("""
                        INSERT INTO vcenter_aggregate_totals
                        SELECT vc, g, d, 24, 1, 1, 1, 1, 1, 1
                          FROM generate_series(%d, %d, 86400) AS d, unnest(ARRAY['vc-a','vc-b']) AS vc,
                               unnest(ARRAY['hourly','daily']) AS g
                        """.formatted(T0 - 3000 * 86_400L, T0 + 13 * 86_400L));
                st.execute("ANALYZE");
            }
            return null;
        });
    }

    @AfterAll
    static void close() {
        if (storage != null) {
            storage.close();
        }
        PgTestDatabase.dropSchemas();
    }

    @Test
    void vmHourlyStatsCarriesOnlyItsPrimaryKey() {
        List<String> indexes = storage.database().write("indexes", c -> strings(c, """
                SELECT indexname FROM pg_indexes
                 WHERE schemaname = current_schema() AND tablename = 'vm_hourly_stats'"""));
        assertEquals(List.of("vm_hourly_stats_pkey"), indexes);
    }

    @Test
    void aRunOfTheOrderedReadScansOneSnapshotOfOnePartition() {
        // The planner may sort the one snapshot's rows (bounded by the fleet size); the window is never sorted.
        String plan = explain(hourly().run, DAY_START + 3600);
        assertUses(plan, "vm_hourly_stats_p202402_pkey");
        assertFalse(plan.contains("p202401"), "only the February partition is read:\n" + plan);
        assertNoSeqScanOfHourlyRows(plan);
    }

    @Test
    void aSnapshotIsReadByItsKeyPrefix() {
        String plan = explain(hourly().snapshot, DAY_START, VC);
        assertUses(plan, "vm_hourly_stats_p202402_pkey");
        assertNoSeqScanOfHourlyRows(plan);
    }

    @Test
    void aTraceProbesThePrimaryKeyOncePerStoredSnapshot() {
        String plan = explain(hourly().trace, "vm-42", T0, T0 + HOURS * 3600L, VC, T0, T0 + HOURS * 3600L);
        assertUses(plan, "vm_hourly_snapshots_pkey");
        assertUses(plan, "vm_hourly_stats_p202401_pkey");
        assertUses(plan, "vm_hourly_stats_p202402_pkey");
        assertTrue(plan.contains("Nested Loop"), plan);
        assertNoSeqScanOfHourlyRows(plan);
    }

    @Test
    void replacingASnapshotFindsItsOldRowsByTheKeyPrefix() {
        assertUses(explain(PgTestDatabase.dialect(storage).storedKeys, DAY_START, VC), "vm_hourly_stats_p202402_pkey");
        assertUses(explain(PgTestDatabase.dialect(storage).deleteKeys, DAY_START, VC, new String[] {"vm-1", "vm-2"}),
                "vm_hourly_stats_p202402_pkey");
        assertUses(explain(hourly().snapshotTimes, VC, DAY_START, DAY_START + 86_400), "vm_hourly_snapshots_pkey");
        assertUses(explain(hourly().latest, VC), "vm_hourly_snapshots_pkey");
        assertUses(explain(hourly().firstAtOrAfter, VC, DAY_START), "vm_hourly_snapshots_pkey");
        assertUses(explain(hourly().windowTimes, DAY_START, DAY_START + 86_400), "vm_hourly_snapshots_time");
    }

    @Test
    void retentionInsideAMonthReadsOnlyThatMonthsKeyRange() throws SQLException {
        // deleteBefore drops the whole older partitions first, in the same transaction; then it deletes
        // the first day of February from the straddling partition
        try (Connection c = PgTestDatabase.connect()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL search_path = " + PgTestDatabase.db(storage).options().schema());
                st.execute("DROP TABLE vm_hourly_stats_p202401");
            }
            String plan = explain(c, false, Dialect.DELETE_HOURLY_BEFORE, T0 + 8 * 86_400);
            c.rollback();
            assertUses(plan, "vm_hourly_stats_p202402_pkey");
            assertNoSeqScanOfHourlyRows(plan);
        }
    }

    @Test
    void totalsSeriesReadTheirKey() {
        assertUses(explain(((JdbcTotalsStore) storage.totals()).series, VC, DAY_START, DAY_START + 86_400), "vcenter_totals_pkey");
        assertUses(explain(((JdbcTotalsStore) storage.totals()).aggregates, VC, "daily", DAY_START, DAY_START + 86_400),
                "vcenter_aggregate_totals_pkey");
    }

    @Test
    void traceLookUpsByIdUuidAndNameUseTheLifecycleIndexes() {
        assertUses(explain(lifecycle().findAll.get(io.vmledger.storage.spi.VmLookup.By.VM_ID), "vm-7"),
                "vm_lifecycle_cache_vm_id");
        assertUses(explain(lifecycle().findAll.get(io.vmledger.storage.spi.VmLookup.By.VM_UUID), "abc"),
                "vm_lifecycle_cache_vm_uuid");
        assertUses(explain(lifecycle().findInVcenter.get(io.vmledger.storage.spi.VmLookup.By.NAME), "name-7", VC),
                "vm_lifecycle_cache_name");
        assertUses(explain(lifecycle().live, VC), "vm_lifecycle_cache_deletion");
        assertUses(explain(lifecycle().liveOrDeletedSince, VC, VC, T0 + 86_400), "vm_lifecycle_cache_deletion");
    }

    @Test
    void dailySqlAggregationReadsTheDayByTheKeyAndProbesItForLastRows() {
        PoolTiers tiers = PoolTiers.defaults();
        // the VMs of the day's last snapshot are looked up in the next day's first one (the deletion rule)
        long dayEnd = DAY_START + 86_400;
        String plan = explainAggregation(PgSqlAggregation.DAILY_CANONICAL, DAY_START, dayEnd,
                tiers.lowerCaseName(0), tiers.lowerCaseName(1), tiers.lowerCaseName(2), tiers.lowerCaseName(3),
                DAY_START, dayEnd, DAY_START, DAY_START, dayEnd, dayEnd, dayEnd, DAY_START, dayEnd);
        assertUses(plan, "vm_hourly_stats_p202402_pkey");
        assertUses(plan, "vm_hourly_snapshots_pkey");
        assertFalse(plan.contains("p202401"), "the January partition is pruned:\n" + plan);
        assertNoSeqScanOfHourlyRows(plan);
    }

    @Test
    void monthlySqlAggregationReadsTheMonthsRollupsByTheirKey() {
        long feb = YearMonth.of(2024, 2).atDay(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        long mar = YearMonth.of(2024, 3).atDay(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        String plan = explainAggregation(PgSqlAggregation.MONTHLY_FROM_DAILY, feb, mar, feb, mar, feb, feb, mar);
        assertUses(plan, "vm_daily_rollup_pkey");
        assertFalse(Pattern.compile("Seq Scan on vm_daily_rollup").matcher(plan).find(), plan);
        assertUses(explain(((JdbcRollupStore) storage.rollups()).run, feb), "vm_daily_rollup_pkey");
    }

    private static JdbcHourlyStore hourly() {
        return (JdbcHourlyStore) storage.hourly();
    }

    private static JdbcLifecycleStore lifecycle() {
        return (JdbcLifecycleStore) storage.lifecycle();
    }

    private static void assertUses(String plan, String index) {
        Matcher m = Pattern.compile("(Index Scan|Index Only Scan|Bitmap Index Scan)( Backward)? (using|on) "
                + Pattern.quote(index) + "\\b").matcher(plan);
        assertTrue(m.find(), "expected the plan to use " + index + ":\n" + plan);
    }

    private static void assertNoSeqScanOfHourlyRows(String plan) {
        assertFalse(plan.contains("Seq Scan on vm_hourly_stats"), "sequential scan of hourly rows:\n" + plan);
    }

    /** EXPLAIN of the statement exactly as the plugin prepares it, with these parameters bound. */
    static String explain(String sql, Object... params) {
        return storage.database().write("explain", c -> explain(c, false, sql, params));
    }

    /** EXPLAIN of an aggregation statement, in the session settings the plugin runs it with. */
    static String explainAggregation(String sql, Object... params) {
        return storage.database().write("explain", c -> explain(c, true, sql, params));
    }

    static String explain(Connection c, boolean aggregation, String sql, Object... params) throws SQLException {
        if (aggregation) {
            try (Statement st = c.createStatement()) {
                for (String s : PgSqlAggregation.SESSION) {
                    st.execute(s);
                }
            }
        }
        {
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
                for (int i = 0; i < params.length; i++) {
                    Object p = params[i];
                    if (p instanceof String[] a) {
                        Array arr = c.createArrayOf("text", a);
                        ps.setArray(i + 1, arr);
                    } else {
                        ps.setObject(i + 1, p);
                    }
                }
                StringBuilder sb = new StringBuilder();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sb.append(rs.getString(1)).append('\n');
                    }
                }
                return sb.toString();
            }
        }
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

}
