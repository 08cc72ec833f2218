package io.vmledger.storage.sqlite;

import io.vmledger.api.PowerState;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSummary;
import io.vmledger.api.settings.Settings;
import io.vmledger.storage.jdbc.CompatTableNames;
import io.vmledger.storage.spi.PeriodWriter;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.jdbc.JdbcStorage;
import io.vmledger.storage.jdbc.RowCodec;
import io.vmledger.storage.jdbc.Sql;
import io.vmledger.storage.jdbc.SummaryRows;
import io.vmledger.storage.spi.StorageException;
import io.vmledger.storage.spi.SummaryQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Summary rows are read through one packed value plus the REAL columns; every kind of content must survive it. */
class PackedRollupRowTest {
    static final long D1 = 1_709_251_200L; // 2024-03-01T00:00:00Z
    static final long D2 = D1 + 86_400;
    static final String VC = "vc:1;2";
    static final Comparator<VmSummary> ORDER = Comparator.comparing(VmSummary::vcenter, Sql::compareCodePoints)
            .thenComparing(VmSummary::vmKey, Sql::compareCodePoints)
            .thenComparingLong(VmSummary::periodStart);

    @TempDir
    Path dir;

    JdbcStorage open(String name, int threads) {
        return SqliteStores.open(dir.resolve(name), Settings.defaults(),
                Map.of(SqlitePragmas.READ_THREADS.name(), Integer.toString(threads)));
    }

    /** Rows of one period with awkward texts, NULLs, empty strings, extreme integers and REALs. */
    static List<VmSummary> awkwardRows(long period) {
        String longName = "x:;".repeat(4_000) + "\u00E9";
        return List.of(
                // VM id equal to the key (the reader shares the String), separators everywhere
                new VmSummary(period, VC, "k:1;", "k:1;", "12:34;56", "name:with;separators:3:", 0, Long.MAX_VALUE,
                        0.1 + 0.2, 1e-300, Double.MAX_VALUE, Double.MIN_VALUE, 1.0 / 3, 100, 0, 2.5e-310, -7.75,
                        Long.MIN_VALUE, -1, "", Integer.MAX_VALUE, 123456789.123456789, 4.9e-324,
                        PowerState.POWERED_ON, "dc 1", "clüster", "folder/ü/€", -5L, 0L),
                // every nullable column NULL
                new VmSummary(period, VC, "k:2;", null, null, null, 1, 2, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, period,
                        period, null, Integer.MIN_VALUE, 0, 0, null, null, null, null, null, null),
                // empty strings are not NULLs; texts that look like the encoding
                new VmSummary(period, VC, "uuid:", "", "", "", 3, 4, 0.75, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, "9:", 1,
                        0.0, 7.25, PowerState.POWERED_OFF, ":", ";", "0", Long.MAX_VALUE, Long.MIN_VALUE),
                // NUL, newline, characters beyond the BMP; an id of the key's length that differs from it
                new VmSummary(period, VC, "vm-\uD83D\uDE00", "vm-\uD83D\uDE01", "u", "n\u0000ul and\nnewline \u4E2D\u6587 \u00FF\u00FE\uFEFF\uFFFF\uFFFE",
                        24, 24, 1, 2, 4, 40, 0, 0, 0, 100, 0, period, period + 82_800, "Gold", 2, 4, 40,
                        PowerState.SUSPENDED, "d", "c", "f", 1L, null),
                new VmSummary(period, VC, "vm-\uFFFD", "vm-\uFFFD", null, longName, 24, 24, 1, 2, 4, 40, 0, 0, 0,
                        100, 0, period, period + 82_800, longName, 2, 4, 40, PowerState.POWERED_ON, "d", "c", "f",
                        null, 1L),
                // another vCenter, whose name sorts first
                new VmSummary(period, "vc 0", "vm-1", "vm-1", "uuid-1", "web", 24, 24, 1, 2, 4, 40, 0, 0, 100, 0,
                        0, period, period + 82_800, "Silver", 2, 4, 40, PowerState.POWERED_ON, "d", "c", "f", null,
                        null));
    }

