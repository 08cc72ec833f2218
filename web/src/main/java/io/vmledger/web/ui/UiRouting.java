package io.vmledger.web.ui;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.vmledger.api.settings.Settings;
import io.vmledger.reports.ReportService;
import io.vmledger.storage.spi.JobRunStore;
import io.vmledger.storage.spi.SnapshotRegistry;
import io.vmledger.web.config.BuildInfo;
import io.vmledger.web.api.ops.AdminOperations;
import io.vmledger.web.auth.TokenVerifier;
import io.vmledger.web.http.ErrorHandling;
import io.vmledger.web.query.Queries;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * Registers the web UI's routes: the pages, the sign-in, the admin forms' targets and the static files.
 * Each page class gets only the services it reads.
 */
public final class UiRouting {

    private UiRouting() {
    }

    /**
     * What the UI is built from.
     *
     * @param operations the operations queue the API uses too
     * @param provider   the storage plugin's name, for the footer
     * @param clock      the clock of sessions and "late capture" warnings
     */
    public record Context(Settings settings, Queries queries, JobRunStore jobs, SnapshotRegistry registry,
                          ReportService reports, AdminOperations operations, String provider, Clock clock) {
    }

    /** Registers the UI; returns how it renders a browser's errors outside it, for {@link ErrorHandling}. */
    public static ErrorHandling.HtmlErrors register(HttpRouting.Builder routing, Context c) {
        Settings settings = c.settings();
        Format format = new Format(settings.reportTimeZone());
        Assets assets = new Assets();
        Sessions sessions = new Sessions(c.clock(), Duration.ofMinutes(settings.auth().sessionMinutes()));
        Pages pages = new Pages(new Templates(format), format, assets, sessions, settings.auth().ui(),
                BuildInfo.current(), c.provider(), c.clock());

        DashboardPage dashboard = new DashboardPage(c.queries().vcenters(), c.jobs(),
                new CaptureSchedule(settings.captureCron(), settings.reportTimeZone()), settings.auth(), format, c.clock());
        SnapshotsPages snapshots = new SnapshotsPages(c.registry(), c.queries().summaries(), c.queries().vcenters(), format);
        VcentersPages vcenters = new VcentersPages(c.queries().vcenters(), settings.calendar(), format);
        TracePage trace = new TracePage(c.queries().traces(), c.queries().vcenters(), settings.calendar(), format);
        JobsPages jobs = new JobsPages(c.jobs());
        ReportsPage reports = new ReportsPage(c.reports(), settings.calendar(), format);
        SignIn signIn = new SignIn(pages, new TokenVerifier(settings.auth().tokens()));
        AdminForms admin = new AdminForms(pages, c.operations(), settings);

        routing.get(Assets.PREFIX + "{name}", assets::serve);
        routing.get("/favicon.ico", (req, res) -> Assets.send(req, res, assets.all().get("favicon.svg")));
        routing.get("/", pages.page("dashboard", dashboard::show));
        routing.get("/snapshots", pages.page("snapshots", snapshots::list));
        routing.get("/snapshots/daily/{date}", pages.page("snapshots", snapshots::daily));
        routing.get("/snapshots/daily/{date}/export.csv", pages.page("snapshots", snapshots::dailyCsv));
        routing.get("/snapshots/monthly/{month}", pages.page("snapshots", snapshots::monthly));
        routing.get("/snapshots/monthly/{month}/export.csv", pages.page("snapshots", snapshots::monthlyCsv));
        routing.get("/vcenters", pages.page("vcenters", vcenters::list));
        routing.get("/vcenters/{name}", pages.page("vcenters", vcenters::one));
        routing.get("/trace", pages.page("trace", trace::show));
        routing.get("/jobs", pages.page("jobs", jobs::list));
        routing.get("/jobs/{id}", pages.page("jobs", jobs::one));
        routing.get(ReportsPage.PATH, pages.page("reports", reports::list));
        routing.get(ReportsPage.PATH + "/{name}", pages.page("reports", reports::download));
        routing.register(signIn::routing);
        routing.register(admin::routing);

        return (req, res, status, message) -> {
            if (!wantsPage(req)) {
                return false;
            }
            pages.error(pages.open(req, res, ""), status, title(status), message);
            return true;
        };
    }

    private static String title(Status status) {
        if (status == Status.NOT_FOUND_404) {
            return "Not found";
        }
        return status == Status.SERVICE_UNAVAILABLE_503 ? "Database unavailable" : status.reasonPhrase();
    }

    /** A browser asking for a page: it accepts HTML, and the path is not the API's or an operations endpoint's. */
    static boolean wantsPage(ServerRequest req) {
        String path = req.path().path().toLowerCase(Locale.ROOT);
        if (path.startsWith("/api") || path.startsWith("/observe") || path.startsWith("/openapi")) {
            return false;
        }
        return req.headers().first(HeaderNames.ACCEPT).map(a -> a.contains("text/html")).orElse(false);
    }
}
