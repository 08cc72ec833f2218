package io.vmledger.aggregation;

import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageContext;
import io.vmledger.storage.sqlite.SqliteStorageProvider;

import java.nio.file.Path;

/** Opens SQLite stores for the tests of this module. */
final class SqliteStores {

    private SqliteStores() {
    }

    static Storage open(Path dir, Settings settings) {
        Settings s = settings.toBuilder()
                .storage(new Settings.StorageSettings("sqlite", dir.resolve("vmledger.db").toString()))
                .build();
        return new SqliteStorageProvider().open(StorageContext.of(s));
    }

    static Settings settingsIn(Path dir, Settings settings) {
        return settings.toBuilder()
                .storage(new Settings.StorageSettings("sqlite", dir.resolve("vmledger.db").toString()))
                .build();
    }
}
