package io.vmledger.aggregation;

import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;

import java.nio.file.Path;
import java.util.Map;

/** Opens SQLite stores for the tests of this module. */
final class SqliteStores {

    private SqliteStores() {
    }

    /** The SQLite store {@code vmledger.db} in {@code dir}. */
    static Storage open(Path dir, Settings settings) {
        return StorageProviders.open(settings, Map.of("path", dir.resolve("vmledger.db").toString()));
    }
}
