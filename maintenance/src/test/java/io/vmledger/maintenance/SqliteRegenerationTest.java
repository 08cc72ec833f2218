package io.vmledger.maintenance;

import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/** The regeneration property on the SQLite plugin. */
class SqliteRegenerationTest extends RegenerationPropertyTest {
    @TempDir
    static Path dir;

    @Override
    protected Storage open(Settings settings) {
        return StorageProviders.open(settings, Map.of("path", dir.resolve("vmledger.db").toString()));
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("vmledger.db"));
    }
}
