package io.vmledger.capture.vsphere;

import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;

/**
 * yavijava logs through log4j 1.x. Unless the application configured log4j itself, its warnings and errors go
 * to {@link System.Logger} (the project's logging) and everything below WARN is dropped: yavijava's debug and
 * trace output includes SOAP payloads, passwords included.
 */
final class Log4jBridge extends AppenderSkeleton {

    private static volatile boolean installed;

    private Log4jBridge() {
    }

    static void install() {
        if (installed) {
            return;
        }
        synchronized (Log4jBridge.class) {
            if (installed) {
                return;
            }
            Logger root = Logger.getRootLogger();
            if (!root.getAllAppenders().hasMoreElements()) {
                root.setLevel(Level.WARN);
                root.addAppender(new Log4jBridge());
            }
            installed = true;
        }
    }

    @Override
    protected void append(LoggingEvent event) {
        System.Logger logger = System.getLogger(event.getLoggerName());
        System.Logger.Level level = event.getLevel().isGreaterOrEqual(Level.ERROR)
                ? System.Logger.Level.ERROR : System.Logger.Level.WARNING;
        Throwable thrown = event.getThrowableInformation() == null ? null : event.getThrowableInformation().getThrowable();
        String message = String.valueOf(event.getMessage());
        if (thrown == null) {
            logger.log(level, message);
        } else {
            logger.log(level, message, thrown);
        }
    }

    @Override
    public void close() {
    }

    @Override
    public boolean requiresLayout() {
        return false;
    }
}
