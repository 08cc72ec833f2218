package io.vmledger.benchmarks;

import io.vmledger.api.AggregateTotals;
import io.vmledger.api.Granularity;
import io.vmledger.api.PowerState;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.VmSample;
import io.vmledger.api.VmSummary;
import io.vmledger.api.settings.Settings;
import io.vmledger.reports.DataVersion;
import io.vmledger.reports.ReportFiles;
import io.vmledger.reports.ReportId;
import io.vmledger.reports.ReportService;
import io.vmledger.storage.spi.PeriodWriter;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The report benchmark ({@code bin/vmledger benchmark-reports}, run with {@code -Xmx256m}): times the
 * generation of a daily report of 15,000 VMs, a monthly report of 16,000 and an hourly snapshot of 15,000,
 * each read from a SQLite store and written as the service writes it (temporary file, rename), and
 * prints the time (min and median of the runs), the peak heap of each run and the load average. The
 * store is filled once, straight through the storage plugin, and reused.
 */
public final class ReportBenchmark {
    static final double TARGET_SECONDS = 2.0;
    private static final LocalDate DAY = LocalDate.of(2026, 10, 31);
    private static final YearMonth MONTH = YearMonth.from(DAY);
    private static final String[] POOLS = {"Tin", "Bronze", "Silver", "Gold", "Lab"};

    private ReportBenchmark() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static final BenchOptions.Spec OPTIONS = new BenchOptions.Spec("benchmark-reports",
            "[options]   (the launcher runs it with -Xmx256m)", "")
            .path("data", Path.of("bench-data/reports"), "store and reports of the benchmark")
            .integer("daily-vms", 15_000, 1, 1_000_000, "rows of the daily report (also the hourly one)")
            .integer("monthly-vms", 16_000, 1, 1_000_000, "rows of the monthly report")
            .integer("runs", 5, 1, 1000, "timed runs per report, after one warm-up")
            .flag("enforce", "exit 1 when a median misses the 2 s target");

    static int run(String[] args, PrintStream out, PrintStream err) {
        return OPTIONS.run(args, out, err, o -> {
            try {
                return run(o.path("data"), o.integer("daily-vms"), o.integer("monthly-vms"), o.integer("runs"),
                        o.flag("enforce"), out);
            } catch (IOException e) {
                err.println("benchmark-reports failed: " + e.getMessage());
                return 1;
            }
        });
    }

