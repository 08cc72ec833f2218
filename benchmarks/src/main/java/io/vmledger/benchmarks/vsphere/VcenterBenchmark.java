package io.vmledger.benchmarks.vsphere;

import io.vmledger.benchmarks.BenchOptions;

import io.vmledger.api.settings.Settings;
import io.vmledger.api.settings.VcenterEndpoint;
import io.vmledger.capture.CapturePipeline;
import io.vmledger.capture.CaptureStage;
import io.vmledger.capture.Inventory;
import io.vmledger.capture.VcenterCaptureResult;
import io.vmledger.capture.vsphere.VsphereInventorySource;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The vCenter capture benchmark: starts the vcsim launcher ({@code tools/vcsim}) with a {@code --vms} (10,000)
 * VM inventory and, in this fresh process, times
 * <ol>
 *   <li>fetch and convert ({@link VsphereInventorySource#capture}): the first run (login, cold JVM) and
 *       {@code --runs} (7) later runs;</li>
 *   <li>the whole hourly capture of that vCenter through {@link CapturePipeline} into a new SQLite store
 *       (fetch, events, {@code vm_hourly_stats}, lifecycle, totals, registry, compatibility table): one
 *       first hour, then {@code --runs} later hours.</li>
 * </ol>
 * For reference it first times the original's stack, a Go govmomi client fetching the same 13 properties from
 * the same simulator (the launcher's {@code -fetch} mode, in its own process), which also lets the simulator
 * settle after building the model before this process makes its first call.
 * Prints each run and the medians against the targets (fetch-and-convert at most 3.5 s first and 1.8 s median
 * later; whole capture at most 3 s median later). Exit code 0 even when a target is missed: it measures.
 */
public final class VcenterBenchmark {

    static final double TARGET_FIRST_FETCH = 3.5;
    static final double TARGET_FETCH = 1.8;
    static final double TARGET_CAPTURE = 3.0;
    private static final long HOUR = 3600;
    private static final String VC = "vcsim-bench";

    private final int vms;
    private final int runs;
    private final int pageSize;
    private final PrintStream out;

    VcenterBenchmark(int vms, int runs, int pageSize, PrintStream out) {
        this.vms = vms;
        this.runs = runs;
        this.pageSize = pageSize;
        this.out = out;
    }

    static final String LAUNCHER_PROPERTY = "vmledger.vcsim.bin";
    static final String LAUNCHER_ENV = "VMLEDGER_VCSIM_BIN";
    static final BenchOptions.Spec OPTIONS = new BenchOptions.Spec("benchmark-vcenter", "[options]",
            "needs tools/vcsim/bin/vcsim-launcher (tools/vcsim/build.sh) or -D" + LAUNCHER_PROPERTY + " / " + LAUNCHER_ENV)
            .integer("vms", 10_000, 1, 1_000_000, "VMs of the vcsim inventory")
            .integer("runs", 7, 1, 1000, "timed runs")
            .integer("page-size", VsphereInventorySource.DEFAULT_PAGE_SIZE, 1, 100_000,
                    "objects per RetrievePropertiesEx page");

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the benchmark with command-line arguments; returns the exit code. */
    public static int run(String[] args) {
        return OPTIONS.run(args, System.out, System.err, o -> {
            try {
                return new VcenterBenchmark(o.integer("vms"), o.integer("runs"), o.integer("page-size"), System.out).run();
            } catch (Exception e) {
                System.err.println("benchmark-vcenter failed: " + e.getMessage());
                return 1;
            }
        });
    }

    int run() throws Exception {
        Path launcher = launcher();
        if (launcher == null) {
            System.err.println("benchmark-vcenter: the vcsim launcher is missing; build it with tools/vcsim/build.sh "
                    + "(needs: apt-get install -y golang-go golang-github-vmware-govmomi-dev)");
            return 1;
        }
        Path dir = Files.createTempDirectory("vmledger-vcenter-bench-");
        out.printf(Locale.ROOT, "vcsim model: %d VMs (1 datacenter, 1 cluster of 3 hosts, child pools, folders, templates)%n", vms);
        long t0 = System.nanoTime();
        try (Simulator sim = Simulator.start(launcher, dir, "-cluster", "1", "-host", "3", "-standalone-host", "0",
                "-vm", Integer.toString(vms), "-pool", "3", "-vm-folders", "4", "-templates", "10")) {
            out.printf(Locale.ROOT, "  simulator ready in %.1f s%n", seconds(t0));
            VcenterEndpoint endpoint = new VcenterEndpoint(VC, sim.sdk.toString(), sim.username, sim.password, true, null, 120);

            // Reference first: the original's stack, a Go govmomi client, fetching the same properties from the
            // same simulator. It also lets the simulator settle after building the model, as a vCenter that has been
            // up for a while would be: "first run" is about this (client) process being fresh.
            List<Double> reference = goReference(launcher, sim);
            Thread.sleep(3000); // the simulator's garbage collection after those fetches, off the measured runs

            // 1. fetch and convert
            List<Double> later = new ArrayList<>();
            double first;
            try (VsphereInventorySource source = new VsphereInventorySource(List.of(endpoint), pageSize)) {
                first = fetch(source, 0, "first run (login, cold JVM)");
                for (int i = 1; i <= runs; i++) {
                    later.add(fetch(source, i, "run " + i));
                }
            }

            // 2. the whole hourly capture, persisted to SQLite
            Settings settings = Settings.defaults().toBuilder()
                    .vcenters(List.of(endpoint))
                    .inventory(new Settings.InventorySettings(Settings.InventorySource.VCENTER, 1, 1, 1))
                    .retry(new Settings.RetrySettings(1, 0, 0))
                    .asyncReportGeneration(false)
                    .build();
            List<Double> captures = new ArrayList<>();
            long hour = 1_767_225_600L; // 2026-01-01T00:00Z
            try (Storage storage = StorageProviders.open(settings, Map.of("path", dir.resolve("bench.db").toString()));
                 VsphereInventorySource source = new VsphereInventorySource(settings.vcenters(), pageSize);
                 CapturePipeline pipeline = new CapturePipeline(storage, source, settings)) {
                out.printf(Locale.ROOT, "whole hourly capture into SQLite (compatibility mode %s):%n",
                        settings.snapshotTableCompatMode() ? "on" : "off");
                for (int i = 0; i <= runs; i++) {
                    VcenterCaptureResult r = pipeline.captureVcenter(VC, hour + i * HOUR);
                    if (!r.succeeded()) {
                        throw new IllegalStateException("capture failed: " + r.error());
                    }
                    out.printf(Locale.ROOT, "  %-28s %6.3f s  (%d rows; capture %.3f, persist %.3f, lifecycle %.3f, register %.3f, compat %.3f)%n",
                            i == 0 ? "first hour (new store)" : "hour " + i, r.seconds(), r.rows(),
                            r.secondsIn(CaptureStage.CAPTURE), r.secondsIn(CaptureStage.PERSIST),
                            r.secondsIn(CaptureStage.LIFECYCLE), r.secondsIn(CaptureStage.REGISTER),
                            r.secondsIn(CaptureStage.COMPAT));
                    if (i > 0) {
                        captures.add(r.seconds());
                    }
                }
            }

            double fetchMedian = median(later);
            if (!reference.isEmpty()) {
                out.printf(Locale.ROOT, "  reference: govmomi (Go) fetch, first %.3f s, later median %.3f s%n",
                        reference.getFirst(), median(reference.subList(1, reference.size())));
            }
            double captureMedian = median(captures);
            out.println("summary:");
            out.printf(Locale.ROOT, "  fetch and convert, first run     %6.3f s  (target <= %.1f s) %s%n", first, TARGET_FIRST_FETCH, verdict(first, TARGET_FIRST_FETCH));
            out.printf(Locale.ROOT, "  fetch and convert, later median  %6.3f s  (target <= %.1f s) %s  min %.3f%n", fetchMedian, TARGET_FETCH, verdict(fetchMedian, TARGET_FETCH), min(later));
            out.printf(Locale.ROOT, "  whole hourly capture, median     %6.3f s  (target <= %.1f s) %s  min %.3f%n", captureMedian, TARGET_CAPTURE, verdict(captureMedian, TARGET_CAPTURE), min(captures));
            out.printf(Locale.ROOT, "  system load average at the end   %.2f (2 cores; other processes slow the simulator down)%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            return 0;
        } finally {
            delete(dir);
        }
    }

    /**
     * One timed capture; also shows the CPU time of the calling thread (first page, conversion; later pages are
     * read on a prefetch thread) and of the whole JVM (all threads, JIT compilation and GC included), to tell
     * the client's share from the simulator's.
     */
    private double fetch(VsphereInventorySource source, int i, String label) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long processCpu = os.getProcessCpuTime();
        long t = System.nanoTime();
        Inventory inventory = source.capture(VC, 1_767_225_600L + i);
        double s = seconds(t);
        double clientCpu = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        double jvmCpu = (os.getProcessCpuTime() - processCpu) / 1e9;
        if (inventory.vms().size() != vms) {
            throw new IllegalStateException("captured " + inventory.vms().size() + " VMs, expected " + vms);
        }
        out.printf(Locale.ROOT, "  fetch and convert, %-28s %6.3f s  (%d VMs, %d fallbacks; CPU: calling thread %.3f s, whole JVM %.3f s)%n",
                label, s, inventory.vms().size(), inventory.fallbacks(), clientCpu, jvmCpu);
        return s;
    }

    /** Runs the launcher in client mode: govmomi's ContainerView.Retrieve of the same 13 paths, as the original does. */
    private List<Double> goReference(Path launcher, Simulator sim) throws Exception {
        URI withUser = new URI(sim.sdk.getScheme(), sim.username + ":" + sim.password, sim.sdk.getHost(),
                sim.sdk.getPort(), sim.sdk.getPath(), null, null);
        Process go = new ProcessBuilder(launcher.toString(), "-fetch", withUser.toString(),
                "-fetch-runs", Integer.toString(runs + 1)).redirectErrorStream(true).start();
        List<Double> times = new ArrayList<>();
        BufferedReader lines = new BufferedReader(new InputStreamReader(go.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = lines.readLine()) != null; ) {
            if (line.startsWith("fetch ")) {
                out.println("  reference govmomi " + line);
                times.add(Double.parseDouble(line.substring(line.indexOf(':') + 1, line.indexOf(" s")).trim()));
            } else {
                out.println("  reference: " + line);
            }
        }
        go.waitFor(60, TimeUnit.SECONDS);
        return times;
    }

    private static String verdict(double value, double target) {
        return value <= target ? "met" : "MISSED";
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** The launcher: {@value #LAUNCHER_PROPERTY}, {@value #LAUNCHER_ENV}, or tools/vcsim/bin of the checkout. */
    private static Path launcher() {
        String configured = System.getProperty(LAUNCHER_PROPERTY, System.getenv(LAUNCHER_ENV));
        if (configured != null && !configured.isBlank()) {
            return Files.isExecutable(Path.of(configured)) ? Path.of(configured) : null;
        }
        String home = System.getenv("VMLEDGER_HOME");
        List<Path> roots = new ArrayList<>();
        if (home != null) {
            roots.add(Path.of(home));
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            roots.add(p);
        }
        for (Path root : roots) {
            Path candidate = root.resolve("tools/vcsim/bin/vcsim-launcher");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }

    /** A running launcher; closing its standard input stops it. */
    private static final class Simulator implements AutoCloseable {
        final Process process;
        final URI sdk;
        final String username;
        final String password;

        private Simulator(Process process, URI sdk, String username, String password) {
            this.process = process;
            this.sdk = sdk;
            this.username = username;
            this.password = password;
        }

        static Simulator start(Path launcher, Path dir, String... flags) throws Exception {
            List<String> command = new ArrayList<>();
            command.add(launcher.toString());
            command.addAll(Arrays.asList(flags));
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(dir.resolve("vcsim.log").toFile());
            builder.environment().put("TMPDIR", dir.toString());
            Process process = builder.start();
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith("VCSIM_URL=")) {
                    URI url = URI.create(line.substring("VCSIM_URL=".length()).trim());
                    String[] user = url.getUserInfo().split(":", 2);
                    URI sdk = new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), null, null);
                    return new Simulator(process, sdk, user[0], user[1]);
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException("the vcsim launcher did not start: " + Files.readString(dir.resolve("vcsim.log")));
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
