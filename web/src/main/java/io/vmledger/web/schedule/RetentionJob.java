package io.vmledger.web.schedule;

import io.vmledger.api.Granularity;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.settings.Settings;
import io.vmledger.reports.ReportService;
import io.vmledger.storage.spi.InstanceStore;
import io.vmledger.storage.spi.JobRecorder;
import io.vmledger.storage.spi.Storage;

import java.time.Duration;
import java.util.Locale;

/**
 * Applies the {@code settings.cleanup.*} retention: hourly rows and their totals, registry records and
 * hourly XLSX reports, {@code inventory_hourly_*} tables, and job-run records older than their limits.
 * Daily rollups and monthly summaries, and their reports, are kept. Recorded as a {@code retention} job run.
 */
public final class RetentionJob {
    public static final String JOB_TYPE = "retention";
    private static final System.Logger LOG = System.getLogger(RetentionJob.class.getName());
    private static final long DAY = Duration.ofDays(1).toSeconds();

    private final Storage storage;
    private final Settings.CleanupSettings cleanup;
    private final ReportService reports;

    /** @param reports whose hourly reports go with the hourly rows; null when there are none to clean */
    public RetentionJob(Storage storage, Settings.CleanupSettings cleanup, ReportService reports) {
        this.storage = storage;
        this.cleanup = cleanup;
        this.reports = reports;
    }

    public RetentionJob(Storage storage, Settings.CleanupSettings cleanup) {
        this(storage, cleanup, null);
    }

    /** The lease of the store the scheduled clean-up runs under; its progress mark is the day start done last. */
    public static final String LEASE = "retention";

    /**
     * The scheduled clean-up: runs {@link #run} unless another instance of the store runs it now or ran it
     * today (the {@value #LEASE} lease). Returns the rows and tables removed, 0 when left to another instance.
     */
    public long runScheduled(long now, InstanceStore instances) {
        InstanceStore.Lease lease = instances.tryAcquire(LEASE);
        if (!lease.held()) {
            LOG.log(System.Logger.Level.INFO, "retention left to instance "
                    + (lease.holder() == null ? "(unknown)" : lease.holder().id())
                    + ", which holds the " + LEASE + " lease");
            return 0;
        }
        long day = now - Math.floorMod(now, DAY);
        try {
            if (lease.progress() >= day) {
                LOG.log(System.Logger.Level.INFO, "retention already ran today, in another instance of this store");
                return 0;
            }
            return run(now);
        } finally {
            instances.release(LEASE, day);
        }
    }

    /** Runs the clean-up as of {@code now} (epoch seconds); returns the number of rows and tables removed. */
    public long run(long now) {
        if (!cleanup.enabled()) {
            return 0;
        }
        long started = System.currentTimeMillis();
        return JobRecorder.run(storage.jobs(), System::currentTimeMillis, JOB_TYPE, "", () -> {
            long hourlyRows = 0;
            long totals = 0;
            long registry = 0;
            long hourlyReports = 0;
            if (cleanup.hourlyRetentionDays() > 0) {
                // a partitioned store rounds the cutoff down to a partition boundary, so it drops
                // whole partitions; everything hourly then goes by the same boundary
                long cutoff = storage.hourly().retentionBoundary(now - cleanup.hourlyRetentionDays() * DAY);
                hourlyRows = storage.hourly().deleteBefore(cutoff);
                totals = storage.totals().deleteBefore(cutoff);
                registry = storage.registry().deleteBefore(Granularity.HOURLY, cutoff);
                // an hourly report goes with the rows it was made from (it could not be made again)
                hourlyReports = reports == null ? 0 : reports.deleteHourlyBefore(cutoff);
            }
            long tables = 0;
            if (cleanup.compatTableRetentionDays() > 0) {
                long cutoff = now - cleanup.compatTableRetentionDays() * DAY;
                for (long t : storage.compatibility().hourlyTableTimes(new TimeWindow(0, cutoff))) {
                    tables += storage.compatibility().dropHourly(t) ? 1 : 0;
                }
            }
            long jobs = 0;
            if (cleanup.jobRunRetentionDays() > 0) {
                jobs = storage.jobs().deleteEndedBefore((now - cleanup.jobRunRetentionDays() * DAY) * 1000);
            }
            long removed = hourlyRows + totals + registry + hourlyReports + tables + jobs;
            String detail = String.format(Locale.ROOT,
                    "hourly rows %d, totals %d, registry %d, hourly reports %d, compat tables %d, job runs %d",
                    hourlyRows, totals, registry, hourlyReports, tables, jobs);
            LOG.log(System.Logger.Level.INFO, "retention: " + removed + " rows/tables/reports removed in "
                    + (System.currentTimeMillis() - started) + " ms (" + detail + ")");
            return new JobRecorder.Outcome(removed, detail);
        }, o -> o).rows();
    }
}
