package io.vmledger.web.ui;

import io.helidon.webserver.WebServer;
import io.vmledger.api.JobStatus;
import io.vmledger.api.PowerState;
import io.vmledger.api.VmEvent;
import io.vmledger.api.VmSample;
import io.vmledger.api.settings.AuthSettings;
import io.vmledger.api.settings.Settings;
import io.vmledger.capture.CapturePipeline;
import io.vmledger.capture.Inventory;
import io.vmledger.capture.InventorySource;
import io.vmledger.capture.simulated.SimulatedInventorySource;
import io.vmledger.reports.ReportId;
import io.vmledger.storage.spi.Storage;
import io.vmledger.web.api.ApiFixture;
import io.vmledger.web.app.AppServices;
import io.vmledger.web.app.LedgerServer;
import io.vmledger.web.auth.TokenVerifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The seeded store of the UI tests, built once per JVM: the API tests' ledger ({@link ApiFixture#seed}: two
 * simulated vCenters captured hourly over two days and three hours), two VMs renamed to hostile names, a failed capture on record, the days and their
 * month aggregated. ONE server serves it, with two listeners: the default one with the UI public, and
 * {@code token} with {@code auth.ui: token} (and API auth on), both on a clock the tests can move.
 */
final class UiFixture {
    static final String ADMIN_TOKEN = "ui-admin-token-5d1e0c7b";
    static final String VIEWER_TOKEN = "ui-viewer-token-9a2f44e1";
    static final String HOSTILE_IMG = "<img src=x onerror=alert(1)>";
    static final String HOSTILE_SCRIPT = "\"><script>alert(1)</script>";
    static final String VC1 = SimulatedInventorySource.vcenterKey(1);
    static final String VC2 = SimulatedInventorySource.vcenterKey(2);
    static final LocalDate DAY1 = ApiFixture.DAY1;
    static final LocalDate DAY2 = ApiFixture.DAY2;
    static final LocalDate DAY3 = ApiFixture.DAY3;
    static final YearMonth MONTH = ApiFixture.MONTH;
    static final int SESSION_MINUTES = 30;

    private static UiFixture instance;

    final Path dir;
    final Settings settings;
    final Storage storage;
    final MutableClock clock = new MutableClock();
    final WebServer server;
    /** VM ids of the two renamed VMs in {@link #VC1}: the img one, then the script one. */
    final List<String> hostileIds;
    final long failedJobId;
    /** The reports written when the store was seeded. */
    final List<ReportId> reports;

    private UiFixture() throws IOException {
        dir = Files.createTempDirectory("vmledger-ui-test");
        settings = ApiFixture.settings();
        storage = ApiFixture.openStore(settings, dir);
        HostileNames source = new HostileNames(new SimulatedInventorySource(2, 40, 11L));
        ApiFixture.seed(storage, source, settings);
        hostileIds = List.copyOf(source.renamed.keySet());
        // job runs carry the wall-clock time they ran at: this one is the newest capture of VC2
        long failedAt = System.currentTimeMillis() + 1;
        failedJobId = storage.jobs().start(CapturePipeline.JOB_TYPE, VC2, failedAt);
        storage.jobs().finish(failedJobId, JobStatus.FAILED, failedAt + 2500, 0,
                "failed in fetch: connection refused; snapshot=2026-10-07T04:00:07Z fallbacks=0");

        Settings token = settings.toBuilder().auth(new AuthSettings(true, List.of(
                new AuthSettings.Token("ops-admin", AuthSettings.Role.ADMIN, TokenVerifier.sha256Hex(ADMIN_TOKEN)),
                new AuthSettings.Token("dashboard", AuthSettings.Role.VIEWER, TokenVerifier.sha256Hex(VIEWER_TOKEN))),
                AuthSettings.UiMode.TOKEN, SESSION_MINUTES)).build();
        Settings publicUi = settings.toBuilder().auth(new AuthSettings(false, token.auth().tokens(),
                AuthSettings.UiMode.PUBLIC, SESSION_MINUTES)).build();
        AppServices publicServices = AppServices.of(publicUi, storage, source);
        // the reports of the days, the month and the first hour, written now so the reports page is the same in every run
        long firstHour = DAY1.atStartOfDay(ZoneOffset.UTC).toEpochSecond() + 7;
        reports = List.of(ReportId.daily(DAY1), ReportId.daily(DAY2), ReportId.daily(DAY3), ReportId.monthly(MONTH),
                ReportId.hourly(firstHour));
        reports.forEach(id -> publicServices.reports().generate(id));
        server = WebServer.builder()
                .host("127.0.0.1").port(0).shutdownHook(false)
                .routing(r -> LedgerServer.routing(r, publicServices, clock))
                .putSocket("token", s -> s.host("127.0.0.1").port(0))
                .routing("token", r -> LedgerServer.routing(r, AppServices.of(token, storage, source), clock))
                .build()
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
    }

