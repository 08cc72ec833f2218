package io.vmledger.reports;

import io.vmledger.api.Granularity;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.JobRecorder;
import io.vmledger.storage.spi.SnapshotQuery;
import io.vmledger.storage.spi.Storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * Report generation as the application uses it: the hand-offs from capture and aggregation, the
 * bounded background queue ({@code settings.async_report_generation}), the catch-up of missing or stale
 * reports at start-up, explicit regeneration, and retention.
 *
 * <p>Every report generated for a hand-off or by the catch-up is recorded as a {@value #JOB_TYPE} job
 * run (target: the file name). Generations of the same report never overlap: the later one waits and
 * then reads the newer data.
 */
public final class ReportService implements AutoCloseable {
    public static final String JOB_TYPE = "report";
    private static final System.Logger LOG = System.getLogger(ReportService.class.getName());
    private static final int LOCK_STRIPES = 64;

    private final Storage storage;
    private final boolean async;
    private final ReportCalendar calendar;
    private final ReportFiles files;
    private final ReportGenerator generator;
    private final DataVersion dataVersion;
    private final Clock clock;
    private final ReportQueue queue;
    private final Object[] locks = new Object[LOCK_STRIPES];

    public ReportService(Storage storage, Settings settings, ReportFiles files, DataVersion dataVersion, Clock clock,
                         int queueCapacity) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.async = settings.asyncReportGeneration();
        this.calendar = settings.calendar();
        this.files = Objects.requireNonNull(files, "files");
        this.dataVersion = Objects.requireNonNull(dataVersion, "dataVersion");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.generator = new ReportGenerator(storage, calendar, clock);
        this.queue = new ReportQueue(queueCapacity, this::generateRecorded, this::missingOrStale);
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    public ReportService(Storage storage, Settings settings, ReportFiles files, DataVersion dataVersion) {
        this(storage, settings, files, dataVersion, Clock.systemUTC(), ReportQueue.DEFAULT_CAPACITY);
    }

    public ReportFiles files() {
        return files;
    }

    /** The queue's figures (depth, waits, counts) for metrics. */
    public ReportQueue.Stats queueStats() {
        return queue.stats();
    }

    /** Removes what a crash left half-written and starts the background worker. */
    public void start() {
        int removed = files.removeTemporaryFiles();
        if (removed > 0) {
            LOG.log(System.Logger.Level.INFO, "reports: removed " + removed + " unfinished temporary files in "
                    + files.dir());
        }
        queue.start();
    }

    /** Queues the start-up catch-up: every report that is missing or older than its data. */
    public void catchUp() {
        queue.requestScan();
    }

    // ------------------------------------------------------------------------------------------ hand-offs

    /** The capture of {@code snapshotTime} finished for every vCenter of its run. */
    public void snapshotCaptured(long snapshotTime) {
        request(ReportId.hourly(snapshotTime));
    }

    /** A day was aggregated (its summary committed). */
    public void dayAggregated(LocalDate day) {
        request(ReportId.daily(day));
    }

    /** A month was aggregated. */
    public void monthAggregated(YearMonth month) {
        request(ReportId.monthly(month));
    }

    /**
     * Asynchronous: queues the report and returns at once. Synchronous: generates it now, on the calling
     * thread. Either way a failure is logged and recorded, never thrown to the caller.
     */
    public void request(ReportId id) {
        if (async) {
            if (!queue.submit(id)) {
                LOG.log(System.Logger.Level.WARNING, "report queue full (" + queue.capacity() + " waiting); "
                        + id.fileName() + " is left to the catch-up");
            }
            return;
        }
        try {
            generateRecorded(id);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "report " + id.fileName() + " failed: " + e.getMessage(), e);
        }
    }

    /** Waits until the queue and its catch-up backlog are done, up to {@code timeout}. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return queue.awaitIdle(timeout);
    }

    // ------------------------------------------------------------------------------------------ generation

    /** A report written, in {@code millis}, of which {@code readMillis} reading its rows from the store. */
    public record Generated(ReportInfo info, int rows, int vcenters, long millis, long readMillis) {
    }

    /**
     * Generates a report now, on the calling thread, replacing the file atomically.
     *
     * @throws ReportException when its period has no data, or writing failed
     */
    public Generated generate(ReportId id) {
        synchronized (locks[Math.floorMod(id.hashCode(), LOCK_STRIPES)]) {
            long t0 = System.nanoTime();
            ReportGenerator.Written[] written = new ReportGenerator.Written[1];
            try {
                files.write(id, out -> written[0] = generator.write(id, out));
            } catch (IOException e) {
                throw new ReportException("writing " + id.fileName() + " into " + files.dir() + " failed: "
                        + e.getMessage(), e);
            } catch (UncheckedIOException e) {
                throw new ReportException("writing " + id.fileName() + " failed: " + e.getMessage(), e);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            ReportInfo info = files.info(id).orElseThrow(() -> new ReportException(id.fileName() + " vanished"));
            LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT,
                    "report %s: %d rows, %d vCenters, %d KB in %d ms (read %d ms)", id.fileName(), written[0].rows(),
                    written[0].vcenters(), info.sizeBytes() / 1024, ms, written[0].readMillis()));
            return new Generated(info, written[0].rows(), written[0].vcenters(), ms, written[0].readMillis());
        }
    }

    /** {@link #generate} recorded as a {@value #JOB_TYPE} job run; a period without data is skipped. */
    private void generateRecorded(ReportId id) {
        if (!generator.hasData(id)) {
            LOG.log(System.Logger.Level.INFO, "report " + id.fileName() + " skipped: its period has no data");
            return;
        }
        JobRecorder.run(storage.jobs(), clock::millis, JOB_TYPE, id.fileName(), () -> generate(id),
                g -> new JobRecorder.Outcome(g.rows(), g.vcenters() + " vCenters, " + g.info().sizeBytes()
                        + " bytes in " + g.millis() + " ms"));
    }

    /** The outcome of an explicit regeneration. */
    public record Regeneration(int generated, long rows, List<String> failures, long millis) {
        public String describe() {
            return String.format(Locale.ROOT, "%d reports generated (%d rows) in %d ms%s", generated, rows, millis,
                    failures.isEmpty() ? "" : "; " + failures.size() + " failed: " + String.join("; ", failures));
        }
    }

    /** Generates the given reports now, in order; one failing does not stop the others. */
    public Regeneration regenerate(Collection<ReportId> ids) {
        long t0 = System.nanoTime();
        int n = 0;
        long rows = 0;
        List<String> failures = new ArrayList<>();
        for (ReportId id : ids) {
            try {
                Generated g = generate(id);
                n++;
                rows += g.rows();
            } catch (RuntimeException e) {
                failures.add(id.fileName() + ": " + e.getMessage());
                LOG.log(System.Logger.Level.ERROR, "report " + id.fileName() + " failed: " + e.getMessage(), e);
            }
        }
        return new Regeneration(n, rows, List.copyOf(failures), (System.nanoTime() - t0) / 1_000_000);
    }

    /** The hourly reports of the snapshots registered in a window, oldest first. */
    public List<ReportId> hourlyReports(TimeWindow window) {
        TreeSet<Long> times = new TreeSet<>();
        for (SnapshotRecord r : storage.registry().list(new SnapshotQuery(Granularity.HOURLY, null, window,
                Integer.MAX_VALUE, 0)).items()) {
            times.add(r.snapshotTime());
        }
        return times.stream().map(ReportId::hourly).toList();
    }

    /**
     * The report, generated first when it is missing or older than its data (the summary endpoints'
     * {@code ?format=xlsx}).
     *
     * @throws ReportException when its period has no data
     */
    public ReportInfo current(ReportId id) {
        Optional<ReportInfo> info = files.info(id);
        if (info.isPresent() && !stale(info.get())) {
            return info.get();
        }
        return generate(id).info();
    }

    // ------------------------------------------------------------------------------------------ catch-up

    /**
     * Reports whose period has data but whose file is missing, or older than the data: monthly, then
     * daily, then hourly, newest first within each.
     */
    public List<ReportId> missingOrStale() {
        List<ReportId> out = new ArrayList<>();
        for (Granularity g : List.of(Granularity.MONTHLY, Granularity.DAILY, Granularity.HOURLY)) {
            TreeSet<ReportId> ids = new TreeSet<>();
            for (SnapshotRecord r : storage.registry().list(new SnapshotQuery(g, null, TimeWindow.all(),
                    Integer.MAX_VALUE, 0)).items()) {
                ids.add(switch (g) {
                    case HOURLY -> ReportId.hourly(r.snapshotTime());
                    case DAILY -> ReportId.daily(calendar.dateOf(r.snapshotTime()));
                    case MONTHLY -> ReportId.monthly(calendar.monthOf(r.snapshotTime()));
                });
            }
            for (ReportId id : ids.descendingSet()) {
                Optional<ReportInfo> info = files.info(id);
                if (info.isEmpty() || stale(info.get())) {
                    out.add(id);
                }
            }
        }
        return out;
    }

    private boolean stale(ReportInfo info) {
        OptionalLong written = dataVersion.writtenAtMillis(info.id());
        return written.isPresent() && info.generatedAt().toEpochMilli() < written.getAsLong();
    }

    // ------------------------------------------------------------------------------------------ retention

    /** Deletes the hourly reports of snapshots before {@code cutoff} (epoch seconds); returns how many. */
    public int deleteHourlyBefore(long cutoff) {
        int n = 0;
        for (ReportInfo r : files.list()) {
            if (r.id() instanceof ReportId.Hourly h && h.snapshotTime() < cutoff) {
                n += files.delete(r.id()) ? 1 : 0;
            }
        }
        if (n > 0) {
            LOG.log(System.Logger.Level.INFO, "reports: " + n + " hourly reports before " + Instant.ofEpochSecond(cutoff)
                    + " removed");
        }
        return n;
    }

    /** Lets the queued reports finish (up to a minute), then stops the worker. */
    @Override
    public void close() {
        queue.close();
    }
}
