package io.vmledger.reports;

import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.Map;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code kill -9} of a real process while it writes a report: nothing appears under the stable name,
 * and the next start removes the temporary file and makes the report (the start-up catch-up).
 */
class KillDuringGenerationTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 2);
    private static final int VMS = 20_000;

    @Test
    void aKilledGenerationLeavesNoPartialReportAndTheNextStartMakesIt(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("ledger.db");
        Path reportsDir = dir.resolve("reports");
        Settings settings = Settings.defaults().toBuilder()
                .reportsDir(reportsDir.toString())
                .build();
        try (Storage storage = StorageProviders.open(settings, Map.of("path", db.toString()))) {
            SyntheticSummaries.day(storage, DAY, DAY.atStartOfDay(ZoneOffset.UTC).toEpochSecond(), VMS);
        }
        ReportId id = ReportId.daily(DAY);
        Path stable = reportsDir.resolve(id.fileName());

        boolean killedMidWrite = false;
        int attempts = 0;
        for (int attempt = 0; attempt < 5 && !killedMidWrite; attempt++) {
            attempts++;
            Files.deleteIfExists(stable);
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
                    db.toString(), reportsDir.toString(), DAY.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("child-" + attempt + ".log").toFile())
                    .start();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (child.isAlive() && System.nanoTime() < deadline) {
                if (!temporaryFiles(reportsDir).isEmpty()) {
                    child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
                    killedMidWrite = true;
                    break;
                }
                Thread.sleep(1);
            }
            child.waitFor();
            if (!killedMidWrite && child.exitValue() != 0) {
                fail("the child failed: " + Files.readString(dir.resolve("child-" + attempt + ".log")));
            }
        }
        assertTrue(killedMidWrite, "the child was killed while writing its temporary file (" + attempts + " tries)");
        System.out.println("killed during the write at try " + attempts);
        assertFalse(Files.exists(stable), "no file under the stable name after kill -9");
        assertEquals(1, temporaryFiles(reportsDir).size(), "the half-written temporary file is left behind");

        // the next start: temporary files go, the catch-up finds the missing report and makes it
        try (Storage storage = StorageProviders.open(settings, Map.of("path", db.toString()));
             ReportService reports = new ReportService(storage, settings, new ReportFiles(reportsDir),
                     DataVersion.UNKNOWN)) {
            reports.start();
            assertTrue(temporaryFiles(reportsDir).isEmpty());
            assertEquals(List.of(id), reports.missingOrStale());
            reports.catchUp();
            assertTrue(reports.awaitIdle(Duration.ofSeconds(120)));
        }
        assertTrue(Files.exists(stable));
        assertEquals(VMS + 1, XlsxReader.rowCounts(stable).get(ReportGenerator.dataSheetName(ReportKind.DAILY)),
                "the whole report, readable");
    }

    private static List<Path> temporaryFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
