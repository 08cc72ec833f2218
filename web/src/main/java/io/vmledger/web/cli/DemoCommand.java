package io.vmledger.web.cli;

import io.vmledger.api.settings.Settings;
import io.vmledger.reports.ReportQueue;
import io.vmledger.reports.ReportService;
import io.vmledger.web.app.AppServices;
import io.vmledger.capture.CaptureBackfill;
import io.vmledger.web.app.RunningService;
import io.vmledger.web.config.SettingsLoader;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code demo}: the service on SQLite with the simulated inventory, after backfilling hourly
 * history; the reports of every hour, day and month so filled are generated in the background into
 * {@code reports/} beside the store. A second run reuses the data and fills only the hours missing
 * since the last snapshot.
 */
final class DemoCommand implements Command {
    private static final String SQLITE = "sqlite";
    /** The SQLite plugin's option naming its file (storage.sqlite.path): the demo places its store with it. */
    private static final String SQLITE_PATH = "path";
    private static final String SQLITE_PATH_KEY = "storage.sqlite.path";
    static final int DEFAULT_DAYS = 14;

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "serve a simulated inventory on SQLite after backfilling 14 days of hourly history";
    }

    @Override
    public String usage() {
        return Commands.CONFIG_OPTION + """
                  --data DIR               directory of the demo's SQLite store and its backfill log
                                           (default: demo-data/ in the project, unless --config names
                                           a store; an error with a store other than SQLite)
                  --days N                 days of hourly history to backfill, 1 to 90 (default 14)
                  --port N                 HTTP port (default: server.port, 8080)
                """;
    }

    @Override
    public Set<String> valueOptions() {
        return Set.of("config", "data", "days", "port");
    }

    @Override
    public int run(CliOptions options) {
        int days = options.intValue("days", DEFAULT_DAYS, 1, 90);
        SettingsLoader.Loaded loaded = SettingsLoader.load(options.configFile().orElse(null));
        Settings settings = loaded.settings();
        Settings.Builder demo = settings.toBuilder()
                .inventory(new Settings.InventorySettings(Settings.InventorySource.SIMULATED,
                        settings.inventory().simulatedVcenters(), settings.inventory().simulatedVmsPerVcenter(),
                        settings.inventory().simulatedSeed()));
        if (options.value("port").isPresent()) {
            demo.server(new Settings.ServerSettings(settings.server().host(), options.intValue("port", 8080, 0, 65_535)));
        }
        Optional<Path> data = options.value("data").map(Path::of);
        if (data.isPresent() && !"sqlite".equals(settings.storage().provider())) {
            throw new UsageException("--data DIR places the demo's SQLite store, but the configuration selects "
                    + Settings.Keys.STORAGE_PROVIDER + ": " + settings.storage().provider()
                    + "; drop --data to run the demo on that store");
        }
        boolean storeNamedByConfig = loaded.setsAny(Settings.Keys.STORAGE_PROVIDER, SQLITE_PATH_KEY);
        Map<String, String> storageOptions;
        if (data.isPresent() || !storeNamedByConfig) {
            Path dir = data.orElseGet(DemoCommand::defaultDataDir).toAbsolutePath();
            demo.storage(new Settings.StorageSettings(SQLITE));
            storageOptions = new HashMap<>(loaded.storageOptions(SQLITE));
            storageOptions.put(SQLITE_PATH, dir.resolve("vmledger.db").toString());
        } else {
            storageOptions = loaded.storageOptions(settings.storage().provider());
        }
        settings = demo.build();
        System.out.println("vmledger demo: storage " + settings.storage().provider()
                + (storageOptions.containsKey(SQLITE_PATH) ? " at " + storageOptions.get(SQLITE_PATH) : "")
                + "; " + settings.inventory().simulatedVcenters() + " simulated vCenters");

        AppServices services = AppServices.open(settings, storageOptions, name());
        // the stage lines of the backfill, of its aggregations and of the reports they hand off (one per report:
        // hundreds) go to a file until the start-up's report catch-up is done; the console shows progress and
        // a summary, and the address to open stays readable
        Path logFile = backfillLog(services.storage().directory(), options.configFile());
        LogDiversion stageLog = LogDiversion.to(logFile, CAPTURE_LOGS, AGGREGATION_LOGS, REPORT_LOGS);
        try {
            ProgressBar progress = new ProgressBar(System.out, "backfill");
            long now = Instant.now().getEpochSecond();
            CaptureBackfill.Result result = services.capture().fillHistory(now, days,
                    (done, total, run) -> progress.update(done, total, "hours"));
            System.out.println("vmledger demo: " + result.describe() + " (stage log: " + logFile + ")");
            long aggregationStart = System.nanoTime();
            int runs = services.aggregation().catchUp(true).size();
            System.out.printf(Locale.ROOT, "vmledger demo: %d daily/monthly aggregations (days and the month so far) in %.1f s%n",
                    runs, (System.nanoTime() - aggregationStart) / 1e9);
            RunningService running = RunningService.start(services);
            String host = settings.server().host().equals("0.0.0.0") ? "localhost" : settings.server().host();
            String open = "open http://" + host + ":" + running.port() + "/ for the dashboard";
            System.out.println("vmledger demo: the XLSX reports of the backfill are being written in the background to "
                    + settings.reportsPath(services.storage().directory()) + " (GET /api/reports lists them; one line "
                    + "per report in " + logFile.getFileName() + ")");
            System.out.println("vmledger demo: " + open + " (API documentation at /swagger/); Ctrl-C stops");
            Thread.ofPlatform().daemon().name("demo-report-progress")
                    .start(() -> followReports(services.reports(), stageLog, open));
            return Commands.KEEP_RUNNING;
        } catch (RuntimeException e) {
            stageLog.close();
            services.close();
            throw e;
        }
    }

    /** Loggers whose stage lines the demo's catch-up sends to its log file. */
    static final String CAPTURE_LOGS = "io.vmledger.capture";
    static final String AGGREGATION_LOGS = "io.vmledger.aggregation";
    static final String REPORT_LOGS = "io.vmledger.reports";

    /**
     * Shows the progress of the start-up's report catch-up (the reports handed off by the backfill and the
     * aggregations, then those the scan finds missing) until nothing is left, then a summary with the address
     * again, and gives the stage lines back to the console, where later hourly captures log as in serve.
     */
    static void followReports(ReportService reports, LogDiversion stageLog, String open) {
        long start = System.nanoTime();
        ProgressBar progress = new ProgressBar(System.out, "reports");
        try {
            boolean idle = false;
            while (!idle) {
                idle = reports.awaitIdle(Duration.ofMillis(500));
                ReportQueue.Stats s = reports.queueStats();
                long done = s.completed() + s.failed();
                progress.update(done, done + s.depth() + s.backlog() + (s.running() ? 1 : 0), "XLSX reports");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            stageLog.close();
        }
        System.out.println(summary(reports.queueStats(), (System.nanoTime() - start) / 1e9, stageLog.file(), open));
    }

    /** The line that closes the report catch-up: what was written, what failed and where to read why, the address. */
    static String summary(ReportQueue.Stats s, double seconds, Path stageLog, String open) {
        String written = s.completed() == 0 ? "no XLSX report was missing"
                : String.format(Locale.ROOT, "%d XLSX %s written, the last %.1f s after the server started",
                s.completed(), s.completed() == 1 ? "report" : "reports", seconds);
        return "vmledger demo: " + written
                + (s.failed() == 0 ? "" : ", " + s.failed() + " failed (see " + stageLog + ")") + "; " + open;
    }

    /**
     * Where the backfill's stage log goes: in the store's directory (SQLite's); for a store that is not a file
     * (PostgreSQL), beside the configuration that names it ({@code pg.yaml} -> {@code pg.backfill.log}), else in
     * the working directory.
     */
    static Path backfillLog(Optional<Path> storeDirectory, Optional<Path> configFile) {
        if (storeDirectory.isPresent()) {
            return storeDirectory.get().toAbsolutePath().resolve("backfill.log");
        }
        return configFile.map(Path::toAbsolutePath)
                .map(f -> f.resolveSibling(f.getFileName().toString().replaceFirst("\\.ya?ml$", "") + ".backfill.log"))
                .orElseGet(() -> Path.of("vmledger-backfill.log").toAbsolutePath());
    }

    private static Path defaultDataDir() {
        String home = System.getenv("VMLEDGER_HOME");
        return (home != null ? Path.of(home) : Path.of("")).resolve("demo-data");
    }
}
