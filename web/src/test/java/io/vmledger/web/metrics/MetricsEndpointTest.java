package io.vmledger.web.metrics;

import io.vmledger.aggregation.AggregationResult;
import io.vmledger.aggregation.DailyAggregationJob;
import io.vmledger.api.AggregationPath;
import io.vmledger.api.JobRun;
import io.vmledger.api.VmEvent;
import io.vmledger.api.settings.Settings;
import io.vmledger.capture.CaptureException;
import io.vmledger.capture.CaptureRun;
import io.vmledger.capture.Inventory;
import io.vmledger.capture.InventorySource;
import io.vmledger.capture.VcenterCaptureResult;
import io.vmledger.capture.simulated.SimulatedInventorySource;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;
import io.vmledger.web.app.AppServices;
import io.vmledger.web.app.RunningService;
import io.vmledger.web.config.SettingsLoader;
import io.vmledger.web.schedule.CaptureGrid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service's own meters at {@code /observe/metrics}, scraped as Prometheus would after a capture of three
 * vCenters (one unreachable, one whose source fell back to single-VM fetches) and a daily aggregation.
 */
class MetricsEndpointTest {
    private static final String OK = SimulatedInventorySource.vcenterKey(1);
    private static final String FALLING_BACK = SimulatedInventorySource.vcenterKey(2);
    private static final String DOWN = SimulatedInventorySource.vcenterKey(3);
    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    @TempDir
    Path dir;

    /** The simulated vCenters, the third refusing connections, the second reporting three fallbacks. */
    static final class Source implements InventorySource {
        private final SimulatedInventorySource sim = new SimulatedInventorySource(3, 40, 11L);

        @Override
        public List<String> vcenters() {
            return sim.vcenters();
        }

        @Override
        public Inventory capture(String vcenter, long t) {
            if (vcenter.equals(DOWN)) {
                throw new CaptureException("vcenter " + vcenter + ": cannot reach it",
                        new ConnectException("Connection refused"));
            }
            Inventory inv = sim.capture(vcenter, t);
            return vcenter.equals(FALLING_BACK) ? new Inventory(vcenter, t, inv.vms(), 3) : inv;
        }

        @Override
        public List<VmEvent> events(String vcenter, long from, long to) {
            return sim.events(vcenter, from, to);
        }
    }

