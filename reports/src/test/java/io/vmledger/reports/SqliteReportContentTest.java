package io.vmledger.reports;

import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageContext;
import io.vmledger.storage.spi.StorageProviders;

import java.nio.file.Path;

/** The report content checks on the SQLite plugin. */
class SqliteReportContentTest extends ReportContentContract {

    @Override
    protected Settings baseSettings(Path dir) {
        return Settings.defaults().toBuilder()
                .storage(new Settings.StorageSettings("sqlite", dir.resolve("ledger.db").toString()))
                .build();
    }

    @Override
    protected Storage openEmptyStorage(Settings settings) {
        return StorageProviders.named("sqlite").open(StorageContext.of(settings));
    }
}
