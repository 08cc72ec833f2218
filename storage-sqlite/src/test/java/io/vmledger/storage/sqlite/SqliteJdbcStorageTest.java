package io.vmledger.storage.sqlite;

import io.vmledger.api.settings.Settings;
import io.vmledger.storage.jdbc.AbstractJdbcStorageTest;
import io.vmledger.storage.jdbc.JdbcStorage;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The JDBC core's promises on SQLite. */
class SqliteJdbcStorageTest extends AbstractJdbcStorageTest {
    private static final AtomicInteger FILES = new AtomicInteger();

    @TempDir
    Path dir;

    @Override
    protected JdbcStorage openEmpty(int readThreads) {
        return SqliteStores.open(dir.resolve("store-" + FILES.incrementAndGet() + ".db"), Settings.defaults(),
                Map.of(SqlitePragmas.READ_THREADS.name(), Integer.toString(readThreads)));
    }
}
