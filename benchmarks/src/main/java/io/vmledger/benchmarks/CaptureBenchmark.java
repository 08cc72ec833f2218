package io.vmledger.benchmarks;

import io.vmledger.api.Granularity;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.settings.Settings;
import io.vmledger.api.settings.SettingsException;
import io.vmledger.capture.CaptureBackfill;
import io.vmledger.capture.CapturePipeline;
import io.vmledger.capture.CaptureRun;
import io.vmledger.capture.CaptureStage;
import io.vmledger.capture.VcenterCaptureResult;
import io.vmledger.capture.simulated.SimulatedInventorySource;
import io.vmledger.storage.spi.SnapshotQuery;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageException;
import io.vmledger.storage.spi.StorageProviders;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * The capture benchmark: a store with {@code --days} (14) days of hourly history of one simulated
 * vCenter of {@code --vms} (15,000) VMs, built once through the real pipeline and reused, then
 * {@code --runs} (5) timed captures of the next hours. Prints, per run and as min and median, the
 * {@code vm_hourly_stats} write alone and the whole pipeline (hourly rows, lifecycle, totals,
 * registry, compatibility table). Each run captures a new hour, as the hourly job does; the store
 * therefore grows by a few hours per invocation ({@code --rebuild} starts again). {@code --recapture}
 * re-captures one hour instead, measuring the replace path.
 */
public final class CaptureBenchmark {
    /** 2026-01-01T00:00:00Z: the first hour of the history, fixed so every build is the same. */
    static final long HISTORY_START = 1_767_225_600L;
    static final long HOUR = 3600;
    static final double TARGET_HOURLY_WRITE = 0.5;
    static final double TARGET_PIPELINE = 1.0;
    private static final String DB_FILE = "capture-bench.db";
    private static final String MARKER = "capture-bench.properties";

    private final Options o;
    private final PrintStream out;

    CaptureBenchmark(Options options, PrintStream out) {
        this.o = options;
        this.out = out;
    }

    static final BenchOptions.Spec OPTIONS = new BenchOptions.Spec("benchmark-capture", "[options]", "")
            .path("data", Path.of("benchmarks", "target", "bench-data"), "where the store lives, built once and reused")
            .integer("vms", 15_000, 1, 1_000_000, "VMs of the simulated vCenter")
            .integer("days", 14, 1, 366, "days of hourly history to build")
            .integer("runs", 5, 1, 1000, "measured runs, each a new hour")
            .integer("warmup", 1, 0, 100, "unmeasured runs first")
            .longValue("seed", 42, "simulation seed")
            .bool("compat", true, "write inventory_hourly_<T> tables, as compatibility mode does")
            .integer("batch-size", 1000, 1, 100_000, "settings.capture_write_batch_size")
            .text("provider", "sqlite", "NAME", "storage plugin")
            .pairs("option", "a storage.<provider>.K option, repeatable (e.g. --option mmap_mb=0)")
            .flag("recapture", "re-capture one hour in every run instead of a new hour each time (the replace path; "
                    + "the store stops growing)")
            .flag("rebuild", "discard the store in --data and build it again")
            .flag("enforce", "exit 1 when a target is missed");

    public static void main(String[] args) {
        System.exit(OPTIONS.run(args, System.out, System.err, o -> {
            try {
                Summary s = new CaptureBenchmark(new Options(o), System.out).run();
                return o.flag("enforce") && !s.targetsMet() ? 1 : 0;
            } catch (SettingsException | StorageException | IllegalStateException e) {
                System.err.println("capture benchmark failed: " + e.getMessage());
                return 1;
            }
        }));
    }

    /** What the timed runs measured. */
    record Summary(double[] hourlyWrite, double[] pipeline, double[] lifecycle, int rows) {
        boolean targetsMet() {
            return median(hourlyWrite) <= TARGET_HOURLY_WRITE && median(pipeline) <= TARGET_PIPELINE;
        }
    }

    /** The plugin options of the run; a SQLite store lives in the data directory unless an option says otherwise. */
    private Map<String, String> storageOptions(Path db) {
        Map<String, String> options = new HashMap<>(o.storageOptions);
        if ("sqlite".equals(o.provider)) {
            options.putIfAbsent("path", db.toString());
        }
        return options;
    }

