package io.vmledger.storage.sqlite.perf;

import io.vmledger.api.AggregateTotals;
import io.vmledger.api.Granularity;
import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VcenterTotals;
import io.vmledger.api.VmSample;
import io.vmledger.api.settings.Settings;
import io.vmledger.storage.jdbc.CompatTableNames;
import io.vmledger.storage.jdbc.JdbcStorage;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;
import io.vmledger.storage.spi.VmLookup;
import io.vmledger.storage.sqlite.SqliteDatabase;
import io.vmledger.storage.sqlite.SqlitePragmas;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Measures the SQLite plugin on a store of {@code --days} days of hourly history for {@code --vms} VMs
 * (built once in {@code --dir} and reused): the next hour's {@code vm_hourly_stats} write, the rest of
 * the hour's persistence (lifecycle, totals, registry, compatibility table), the ordered read of one day,
 * a daily aggregation with its outputs, and trace look-ups. Not a unit test: run it with
 * {@code storage-sqlite/bench.sh} or
 * {@code java -cp <test classpath> io.vmledger.storage.sqlite.perf.SqliteCaptureBench --dir /tmp/bench}.
 */
public final class SqliteCaptureBench {
    static final String VCENTER = "vc-bench-01.example.org";
    static final long EPOCH = 1_735_689_600L; // 2025-01-01T00:00:00Z
    static final long HOUR = 3600;

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = BenchOptions.parse(args);
        Path dir = Path.of(opt.getOrDefault("dir", "/tmp/vmledger-sqlite-bench"));
        int vms = Integer.parseInt(opt.getOrDefault("vms", "15000"));
        int days = Integer.parseInt(opt.getOrDefault("days", "14"));
        int runs = Integer.parseInt(opt.getOrDefault("runs", "7"));
        int pageSize = Integer.parseInt(opt.getOrDefault("page-size", "8192"));
        Files.createDirectories(dir);
        Path file = dir.resolve("plugin-" + vms + "vms-" + days + "d-p" + pageSize + ".db");
        SyntheticFleet fleet = new SyntheticFleet(vms, 42, EPOCH);
        System.out.printf("store %s (%d VMs, %d days, page size %d)%n", file, vms, days, pageSize);