    @Test
    void awkwardValuesRoundTripThroughEverySummaryRead() {
        for (int threads : new int[] {1, 2}) {
            try (JdbcStorage s = open("r" + threads + ".db", threads)) {
                List<VmSummary> all = new ArrayList<>();
                for (long day : new long[] {D1, D2}) {
                    List<VmSummary> rows = awkwardRows(day);
                    try (PeriodWriter w = s.rollups().beginDaily(LocalDate.ofEpochDay(day / 86_400), day, true)) {
                        rows.forEach(w::add);
                        w.commit();
                    }
                    all.addAll(rows);
                    List<VmSummary> byKey = rows.stream().sorted(ORDER).toList();
                    List<VmSummary> page = s.rollups().daily(day, SummaryQuery.all()).items().stream().sorted(ORDER)
                            .toList();
                    assertEquals(byKey, page, "daily page, " + threads + " threads");
                    // the compatibility table is copied from vm_daily_rollup inside the writer's transaction
                    String table = CompatTableNames.dailySummary(LocalDate.ofEpochDay(day / 86_400));
                    List<VmSummary> compat = s.database().read("read " + table, c -> {
                        List<VmSummary> out = new ArrayList<>();
                        var reader = PackedColumns.reader(SummaryRows.CODEC, "summary row");
                        try (PreparedStatement ps = c.prepareStatement("SELECT "
                                + PackedColumns.selectList(SummaryRows.CODEC, null) + " FROM " + table);
                             ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                out.add(reader.read(rs));
                            }
                        }
                        return out;
                    });
                    assertEquals(byKey, compat.stream().sorted(ORDER).toList(), table);
                }
                List<VmSummary> streamed = new ArrayList<>();
                s.rollups().forEachDailyOrdered(TimeWindow.all(), streamed::add);
                assertEquals(all.stream().sorted(ORDER).toList(), streamed, "ordered read, " + threads + " threads");
                assertSame(streamed.get(0).vmKey(), streamed.get(0).vmId(), "an id equal to the key is shared");

                List<VmSummary> month = awkwardRows(D1);
                try (PeriodWriter w = s.rollups().beginMonthly(YearMonth.of(2024, 3), D1)) {
                    month.forEach(w::add);
                    w.commit();
                }
                assertEquals(month.stream().sorted(ORDER).toList(), s.rollups().monthly(YearMonth.of(2024, 3),
                        SummaryQuery.all()).items().stream().sorted(ORDER).toList());
            }
        }
    }

    @Test
    void randomRealsAndIntegersRoundTripExactly() {
        Random random = new Random(12);
        try (JdbcStorage s = open("random.db", 2)) {
            List<VmSummary> rows = new ArrayList<>();
            for (int n = 0; n < 2_000; n++) {
                double[] d = new double[11];
                for (int i = 0; i < d.length; i++) {
                    // any finite bit pattern, subnormals included (SQLite stores NaN as NULL)
                    do {
                        d[i] = Double.longBitsToDouble(random.nextLong());
                    } while (!Double.isFinite(d[i]) || d[i] == 0);
                }
                rows.add(new VmSummary(D1, VC, "vm-" + n, n % 3 == 0 ? null : "vm-" + n, randomText(random),
                        randomText(random), random.nextLong(), random.nextLong(), d[0], d[1], d[2], d[3], d[4], d[5],
                        d[6], d[7], d[8], random.nextLong(), random.nextLong(), randomText(random), random.nextInt(),
                        d[9], d[10], PowerState.values()[random.nextInt(PowerState.values().length)],
                        randomText(random), randomText(random), randomText(random),
                        random.nextBoolean() ? null : random.nextLong(), random.nextBoolean() ? null : random.nextLong()));
            }
            try (PeriodWriter w = s.rollups().beginDaily(LocalDate.of(2024, 3, 1), D1, false)) {
                rows.forEach(w::add);
                w.commit();
            }
            List<VmSummary> streamed = new ArrayList<>();
            s.rollups().forEachDailyOrdered(TimeWindow.all(), streamed::add);
            assertEquals(rows.stream().sorted(ORDER).toList(), streamed);
        }
    }

    /** Null, empty, or a few characters drawn from separators, digits, NUL and multi-byte characters. */
    private static String randomText(Random random) {
        int length = random.nextInt(12) - 2;
        if (length < 0) {
            return length == -1 ? null : "";
        }
        String alphabet = ":;0123456789\u0000\n a\u00E9\u20AC\uD83D\uDE00";
        StringBuilder sb = new StringBuilder();
        while (sb.length() < length) {
            int i = random.nextInt(alphabet.length());
            char c = alphabet.charAt(i);
            if (Character.isHighSurrogate(c)) {
                sb.append(c).append(alphabet.charAt(i + 1));
            } else if (!Character.isLowSurrogate(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Test
    void theFetchReadsThroughTheDriverWhatTheGettersRead() {
        try (JdbcStorage s = open("fetch.db", 1)) {
            try (PeriodWriter w = s.rollups().beginDaily(LocalDate.of(2024, 3, 1), D1, false)) {
                awkwardRows(D1).forEach(w::add);
                w.commit();
            }
            int rows = s.database().read("fetch", c -> {
                PackedFetch direct = new PackedFetch(11);
                PackedFetch viaGetters = new PackedFetch(11);
                int n = 0;
                try (PreparedStatement ps = c.prepareStatement("SELECT "
                        + PackedColumns.selectList(SummaryRows.CODEC, null) + " FROM vm_daily_rollup");
                     ResultSet rs = ps.executeQuery()) {
                    // a statement that is not the driver's own (a wrapper) takes the getters
                    Statement wrapper = (Statement) Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {Statement.class}, (proxy, method, args) -> method.invoke(ps, args));
                    ResultSet wrapped = (ResultSet) Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {ResultSet.class}, (proxy, method, args) -> method.getName()
                                    .equals("getStatement") ? wrapper : method.invoke(rs, args));
                    while (rs.next()) {
                        direct.fetch(rs);
                        viaGetters.fetch(wrapped);
                        assertArrayEquals(rs.getBytes(1), direct.packed());
                        assertArrayEquals(rs.getBytes(1), viaGetters.packed());
                        for (int i = 0; i < 11; i++) {
                            assertEquals(rs.getDouble(i + 2), direct.real(i));
                            assertEquals(rs.getDouble(i + 2), viaGetters.real(i));
                        }
                        n++;
                    }
                }
                assertEquals(n, direct.directRows(), "sqlite-jdbc statements are read through the driver");
                assertEquals(0, viaGetters.directRows());
                return n;
            });
            assertEquals(awkwardRows(D1).size(), rows);
        }
    }

    @Test
    void theParserRefusesMalformedValuesWithTheirText() {
        assertEquals(Long.MIN_VALUE, parser("-9223372036854775808;").integer());
        assertEquals(Long.MAX_VALUE, parser("9223372036854775807;").integer());
        assertNull(parser(";").nullableInteger());
        assertThrows(StorageException.class, () -> parser(";").integer(), "NULL where a value is required");
        assertNull(parser(":").text(RowCodec.Repeats.NONE));
        assertEquals("", parser("0:").text(RowCodec.Repeats.NONE));
        for (String bad : List.of("9223372036854775808;", "-9223372036854775809;", "-;", "12", "1x;")) {
            StorageException e = assertThrows(StorageException.class, () -> parser(bad).nullableInteger(), bad);
            assertTrue(e.getMessage().contains("malformed packed test value"), e.getMessage());
        }
        for (String bad : List.of("3:ab", "x:", "99999999999:a", "2;ab")) {
            assertThrows(StorageException.class, () -> parser(bad).text(RowCodec.Repeats.NONE), bad);
        }
        PackedColumns.Source p = parser("1;2;");
        p.integer();
        assertThrows(StorageException.class, p::end, "trailing fields are an error");
        assertThrows(StorageException.class, () -> source().start(null));
    }

    private static PackedColumns.Source source() {
        return new PackedColumns.Source(new PackedFetch(0), 4, "test value");
    }

    private static PackedColumns.Source parser(String value) {
        PackedColumns.Source s = source();
        s.start(value.getBytes(StandardCharsets.UTF_8));
        return s;
    }
}