    Summary run() {
        Path dir = o.data.toAbsolutePath().normalize();
        Path db = dir.resolve(DB_FILE);
        prepare(dir, db);
        Settings settings = Settings.defaults().toBuilder()
                .storage(new Settings.StorageSettings(o.provider))
                .captureWriteBatchSize(o.batchSize)
                .snapshotTableCompatMode(o.compat)
                .asyncReportGeneration(false)
                .hourlySnapshotConcurrency(1)
                .inventory(new Settings.InventorySettings(Settings.InventorySource.SIMULATED, 1, o.vms, o.seed))
                .build();
        SimulatedInventorySource source = new SimulatedInventorySource(1, o.vms, o.seed);
        String vc = source.vcenters().get(0);

        out.printf(Locale.ROOT, "capture benchmark: %,d VMs (simulated %s, seed %d), %d days of hourly history, "
                        + "compatibility tables %s, batch size %d%n", o.vms, vc, o.seed, o.days, o.compat ? "on" : "off",
                o.batchSize);
        out.printf(Locale.ROOT, "store: %s (%s)%n", db, o.provider);
        out.printf(Locale.ROOT, "java %s, %d processors%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());

        long t0 = System.nanoTime();
        Storage storage = StorageProviders.open(settings, storageOptions(db));
        out.printf(Locale.ROOT, "opened in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        try (storage; CapturePipeline pipeline = new CapturePipeline(storage, source, settings)) {
            buildHistory(storage, pipeline, vc);
            return measure(storage, pipeline, vc);
        }
    }

    /** Creates the directory; with {@code --rebuild} or a store built with other parameters, starts afresh. */
    private void prepare(Path dir, Path db) {
        try {
            Files.createDirectories(dir);
            Path marker = dir.resolve(MARKER);
            Properties wanted = new Properties();
            wanted.setProperty("vms", Integer.toString(o.vms));
            wanted.setProperty("seed", Long.toString(o.seed));
            wanted.setProperty("compat", Boolean.toString(o.compat));
            wanted.setProperty("historyStart", Long.toString(HISTORY_START));
            wanted.setProperty("provider", o.provider);
            boolean exists = Files.exists(db);
            if (exists && !o.rebuild) {
                Properties have = new Properties();
                if (Files.exists(marker)) {
                    try (InputStream in = Files.newInputStream(marker)) {
                        have.load(in);
                    }
                }
                if (!have.equals(wanted)) {
                    throw new IllegalStateException(db + " was built with " + describe(have) + ", not with "
                            + describe(wanted) + "; use another --data directory or --rebuild");
                }
                return;
            }
            if (exists) {
                out.println("rebuilding: removing " + db);
                for (String suffix : List.of("", "-wal", "-shm")) {
                    Files.deleteIfExists(dir.resolve(DB_FILE + suffix));
                }
            }
            try (OutputStream os = Files.newOutputStream(marker)) {
                wanted.store(os, "parameters of the capture benchmark store " + DB_FILE);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String describe(Properties p) {
        return p.isEmpty() ? "unknown parameters" : new java.util.TreeMap<>(p).toString();
    }

    /** Captures the history hours the store lacks (all of them on the first run, none afterwards). */
    private void buildHistory(Storage storage, CapturePipeline pipeline, String vc) {
        long last = HISTORY_START + (o.days * 24L - 1) * HOUR;
        OptionalLong newest = storage.hourly().latestSnapshotTime(vc);
        long from = newest.isPresent() ? Math.max(HISTORY_START, newest.getAsLong() + HOUR) : HISTORY_START;
        if (from > last) {
            out.printf(Locale.ROOT, "history: present (%d hourly snapshots up to %s)%n", snapshotCount(storage, vc),
                    Instant.ofEpochSecond(newest.getAsLong()));
            return;
        }
        int hours = (int) ((last - from) / HOUR + 1);
        out.printf(Locale.ROOT, "history: building %d hours from %s (once; later runs reuse it)%n", hours,
                Instant.ofEpochSecond(from));
        long start = System.nanoTime();
        long[] rows = {0};
        CaptureBackfill backfill = new CaptureBackfill(pipeline);
        CaptureBackfill.Result r = backfill.captureRange(from, last, (done, total, run) -> {
            rows[0] += run.rows();
            if (!run.allSucceeded()) {
                throw new IllegalStateException("history capture of " + Instant.ofEpochSecond(run.snapshotTime())
                        + " failed: " + run.results().get(0).error());
            }
            if (done % 24 == 0 || done == total) {
                double s = (System.nanoTime() - start) / 1e9;
                out.printf(Locale.ROOT, "  %4d/%d hours, %,d rows, %.0f s elapsed, about %.0f s left%n", done, total,
                        rows[0], s, s / done * (total - done));
            }
        });
        out.printf(Locale.ROOT, "history: %s%n", r.describe());
    }

    private static long snapshotCount(Storage storage, String vc) {
        return storage.registry().list(new SnapshotQuery(Granularity.HOURLY, vc, TimeWindow.all(), 1, 0)).total();
    }

    private Summary measure(Storage storage, CapturePipeline pipeline, String vc) {
        int total = o.warmup + o.runs;
        double[] write = new double[o.runs];
        double[] whole = new double[o.runs];
        double[] lifecycle = new double[o.runs];
        int rows = 0;
        long fixed = storage.hourly().latestSnapshotTime(vc).orElse(HISTORY_START - HOUR) + HOUR;
        out.printf(Locale.ROOT, "%ntimed runs: %s (%d warm-up, %d measured)%n", o.recapture
                ? "each re-captures " + Instant.ofEpochSecond(fixed) + " (replacing its rows)"
                : "each captures the next new hour", o.warmup, o.runs);
        out.printf(Locale.ROOT, "%-8s %-21s %7s %9s %9s %9s %9s %9s %10s%n", "run", "snapshot", "rows", "capture",
                "hourly", "lifecycle", "register", "compat", "pipeline");
        for (int i = 0; i < total; i++) {
            long t = o.recapture ? fixed : storage.hourly().latestSnapshotTime(vc).orElse(HISTORY_START - HOUR) + HOUR;
            CaptureRun run = pipeline.capture(t, List.of(vc));
            VcenterCaptureResult r = run.results().get(0);
            if (!r.succeeded()) {
                throw new IllegalStateException("capture of " + Instant.ofEpochSecond(t) + " failed: " + r.error());
            }
            double persist = r.secondsIn(CaptureStage.PERSIST);
            double pipelineSeconds = persist + r.secondsIn(CaptureStage.LIFECYCLE) + r.secondsIn(CaptureStage.REGISTER)
                    + r.secondsIn(CaptureStage.COMPAT) + r.secondsIn(CaptureStage.COMMIT);
            boolean warm = i < o.warmup;
            out.printf(Locale.ROOT, "%-8s %-21s %,7d %8.3fs %8.3fs %8.3fs %8.3fs %8.3fs %9.3fs%n",
                    warm ? "warm-up" : "#" + (i - o.warmup + 1), Instant.ofEpochSecond(t), r.rows(),
                    r.secondsIn(CaptureStage.CAPTURE), persist, r.secondsIn(CaptureStage.LIFECYCLE),
                    r.secondsIn(CaptureStage.REGISTER), r.secondsIn(CaptureStage.COMPAT), pipelineSeconds);
            if (!warm) {
                write[i - o.warmup] = persist;
                whole[i - o.warmup] = pipelineSeconds;
                lifecycle[i - o.warmup] = r.secondsIn(CaptureStage.LIFECYCLE);
                rows = r.rows();
            }
        }
        Summary s = new Summary(write, whole, lifecycle, rows);
        out.println();
        out.printf(Locale.ROOT, "vm_hourly_stats write: min %.3f s, median %.3f s (target: median <= %.1f s) %s%n",
                min(write), median(write), TARGET_HOURLY_WRITE, median(write) <= TARGET_HOURLY_WRITE ? "MET" : "MISSED");
        out.printf(Locale.ROOT, "whole pipeline:        min %.3f s, median %.3f s (target: median <= %.1f s) %s%n",
                min(whole), median(whole), TARGET_PIPELINE, median(whole) <= TARGET_PIPELINE ? "MET" : "MISSED");
        out.printf(Locale.ROOT, "(whole pipeline = vm_hourly_stats + lifecycle + totals and registry%s; "
                + "the simulated capture itself is not counted)%n", o.compat ? " + compatibility table" : "");
        out.printf(Locale.ROOT, "store now holds %d hourly snapshots of %s%n", snapshotCount(storage, vc), vc);
        return s;
    }

    static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    /** The command line's values. */
    static final class Options {
        final Path data;
        final int vms;
        final int days;
        final int runs;
        final int warmup;
        final long seed;
        final boolean compat;
        final int batchSize;
        final String provider;
        final Map<String, String> storageOptions;
        final boolean rebuild;
        final boolean recapture;

        Options(BenchOptions o) {
            data = o.path("data");
            vms = o.integer("vms");
            days = o.integer("days");
            runs = o.integer("runs");
            warmup = o.integer("warmup");
            seed = o.longValue("seed");
            compat = o.bool("compat");
            batchSize = o.integer("batch-size");
            provider = o.text("provider");
            storageOptions = o.pairs();
            rebuild = o.flag("rebuild");
            recapture = o.flag("recapture");
        }
    }
}
