package io.vmledger.web.app;

import io.vmledger.api.AggregationPath;
import io.vmledger.aggregation.DailyAggregationJob;
import io.vmledger.api.Granularity;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSummary;
import io.vmledger.api.settings.Settings;
import io.vmledger.capture.CaptureBackfill;
import io.vmledger.capture.CaptureRun;
import io.vmledger.storage.spi.SnapshotQuery;
import io.vmledger.web.Main;
import io.vmledger.web.config.SettingsLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A manual capture lands on the capture grid: it replaces that hour and never changes a day's sample count. */
class ManualCaptureTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 28);

    @TempDir
    Path dir;

    private AppServices open() {
        SettingsLoader.Loaded loaded = SettingsLoader.load(null, Map.of());
        Settings settings = loaded.settings().toBuilder()
                .inventory(new Settings.InventorySettings(Settings.InventorySource.SIMULATED, 2, 40, 7L))
                .build();
        return AppServices.open(settings, Map.of("path", dir.resolve("ledger.db").toString()), "test");
    }

    private static List<SnapshotRecord> hourly(AppServices services, LocalDate day) {
        long start = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        return services.storage().registry().list(new SnapshotQuery(Granularity.HOURLY, null,
                new TimeWindow(start, start + 86_400), 1000, 0)).items();
    }

    private static List<VmSummary> daily(AppServices services) {
        List<VmSummary> rows = new ArrayList<>();
        new DailyAggregationJob(services.storage(), services.settings()).compute(DAY, AggregationPath.JAVA, rows::add);
        return rows;
    }

    @Test
    void recapturingAnHourInTheMiddleOfItReplacesItsSnapshot() {
        try (AppServices services = open()) {
            long endOfDay = DAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            services.capture().fillHistory(endOfDay - 1, 1, CaptureBackfill.Progress.NONE);
            List<SnapshotRecord> before = hourly(services, DAY);
            assertEquals(48, before.size(), "24 hours of 2 vCenters");
            List<VmSummary> summaryBefore = daily(services);
            assertEquals(24, summaryBefore.get(0).totalSamples());

            // two manual captures at 15:42:17 and 15:05:00: both are the 15:00 snapshot
            long afternoon = DAY.atTime(15, 42, 17).toEpochSecond(ZoneOffset.UTC);
            CaptureRun first = services.capture().captureNow(afternoon);
            CaptureRun second = services.capture().captureNow(afternoon - 37 * 60 - 17);
            assertEquals(DAY.atTime(15, 0).toEpochSecond(ZoneOffset.UTC), first.snapshotTime());
            assertEquals(first.snapshotTime(), second.snapshotTime());
            assertEquals(0, first.failures() + second.failures());

            assertEquals(before, hourly(services, DAY), "the same 48 snapshots, none added");
            assertEquals(summaryBefore, daily(services), "TotalSamples and every AvgIsPresent unchanged");
        }
    }

    @Test
    void captureOnceRecordsTheSnapshotAtTheScheduledHour() throws IOException {
        Path config = dir.resolve("vmledger.yaml");
        Files.writeString(config, "storage:\n  sqlite:\n    path: " + dir.resolve("ledger.db")
                + "\ninventory:\n  simulated:\n    vcenters: 2\n    vms_per_vcenter: 20\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        long startedAt = Instant.now().getEpochSecond();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            String[] args = {"capture-once", "--config", config.toString()};
            PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            assertEquals(0, Main.run(args, System.out, err));
            assertEquals(0, Main.run(args, System.out, err));
        } finally {
            System.setOut(stdout);
        }
        long endedAt = Instant.now().getEpochSecond();
        try (AppServices services = open()) {
            List<SnapshotRecord> all = services.storage().registry().list(new SnapshotQuery(Granularity.HOURLY, null,
                    TimeWindow.all(), 1000, 0)).items();
            // normally one snapshot per vCenter; two when the runs straddled the turn of an hour
            long hours = all.stream().mapToLong(SnapshotRecord::snapshotTime).distinct().count();
            assertTrue(hours == 1 || endedAt / 3600 != startedAt / 3600, all.toString());
            assertEquals(2 * hours, all.size(), all.toString());
            for (SnapshotRecord r : all) {
                assertEquals(0, r.snapshotTime() % 3600, "on the hour: " + r);
                assertTrue(r.snapshotTime() >= startedAt - 3600 && r.snapshotTime() <= endedAt, r.toString());
            }
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("snapshot time " + Instant.ofEpochSecond(endedAt - endedAt % 3600)), printed);
    }
}
