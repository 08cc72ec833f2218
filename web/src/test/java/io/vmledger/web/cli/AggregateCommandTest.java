package io.vmledger.web.cli;

import io.vmledger.api.Granularity;
import io.vmledger.api.PowerState;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.VcenterTotals;
import io.vmledger.api.VmSample;
import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;
import io.vmledger.storage.spi.SummaryQuery;
import io.vmledger.web.Main;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.Map;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bin/vmledger aggregate}: periods are checked before anything is opened; a run writes the period. */
class AggregateCommandTest {
    private static final LocalDate DAY = LocalDate.of(2024, 3, 14);

    @TempDir
    Path dir;
    private Path config;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void writeConfig() throws IOException {
        config = dir.resolve("vmledger.yaml");
        Files.writeString(config, "storage:\n  provider: sqlite\n  sqlite:\n    path: " + db() + "\n");
    }

    private Path db() {
        return dir.resolve("store").resolve("vmledger.db");
    }

    private int run(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "aggregate";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--config";
        all[args.length + 2] = config.toString();
        return Main.run(all, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aMalformedDateIsAOneLineErrorAndNothingIsOpened() {
        assertEquals(1, run("--daily", "2024-13-01"));
        assertTrue(err().startsWith("vmledger aggregate failed: '2024-13-01' is not a date; expected YYYY-MM-DD"), err());
        assertEquals(1, err().strip().lines().count(), err());
        assertTrue(Files.notExists(db()), "the store must not be created for a bad date");
    }

    @Test
    void aFutureDayOrMonthIsAOneLineError() {
        LocalDate tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(2);
        assertEquals(1, run("--daily", tomorrow.toString()));
        assertTrue(err().contains(tomorrow + " is in the future"), err());
        assertEquals(1, err().strip().lines().count(), err());
        err.reset();
        assertEquals(1, run("--monthly", "2999-01"));
        assertTrue(err().contains("2999-01 is in the future"), err());
        err.reset();
        assertEquals(1, run("--monthly", "2024-3"));
        assertTrue(err().contains("'2024-3' is not a month; expected YYYY-MM"), err());
    }

    @Test
    void exactlyOnePeriodAndAKnownPathAreRequired() {
        assertEquals(2, run());
        assertTrue(err().contains("give exactly one of --daily YYYY-MM-DD and --monthly YYYY-MM"), err());
        err.reset();
        assertEquals(2, run("--daily", "2024-03-14", "--path", "python"));
        assertTrue(err().contains("unknown aggregation path 'python' (allowed: java, sql, legacy)"), err());
    }

    @Test
    void aDayIsAggregatedByTheChosenPathAndTheMonthFromIt() {
        long t0 = DAY.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        Settings settings = Settings.defaults();
        try (Storage s = StorageProviders.open(settings, Map.of("path", db().toString()))) {
            for (long t = t0; t < t0 + 4 * 3600; t += 3600) {
                List<VmSample> rows = List.of(new VmSample(t, "vc1", "vm-1", "u-1", "web", t0 - 86_400, null, "Gold",
                        "dc", "cl", "f", 2, 4, 40, PowerState.POWERED_ON, false));
                s.hourly().replaceSnapshot("vc1", t, rows);
                s.compatibility().writeHourly(t, "vc1", rows);
                s.registry().register(new SnapshotRecord(Granularity.HOURLY, t, "vc1", 1, null));
                s.totals().putSnapshotTotals(VcenterTotals.of("vc1", t, rows));
            }
        }
        assertEquals(0, run("--daily", "2024-03-14", "--path", "legacy"), err());
        assertEquals(0, run("--monthly", "2024-03", "--path", "sql"), err());
        assertEquals(1, run("--daily", "2024-03-13"));
        assertTrue(err().contains("no hourly snapshots in 2024-03-13"), err());

        try (Storage s = StorageProviders.open(settings, Map.of("path", db().toString()))) {
            assertEquals(1, s.rollups().daily(t0, SummaryQuery.all()).total());
            assertEquals(4, s.rollups().daily(t0, SummaryQuery.all()).items().get(0).samplesPresent());
            assertEquals(1, s.rollups().monthly(java.time.YearMonth.of(2024, 3), SummaryQuery.all()).total());
        }
    }
}
