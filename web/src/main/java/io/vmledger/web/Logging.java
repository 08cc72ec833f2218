package io.vmledger.web;

import io.helidon.logging.common.LogConfig;

import java.io.IOException;
import java.io.InputStream;
import java.util.logging.LogManager;

/** One log line per event: time, level, logger, message (see {@code logging.properties}). */
final class Logging {

    private Logging() {
    }

    static void configure() {
        // Helidon configures java.util.logging once, when its LogConfig class is first used (by the web server):
        // that re-reads the configuration, which removes every handler added before (the demo's log file). Let it
        // happen now, before anything adds one.
        LogConfig.initClass();
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
