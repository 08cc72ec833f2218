package io.vmledger.web.app;

import io.vmledger.aggregation.AggregationHandoff;
import io.vmledger.aggregation.DailyAggregationJob;
import io.vmledger.aggregation.MonthlyAggregationJob;
import io.vmledger.api.JobRun;
import io.vmledger.api.JobStatus;
import io.vmledger.api.settings.Settings;
import io.vmledger.capture.ReportHandoff;
import io.vmledger.reports.DataVersion;
import io.vmledger.reports.ReportFiles;
import io.vmledger.reports.ReportId;
import io.vmledger.reports.ReportService;
import io.vmledger.storage.spi.Storage;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.OptionalLong;

/**
 * Connects the reports module to capture and aggregation, which do not see each other: the hand-offs,
 * and the data version that tells a stale report (a summary older than the latest successful aggregation of
 * its period, an hourly report older than the latest write of its snapshots).
 */
public final class ReportWiring {

    private ReportWiring() {
    }

    /** Report generation over an open storage, for the application (not started: {@link ReportService#start()}). */
    public static ReportService service(Storage storage, Settings settings) {
        return new ReportService(storage, settings, new ReportFiles(settings.reportsPath(storage.directory())), dataVersion(storage));
    }

    /**
     * Report generation for a one-shot command: every hand-off generates inline, whatever
     * {@code settings.async_report_generation} says, so the reports exist when the command exits.
     */
    public static ReportService inline(Storage storage, Settings settings) {
        return service(storage, settings.toBuilder().asyncReportGeneration(false).build());
    }

    /** The capture pipeline's hand-off: the hourly report of the run's snapshot time. */
    public static ReportHandoff capture(ReportService reports) {
        return (snapshotTime, snapshots) -> reports.snapshotCaptured(snapshotTime);
    }

    /** The aggregation jobs' hand-off: the daily or monthly report of the committed period. */
    public static AggregationHandoff aggregation(ReportService reports) {
        return new AggregationHandoff() {
            @Override
            public void dayAggregated(LocalDate day) {
                reports.dayAggregated(day);
            }

            @Override
            public void monthAggregated(YearMonth month) {
                reports.monthAggregated(month);
            }
        };
    }

    /**
     * When a report's data was last written: for a summary, the end of the latest successful aggregation of its
     * period; for an hourly report, the write of the newest vCenter snapshot of its hour (recorded in the
     * snapshot's own transaction, so a re-capture that a crash kept from its report is caught at start-up).
     */
    public static DataVersion dataVersion(Storage storage) {
        return id -> switch (id) {
            case ReportId.Daily d -> ended(storage, DailyAggregationJob.JOB_TYPE, d.day().toString());
            case ReportId.Monthly m -> ended(storage, MonthlyAggregationJob.JOB_TYPE, m.month().toString());
            case ReportId.Hourly h -> storage.hourly().writtenAt(h.snapshotTime());
        };
    }

    private static OptionalLong ended(Storage storage, String jobType, String target) {
        return storage.jobs().latest(jobType, target)
                .filter(r -> r.status() == JobStatus.SUCCEEDED && r.endedAt() != null)
                .map(JobRun::endedAt)
                .map(OptionalLong::of)
                .orElse(OptionalLong.empty());
    }
}