    @Test
    void everyMeterHasTheValueOfWhatRan() throws Exception {
        // reports in the background queue, compatibility tables written: the defaults
        Settings settings = settings().toBuilder().asyncReportGeneration(true).snapshotTableCompatMode(true).build();
        Storage storage = StorageProviders.open(settings, Map.of("path", dir.resolve("ledger.db").toString()));
        long started = Instant.now().getEpochSecond();
        try (AppServices services = AppServices.of(settings, storage, new Source());
             RunningService running = RunningService.start(services)) {
            assertTrue(services.reports().awaitIdle(Duration.ofSeconds(60)), "start-up catch-up done");
            // this hour: the start-up aggregation catch-up only looks at days before today
            long t = started - started % 3600;
            CaptureRun run = services.capture().captureAll(t);
            assertEquals(1, run.failures());
            AggregationResult daily = new DailyAggregationJob(storage, settings)
                    .run(LocalDate.ofInstant(Instant.ofEpochSecond(t), ZoneOffset.UTC), AggregationPath.JAVA);
            assertTrue(services.reports().awaitIdle(Duration.ofSeconds(60)), "the hourly report is made");
            long ended = Instant.now().getEpochSecond();

            Map<String, Double> m = scrape(running.port());
            VcenterCaptureResult ok = result(run, OK);
            VcenterCaptureResult fallingBack = result(run, FALLING_BACK);

            // per vCenter
            for (VcenterCaptureResult r : List.of(ok, fallingBack)) {
                String vc = "vcenter=" + r.vcenter();
                assertTrue(r.rows() > 0, r.vcenter());
                assertEquals(r.rows(), m.get("vmledger_capture_rows_total{" + vc + "}"));
                assertEquals(r.rows(), m.get("vmledger_capture_vms{" + vc + "}"));
                assertEquals(1, m.get("vmledger_capture_duration_seconds_count{" + vc + "}"));
                assertEquals(r.seconds(), m.get("vmledger_capture_duration_seconds_sum{" + vc + "}"), 1e-6);
                assertEquals(0, m.get("vmledger_capture_consecutive_failures{" + vc + "}"));
                double last = m.get("vmledger_capture_last_success_timestamp_seconds{" + vc + "}");
                assertTrue(last >= started && last <= ended + 1, last + " not in [" + started + ", " + ended + "]");
                for (String cause : List.of("unreachable", "timeout", "tls", "login", "source", "storage")) {
                    assertEquals(0, m.get("vmledger_capture_failures_total{cause=" + cause + "," + vc + "}"), cause);
                }
            }
            assertEquals(0, m.get("vmledger_capture_fallbacks_total{vcenter=" + OK + "}"));
            assertEquals(3, m.get("vmledger_capture_fallbacks_total{vcenter=" + FALLING_BACK + "}"));
            String down = "vcenter=" + DOWN;
            assertEquals(1, m.get("vmledger_capture_failures_total{cause=unreachable," + down + "}"));
            assertEquals(0, m.get("vmledger_capture_failures_total{cause=storage," + down + "}"));
            assertEquals(0, m.get("vmledger_capture_rows_total{" + down + "}"));
            assertEquals(1, m.get("vmledger_capture_consecutive_failures{" + down + "}"));
            double since = m.get("vmledger_capture_last_success_timestamp_seconds{" + down + "}");
            assertTrue(since >= started && since <= ended, "never captured: the start of the service, " + since);
            assertEquals(1, m.get("vmledger_capture_duration_seconds_count{" + down + "}"));
            assertEquals(CaptureGrid.of(settings).interval(Instant.now().getEpochSecond()),
                    m.get("vmledger_capture_interval_seconds"));

            // per job type
            assertEquals(2, m.get("vmledger_job_runs_total{status=succeeded,type=capture}"));
            assertEquals(1, m.get("vmledger_job_runs_total{status=failed,type=capture}"));
            long rows = ok.rows() + fallingBack.rows();
            assertEquals(rows, m.get("vmledger_job_rows_total{type=capture}"));
            assertEquals(3, m.get("vmledger_job_duration_seconds_count{type=capture}"));
            for (String type : List.of("capture", "daily-aggregation")) {
                // the wall time of each recorded run, as the job history has it
                double seconds = storage.jobs().recent(type, 100, 0).items().stream()
                        .mapToLong(JobRun::durationMillis).sum() / 1000.0;
                assertEquals(seconds, m.get("vmledger_job_duration_seconds_sum{type=" + type + "}"), 1e-6, type);
            }
            assertEquals(1, m.get("vmledger_job_runs_total{status=succeeded,type=daily-aggregation}"));
            assertEquals(0, m.get("vmledger_job_runs_total{status=failed,type=daily-aggregation}"));
            assertEquals(daily.rows(), m.get("vmledger_job_rows_total{type=daily-aggregation}"));
            assertTrue(daily.rows() > 0);
            assertEquals(1, m.get("vmledger_job_duration_seconds_count{type=daily-aggregation}"));
            assertEquals(0, m.get("vmledger_job_runs_total{status=succeeded,type=monthly-aggregation}"));
            assertEquals(0, m.get("vmledger_job_runs_total{status=failed,type=monthly-aggregation}"));
            assertEquals(0, m.get("vmledger_job_last_success_timestamp_seconds{type=monthly-aggregation}"));
            double aggregated = m.get("vmledger_job_last_success_timestamp_seconds{type=daily-aggregation}");
            assertTrue(aggregated >= started && aggregated <= ended + 1, String.valueOf(aggregated));
            double failed = m.get("vmledger_job_last_failure_timestamp_seconds{type=capture}");
            assertTrue(failed >= started && failed <= ended + 1, String.valueOf(failed));
            assertEquals(1, m.get("vmledger_job_runs_total{status=succeeded,type=report}"), "the hourly report");
            assertEquals(0, m.get("vmledger_job_runs_total{status=failed,type=retention}"));

            // the report queue: the capture's hourly report went through it
            assertEquals(0, m.get("vmledger_report_queue_depth"));
            assertEquals(0, m.get("vmledger_report_queue_backlog"));
            assertEquals(256, m.get("vmledger_report_queue_capacity"));
            assertEquals(0, m.get("vmledger_report_queue_oldest_wait_seconds"));
            assertEquals(1, m.get("vmledger_report_queue_waits_total"));
            assertEquals(services.reports().queueStats().totalWaitMillis(),
                    m.get("vmledger_report_queue_wait_milliseconds_total"));
            assertEquals(services.reports().queueStats().maxWaitMillis() / 1000.0,
                    m.get("vmledger_report_queue_max_wait_seconds"), 1e-9);
            assertEquals(0, m.get("vmledger_report_queue_rejected_total"));
            assertEquals(0, m.get("vmledger_report_queue_merged_total"));

            // the SQLite store's connections: idle now, many handed out
            String writer = "pool=sqlite-writer";
            assertEquals(1, m.get("vmledger_storage_connections_max{" + writer + "}"));
            assertEquals(0, m.get("vmledger_storage_connections_active{" + writer + "}"));
            assertEquals(1, m.get("vmledger_storage_connections_idle{" + writer + "}"));
            assertEquals(0, m.get("vmledger_storage_connections_pending{" + writer + "}"));
            assertEquals(0, m.get("vmledger_storage_connections_timeouts_total{" + writer + "}"));
            // per vCenter at least the job start, the snapshot's one transaction and the job end; the daily outputs
            double acquired = m.get("vmledger_storage_connections_acquired_total{" + writer + "}");
            assertTrue(acquired >= 2 * 3 + 3 * 2 + 1, String.valueOf(acquired));
            assertNotNull(m.get("vmledger_storage_connections_acquire_milliseconds_total{" + writer + "}"));
            String readers = "pool=sqlite-readers";
            assertEquals(0, m.get("vmledger_storage_connections_max{" + readers + "}"), "no limit");
            assertEquals(0, m.get("vmledger_storage_connections_active{" + readers + "}"));
            assertTrue(m.get("vmledger_storage_connections_acquired_total{" + readers + "}") > 0);

            assertDocumented(text(running.port()));

            // and the JVM's own meters are still there
            assertFalse(m.keySet().stream().noneMatch(k -> k.startsWith("memory_") || k.startsWith("jvm_")), m.keySet()
                    .toString());
        }
    }

