package io.vmledger.capture;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Captures a run of past hours in time order, for demos, benchmarks and catching up after downtime.
 * Hours are the starts of the hours of the report time zone. Re-capturing an hour replaces its rows,
 * so nothing is ever duplicated; {@link #fillMissing} resumes each vCenter at its first incomplete hour:
 * the hour after its newest complete (registered) snapshot, so a backfill killed at any moment and run
 * again ends with the store an uninterrupted one leaves.
 */
public final class CaptureBackfill {
    private static final System.Logger LOG = System.getLogger(CaptureBackfill.class.getName());
    private static final long HOUR = 3600;

    private final CapturePipeline pipeline;

    public CaptureBackfill(CapturePipeline pipeline) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    }

    /** Called after each hour: {@code done} of {@code total} hours, and that hour's run. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total, run) -> {
        };

        void onHour(int done, int total, CaptureRun run);
    }

    /**
     * What a backfill did.
     *
     * @param hoursCaptured hours captured (each for every vCenter that lacked it)
     * @param hoursPresent  hours of the window every vCenter already had
     * @param snapshots     vCenter snapshots captured successfully
     * @param failures      vCenter snapshots that failed (recorded as failed job runs)
     * @param rows          rows written
     * @param seconds       wall time
     */
    public record Result(int hoursCaptured, int hoursPresent, int snapshots, int failures, long rows, double seconds) {

        public String describe() {
            return String.format(Locale.ROOT, "%d hours captured (%d snapshots, %d rows), %d already present, "
                    + "%d failures, %.1f s", hoursCaptured, snapshots, rows, hoursPresent, failures, seconds);
        }
    }

    /**
     * Captures every vCenter at every hour start from {@code fromInclusive} to {@code toInclusive} (both
     * rounded down to their hour), in order, re-capturing hours that exist.
     */
    public Result captureRange(long fromInclusive, long toInclusive, Progress progress) {
        long first = pipeline.hourStart(fromInclusive);
        long last = pipeline.hourStart(toInclusive);
        Map<String, Long> starts = new LinkedHashMap<>();
        for (String vc : pipeline.vcenters()) {
            starts.put(vc, first);
        }
        return run(starts, first, last, 0, progress);
    }

    /**
     * For each vCenter, captures the hours from its first incomplete hour up to the hour of {@code now}: the
     * hour after its newest complete snapshot (one with its registry record; a snapshot is stored whole or not
     * at all, so after a crash that is the hour the crash interrupted, and a snapshot an earlier version left
     * without its record is captured again). A vCenter without snapshots (or whose newest is older than that)
     * gets the last {@code maxHours} hours. A second call with the same {@code now} captures nothing.
     */
    public Result fillMissing(long now, int maxHours, Progress progress) {
        if (maxHours < 1) {
            throw new IllegalArgumentException("maxHours must be at least 1, got " + maxHours);
        }
        long last = pipeline.hourStart(now);
        long oldest = last - (maxHours - 1) * HOUR;
        Map<String, Long> starts = new LinkedHashMap<>();
        for (String vc : pipeline.vcenters()) {
            OptionalLong newest = pipeline.newestRegistered(vc, Long.MAX_VALUE);
            long start = newest.isPresent() ? pipeline.hourStart(newest.getAsLong()) + HOUR : oldest;
            starts.put(vc, Math.max(start, oldest));
        }
        long first = starts.values().stream().mapToLong(Long::longValue).min().orElse(last + HOUR);
        int present = (int) Math.min(maxHours, (first - oldest) / HOUR);
        return run(starts, first, last, present, progress);
    }

    private Result run(Map<String, Long> starts, long first, long last, int present, Progress progress) {
        long t0 = System.nanoTime();
        int total = first > last ? 0 : (int) ((last - first) / HOUR + 1);
        int captured = 0;
        int snapshots = 0;
        int failures = 0;
        long rows = 0;
        int done = 0;
        for (long h = first; h <= last; h += HOUR) {
            List<String> due = new ArrayList<>();
            for (Map.Entry<String, Long> e : starts.entrySet()) {
                if (e.getValue() <= h) {
                    due.add(e.getKey());
                }
            }
            CaptureRun run = pipeline.capture(h, due);
            captured++;
            snapshots += run.results().size() - run.failures();
            failures += run.failures();
            rows += run.rows();
            progress.onHour(++done, total, run);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Result result = new Result(captured, present, snapshots, failures, rows, seconds);
        if (total > 0) {
            LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT, "backfill %s .. %s: %s",
                    Instant.ofEpochSecond(first), Instant.ofEpochSecond(last), result.describe()));
        }
        return result;
    }
}
