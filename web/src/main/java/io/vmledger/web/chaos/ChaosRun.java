package io.vmledger.web.chaos;

import io.vmledger.api.JobStatus;
import io.vmledger.api.settings.Settings;
import io.vmledger.maintenance.StoreDigest;
import io.vmledger.reports.ReportId;
import io.vmledger.reports.ReportService;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;
import io.vmledger.web.app.ReportWiring;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Kills real worker processes ({@link ChaosWorker}) with {@code kill -9} at random moments and checks that
 * the store they leave, once a worker is let finish, holds exactly the ledger of a run that was never killed.
 *
 * <ol>
 *   <li>A reference store: one worker runs the workload to the end; its duration D is the span kills are
 *       drawn from.</li>
 *   <li>Rounds, until the kills are done: a fresh store; a worker is started and killed after a random delay in
 *       [0, D) (it resumes where the previous one died), again and again until one finishes on its own or the
 *       round has had {@value #MAX_KILLS_PER_ROUND} kills (then the next worker is let finish); then
 *       the store must equal the reference in every section ({@link StoreDigest}: hourly rows, lifecycle with
 *       deletion sources, registry, totals, rollups, monthly summaries, compatibility tables), hold no job run
 *       still recorded as running, and miss no report and hold none older than its data.</li>
 * </ol>
 */
public final class ChaosRun {
    /** A round that needs more worker runs than this is stuck. */
    private static final int MAX_RUNS_PER_ROUND = 60;
    /**
     * After this many kills a round's next worker is let finish: kill delays come from the reference run, and
     * on a machine that got busier since, every run may outlast its delay, so a round would never end.
     */
    static final int MAX_KILLS_PER_ROUND = 10;

    /**
     * What to run.
     *
     * @param work    the workload (its store and reports are replaced per store)
     * @param stores  where the stores go
     * @param workDir reports and worker logs
     * @param kills   kills to make, in all
     * @param seed    of the random kill delays
     * @param keep    keep every store (else only the reference and a failed round's are kept)
     * @param out     progress lines
     */
    public record Config(ChaosWorkload.Spec work, ChaosStores stores, Path workDir, int kills, long seed, boolean keep,
                         PrintStream out) {
    }

    /**
     * What happened.
     *
     * @param killsByPhase the worker's last phase before each kill
     * @param abandoned    job runs the restarted workers closed as abandoned, over every round
     * @param failures     every check that failed, empty when the run passed
     */
    public record Result(String stores, int kills, int rounds, int workerRuns, Map<String, Integer> killsByPhase,
                         long abandoned, StoreDigest reference, double referenceSeconds, double seconds,
                         List<String> failures) {
        public boolean passed() {
            return failures.isEmpty();
        }

        public String describe() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "chaos on %s: %d kills (kill -9) in %d rounds, %d worker runs, %.1f min%n",
                    stores, kills, rounds, workerRuns, seconds / 60));
            sb.append("kills by the phase the worker was in: ").append(killsByPhase).append('\n');
            sb.append(String.format(Locale.ROOT, "reference (never killed): %.1f s, %,d lines: %s%n", referenceSeconds,
                    reference.lines(), reference));
            sb.append(String.format(Locale.ROOT, "job runs closed as abandoned by the restarts: %d%n", abandoned));
            if (failures.isEmpty()) {
                sb.append("PASSED: after every round the store equals the reference, no job run is left running, and no "
                        + "report is missing or stale");
            } else {
                sb.append("FAILED (").append(failures.size()).append("):\n  ").append(String.join("\n  ", failures));
            }
            return sb.toString();
        }
    }

    private final Config config;
    private final Random random;
    private final Map<String, Integer> phases = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private int runs;

    public ChaosRun(Config config) {
        this.config = config;
        this.random = new Random(config.seed());
    }

    public Result run() {
        long t0 = System.nanoTime();
        Path logs = config.workDir().resolve("logs");
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + logs, e);
        }
        ChaosWorkload.Spec reference = spec("reference");
        long r0 = System.nanoTime();
        Outcome first = runWorker(reference, logs.resolve("reference.log"), -1);
        double referenceSeconds = (System.nanoTime() - r0) / 1e9;
        if (first.exit() != 0) {
            throw new IllegalStateException("the reference run failed (exit " + first.exit() + "); see "
                    + logs.resolve("reference.log"));
        }
        StoreDigest expected = digest(reference);
        config.out().printf(Locale.ROOT, "chaos: reference run %.1f s, %,d lines; %d kills to go, each after a random "
                + "delay in [0, %.1f s)%n", referenceSeconds, expected.lines(), config.kills(), referenceSeconds);
        int kills = 0;
        int rounds = 0;
        long abandoned = 0;
        while (kills < config.kills()) {
            rounds++;
            String name = "round-" + rounds;
            ChaosWorkload.Spec spec = spec(name);
            int roundKills = 0;
            for (int n = 1; ; n++) {
                if (n > MAX_RUNS_PER_ROUND) {
                    failures.add(name + ": no worker finished after " + MAX_RUNS_PER_ROUND + " runs");
                    break;
                }
                long delay = kills < config.kills() && roundKills < MAX_KILLS_PER_ROUND
                        ? (long) (random.nextDouble() * referenceSeconds * 1000) : -1;
                Outcome o = runWorker(spec, logs.resolve(name + "-" + n + ".log"), delay);
                if (o.killed()) {
                    kills++;
                    roundKills++;
                    phases.merge(o.phase(), 1, Integer::sum);
                    config.out().printf(Locale.ROOT, "kill %3d/%d  %s run %d  after %5.2f s  in %s%n", kills,
                            config.kills(), name, n, delay / 1000.0, o.phase());
                    continue;
                }
                if (o.exit() != 0) {
                    failures.add(name + ": worker run " + n + " failed with exit status " + o.exit() + " (log "
                            + logs.resolve(name + "-" + n + ".log") + ")");
                }
                break;
            }
            long roundAbandoned = check(name, spec, reference, expected, roundKills);
            abandoned += roundAbandoned;
            if (!config.keep() && failures.stream().noneMatch(f -> f.startsWith(name + ":"))) {
                drop(name);
            }
        }
        if (!config.keep()) {
            drop("reference");
        }
        return new Result(config.stores().describe(), kills, rounds, runs, Map.copyOf(phases), abandoned, expected,
                referenceSeconds, (System.nanoTime() - t0) / 1e9, List.copyOf(failures));
    }

    private ChaosWorkload.Spec spec(String name) {
        Path reports = config.workDir().resolve(name).resolve("reports");
        ChaosStores.deleteTree(reports);
        return config.work().on(config.stores().fresh(name), reports.toString());
    }

    private void drop(String name) {
        config.stores().drop(name);
        ChaosStores.deleteTree(config.workDir().resolve(name));
    }

    /** A worker run: killed (with the phase it was in) or its exit status. */
    private record Outcome(boolean killed, int exit, String phase) {
    }

    /** Runs a worker; kills it with SIGKILL after {@code killAfterMillis} unless it ended (-1: never). */
    private Outcome runWorker(ChaosWorkload.Spec spec, Path log, long killAfterMillis) {
        runs++;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), ChaosWorker.class.getName()));
        command.addAll(spec.arguments());
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long limit = Math.max(180_000, killAfterMillis);
            if (killAfterMillis >= 0 && !p.waitFor(killAfterMillis, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block, no close
                p.waitFor();
                return new Outcome(true, -1, lastPhase(log));
            }
            if (!p.waitFor(limit, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                failures.add("a worker hung for " + limit / 1000 + " s (log " + log + ")");
                return new Outcome(false, -1, lastPhase(log));
            }
            return new Outcome(false, p.exitValue(), lastPhase(log));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a chaos worker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The last phase a worker printed, {@code start} before any (the JVM was still starting). */
    private static String lastPhase(Path log) {
        try {
            String phase = "start";
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith(ChaosWorker.PHASE)) {
                    phase = line.substring(ChaosWorker.PHASE.length());
                }
            }
            // "backfill 12/48" counts as backfill
            int space = phase.indexOf(' ');
            return space < 0 ? phase : phase.substring(0, space);
        } catch (IOException e) {
            return "unknown";
        }
    }

    private StoreDigest digest(ChaosWorkload.Spec spec) {
        Settings settings = spec.settings();
        try (Storage storage = StorageProviders.open(settings, spec.storageOptions(), "chaos-check")) {
            return StoreDigest.of(storage, settings.calendar());
        }
    }

    /**
     * Checks a round's store after its last worker finished: the same ledger as the reference, no job run left
     * running, no report missing or stale. Returns its abandoned job runs.
     */
    private long check(String name, ChaosWorkload.Spec spec, ChaosWorkload.Spec reference, StoreDigest expected,
                       int roundKills) {
        Settings settings = spec.settings();
        try (Storage storage = StorageProviders.open(settings, spec.storageOptions(), "chaos-check")) {
            StoreDigest actual = StoreDigest.of(storage, settings.calendar());
            List<String> differing = actual.differingSections(expected);
            if (!differing.isEmpty()) {
                try (Storage ref = StorageProviders.open(settings, reference.storageOptions(), "chaos-check")) {
                    failures.add(name + ": after " + roundKills + " kills the store differs from the reference in "
                            + differing + ":\n" + StoreDigest.explain(storage, ref, settings.calendar(), differing));
                }
            }
            long running = storage.jobs().recent(null, JobStatus.RUNNING, 1, 0).total();
            if (running > 0) {
                failures.add(name + ": " + running + " job runs are still recorded as running");
            }
            long abandoned = storage.jobs().recent(null, JobStatus.ABANDONED, 1, 0).total();
            try (ReportService reports = ReportWiring.service(storage, settings)) {
                List<ReportId> missing = reports.missingOrStale();
                if (!missing.isEmpty()) {
                    failures.add(name + ": " + missing.size() + " reports missing or stale, e.g. "
                            + missing.get(0).fileName());
                }
            }
            config.out().printf(Locale.ROOT, "%s: %d kills; %s; %d job runs running, %d closed as abandoned%n", name,
                    roundKills, differing.isEmpty() ? "the store equals the reference" : "DIFFERS in " + differing,
                    running, abandoned);
            return abandoned;
        }
    }
}