        String only = opt.getOrDefault("only", "all");
        String readThreads = opt.getOrDefault("read-threads", Integer.toString(SqlitePragmas.defaults().readThreads()));
        System.out.printf("read threads %s%n", readThreads);
        try (Storage storage = open(file, pageSize, readThreads)) {
            if (only.equals("read")) {
                orderedDay(storage, runs);
                return;
            }
            if (only.equals("concurrency")) {
                tracesDuringWrites(storage, fleet, 300);
                return;
            }
            if (only.equals("daily")) {
                dailyAggregation(storage, runs);
                return;
            }
            backfill(storage, fleet, days);
            capture(storage, fleet, runs);
            orderedDay(storage, runs);
            dailyAggregation(storage, Math.max(3, runs / 2));
            traces(storage, fleet, 300);
        }
    }

    static Storage open(Path file, int pageSize, String readThreads) {
        return StorageProviders.open(Settings.defaults(), Map.of("path", file.toString(),
                "page_size", Integer.toString(pageSize), "read_threads", readThreads));
    }

    /** Fills the hours missing from the store (hour 0 up to days*24-1). */
    static void backfill(Storage storage, SyntheticFleet fleet, int days) throws SQLException {
        long hours = days * 24L;
        long next = storage.hourly().latestSnapshotTime(VCENTER).stream().map(t -> (t - EPOCH) / HOUR + 1).findFirst()
                .orElse(0);
        if (next >= hours) {
            System.out.printf("backfill: store already holds %d hours%n", next);
            return;
        }
        long t0 = System.nanoTime();
        long rows = 0;
        for (long h = next; h < hours; h++) {
            List<VmSample> snapshot = fleet.snapshot(VCENTER, h);
            long t = fleet.time(h);
            rows += storage.hourly().replaceSnapshot(VCENTER, t, snapshot);
            storage.totals().putSnapshotTotals(VcenterTotals.of(VCENTER, t, snapshot));
            storage.registry().register(new SnapshotRecord(Granularity.HOURLY, t, VCENTER, snapshot.size(), null));
            if ((h + 1) % 24 == 0) {
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("backfill: day %d/%d, %,d rows, %.0f rows/s%n", (h + 1) / 24, days, rows, rows / s);
            }
        }
        List<VmSample> last = fleet.snapshot(VCENTER, hours - 1);
        List<LifecycleEntry> entries = new ArrayList<>();
        for (VmSample s : last) {
            entries.add(new LifecycleEntry(VCENTER, s.key(), s.vmId(), s.vmUuid(), s.name(), EPOCH, s.snapshotTime(),
                    s.creationTime(), null, null));
        }
        storage.lifecycle().upsert(entries);
        checkpoint(storage);
        System.out.printf("backfill: %,d rows in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);
    }

    /** Times the next hours: the vm_hourly_stats write alone and the whole persistence of the hour. */
    static void capture(Storage storage, SyntheticFleet fleet, int runs) {
        long[] write = new long[runs];
        long[] whole = new long[runs];
        long[] lifecycle = new long[runs];
        long[] compat = new long[runs];
        long[] lifecycleRead = new long[runs];
        long[] writeCpu = new long[runs];
        long[] wholeCpu = new long[runs];
        long[] lifecycleUpsert = new long[runs];
        for (int r = 0; r < runs; r++) {
            long h = (storage.hourly().latestSnapshotTime(VCENTER).orElseThrow() - EPOCH) / HOUR + 1;
            long t = fleet.time(h);
            List<VmSample> rows = fleet.snapshot(VCENTER, h);
            long ca = processCpuNow();
            long a = System.nanoTime();
            storage.hourly().replaceSnapshot(VCENTER, t, rows);
            long b = System.nanoTime();
            long cb = processCpuNow();
            // lifecycle: read the cache, refresh every present VM (LastSeen moves each hour), upsert
            Map<String, LifecycleEntry> previous = storage.lifecycle().forVcenter(VCENTER);
            long bRead = System.nanoTime();
            List<LifecycleEntry> changed = new ArrayList<>(rows.size());
            for (VmSample s : rows) {
                LifecycleEntry p = previous.get(s.key());
                changed.add(new LifecycleEntry(VCENTER, s.key(), s.vmId(), s.vmUuid(), s.name(),
                        p == null ? t : p.firstSeen(), t, s.creationTime(), null, null));
            }
            long bUpsert = System.nanoTime();
            storage.lifecycle().upsert(changed);
            long c = System.nanoTime();
            lifecycleRead[r] = bRead - b;
            lifecycleUpsert[r] = c - bUpsert;
            VcenterTotals totals = VcenterTotals.of(VCENTER, t, rows);
            storage.totals().putSnapshotTotals(totals);
            List<VcenterTotals> hour = storage.totals().series(VCENTER, new TimeWindow(t, t + HOUR));
            storage.totals().putAggregates(List.of(AggregateTotals.of(VCENTER, Granularity.HOURLY, t, hour)));
            storage.registry().register(new SnapshotRecord(Granularity.HOURLY, t, VCENTER, rows.size(), null));
            long d = System.nanoTime();
            storage.compatibility().writeHourly(t, VCENTER, rows);
            storage.registry().register(new SnapshotRecord(Granularity.HOURLY, t, VCENTER, rows.size(),
                    CompatTableNames.hourly(t)));
            long e = System.nanoTime();
            long ce = processCpuNow();
            writeCpu[r] = cb - ca;
            wholeCpu[r] = ce - ca;
            write[r] = b - a;
            lifecycle[r] = c - b;
            compat[r] = e - d;
            whole[r] = e - a;
            System.out.printf("capture run %d: vm_hourly_stats %4d ms | lifecycle %4d ms | totals+registry %3d ms"
                            + " | compat table %4d ms | whole %4d ms | CPU: write %4d ms, whole %4d ms%n", r + 1,
                    ms(write[r]), ms(lifecycle[r]), ms(d - c), ms(compat[r]), ms(whole[r]), ms(writeCpu[r]),
                    ms(wholeCpu[r]));
        }
        summary("vm_hourly_stats write", write);
        summary("lifecycle read+upsert", lifecycle);
        summary("  lifecycle forVcenter read", lifecycleRead);
        summary("  lifecycle upsert", lifecycleUpsert);
        summary("compat table write", compat);
        summary("whole hour persistence", whole);
        summary("vm_hourly_stats write, process CPU", writeCpu);
        summary("whole hour persistence, process CPU", wholeCpu);
    }

    /** Times forEachOrdered over the last complete day. */
    static void orderedDay(Storage storage, int runs) {
        TimeWindow day = lastCompleteDay(storage);
        long[] times = new long[runs];
        long[] cpu = new long[runs];
        for (int r = 0; r < runs; r++) {
            long[] count = new long[2];
            long a = System.nanoTime();
            long ca = processCpuNow();
            storage.hourly().forEachOrdered(day, s -> {
                count[0]++;
                count[1] += s.vcpuCount();
            });
            times[r] = System.nanoTime() - a;
            cpu[r] = processCpuNow() - ca;
            System.out.printf("ordered day read run %d: %,d rows in %d ms (process CPU %d ms)%n", r + 1, count[0],
                    ms(times[r]), ms(cpu[r]));
        }
        summary("ordered read of one day", times);
        summary("ordered read of one day, process CPU", cpu);
    }

    /** A plain per-VM daily aggregation over the ordered stream, written through a period writer (compat on). */
    static void dailyAggregation(Storage storage, int runs) {
        TimeWindow day = lastCompleteDay(storage);
        ReportCalendar cal = ReportCalendar.utc();
        long[] times = new long[runs];
        long[] cpu = new long[runs];
        for (int r = 0; r < runs; r++) {
            long a = System.nanoTime();
            long ca = processCpuNow();
            long written = BenchDailyAggregator.run(storage, day, cal);
            times[r] = System.nanoTime() - a;
            cpu[r] = processCpuNow() - ca;
            System.out.printf("daily aggregation run %d: %,d summary rows in %d ms (process CPU %d ms)%n", r + 1,
                    written, ms(times[r]), ms(cpu[r]));
        }
        summary("daily aggregation (read + compute + write)", times);
        summary("daily aggregation, process CPU", cpu);
    }

    /** Trace look-ups of random VMs over 30 days: by VmId directly, and by name through the lifecycle cache. */
    static void traces(Storage storage, SyntheticFleet fleet, int count) {
        long latest = storage.hourly().latestSnapshotTime(VCENTER).orElseThrow();
        long latestHour = (latest - EPOCH) / HOUR;
        TimeWindow window = new TimeWindow(latest + HOUR - 30 * 24 * HOUR, latest + HOUR);
        Random random = new Random(7);
        for (int i = 0; i < 100; i++) { // warm-up: the first look-ups of a fresh JVM compile the code paths
            long number = fleet.vmNumber(random.nextInt(fleet.size()), latestHour);
            storage.hourly().trace(VCENTER, "vm-" + (10_000 + number), window);
        }
        long[] byId = new long[count];
        long[] byName = new long[count];
        long rows = 0;
        for (int i = 0; i < count; i++) {
            int slot = random.nextInt(fleet.size());
            long number = fleet.vmNumber(slot, latestHour);
            String vmId = "vm-" + (10_000 + number);
            long a = System.nanoTime();
            rows += storage.hourly().trace(VCENTER, vmId, window).size();
            byId[i] = System.nanoTime() - a;
            String name = storage.lifecycle().get(VCENTER, vmId).orElseThrow().name();
            long b = System.nanoTime();
            for (LifecycleEntry e : storage.lifecycle().find(new VmLookup(VmLookup.By.NAME, name, null))) {
                rows += storage.hourly().trace(e.vcenter(), e.vmKey(), window).size();
            }
            byName[i] = System.nanoTime() - b;
        }
        System.out.printf("trace: %d look-ups, %,d rows%n", count, rows);
        percentiles("trace by VmId over 30 days", byId);
        percentiles("trace by Name (lifecycle look-up + trace)", byName);
    }

    /**
     * Trace look-ups while another thread re-captures a second vCenter's 15,000-row snapshot in a loop:
     * reads run on their own connections (WAL), so they should not wait for the writer.
     */
    static void tracesDuringWrites(Storage storage, SyntheticFleet fleet, int count) throws InterruptedException {
        long latest = storage.hourly().latestSnapshotTime(VCENTER).orElseThrow();
        long latestHour = (latest - EPOCH) / HOUR;
        TimeWindow window = new TimeWindow(latest + HOUR - 30 * 24 * HOUR, latest + HOUR);
        String other = "vc-bench-02.example.org";
        List<VmSample> rows = fleet.snapshot(other, latestHour);
        Random random = new Random(11);
        for (int i = 0; i < 100; i++) {
            storage.hourly().trace(VCENTER, "vm-" + (10_000 + fleet.vmNumber(random.nextInt(fleet.size()), latestHour)), window);
        }
        long[] idle = new long[count];
        for (int i = 0; i < count; i++) {
            String id = "vm-" + (10_000 + fleet.vmNumber(random.nextInt(fleet.size()), latestHour));
            long a = System.nanoTime();
            storage.hourly().trace(VCENTER, id, window);
            idle[i] = System.nanoTime() - a;
        }
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        Thread writer = Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                storage.hourly().replaceSnapshot(other, latest, rows.stream().map(r -> r.withSnapshotTime(latest)).toList());
                writes.incrementAndGet();
            }
        });
        long[] busy = new long[count];
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String id = "vm-" + (10_000 + fleet.vmNumber(random.nextInt(fleet.size()), latestHour));
            long a = System.nanoTime();
            storage.hourly().trace(VCENTER, id, window);
            busy[i] = System.nanoTime() - a;
        }
        long elapsed = System.nanoTime() - start;
        stop.set(true);
        writer.join();
        storage.hourly().replaceSnapshot(other, latest, List.of());
        System.out.printf("%d snapshot writes of %,d rows ran during %d ms of look-ups%n", writes.get(), rows.size(),
                ms(elapsed));
        percentiles("trace by VmId, no writer", idle);
        percentiles("trace by VmId, writer re-capturing meanwhile", busy);
    }

    static TimeWindow lastCompleteDay(Storage storage) {
        long latest = storage.hourly().latestSnapshotTime(VCENTER).orElseThrow();
        long dayStart = Math.floorDiv(latest, 86_400) * 86_400;
        return new TimeWindow(dayStart - 86_400, dayStart);
    }

    static void checkpoint(Storage storage) throws SQLException {
        if (storage instanceof JdbcStorage s && s.database() instanceof SqliteDatabase db) {
            try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db.file().toAbsolutePath());
                 Statement st = c.createStatement()) {
                st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
    }

    /** CPU time of the whole process (all threads, GC included): a figure that other load on the machine barely moves. */
    static long processCpuNow() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static long ms(long nanos) {
        return Math.round(nanos / 1e6);
    }

    static void summary(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf("RESULT %-45s runs %d  min %5d ms  median %5d ms  max %5d ms%n", what, s.length, ms(s[0]),
                ms(median(s)), ms(s[s.length - 1]));
    }

    static void percentiles(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf("RESULT %-45s n %d  p50 %.2f ms  p99 %.2f ms  max %.2f ms%n", what, s.length,
                s[s.length / 2] / 1e6, s[(int) Math.min(s.length - 1, Math.ceil(s.length * 0.99) - 1)] / 1e6,
                s[s.length - 1] / 1e6);
    }

    static long median(long[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** {@code --key value} options. */
    static final class BenchOptions {
        static Map<String, String> parse(String[] args) {
            Map<String, String> out = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --option value pairs, got: " + String.join(" ", args));
                }
                out.put(args[i].substring(2), args[++i]);
            }
            return out;
        }
    }
}
