package io.vmledger.web.ui;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.vmledger.api.JobRun;
import io.vmledger.api.settings.Settings;
import io.vmledger.web.api.ops.AdminOperations;
import io.vmledger.maintenance.Operations;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The admin forms' targets: {@code POST /admin/aggregate}, {@code /admin/repair} and
 * {@code /admin/rebuild-totals}. Each needs an admin session (in both UI modes) and the session's CSRF
 * token in the form, runs on the same operations queue as the API, and answers with a redirect to the
 * job run (after waiting a few seconds, so that short operations show finished).
 */
final class AdminForms {
    static final int WAIT_SECONDS = 5;
    private static final System.Logger LOG = System.getLogger(AdminForms.class.getName());

    private final Pages pages;
    private final AdminOperations operations;
    private final Settings settings;

    AdminForms(Pages pages, AdminOperations operations, Settings settings) {
        this.pages = pages;
        this.operations = operations;
        this.settings = settings;
    }

    void routing(HttpRules rules) {
        rules.post("/admin/aggregate", pages.page("admin", this::aggregate));
        rules.post("/admin/repair", pages.page("admin", this::repair));
        rules.post("/admin/rebuild-totals", pages.page("admin", this::rebuildTotals));
    }

    private void aggregate(PageRequest page) {
        Forms form = checked(page);
        String kind = form.required("kind", "the kind of period");
        String period = form.required("period", "the period");
        String caller = caller(page);
        switch (kind) {
            case "daily" -> {
                LocalDate day = UiParams.day(period);
                submit(page, () -> operations.aggregateDaily(day, Optional.empty(), caller));
            }
            case "monthly" -> {
                YearMonth month = UiParams.month(period);
                submit(page, () -> operations.aggregateMonthly(month, Optional.empty(),
                        settings.monthlyAggregationGranularity(), caller));
            }
            default -> throw UiException.badRequest("The kind of period must be daily or monthly.");
        }
    }

    private void repair(PageRequest page) {
        Forms form = checked(page);
        LocalDate day = UiParams.day(form.required("date", "the day to repair"));
        submit(page, () -> operations.repairDay(day, caller(page)));
    }

    private void rebuildTotals(PageRequest page) {
        checked(page);
        submit(page, () -> operations.rebuildTotals(caller(page)));
    }

    /** The form, once the session is an admin's and the form carries its CSRF token. */
    private static Forms checked(PageRequest page) {
        Viewer viewer = page.viewer();
        if (!viewer.signedIn()) {
            throw UiException.forbidden("Operations need an admin session: sign in with an admin token first.");
        }
        if (!viewer.isAdmin()) {
            LOG.log(System.Logger.Level.INFO, "UI operation refused: token '" + viewer.label() + "' has the viewer role");
            throw UiException.forbidden("Your token (" + viewer.label() + ") has the viewer role; "
                    + "operations need an admin token.");
        }
        Forms form = Forms.read(page.req());
        if (!viewer.session().csrfMatches(form.get("csrf").orElse(null))) {
            LOG.log(System.Logger.Level.INFO, "UI operation refused: the form lacks the session's CSRF token");
            throw UiException.forbidden("The form did not carry this session's security token (it may come from "
                    + "another site, or from before you signed in again). Nothing was run; reload the page and retry.");
        }
        return form;
    }

    private static String caller(PageRequest page) {
        return page.viewer().label() + " (web UI)";
    }

    private void submit(PageRequest page, Supplier<Operations.Submitted> request) {
        Operations.Submitted s;
        try {
            s = request.get();
        } catch (AdminOperations.NothingToDo e) {
            throw new UiException(Status.NOT_FOUND_404, "Nothing to do", e.getMessage());
        } catch (Operations.Busy e) {
            throw new UiException(Status.SERVICE_UNAVAILABLE_503, "Busy", e.getMessage());
        }
        JobRun done = s.await(WAIT_SECONDS);
        page.redirect("/jobs/" + (done == null ? s.jobId() : done.id()));
    }
}
