package io.vmledger.storage.postgres;

import io.vmledger.api.PowerState;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.storage.jdbc.JdbcStorage;
import io.vmledger.storage.jdbc.Sql;
import io.vmledger.storage.spi.HourlyStore;
import io.vmledger.api.settings.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.EnumMap;
import java.util.Map;

import static io.vmledger.storage.postgres.PgOptions.Ingestion.COPY;
import static io.vmledger.storage.postgres.PgOptions.Ingestion.INSERT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both ingestion modes (COPY into the staging table plus upsert; multi-row INSERT ... ON CONFLICT)
 * store exactly the captured values, cross batch boundaries, and replace a re-ingested snapshot.
 */
class PgIngestionTest {
    static final long T0 = 1_767_225_600L; // 2026-01-01T00:00:00Z
    static final String VC = "vc-01.example.org";

    /** One store per ingestion mode, on the same schema; {@link #storage} is the COPY one. */
    private final Map<PgOptions.Ingestion, JdbcStorage> stores = new EnumMap<>(PgOptions.Ingestion.class);
    private JdbcStorage storage;
    private String schema;

    private void open(int batchSize) {
        Settings s = PgTestDatabase.settings().toBuilder().captureWriteBatchSize(batchSize).build();
        schema = PgTestDatabase.newSchema("ingest");
        for (PgOptions.Ingestion mode : PgOptions.Ingestion.values()) {
            stores.put(mode, PgTestDatabase.openIn(schema, s,
                    Map.of(PgOptions.INGESTION.name(), mode.name().toLowerCase(java.util.Locale.ROOT))));
        }
        storage = stores.get(COPY);
    }

    /** The hourly store that writes by {@code mode}. */
    private HourlyStore hourly(PgOptions.Ingestion mode) {
        return stores.get(mode).hourly();
    }

    @AfterEach
    void closeStore() {
        stores.values().forEach(JdbcStorage::close);
        stores.clear();
    }

    @AfterAll
    static void dropSchemas() {
        PgTestDatabase.dropSchemas();
    }

    static VmSample vm(long t, int n, String pool, int vcpu) {
        return new VmSample(t, VC, "vm-" + n, "uuid-" + n, "name-" + n, T0 - 86_400L * n, null, pool, "dc1",
                "cl" + n % 3, "folder/" + n, vcpu, 0.5 + n / 3.0, 40.1 * n + 0.2, PowerState.POWERED_ON, n % 17 == 0);
    }

