package io.vmledger.reports;

import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.Storage;

import java.nio.file.Path;

/** The report content checks on the PostgreSQL plugin (a schema of its own on the test server). */
class PostgresReportContentTest extends ReportContentContract {

    @Override
    protected Settings baseSettings(Path dir) {
        return Settings.defaults().toBuilder()
                .storage(new Settings.StorageSettings("postgres"))
                .build();
    }

    @Override
    protected Storage openEmptyStorage(Settings settings) {
        return TestPostgres.open(settings);
    }
}
