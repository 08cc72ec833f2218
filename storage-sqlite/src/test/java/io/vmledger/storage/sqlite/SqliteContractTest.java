package io.vmledger.storage.sqlite;

import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.contract.StorageContractTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs the whole storage contract kit on the SQLite plugin. */
class SqliteContractTest extends StorageContractTest {
    private static final AtomicInteger FILES = new AtomicInteger();

    @TempDir
    static Path dir;

    @Override
    protected Storage openEmptyStorage(Settings settings) {
        Path file = dir.resolve("store-" + FILES.incrementAndGet() + "/vmledger.db");
        return SqliteStores.open(file, settings);
    }
}
