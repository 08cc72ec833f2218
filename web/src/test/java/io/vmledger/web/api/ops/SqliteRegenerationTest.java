package io.vmledger.web.api.ops;

import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageContext;
import io.vmledger.storage.spi.StorageProviders;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The regeneration property on the SQLite plugin. */
class SqliteRegenerationTest extends RegenerationPropertyTest {
    @TempDir
    static Path dir;

    @Override
    protected Storage open(Settings settings) {
        Settings s = settings.toBuilder()
                .storage(new Settings.StorageSettings("sqlite", dir.resolve("vmledger.db").toString()))
                .build();
        return StorageProviders.named("sqlite").open(StorageContext.of(s));
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("vmledger.db"));
    }
}
