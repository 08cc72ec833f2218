package io.vmledger.aggregation;

import io.vmledger.api.AggregationPath;
import io.vmledger.api.Granularity;
import io.vmledger.api.JobRun;
import io.vmledger.api.JobStatus;
import io.vmledger.api.Page;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.settings.Settings;
import io.vmledger.api.settings.Settings.MonthlyGranularity;
import io.vmledger.storage.spi.InstanceStore;
import io.vmledger.storage.spi.SnapshotQuery;
import io.vmledger.storage.spi.Storage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * When daily and monthly aggregation run on their own.
 *
 * <ul>
 *   <li>{@link #afterCapture(long)}: called once an hourly capture run has finished for every vCenter.
 *       The first capture of a day means the prior day's last capture has completed (and the deletions of
 *       its last hour have been reconciled), so the prior day is aggregated if it is due; on the first
 *       day of a month (or the first capture after it) the prior month is aggregated, after aggregating
 *       any of its days that lacks a rollup. A vCenter whose first capture after a day comes late (its
 *       midnight capture failed, or it was unreachable for hours or days) makes that day due again when it
 *       arrives: the day's {@code DeletionTime} rule reads each vCenter's first snapshot after the day
 *       (semantics section 4), which the day's earlier run could not see. A complete month is aggregated
 *       again after any of its days was.</li>
 *   <li>{@link #catchUp(boolean)}: at start-up, the same for every complete day and month since the oldest
 *       hourly snapshot (at most {@link #MAX_CATCH_UP_DAYS} back) and, when asked, the month so far.</li>
 * </ul>
 *
 * A period is due when it has hourly data and either has no registry record or its latest run failed, was
 * abandoned (its instance died: whether it committed is unknown, and a re-run replaces the same outputs), or
 * started before the period had ended (a partial run, for example the month so far). A day is also
 * due when its latest run started before the first snapshot after the day of one of the day's vCenters
 * ({@link #dailyStale}), and a complete month when its latest run started before the latest run of one of
 * its days ({@link #monthlyStale}); both are read from the store, so a restart between a capture and its
 * aggregation loses nothing. Scheduled runs use the path of {@code settings.aggregation_path}
 * ({@link AggregationPaths}: with {@code auto}, the storage plugin's recorded default), fall back to the
 * Java path when the SQL path fails, and always build months from daily rollups
 * ({@code settings.monthly_aggregation_granularity} applies to manual runs only). Every run is recorded
 * as a job run by the jobs themselves; a failing period is logged and retried at the next call. The
 * entry points are synchronized, so a start-up catch-up and a scheduled call sharing one instance never
 * aggregate the same period twice at once; and they run under the store's {@value #LEASE} lease, so two
 * instances (processes) on one store never do either: the second waits for the first (up to its lease wait),
 * then finds the periods done and not due.
 */
public final class ScheduledAggregation {
    /** How far back a start-up catch-up looks for days that were never aggregated. */
    public static final int MAX_CATCH_UP_DAYS = 62;
    /**
     * How long before its snapshot time a capture may start (the scheduler fires a moment early): a day's run
     * that started in this lead saw the snapshot, one that started earlier did not.
     */
    static final long CAPTURE_LEAD_MILLIS = 10_000;
    /** The lease of the store that scheduled aggregation runs under ({@code InstanceStore}). */
    public static final String LEASE = "aggregation";
    /** How long a scheduled call waits for another instance's aggregation to end before it gives up. */
    public static final Duration DEFAULT_LEASE_WAIT = Duration.ofMinutes(10);
    private static final long POLL_MILLIS = 1_000;
    private static final System.Logger LOG = System.getLogger(ScheduledAggregation.class.getName());

    private final Storage storage;
    private final Settings settings;
    private final ReportCalendar calendar;
    private final Clock clock;
    private final DailyAggregationJob daily;
    private final MonthlyAggregationJob monthly;
    private Duration leaseWait = DEFAULT_LEASE_WAIT;

    /** Scheduled aggregation whose committed periods are handed to report generation through {@code handoff}. */
    public ScheduledAggregation(Storage storage, Settings settings, Clock clock, AggregationHandoff handoff) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.calendar = settings.calendar();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.daily = new DailyAggregationJob(storage, settings, clock, handoff);
        this.monthly = new MonthlyAggregationJob(storage, settings, clock, handoff);
    }

    public ScheduledAggregation(Storage storage, Settings settings, Clock clock) {
        this(storage, settings, clock, AggregationHandoff.NONE);
    }

    public ScheduledAggregation(Storage storage, Settings settings) {
        this(storage, settings, Clock.systemUTC());
    }

    /** Sets how long a scheduled call waits for another instance that holds the {@value #LEASE} lease. */
    public synchronized ScheduledAggregation leaseWait(Duration wait) {
        this.leaseWait = wait;
        return this;
    }

    /** The path scheduled runs use (before any fallback). */
    public AggregationPath path() {
        return AggregationPaths.configured(settings, storage);
    }

    /**
     * Runs what became due when the capture of {@code snapshotTime} finished: the prior day, and any earlier
     * day for which this capture is a vCenter's first snapshot after it (a late capture) when that day is due
     * or stale, then the prior month and the complete months of those days when due or stale. Never throws
     * for a failing period (the job run records the failure).
     *
     * @return the runs that succeeded
     */
    public synchronized List<AggregationResult> afterCapture(long snapshotTime) {
        return underLease("after the capture of " + Instant.ofEpochSecond(snapshotTime), () -> dueAfter(snapshotTime));
    }

    private List<AggregationResult> dueAfter(long snapshotTime) {
        LocalDate today = calendar.dateOf(snapshotTime);
        SortedSet<LocalDate> days = new TreeSet<>(daysBeforeFirstSnapshots(snapshotTime));
        days.add(today.minusDays(1));
        List<AggregationResult> done = new ArrayList<>();
        SortedSet<YearMonth> months = new TreeSet<>();
        months.add(YearMonth.from(today).minusMonths(1));
        for (LocalDate d : days) {
            if (d.isBefore(today.minusDays(MAX_CATCH_UP_DAYS))) {
                continue;
            }
            if (dailyDue(d) || dailyStale(d)) {
                runDaily(d).ifPresent(done::add);
            }
            months.add(YearMonth.from(d));
        }
        YearMonth current = YearMonth.from(today);
        for (YearMonth m : months) {
            if (m.isBefore(current) && (monthlyDue(m) || monthlyStale(m))) {
                done.addAll(aggregateMonth(m));
            }
        }
        return done;
    }

    /**
     * Aggregates every complete day and month that is due, from the oldest hourly snapshot (at most
     * {@link #MAX_CATCH_UP_DAYS} days back) to yesterday, and, when {@code monthSoFar} is set, the current
     * month from its aggregated days. Never throws for a failing period.
     *
     * @return the runs that succeeded
     */
    public synchronized List<AggregationResult> catchUp(boolean monthSoFar) {
        return underLease("catch-up", () -> dueSince(monthSoFar));
    }

    private List<AggregationResult> dueSince(boolean monthSoFar) {
        LocalDate today = calendar.dateOf(clock.instant().getEpochSecond());
        List<AggregationResult> done = new ArrayList<>();
        Optional<Long> oldest = oldestHourlySnapshot();
        if (oldest.isEmpty()) {
            return done;
        }
        LocalDate first = calendar.dateOf(oldest.get());
        if (first.isBefore(today.minusDays(MAX_CATCH_UP_DAYS))) {
            first = today.minusDays(MAX_CATCH_UP_DAYS);
        }
        for (LocalDate d = first; d.isBefore(today); d = d.plusDays(1)) {
            if (dailyDue(d) || dailyStale(d)) {
                runDaily(d).ifPresent(done::add);
            }
        }
        YearMonth current = YearMonth.from(today);
        for (YearMonth m = YearMonth.from(first); m.isBefore(current); m = m.plusMonths(1)) {
            if (monthlyDue(m) || monthlyStale(m)) {
                done.addAll(aggregateMonth(m));
            }
        }
        if (monthSoFar && monthly.hasInput(current, MonthlyGranularity.DAILY)) {
            runMonthly(current).ifPresent(done::add);
        }
        return done;
    }

    /**
     * The scheduled monthly aggregation of {@code month}: first every day of it (up to yesterday) that is
     * due, then the month from its daily rollups.
     */
    public synchronized List<AggregationResult> aggregateMonth(YearMonth month) {
        LocalDate today = calendar.dateOf(clock.instant().getEpochSecond());
        List<AggregationResult> done = new ArrayList<>();
        for (LocalDate d : calendar.daysOf(month)) {
            if (d.isBefore(today) && dailyDue(d)) {
                runDaily(d).ifPresent(done::add);
            }
        }
        if (monthly.hasInput(month, MonthlyGranularity.DAILY)) {
            runMonthly(month).ifPresent(done::add);
        }
        return done;
    }

    /** Whether {@code day} has hourly snapshots and no complete, successful daily aggregation. */
    public boolean dailyDue(LocalDate day) {
        TimeWindow w = calendar.day(day);
        if (!daily.hasInput(day, path())) {
            return false;
        }
        boolean registered = storage.registry()
                .get(Granularity.DAILY, w.start(), SnapshotRecord.ALL_VCENTERS).isPresent();
        return !registered || incomplete(DailyAggregationJob.JOB_TYPE, day.toString(), w.end());
    }

    /** Whether {@code month} has daily rollups or hourly snapshots and no complete, successful monthly aggregation. */
    public boolean monthlyDue(YearMonth month) {
        TimeWindow w = calendar.month(month);
        if (!monthly.hasInput(month, MonthlyGranularity.DAILY) && !monthly.hasInput(month, MonthlyGranularity.HOURLY)) {
            return false;
        }
        boolean registered = storage.registry()
                .get(Granularity.MONTHLY, w.start(), SnapshotRecord.ALL_VCENTERS).isPresent();
        return !registered || incomplete(MonthlyAggregationJob.JOB_TYPE, month.toString(), w.end());
    }

    /**
     * The latest recorded run failed or was abandoned, or started before the period ended (so it saw part of
     * it). A run still recorded as running is another live instance's: not due here.
     */
    private boolean incomplete(String jobType, String target, long periodEnd) {
        Optional<JobRun> latest = storage.jobs().latest(jobType, target);
        if (latest.isEmpty() || latest.get().status() == JobStatus.RUNNING) {
            return false;
        }
        JobStatus status = latest.get().status();
        return status == JobStatus.FAILED || status == JobStatus.ABANDONED || latest.get().startedAt() < periodEnd * 1000;
    }

    /**
     * Whether {@code day}'s latest successful run started before the first snapshot after the day of one of
     * the vCenters that have snapshots in it: that run could not apply the {@code DeletionTime} rule to that
     * snapshot (a vCenter whose first capture after the day came late), so the day's rows may change.
     */
    public boolean dailyStale(LocalDate day) {
        Optional<JobRun> latest = storage.jobs().latest(DailyAggregationJob.JOB_TYPE, day.toString());
        if (latest.isEmpty() || latest.get().status() != JobStatus.SUCCEEDED) {
            return false;
        }
        TimeWindow w = calendar.day(day);
        for (String v : storage.hourly().vcenters()) {
            OptionalLong next = storage.hourly().firstSnapshotAtOrAfter(v, w.end());
            if (next.isPresent() && latest.get().startedAt() < next.getAsLong() * 1000 - CAPTURE_LEAD_MILLIS
                    && !storage.hourly().snapshotTimes(v, w).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether complete {@code month}'s latest successful run started before the latest successful run of one
     * of its days (a day aggregated again, for example after a late capture): the month's rows may change.
     */
    public boolean monthlyStale(YearMonth month) {
        Optional<JobRun> latest = storage.jobs().latest(MonthlyAggregationJob.JOB_TYPE, month.toString());
        if (latest.isEmpty() || latest.get().status() != JobStatus.SUCCEEDED) {
            return false;
        }
        for (LocalDate d : calendar.daysOf(month)) {
            Optional<JobRun> day = storage.jobs().latest(DailyAggregationJob.JOB_TYPE, d.toString());
            if (day.isPresent() && day.get().status() == JobStatus.SUCCEEDED
                    && day.get().startedAt() > latest.get().startedAt()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The days for which the capture of {@code snapshotTime} is the first snapshot after the day of a vCenter
     * it captured: the days of those vCenters' previous snapshots, when earlier than the capture's day.
     */
    private List<LocalDate> daysBeforeFirstSnapshots(long snapshotTime) {
        LocalDate today = calendar.dateOf(snapshotTime);
        TimeWindow before = new TimeWindow(calendar.startOf(today.minusDays(MAX_CATCH_UP_DAYS)), snapshotTime);
        List<LocalDate> out = new ArrayList<>();
        for (String v : storage.hourly().vcenters()) {
            if (storage.registry().get(Granularity.HOURLY, snapshotTime, v).isEmpty()) {
                continue;
            }
            List<SnapshotRecord> previous = storage.registry()
                    .list(new SnapshotQuery(Granularity.HOURLY, v, before, 1, 0)).items();
            if (!previous.isEmpty() && calendar.dateOf(previous.get(0).snapshotTime()).isBefore(today)) {
                out.add(calendar.dateOf(previous.get(0).snapshotTime()));
            }
        }
        return out;
    }

    private Optional<AggregationResult> runDaily(LocalDate day) {
        try {
            return Optional.of(daily.runConfigured(day));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "scheduled daily aggregation of " + day + " failed: " + e.getMessage(), e);
            return Optional.empty();
        }
    }

    private Optional<AggregationResult> runMonthly(YearMonth month) {
        try {
            return Optional.of(monthly.runConfigured(month, MonthlyGranularity.DAILY));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "scheduled monthly aggregation of " + month + " failed: "
                    + e.getMessage(), e);
            return Optional.empty();
        }
    }

    /**
     * Runs {@code work} holding the store's {@value #LEASE} lease, waiting for another instance that holds it
     * up to the lease wait; gives up (logged, nothing done) after that: the next call does what is due.
     */
    private List<AggregationResult> underLease(String what, Supplier<List<AggregationResult>> work) {
        InstanceStore instances = storage.instances();
        long deadline = System.nanoTime() + leaseWait.toNanos();
        InstanceStore.Lease lease = instances.tryAcquire(LEASE);
        boolean told = false;
        while (!lease.held()) {
            if (System.nanoTime() >= deadline) {
                LOG.log(System.Logger.Level.WARNING, "scheduled aggregation " + what + " skipped: instance "
                        + holder(lease) + " held the " + LEASE + " lease for more than " + leaseWait.toSeconds()
                        + " s; the next call does what is due");
                return List.of();
            }
            if (!told) {
                told = true;
                LOG.log(System.Logger.Level.INFO, "scheduled aggregation " + what + " waits for instance "
                        + holder(lease) + ", which aggregates this store now");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
            lease = instances.tryAcquire(LEASE);
        }
        try {
            return work.get();
        } finally {
            try {
                instances.release(LEASE, 0);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot release the " + LEASE + " lease (it is freed when this "
                        + "instance ends): " + e.getMessage());
            }
        }
    }

    private static String holder(InstanceStore.Lease lease) {
        return lease.holder() == null ? "(unknown)" : lease.holder().id() + " (" + lease.holder().describe() + ")";
    }

    private Optional<Long> oldestHourlySnapshot() {
        TimeWindow all = TimeWindow.all();
        Page<SnapshotRecord> newest = storage.registry().list(new SnapshotQuery(Granularity.HOURLY, null, all, 1, 0));
        if (newest.total() == 0) {
            return Optional.empty();
        }
        Page<SnapshotRecord> oldest = storage.registry()
                .list(new SnapshotQuery(Granularity.HOURLY, null, all, 1, newest.total() - 1));
        return oldest.items().isEmpty() ? Optional.empty() : Optional.of(oldest.items().get(0).snapshotTime());
    }
}
