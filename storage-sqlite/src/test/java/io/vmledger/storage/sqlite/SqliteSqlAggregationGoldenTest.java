package io.vmledger.storage.sqlite;

import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.golden.AbstractSqlAggregationGoldenTest;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The SQLite plugin's SQL aggregation against the golden dataset. */
class SqliteSqlAggregationGoldenTest extends AbstractSqlAggregationGoldenTest {
    @TempDir
    Path dir;

    @Override
    protected Storage openEmptyStorage(Settings settings) {
        try {
            return SqliteStores.open(Files.createTempDirectory(dir, "store").resolve("vmledger.db"), settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
