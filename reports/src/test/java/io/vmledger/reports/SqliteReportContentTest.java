package io.vmledger.reports;

import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;

import java.util.Map;
import java.nio.file.Path;

/** The report content checks on the SQLite plugin. */
class SqliteReportContentTest extends ReportContentContract {
    private Path dir;

    @Override
    protected Settings baseSettings(Path dir) {
        this.dir = dir;
        return Settings.defaults();
    }

    @Override
    protected Storage openEmptyStorage(Settings settings) {
        return StorageProviders.open(settings, Map.of("path", dir.resolve("ledger.db").toString()));
    }
}