    static List<VmSample> fleet(long t, int count) {
        List<VmSample> out = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            out.add(vm(t, n, n % 2 == 0 ? "Gold" : "Silver", 1 + n % 8));
        }
        return out;
    }

    /** Values that need escaping in COPY text, NULLs, and doubles that print with many digits. */
    static List<VmSample> awkward(long t) {
        return List.of(
                new VmSample(t, VC, "vm-tab", "uu\tid", "name\twith\ttabs", null, null, "pool\\with\\backslash",
                        "dc\nnewline", "cl\r\ncrlf", "\\N", 3, 0.1 + 0.2, 1e-300, PowerState.SUSPENDED, false),
                new VmSample(t, VC, "vm-uni", "uuid-ü", "Zürich-VM-日本-\uD83D\uDE80", -5L, 7L, "Gold", null, null,
                        null, Integer.MAX_VALUE, Double.MAX_VALUE, 123456789.123456789, PowerState.POWERED_OFF, true),
                new VmSample(t, VC, null, null, "legacy name only", null, null, "", "", "", "", 0, 0.0, -0.0,
                        PowerState.POWERED_ON, false),
                new VmSample(t, VC, null, "only-uuid", null, null, null, "'quoted'", "\"dq\"", "a,b", "%_", 1,
                        Math.PI, Math.E, PowerState.POWERED_ON, false));
    }

    @ParameterizedTest
    @EnumSource(PgOptions.Ingestion.class)
    void storesEveryValueExactlyAsCaptured(PgOptions.Ingestion mode) {
        open(3);
        List<VmSample> rows = new ArrayList<>(awkward(T0));
        rows.addAll(fleet(T0, 10));
        assertEquals(rows.size(), hourly(mode).replaceSnapshot(VC, T0, rows));

        List<VmSample> back = storage.hourly().snapshot(VC, T0);
        assertEquals(sortedByKey(rows), back);
        // bit-identical doubles, not just equal within a tolerance
        VmSample tab = back.stream().filter(s -> "vm-tab".equals(s.vmId())).findFirst().orElseThrow();
        assertEquals(Double.doubleToRawLongBits(0.1 + 0.2), Double.doubleToRawLongBits(tab.ramGb()));
        assertEquals(Double.doubleToRawLongBits(1e-300), Double.doubleToRawLongBits(tab.provisionedDiskGb()));
    }

    @ParameterizedTest
    @EnumSource(PgOptions.Ingestion.class)
    void bothModesCrossBatchBoundariesAndTheStatementParameterLimit(PgOptions.Ingestion mode) {
        open(100_000); // more rows than one INSERT can bind: the insert mode must split
        List<VmSample> rows = fleet(T0, 5_000);
        assertTrue(rows.size() > PgDialect.MAX_ROWS_PER_INSERT);
        assertEquals(5_000, hourly(mode).replaceSnapshot(VC, T0, rows));
        assertEquals(5_000, count("SELECT count(*) FROM vm_hourly_stats"));
        assertEquals(5_000, count("SELECT \"RowCount\" FROM vm_hourly_snapshots"));
    }

    @Test
    void smallBatchesOfTheInsertModeLeaveNoRowBehind() {
        open(7);
        List<VmSample> rows = fleet(T0, 50); // 7 full statements and one of 1 row
        hourly(INSERT).replaceSnapshot(VC, T0, rows);
        assertEquals(sortedByKey(rows), storage.hourly().snapshot(VC, T0));
    }

    @Test
    void reIngestingASnapshotReplacesItsRowsWhicheverModeWroteThem() {
        open(4);
        hourly(COPY).replaceSnapshot(VC, T0, fleet(T0, 30));
        hourly(INSERT).replaceSnapshot(VC, T0 + 3600, fleet(T0 + 3600, 30));

        List<VmSample> second = new ArrayList<>(fleet(T0, 20));
        second.set(3, vm(T0, 3, "Tin", 16));                  // changed values
        second.add(vm(T0, 99, "Bronze", 2));                   // a new VM
        hourly(INSERT).replaceSnapshot(VC, T0, second); // COPY-written snapshot, re-ingested by INSERT
        assertEquals(sortedByKey(second), storage.hourly().snapshot(VC, T0));

        List<VmSample> third = fleet(T0 + 3600, 5);
        hourly(COPY).replaceSnapshot(VC, T0 + 3600, third); // INSERT-written, re-ingested by COPY
        assertEquals(sortedByKey(third), storage.hourly().snapshot(VC, T0 + 3600));

        assertEquals(21 + 5, count("SELECT count(*) FROM vm_hourly_stats"), "no duplicates, no leftovers");
        assertEquals(26, count("SELECT sum(\"RowCount\") FROM vm_hourly_snapshots"));
        List<VmSample> all = new ArrayList<>();
        storage.hourly().forEachOrdered(new TimeWindow(T0, T0 + 7200), all::add);
        assertEquals(26, all.size());
    }

    /**
     * The first capture of a store (or of a month) fills a partition that has no statistics yet; an anti-join
     * of its rows with the staging table was then planned as a nested loop, n x n (decision 0121). A
     * snapshot's stored keys are read, and its gone VMs deleted, through the primary key whatever the
     * statistics say.
     */
    @ParameterizedTest
    @EnumSource(PgOptions.Ingestion.class)
    void aSnapshotRewrittenInAPartitionWithoutStatisticsFindsItsRowsByTheKey(PgOptions.Ingestion mode) {
        open(1000);
        hourly(mode).replaceSnapshot(VC, T0, fleet(T0, 3_000)); // a new snapshot: one COPY, or inserts
        PgDialect dialect = PgTestDatabase.dialect(stores.get(mode));
        for (String plan : List.of(explain(dialect.storedKeys, "?", "?"),
                explain(dialect.deleteKeys, "?", "?", "'{vm-1}'::text[]"))) {
            assertTrue(plan.contains("vm_hourly_stats_p202601_pkey") && !plan.contains("Nested Loop"), plan);
        }
        List<VmSample> fewer = fleet(T0, 2_500);
        assertEquals(2_500, hourly(mode).replaceSnapshot(VC, T0, fewer));
        assertEquals(sortedByKey(fewer), storage.hourly().snapshot(VC, T0));
        assertEquals(2_500, count("SELECT count(*) FROM vm_hourly_stats"));
    }

    /** The plan of a statement with its parameters given as SQL literals, in order. */
    private String explain(String sql, String... literals) {
        String bound = sql;
        String[] values = {Long.toString(T0), "'" + VC + "'"};
        for (int i = 0; i < literals.length; i++) {
            bound = bound.replaceFirst("\\?", java.util.regex.Matcher.quoteReplacement(
                    "?".equals(literals[i]) ? values[i] : literals[i]));
        }
        StringBuilder plan = new StringBuilder();
        try (Connection c = PgTestDatabase.connect(); Statement st = c.createStatement()) {
            st.execute("SET search_path = " + schema);
            try (ResultSet rs = st.executeQuery("EXPLAIN " + bound)) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        return plan.toString();
    }

    @ParameterizedTest
    @EnumSource(PgOptions.Ingestion.class)
    void aValueThePostgresTextTypeCannotHoldFailsClearlyAndKeepsTheEarlierSnapshot(PgOptions.Ingestion mode) {
        open(3);
        hourly(COPY).replaceSnapshot(VC, T0, fleet(T0, 4));
        List<VmSample> bad = new ArrayList<>(fleet(T0, 6));
        bad.set(5, new VmSample(T0, VC, "vm-5", "uuid-5", "nul\u0000name", null, null, "Gold", null, null, null,
                1, 1.0, 1.0, PowerState.POWERED_ON, false));
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> hourly(mode).replaceSnapshot(VC, T0, bad));
        assertTrue(String.valueOf(e.getMessage()).toLowerCase().contains("0x00")
                        || String.valueOf(e.getMessage()).contains("NUL"), e.getMessage());
        assertEquals(sortedByKey(fleet(T0, 4)), storage.hourly().snapshot(VC, T0), "nothing of the bad write remains");
    }

    private long count(String sql) {
        try (Connection c = PgTestDatabase.connect(); Statement st = c.createStatement()) {
            st.execute("SET search_path = " + schema);
            try (ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    static List<VmSample> sortedByKey(List<VmSample> rows) {
        List<VmSample> sorted = new ArrayList<>(rows);
        sorted.sort((a, b) -> Sql.compareCodePoints(a.key(), b.key()));
        return sorted;
    }
}
