package io.vmledger.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.logging.LogManager;

/** One log line per event: time, level, logger, message (see {@code logging.properties}). */
final class Logging {

    private Logging() {
    }

    static void configure() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        try (InputStream in = Logging.class.getResourceAsStream("/logging.properties")) {
            if (in != null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        } catch (IOException e) {
            System.err.println("vmledger: cannot read logging.properties: " + e.getMessage());
        }
    }
}
