package io.vmledger.web.cli;

import io.vmledger.reports.ReportQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's console: the backfill's stage log beside the store, the stage lines of capture, aggregation and
 * reports diverted to it (hundreds of report lines otherwise) and given back afterwards, progress lines, and the
 * summary that closes the report catch-up.
 */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void theBackfillLogGoesBesideTheStore() {
        assertEquals(Path.of("/srv/ledger/backfill.log"),
                DemoCommand.backfillLog(Optional.of(Path.of("/srv/ledger")), Optional.of(Path.of("/etc/v.yaml"))));
        // PostgreSQL has no directory of its own: beside the configuration that names it
        assertEquals(Path.of("/etc/vmledger/pg.backfill.log"),
                DemoCommand.backfillLog(Optional.empty(), Optional.of(Path.of("/etc/vmledger/pg.yaml"))));
        assertEquals(Path.of("vmledger-backfill.log").toAbsolutePath(),
                DemoCommand.backfillLog(Optional.empty(), Optional.empty()));
    }

    @Test
    void stageLinesGoToTheFileUntilTheDiversionEndsThenToTheConsoleAgain() throws IOException {
        Logger root = Logger.getLogger("");
        List<String> console = new ArrayList<>();
        Handler consoleHandler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                console.add(r.getLoggerName() + ": " + r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        root.addHandler(consoleHandler);
        try {
            Path file = dir.resolve("logs/backfill.log");
            LogDiversion diversion = LogDiversion.to(file, DemoCommand.CAPTURE_LOGS, DemoCommand.REPORT_LOGS);
            Logger.getLogger("io.vmledger.reports.ReportService").info("report inventory_hourly_1.xlsx written");
            Logger.getLogger("io.vmledger.capture.CapturePipeline").info("capture of vc01 stored");
            Logger.getLogger("io.vmledger.web.Other").info("still on the console");
            diversion.close();
            diversion.close();
            Logger.getLogger("io.vmledger.reports.ReportService").info("after the catch-up");

            String logged = Files.readString(file);
            assertTrue(logged.contains("report inventory_hourly_1.xlsx written") && logged.contains("capture of vc01 stored"),
                    logged);
            assertFalse(logged.contains("after the catch-up"), logged);
            assertEquals(List.of("io.vmledger.web.Other: still on the console",
                    "io.vmledger.reports.ReportService: after the catch-up"), console);
        } finally {
            root.removeHandler(consoleHandler);
        }
    }

    @Test
    void withoutATerminalProgressIsOneLineATenthAndNoEtaBeforeARate() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), "reports", false);
        bar.update(40, 100, "XLSX reports");
        for (int done = 41; done <= 100; done++) {
            bar.update(done, 100, "XLSX reports");
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(7, lines.size(), String.join("\n", lines));
        assertEquals("reports 40/100 XLSX reports  40%  eta -:--", lines.get(0));
        assertTrue(lines.get(1).startsWith("reports 50/100 XLSX reports  50%  eta "), lines.get(1));
        assertEquals("reports 100/100 XLSX reports 100%  eta 0:00", lines.get(6));
    }

    @Test
    void theCatchUpEndsWithOneSummaryLine() {
        Path log = Path.of("/data/backfill.log");
        String open = "open http://localhost:8080/ for the dashboard";
        assertEquals("vmledger demo: 352 XLSX reports written, the last 226.5 s after the server started; " + open,
                DemoCommand.summary(stats(352, 0), 226.5, log, open));
        assertEquals("vmledger demo: 350 XLSX reports written, the last 3.0 s after the server started, 2 failed (see "
                + log + "); " + open, DemoCommand.summary(stats(350, 2), 3.0, log, open));
        assertEquals("vmledger demo: no XLSX report was missing; " + open, DemoCommand.summary(stats(0, 0), 0.5, log, open));
    }

    private static ReportQueue.Stats stats(long completed, long failed) {
        return new ReportQueue.Stats(0, 64, 0, false, 0, completed, failed, 0, 0, 0, 0, 0);
    }
}
