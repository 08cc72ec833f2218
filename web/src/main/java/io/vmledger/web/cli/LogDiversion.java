package io.vmledger.web.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Sends one logger's records to a file instead of the console for a while (e.g. during a backfill). */
final class LogDiversion implements AutoCloseable {
    private final Logger logger;
    private final FileHandler handler;

    private LogDiversion(Logger logger, FileHandler handler) {
        this.logger = logger;
        this.handler = handler;
    }

    static LogDiversion to(Path file, String loggerName) {
        try {
            Files.createDirectories(file.getParent());
            FileHandler handler = new FileHandler(file.toString(), true);
            handler.setFormatter(new SimpleFormatter());
            Logger logger = Logger.getLogger(loggerName);
            logger.addHandler(handler);
            logger.setUseParentHandlers(false);
            return new LogDiversion(logger, handler);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the log file " + file, e);
        }
    }

    @Override
    public void close() {
        logger.setUseParentHandlers(true);
        logger.removeHandler(handler);
        handler.close();
    }
}
