package io.vmledger.reports;

import java.util.OptionalLong;

/**
 * When the data a report is built from was last written, in epoch milliseconds, if known: a report file
 * older than that is stale and made again. The application answers it from the job runs of the
 * aggregation that wrote the period, and for an hourly report from the write time its snapshots record (this
 * module does not see the aggregation module).
 */
@FunctionalInterface
public interface DataVersion {
    /** Nothing known: only missing reports are made again. */
    DataVersion UNKNOWN = id -> OptionalLong.empty();

    OptionalLong writtenAtMillis(ReportId id);
}
