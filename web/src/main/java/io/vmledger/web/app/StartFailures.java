package io.vmledger.web.app;

import java.util.Optional;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Holds back the errors Helidon's web server logs while it starts (a listener that cannot bind logs a
 * stack trace, then start() returns a server that is not running) and keeps the first cause, so that
 * start-up can fail with one line naming it.
 */
final class StartFailures implements AutoCloseable {
    /** The logger of the class that logs a listener's start failure (JUL filters do not apply to child loggers). */
    private static final String LOGGER = "io.helidon.webserver.LoomServer";

    private final Logger logger;
    private final Filter previous;
    private volatile String cause;

    private StartFailures(Logger logger) {
        this.logger = logger;
        this.previous = logger.getFilter();
    }

    static StartFailures capture() {
        StartFailures failures = new StartFailures(Logger.getLogger(LOGGER));
        failures.logger.setFilter(failures::admit);
        return failures;
    }

    private boolean admit(LogRecord record) {
        if (record.getLevel().intValue() < Level.SEVERE.intValue()) {
            return previous == null || previous.isLoggable(record);
        }
        if (cause == null && record.getThrown() != null) {
            cause = rootMessage(record.getThrown());
        }
        return false;
    }

    /** The message of the first error's root cause, e.g. {@code Address already in use}. */
    Optional<String> cause() {
        return Optional.ofNullable(cause);
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    @Override
    public void close() {
        logger.setFilter(previous);
    }
}
