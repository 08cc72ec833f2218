package io.vmledger.web.cli;

import io.vmledger.web.chaos.ChaosRun;
import io.vmledger.web.chaos.ChaosStores;
import io.vmledger.web.chaos.ChaosWorkload;
import io.vmledger.web.config.SettingsLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

/**
 * {@code chaos}: the crash soak. Worker processes backfill, aggregate and report a simulated inventory into
 * stores of their own and are killed with {@code kill -9} at random moments; after each round the store must
 * equal one that was never killed ({@link ChaosRun}). On the configured plugin: SQLite files under
 * {@code --dir}, or schemas of their own on the configured PostgreSQL server (never the configured schema).
 */
final class ChaosCommand implements Command {

    @Override
    public String name() {
        return "chaos";
    }

    @Override
    public String summary() {
        return "crash soak: kill -9 workers at random moments, check the store equals a never-killed one";
    }

    @Override
    public String usage() {
        return Commands.CONFIG_OPTION + """
                                           (storage.provider picks the plugin: SQLite stores go under --dir, PostgreSQL
                                           ones in schemas vmledger_chaos_<pid>_* on the configured server)
                  --kills N                kills to make, 1 to 10000 (default 100)
                  --hours N                hours of the simulated window each worker backfills, 1 to 2160 (default 72)
                  --vcenters N             simulated vCenters (default 3)
                  --vms N                  VM slots of the first vCenter (default 300)
                  --seed N                 seed of the inventory and of the kill moments (default 14)
                  --dir DIR                stores, reports and worker logs (default: a new directory under /tmp)
                  --keep                   keep every store (by default only a failed round's store is kept)
                """;
    }

    @Override
    public Set<String> valueOptions() {
        return Set.of("config", "kills", "hours", "vcenters", "vms", "seed", "dir");
    }

    @Override
    public Set<String> flagOptions() {
        return Set.of("keep");
    }

    @Override
    public int run(CliOptions options) {
        int kills = options.intValue("kills", 100, 1, 10_000);
        int hours = options.intValue("hours", 72, 1, 2_160);
        int vcenters = options.intValue("vcenters", 3, 1, 20);
        int vms = options.intValue("vms", 300, 1, 100_000);
        long seed = options.intValue("seed", 14, 0, Integer.MAX_VALUE);
        SettingsLoader.Loaded loaded = SettingsLoader.load(options.configFile().orElse(null));
        // the workers log to their files; here only the progress lines and warnings
        java.util.logging.Logger.getLogger("io.vmledger").setLevel(java.util.logging.Level.WARNING);
        String provider = loaded.settings().storage().provider();
        Path dir = options.value("dir").map(Path::of).orElseGet(ChaosCommand::tempDir).toAbsolutePath();
        ChaosStores stores = switch (provider) {
            case "sqlite" -> ChaosStores.sqlite(dir);
            case "postgres" -> ChaosStores.postgres(loaded.storageOptions(provider),
                    "vmledger_chaos_" + ProcessHandle.current().pid());
            default -> throw new UsageException("chaos runs on the sqlite and postgres plugins, not " + provider);
        };
        // one window for every run: the hours up to the start of this one
        long now = Instant.now().getEpochSecond();
        ChaosWorkload.Spec work = new ChaosWorkload.Spec(provider, java.util.Map.of(), dir.resolve("reports").toString(),
                vcenters, vms, seed, now, hours, 2);
        System.out.println("vmledger chaos: " + kills + " kills on " + stores.describe() + "; " + vcenters
                + " simulated vCenters (" + vms + " VM slots in the first), " + hours + " hours each; logs in "
                + dir.resolve("logs"));
        ChaosRun.Result result = new ChaosRun(new ChaosRun.Config(work, stores, dir, kills, seed,
                options.flag("keep"), System.out)).run();
        System.out.println(result.describe());
        System.out.println("load average: " + loadAverage());
        return result.passed() ? 0 : 1;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("vmledger-chaos-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the chaos stores", e);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
