package io.vmledger.web.ui;

import io.helidon.http.Status;
import io.vmledger.api.JobRun;
import io.vmledger.api.JobStatus;
import io.vmledger.api.Page;
import io.vmledger.storage.spi.JobRunStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code /jobs} (runs filtered by type and status, newest first) and {@code /jobs/{id}} (one run and its stages). */
final class JobsPages {
    static final int PAGE_SIZE = 50;
    /** A stage figure of a capture's detail: {@code name=seconds s/rows}. */
    private static final Pattern STAGE = Pattern.compile("([A-Za-z][\\w-]*)=([0-9.]+)s/(\\d+)");

    private final JobRunStore jobs;

    JobsPages(JobRunStore jobs) {
        this.jobs = jobs;
    }

    void list(PageRequest page) {
        UiParams q = page.params();
        String type = q.text("type").orElse(null);
        JobStatus status = q.choice("status", s -> {
            try {
                return JobStatus.fromWire(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be one of " + String.join(", ", JobStatus.wireNames()));
            }
        }).orElse(null);
        Links links = Links.to("/jobs").with("type", type).with("status", status == null ? null : status.wire());
        int requested = q.page();
        Page<JobRun> runs = jobs.recent(type, status, PAGE_SIZE, (long) (requested - 1) * PAGE_SIZE);
        Paging paging = Paging.of(requested, PAGE_SIZE, runs.total(), links, "Pages of job runs");
        if (paging.page() != requested) {
            runs = jobs.recent(type, status, PAGE_SIZE, paging.offset(PAGE_SIZE));
        }
        Map<String, Object> model = new HashMap<>();
        model.put("title", "Jobs");
        model.put("lede", "Captures, aggregations, repairs and other runs, newest first.");
        model.put("types", jobs.types());
        model.put("type", type);
        model.put("status", status == null ? null : status.wire());
        model.put("statuses", JobStatus.wireNames());
        model.put("jobs", runs.items());
        model.put("paging", paging);
        page.render("jobs", model);
    }

    void one(PageRequest page) {
        String raw = page.pathParam("id");
        if (raw == null || !raw.matches("\\d{1,18}")) {
            throw UiException.notFound("'" + UiParams.abbreviate(raw) + "' is not a job id.");
        }
        long id = Long.parseLong(raw);
        JobRun run = jobs.get(id).orElseThrow(() -> UiException.notFound("There is no job run " + id
                + "; runs older than the job-run retention are removed."));
        Map<String, Object> model = new HashMap<>();
        model.put("title", "Job " + id);
        model.put("crumbs", List.of(Map.of("label", "Jobs", "href", "/jobs")));
        model.put("lede", run.type() + (run.target() == null || run.target().isEmpty() ? "" : " of " + run.target()));
        model.put("job", run);
        Detail detail = Detail.parse(run.detail());
        model.put("detail", detail);
        model.put("running", run.status() == JobStatus.RUNNING);
        page.render(Status.OK_200, "job", model);
    }

    /**
     * A run's detail text split for reading: who asked ({@code requested by ...}), the stage figures of a
     * capture ({@code stages: fetch=0.120s/15000 ...}) and the rest.
     */
    record Detail(String requestedBy, String text, List<Stage> stages) {

        record Stage(String name, double seconds, long rows) {
        }

        static Detail parse(String detail) {
            if (detail == null || detail.isBlank()) {
                return new Detail(null, null, List.of());
            }
            String rest = detail.trim();
            String requestedBy = null;
            if (rest.startsWith("requested by ")) {
                int semi = rest.indexOf("; ");
                requestedBy = semi < 0 ? rest.substring(13) : rest.substring(13, semi);
                rest = semi < 0 ? "" : rest.substring(semi + 2);
            }
            List<Stage> stages = new ArrayList<>();
            int at = rest.lastIndexOf(" stages:");
            if (at >= 0) {
                Matcher m = STAGE.matcher(rest.substring(at));
                while (m.find()) {
                    stages.add(new Stage(m.group(1).toLowerCase(Locale.ROOT), Double.parseDouble(m.group(2)),
                            Long.parseLong(m.group(3))));
                }
                if (!stages.isEmpty()) {
                    rest = rest.substring(0, at).trim();
                }
            }
            return new Detail(requestedBy, rest.isEmpty() ? null : rest, stages);
        }
    }
}