    private static int run(Path data, int dailyVms, int monthlyVms, int runs, boolean enforce, PrintStream out)
            throws IOException {
        Files.createDirectories(data);
        Path db = data.resolve("reports-bench-" + dailyVms + "-" + monthlyVms + ".db");
        boolean fresh = !Files.exists(db);
        Settings settings = Settings.defaults().toBuilder()
                .asyncReportGeneration(false)
                .build();
        out.printf(Locale.ROOT, "report benchmark: daily %,d rows, monthly %,d rows, hourly %,d rows; max heap %d MB; "
                        + "java %s, %d processors%n", dailyVms, monthlyVms, dailyVms,
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        boolean ok = true;
        try (Storage storage = StorageProviders.open(settings, Map.of("path", db.toString()));
             ReportService reports = new ReportService(storage, settings, new ReportFiles(data.resolve("xlsx")),
                     DataVersion.UNKNOWN)) {
            if (fresh) {
                long t0 = System.nanoTime();
                fill(storage, dailyVms, monthlyVms);
                out.printf(Locale.ROOT, "store filled in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, db);
            }
            long hour = DAY.atStartOfDay(ZoneOffset.UTC).toEpochSecond() + 12 * 3600;
            for (ReportId id : List.of(ReportId.daily(DAY), ReportId.monthly(MONTH), ReportId.hourly(hour))) {
                ok &= time(reports, id, runs, out);
            }
        }
        out.println("load average: " + BenchOptions.loadAverage());
        return enforce && !ok ? 1 : 0;
    }

    private static boolean time(ReportService reports, ReportId id, int runs, PrintStream out) {
        reports.generate(id); // warm-up
        double[] seconds = new double[runs];
        long peak = 0;
        long[] reads = new long[runs];
        int rows = 0;
        long bytes = 0;
        for (int r = 0; r < runs; r++) {
            System.gc();
            resetPeaks();
            long t0 = System.nanoTime();
            ReportService.Generated g = reports.generate(id);
            seconds[r] = (System.nanoTime() - t0) / 1e9;
            reads[r] = g.readMillis();
            peak = Math.max(peak, peakHeap());
            rows = g.rows();
            bytes = g.info().sizeBytes();
        }
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        double median = sorted[runs / 2];
        boolean met = median <= TARGET_SECONDS;
        Arrays.sort(reads);
        out.printf(Locale.ROOT, "%-42s %,7d rows %,9d bytes: min %.3f s, median %.3f s (%d runs; reading the rows "
                        + "%.3f s of it), peak heap %d MB  %s%n", id.fileName(), rows, bytes, sorted[0], median, runs,
                reads[runs / 2] / 1e3, peak >> 20, met ? "target 2 s met" : "TARGET 2 s MISSED");
        return met;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peaks since the last reset: an upper bound of the heap in use at once. */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    // ------------------------------------------------------------------ the store

    private static void fill(Storage storage, int dailyVms, int monthlyVms) {
        long dayStart = DAY.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        long monthStart = MONTH.atDay(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        try (PeriodWriter w = storage.rollups().beginDaily(DAY, dayStart, false)) {
            for (int i = 0; i < dailyVms; i++) {
                w.add(summary(dayStart, i, 24));
            }
            totals(w, Granularity.DAILY, dayStart, dailyVms);
            w.register(new SnapshotRecord(Granularity.DAILY, dayStart, SnapshotRecord.ALL_VCENTERS, dailyVms, null));
            w.commit();
        }
        try (PeriodWriter w = storage.rollups().beginMonthly(MONTH, monthStart)) {
            for (int i = 0; i < monthlyVms; i++) {
                w.add(summary(monthStart, i, 744));
            }
            totals(w, Granularity.MONTHLY, monthStart, monthlyVms);
            w.register(new SnapshotRecord(Granularity.MONTHLY, monthStart, SnapshotRecord.ALL_VCENTERS, monthlyVms, null));
            w.commit();
        }
        long hour = dayStart + 12 * 3600;
        for (int v = 1; v <= 3; v++) {
            String vc = vcenter(v - 1);
            List<VmSample> rows = new ArrayList<>();
            for (int i = v - 1; i < dailyVms; i += 3) {
                rows.add(new VmSample(hour, vc, "vm-" + (1000 + i), uuid(i), name(i), dayStart - 86_400L * (i % 400),
                        null, POOLS[i % POOLS.length], "dc-" + (i % 2 + 1), "cluster-" + (i % 6 + 1), "folder/" + (i % 40),
                        1 + i % 16, 2 + i % 64, 40 + (i % 900) * 1.5, i % 9 == 0 ? PowerState.POWERED_OFF
                        : PowerState.POWERED_ON, i % 97 == 0));
            }
            storage.hourly().replaceSnapshot(vc, hour, rows);
            storage.registry().register(new SnapshotRecord(Granularity.HOURLY, hour, vc, rows.size(), null));
        }
    }

    private static void totals(PeriodWriter w, Granularity g, long start, int vms) {
        for (int v = 0; v < 3; v++) {
            w.addTotals(new AggregateTotals(vcenter(v), g, start, g == Granularity.DAILY ? 24 : 744, vms / 3.0,
                    vms / 3.5, vms * 2.5, vms * 12.0, vms * 300.0, vms / 3 + 5));
        }
    }

    private static VmSummary summary(long periodStart, int i, int samples) {
        int present = samples - i % samples;
        double share = (double) present / samples;
        return new VmSummary(periodStart, vcenter(i % 3), "vm-" + (1000 + i), "vm-" + (1000 + i), uuid(i), name(i),
                present, samples, share, 1 + i % 16 + 0.25, 2 + i % 64 + 0.5, 40 + (i % 900) * 1.5, 40, 30, 20, 10, 0,
                periodStart + (samples - present) * 3600L, periodStart + (samples - 1) * 3600L, POOLS[i % POOLS.length],
                1 + i % 16, 2 + i % 64, 40 + (i % 900) * 1.5, PowerState.POWERED_ON, "dc-" + (i % 2 + 1),
                "cluster-" + (i % 6 + 1), "folder/" + (i % 40), periodStart - 86_400L * (i % 400),
                i % 50 == 0 ? periodStart + samples * 3600L - 1800 : null);
    }

    private static String vcenter(int v) {
        return "vc0" + (v + 1) + ".bench.example.com";
    }

    private static String name(int i) {
        return String.format(Locale.ROOT, "%s-app%04d-%s", i % 3 == 0 ? "prd" : i % 3 == 1 ? "tst" : "dev", i,
                i % 2 == 0 ? "web" : "db");
    }

    private static String uuid(int i) {
        return new UUID(0x4210_0000_0000_0000L + i, 0x8000_0000_0000_0000L + i * 7919L).toString();
    }
}
