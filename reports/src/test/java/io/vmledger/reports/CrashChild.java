package io.vmledger.reports;

import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

/**
 * The process {@link KillDuringGenerationTest} kills: opens the store and generates one daily report,
 * as the service's worker would. Arguments: SQLite file, reports directory, day.
 */
public final class CrashChild {

    private CrashChild() {
    }

    public static void main(String[] args) {
        Settings settings = Settings.defaults().toBuilder()
                .reportsDir(args[1])
                .build();
        try (Storage storage = StorageProviders.open(settings, Map.of("path", args[0]));
             ReportService reports = new ReportService(storage, settings, new ReportFiles(Path.of(args[1])),
                     DataVersion.UNKNOWN)) {
            System.out.println("generating");
            System.out.flush();
            reports.generate(ReportId.daily(LocalDate.parse(args[2])));
            System.out.println("done");
        }
    }
}