    @Test
    void aRestartRemembersFailuresInARowAndTheLastSuccessesFromTheStore() throws Exception {
        Settings settings = settings();
        Storage storage = StorageProviders.open(settings, Map.of("path", dir.resolve("ledger.db").toString()));
        long now = Instant.now().getEpochSecond();
        long t = now - now % 3600 - 3 * 3600;
        long okEnded;
        try (AppServices services = AppServices.of(settings, storage, new Source())) {
            for (int h = 0; h < 3; h++) {
                services.capture().captureAll(t + h * 3600L);
            }
            okEnded = storage.jobs().latest("capture", OK).orElseThrow().endedAt();
        }
        Storage reopened = StorageProviders.open(settings, Map.of("path", dir.resolve("ledger.db").toString()));
        try (AppServices services = AppServices.of(settings, reopened, new Source());
             RunningService running = RunningService.start(services)) {
            Map<String, Double> m = scrape(running.port());
            assertEquals(3, m.get("vmledger_capture_consecutive_failures{vcenter=" + DOWN + "}"), "three in a row");
            assertEquals(0, m.get("vmledger_capture_consecutive_failures{vcenter=" + OK + "}"));
            assertEquals(okEnded / 1000, m.get("vmledger_capture_last_success_timestamp_seconds{vcenter=" + OK + "}"));
            double since = m.get("vmledger_capture_last_success_timestamp_seconds{vcenter=" + DOWN + "}");
            assertTrue(since >= now && since <= Instant.now().getEpochSecond(), "never captured: since the start");
            assertTrue(m.get("vmledger_capture_vms{vcenter=" + OK + "}") > 0);
            assertEquals(okEnded / 1000.0, m.get("vmledger_job_last_success_timestamp_seconds{type=capture}"), 1.0);
            assertTrue(m.get("vmledger_job_last_failure_timestamp_seconds{type=capture}") > 0);
            // counters count what this process did: nothing yet
            assertEquals(0, m.get("vmledger_job_runs_total{status=failed,type=capture}"));
            assertEquals(0, m.get("vmledger_capture_failures_total{cause=unreachable,vcenter=" + DOWN + "}"));

            services.capture().captureAll(t + 3 * 3600L);
            m = scrape(running.port());
            assertEquals(4, m.get("vmledger_capture_consecutive_failures{vcenter=" + DOWN + "}"));
            assertEquals(1, m.get("vmledger_capture_failures_total{cause=unreachable,vcenter=" + DOWN + "}"));
        }
    }