    static synchronized UiFixture get() {
        if (instance == null) {
            try {
                instance = new UiFixture();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** The base URL of the public-mode listener. */
    String publicUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The base URL of the token-mode listener. */
    String tokenUrl() {
        return "http://127.0.0.1:" + server.port("token");
    }

    private void close() {
        server.stop();
        storage.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temporary directory
        }
    }

    /** An HTTP client with its own cookie jar, as one browser would have. */
    static Http http() {
        return new Http();
    }

    /** A minimal browser-like HTTP client: cookies kept, redirects not followed. */
    static final class Http {
        private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(String url) {
            return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET().build());
        }

        HttpResponse<String> get(String url, Map<String, String> headers) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
            headers.forEach(b::header);
            return send(b.GET().build());
        }

        HttpResponse<String> postForm(String url, Map<String, String> fields) {
            StringBuilder body = new StringBuilder();
            fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(Links.encode(k)).append('=')
                    .append(Links.encode(v)));
            return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        }

        HttpClient client() {
            return client;
        }

        HttpResponse<String> send(HttpRequest request) {
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Signs in with a token through the form; returns the sign-in response (a 303 when it worked). */
        HttpResponse<String> signIn(String base, String token) {
            String form = get(base + SignIn.PATH).body();
            return postForm(base + SignIn.PATH, Map.of("csrf", hidden(form, "csrf"), "next", "/", "token", token));
        }
    }

    /** The value of a hidden input of a page. */
    static String hidden(String html, String name) {
        String marker = "name=\"" + name + "\" value=\"";
        int at = html.indexOf(marker);
        if (at < 0) {
            throw new AssertionError("no hidden field " + name + " in the page");
        }
        int from = at + marker.length();
        return html.substring(from, html.indexOf('"', from));
    }

    /** Hours after the start of DAY1 during which the second hostile VM is powered off; from CHANGED_POOL_AT on it is in another pool. */
    static final int POWER_OFF_FROM = 20;
    static final int POWER_OFF_TO = 23;
    static final int CHANGED_POOL_AT = 30;

    /**
     * The simulated inventory with two VMs of the first vCenter renamed to hostile names, as whoever runs
     * vCenter may name them: the first two non-template VMs of its first capture, by VM id. The second is
     * also powered off for three hours and later moved to another pool, so its trace has changes to mark.
     */
    static final class HostileNames implements InventorySource {
        private final InventorySource inner;
        final Map<String, String> renamed = new LinkedHashMap<>();

        HostileNames(InventorySource inner) {
            this.inner = inner;
        }

        @Override
        public List<String> vcenters() {
            return inner.vcenters();
        }

        @Override
        public synchronized Inventory capture(String vcenter, long snapshotTime) {
            Inventory inv = inner.capture(vcenter, snapshotTime);
            if (!vcenter.equals(VC1)) {
                return inv;
            }
            if (renamed.isEmpty()) {
                List<String> ids = inv.vms().stream().filter(v -> !v.template()).map(VmSample::vmId).sorted().limit(2)
                        .toList();
                renamed.put(ids.get(0), HOSTILE_IMG);
                renamed.put(ids.get(1), HOSTILE_SCRIPT);
            }
            long hour = (snapshotTime - DAY1.atStartOfDay(ZoneOffset.UTC).toEpochSecond()) / 3600;
            List<VmSample> vms = new ArrayList<>(inv.vms().size());
            for (VmSample v : inv.vms()) {
                String name = renamed.get(v.vmId());
                if (name == null) {
                    vms.add(v);
                    continue;
                }
                boolean changing = name.equals(HOSTILE_SCRIPT);
                PowerState power = !changing ? v.powerState()
                        : hour >= POWER_OFF_FROM && hour < POWER_OFF_TO ? PowerState.POWERED_OFF : PowerState.POWERED_ON;
                String pool = !changing ? v.resourcePool() : hour >= CHANGED_POOL_AT ? "Gold" : "Tin";
                vms.add(new VmSample(v.snapshotTime(), v.vcenter(), v.vmId(), v.vmUuid(), name, v.creationTime(),
                        v.deletionTime(), pool, v.datacenter(), v.cluster(), v.folder(), v.vcpuCount(), v.ramGb(),
                        v.provisionedDiskGb(), power, v.template()));
            }
            return new Inventory(inv.vcenter(), inv.snapshotTime(), vms, inv.fallbacks());
        }

        @Override
        public List<VmEvent> events(String vcenter, long fromExclusive, long toInclusive) {
            return inner.events(vcenter, fromExclusive, toInclusive);
        }
    }
}
