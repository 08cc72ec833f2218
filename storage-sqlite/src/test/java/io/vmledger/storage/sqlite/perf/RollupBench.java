package io.vmledger.storage.sqlite.perf;

import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSummary;
import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.PeriodWriter;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;
import io.vmledger.storage.spi.SummaryQuery;
import io.vmledger.storage.sqlite.SqlitePragmas;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;

import static io.vmledger.storage.sqlite.perf.SqliteCaptureBench.median;
import static io.vmledger.storage.sqlite.perf.SqliteCaptureBench.ms;
import static io.vmledger.storage.sqlite.perf.SqliteCaptureBench.processCpuNow;

/**
 * Times the SQLite plugin's side of monthly aggregation on an existing store (for example the aggregation
 * benchmark's, or a copy of it): the ordered read of a month's {@code vm_daily_rollup} rows
 * ({@code forEachDailyOrdered}, into a sink that only counts), the ordered read of the month's last day of
 * hourly rows, and the period writers of a month and of a day, fed with rows the store already holds. Prints wall-clock and process CPU time (all threads). The
 * figures of docs/decisions/0012-sqlite-rollup-read.md come from it. Not a unit test:
 * {@code storage-sqlite/bench.sh rollups --file F --month 2026-01 [--runs 7] [--read-threads 2] [--only read|hourly|write]
 * [--log-writer true]}. It rewrites
 * the month's summary table and the month's last day's outputs with their own rows.
 */
public final class RollupBench {
    private static final Comparator<VmSummary> BY_KEY = Comparator.comparing(VmSummary::vcenter)
            .thenComparing(VmSummary::vmKey);
    /** Held so that its level is not lost with a collected logger. */
    private static Logger writerLog;

    public static void main(String[] args) {
        Map<String, String> opt = SqliteCaptureBench.BenchOptions.parse(args);
        Path file = Path.of(opt.get("file"));
        YearMonth month = YearMonth.parse(opt.getOrDefault("month", "2026-01"));
        int runs = Integer.parseInt(opt.getOrDefault("runs", "7"));
        String threads = opt.getOrDefault("read-threads", Integer.toString(SqlitePragmas.defaults().readThreads()));
        String only = opt.getOrDefault("only", "all");
        if (Boolean.parseBoolean(opt.getOrDefault("log-writer", "false"))) {
            // the period writer's DEBUG line: time to remove earlier outputs, insert rows, commit
            writerLog = Logger.getLogger("io.vmledger.storage.jdbc.JdbcPeriodWriter");
            writerLog.setLevel(Level.FINE);
            ConsoleHandler h = new ConsoleHandler();
            h.setLevel(Level.FINE);
            writerLog.addHandler(h);
        }
        long monthStart = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        long monthEnd = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        TimeWindow window = new TimeWindow(monthStart, monthEnd);
        System.out.printf("store %s, month %s, read threads %s%n", file, month, threads);
        try (Storage s = StorageProviders.open(Settings.defaults(), Map.of("path", file.toString(),
                "read_threads", threads))) {
            if (only.equals("all") || only.equals("read")) {
                read(s, window, runs);
            }
            if (only.equals("all") || only.equals("hourly")) {
                // the month's last day, the daily aggregation's input in the aggregation benchmark's store
                TimeWindow day = new TimeWindow(monthEnd - 86_400, monthEnd);
                long[] count = {0};
                time("forEachOrdered (hourly), last day", runs, () -> {
                    count[0] = 0;
                    s.hourly().forEachOrdered(day, r -> count[0]++);
                });
                System.out.printf("  (%,d rows)%n", count[0]);
            }
            if (only.equals("all") || only.equals("write")) {
                // in the order the monthly job adds them (the writer's table is keyed by vCenter, VM key)
                List<VmSummary> monthly = s.rollups().monthly(month, SummaryQuery.all()).items().stream()
                        .sorted(BY_KEY).toList();
                time("monthly writer, " + monthly.size() + " rows", runs, () -> {
                    try (PeriodWriter w = s.rollups().beginMonthly(month, monthStart)) {
                        monthly.forEach(w::add);
                        w.commit();
                    }
                });
                List<Long> days = s.rollups().dailyRollupDays(window);
                long day = days.get(days.size() - 1);
                LocalDate date = LocalDate.ofInstant(Instant.ofEpochSecond(day), ZoneOffset.UTC);
                List<VmSummary> daily = s.rollups().daily(day, SummaryQuery.all()).items().stream().sorted(BY_KEY)
                        .toList();
                time("daily writer with compat table, " + daily.size() + " rows", runs, () -> {
                    try (PeriodWriter w = s.rollups().beginDaily(date, day, true)) {
                        daily.forEach(w::add);
                        w.commit();
                    }
                });
            }
        }
    }

    private static void read(Storage s, TimeWindow window, int runs) {
        long[] count = {0};
        time("forEachDailyOrdered, month", runs, () -> {
            count[0] = 0;
            s.rollups().forEachDailyOrdered(window, r -> count[0]++);
        });
        System.out.printf("  (%,d rows)%n", count[0]);
    }

    /** One warm-up, then {@code runs} timed runs: wall and process CPU, min and median. */
    private static void time(String what, int runs, Runnable work) {
        work.run();
        long[] wall = new long[runs];
        long[] cpu = new long[runs];
        for (int i = 0; i < runs; i++) {
            long c0 = processCpuNow();
            long t0 = System.nanoTime();
            work.run();
            wall[i] = System.nanoTime() - t0;
            cpu[i] = processCpuNow() - c0;
        }
        java.util.Arrays.sort(wall);
        java.util.Arrays.sort(cpu);
        System.out.printf("RESULT %-45s wall min %5d ms median %5d ms | CPU min %5d ms median %5d ms%n", what,
                ms(wall[0]), ms(median(wall)), ms(cpu[0]), ms(median(cpu)));
    }
}