    private static Settings settings() {
        return SettingsLoader.load(null, Map.of()).settings().toBuilder()
                .server(new Settings.ServerSettings("127.0.0.1", 0))
                .retry(new Settings.RetrySettings(1, 0, 0))
                .asyncReportGeneration(false)
                .snapshotTableCompatMode(false)
                // a schedule that does not fire while the test runs (29 February)
                .captureCron("0 0 0 29 2 ?")
                .build();
    }

    /** The text of {@code /observe/metrics}. */
    static String text(int port) throws IOException, InterruptedException {
        HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/observe/metrics")).header("Accept", "text/plain").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode());
        assertTrue(res.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        return res.body();
    }

    /**
     * The vmledger meters served (the families of the {@code # TYPE} lines, a summary's {@code _max} gauge counted
     * with it) are the meters of docs/operations.md's table, and the alert rules use no other.
     */
    private static void assertDocumented(String scraped) throws IOException {
        Map<String, String> types = new TreeMap<>();
        Matcher type = Pattern.compile("(?m)^# TYPE (vmledger_\\w+) (\\w+)$").matcher(scraped);
        while (type.find()) {
            types.put(type.group(1), type.group(2));
        }
        Set<String> served = new TreeSet<>();
        types.forEach((name, kind) -> {
            String base = name.replaceFirst("_max$", "");
            if (!(name.endsWith("_max") && "summary".equals(types.get(base)))) {
                served.add(name);
            }
        });
        Path project = Path.of("").toAbsolutePath().getParent();
        List<String> doc = Files.readAllLines(project.resolve("docs/operations.md"));
        int header = doc.indexOf("| meter | type | labels | meaning |");
        assertTrue(header > 0, "docs/operations.md has no table of meters");
        Set<String> documented = new TreeSet<>();
        for (int i = header + 2; i < doc.size() && doc.get(i).startsWith("|"); i++) {
            Matcher name = Pattern.compile("^\\| `(vmledger_\\w+)` \\| (\\w+)").matcher(doc.get(i));
            assertTrue(name.find(), doc.get(i));
            documented.add(name.group(1));
            assertEquals(types.get(name.group(1)), name.group(2), "the type of " + name.group(1));
        }
        assertEquals(documented, served, "meters served and documented");
        Matcher used = Pattern.compile("vmledger_\\w+").matcher(Files.readString(
                project.resolve("docs/alerts/vmledger-rules.yml")));
        int n = 0;
        while (used.find()) {
            n++;
            assertTrue(documented.contains(used.group()), "the alert rules use " + used.group());
        }
        assertTrue(n >= 10, "the rules name meters");
    }

    private static VcenterCaptureResult result(CaptureRun run, String vcenter) {
        return run.results().stream().filter(r -> r.vcenter().equals(vcenter)).findFirst().orElseThrow();
    }

    /**
     * The samples of the Prometheus text format by name and labels ({@code name{a=x,b=y}}, labels sorted, the
     * {@code scope} label every Helidon meter carries left out).
     */
    static Map<String, Double> scrape(int port) throws IOException, InterruptedException {
        Map<String, Double> samples = new TreeMap<>();
        for (String line : text(port).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            assertTrue(m.matches(), line);
            Map<String, String> labels = new TreeMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            labels.remove("scope");
            StringBuilder key = new StringBuilder(m.group(1));
            if (!labels.isEmpty()) {
                key.append('{');
                labels.forEach((k, v) -> key.append(key.charAt(key.length() - 1) == '{' ? "" : ",").append(k)
                        .append('=').append(v));
                key.append('}');
            }
            samples.put(key.toString(), Double.parseDouble(m.group(3)));
        }
        return samples;
    }
}
