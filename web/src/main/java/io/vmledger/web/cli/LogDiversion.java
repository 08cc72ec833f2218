package io.vmledger.web.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.FileHandler;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Sends some loggers' records to one file instead of the console for a while (e.g. during a backfill). */
final class LogDiversion implements AutoCloseable {
    private final List<Logger> loggers;
    private final FileHandler handler;
    private final Path file;
    private boolean closed;

    private LogDiversion(List<Logger> loggers, FileHandler handler, Path file) {
        this.loggers = loggers;
        this.handler = handler;
        this.file = file;
    }

    /** Diverts the loggers named (and their children) to {@code file}, appending. */
    static LogDiversion to(Path file, String... loggerNames) {
        try {
            Files.createDirectories(file.getParent());
            FileHandler handler = new FileHandler(file.toString(), true);
            handler.setFormatter(new SimpleFormatter());
            List<Logger> loggers = new ArrayList<>();
            for (String name : loggerNames) {
                Logger logger = Logger.getLogger(name);
                logger.addHandler(handler);
                logger.setUseParentHandlers(false);
                loggers.add(logger);
            }
            return new LogDiversion(List.copyOf(loggers), handler, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the log file " + file, e);
        }
    }

    /** The file the records go to. */
    Path file() {
        return file;
    }

    /** Sends the records to the console again; once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Logger logger : loggers) {
            logger.setUseParentHandlers(true);
            logger.removeHandler(handler);
        }
        handler.close();
    }
}
