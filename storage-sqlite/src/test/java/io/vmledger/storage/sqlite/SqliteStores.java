package io.vmledger.storage.sqlite;

import io.vmledger.api.settings.Settings;
import io.vmledger.storage.jdbc.JdbcStorage;
import io.vmledger.storage.spi.StorageContext;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Opens SQLite stores for the plugin's tests. */
final class SqliteStores {

    private SqliteStores() {
    }

    /** The store in {@code file} with {@code settings} and the plugin options {@code options}. */
    static JdbcStorage open(Path file, Settings settings, Map<String, String> options) {
        Map<String, String> all = new HashMap<>(options);
        all.put(SqliteStorageProvider.PATH.name(), file.toString());
        SqliteStorageProvider provider = new SqliteStorageProvider();
        return (JdbcStorage) provider.open(StorageContext.of(provider, settings, all));
    }

    static JdbcStorage open(Path file, Settings settings) {
        return open(file, settings, Map.of());
    }
}
