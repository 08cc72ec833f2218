package io.vmledger.web.chaos;

import io.vmledger.api.settings.Settings;
import io.vmledger.capture.CaptureFaults;
import io.vmledger.web.app.AppServices;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a chaos worker does from start to end, as the demo does: open the store (which closes the job runs
 * of dead instances and mends incomplete snapshots), backfill a fixed window of hours of a simulated
 * inventory (resuming at each vCenter's first incomplete hour), aggregate every day and the month so far,
 * and write every missing or stale report. Run uninterrupted once and killed again and again elsewhere, it
 * must leave the same ledger ({@link io.vmledger.maintenance.StoreDigest}).
 */
public final class ChaosWorkload {
    private static final Duration REPORTS_WAIT = Duration.ofMinutes(10);

    private ChaosWorkload() {
    }

    /**
     * One worker's store and work.
     *
     * @param provider       storage plugin
     * @param storageOptions the plugin's options (its file, or its server and schema)
     * @param reportsDir     where its reports go
     * @param vcenters       simulated vCenters
     * @param vms            VM slots of the first vCenter
     * @param seed           the simulated inventory's seed
     * @param now            the end of the window (epoch seconds), the same for every run on a store
     * @param hours          hours of the window
     * @param concurrency    vCenters captured at once
     */
    public record Spec(String provider, Map<String, String> storageOptions, String reportsDir, int vcenters, int vms,
                       long seed, long now, int hours, int concurrency) {
        public Spec {
            Objects.requireNonNull(provider, "provider");
            storageOptions = Map.copyOf(storageOptions);
            Objects.requireNonNull(reportsDir, "reportsDir");
        }

        /** The same work on another store. */
        public Spec on(Map<String, String> options, String reports) {
            return new Spec(provider, options, reports, vcenters, vms, seed, now, hours, concurrency);
        }

        /** The settings a worker runs with: the defaults, this store, a simulated inventory. */
        public Settings settings() {
            return Settings.defaults().toBuilder()
                    .storage(new Settings.StorageSettings(provider))
                    .inventory(new Settings.InventorySettings(Settings.InventorySource.SIMULATED, vcenters, vms, seed))
                    .hourlySnapshotConcurrency(concurrency)
                    .reportsDir(reportsDir)
                    .build();
        }

        /** The worker's command-line arguments ({@link ChaosWorker}). */
        public List<String> arguments() {
            List<String> args = new ArrayList<>(List.of("--provider", provider, "--reports", reportsDir,
                    "--vcenters", Integer.toString(vcenters), "--vms", Integer.toString(vms), "--seed", Long.toString(seed),
                    "--now", Long.toString(now), "--hours", Integer.toString(hours),
                    "--concurrency", Integer.toString(concurrency)));
            storageOptions.forEach((k, v) -> args.addAll(List.of("--option", k + "=" + v)));
            return args;
        }

        /** Reads {@link #arguments()}. */
        public static Spec parse(List<String> args) {
            Map<String, String> values = new LinkedHashMap<>();
            Map<String, String> options = new LinkedHashMap<>();
            for (int i = 0; i < args.size(); i += 2) {
                if (i + 1 >= args.size() || !args.get(i).startsWith("--")) {
                    throw new IllegalArgumentException("expected --name value pairs, got " + args);
                }
                String name = args.get(i).substring(2);
                String value = args.get(i + 1);
                if (name.equals("option")) {
                    int eq = value.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("--option takes key=value, got " + value);
                    }
                    options.put(value.substring(0, eq), value.substring(eq + 1));
                } else {
                    values.put(name, value);
                }
            }
            return new Spec(values.get("provider"), options, values.get("reports"),
                    Integer.parseInt(values.get("vcenters")), Integer.parseInt(values.get("vms")),
                    Long.parseLong(values.get("seed")), Long.parseLong(values.get("now")),
                    Integer.parseInt(values.get("hours")), Integer.parseInt(values.get("concurrency")));
        }
    }

    /**
     * Opens the store and runs the whole workload; {@code phase} hears each step ({@code open}, {@code backfill
     * 3/48}, {@code aggregation}, {@code reports}, {@code done}).
     *
     * @param faults called at each boundary of each capture (crash tests); {@link CaptureFaults#NONE} otherwise
     */
    public static void run(Spec spec, CaptureFaults faults, Consumer<String> phase) {
        phase.accept("open");
        try (AppServices services = AppServices.open(spec.settings(), spec.storageOptions(), "chaos-worker", faults)) {
            run(services, spec, phase);
        }
    }

    /** The workload on services already open. */
    public static void run(AppServices services, Spec spec, Consumer<String> phase) {
        phase.accept("backfill");
        services.capture().fillHours(spec.now(), spec.hours(),
                (done, total, run) -> phase.accept("backfill " + done + "/" + total));
        phase.accept("aggregation");
        services.aggregation().catchUp(true);
        phase.accept("reports");
        services.reports().catchUp();
        try {
            if (!services.reports().awaitIdle(REPORTS_WAIT)) {
                throw new IllegalStateException("the reports were not written within " + REPORTS_WAIT.toMinutes()
                        + " minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the reports were written", e);
        }
        phase.accept("done");
    }
}
