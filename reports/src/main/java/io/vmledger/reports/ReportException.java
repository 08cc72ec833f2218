package io.vmledger.reports;

/** A report that cannot be built: its period has no data (never captured or aggregated), or writing failed. */
public final class ReportException extends RuntimeException {

    public ReportException(String message) {
        super(message);
    }

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
