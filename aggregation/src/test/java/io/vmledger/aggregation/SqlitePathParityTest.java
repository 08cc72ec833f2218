package io.vmledger.aggregation;

import io.vmledger.api.SummaryComparison;
import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.Storage;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Path parity on the SQLite plugin. */
class SqlitePathParityTest extends AbstractPathParityTest {
    @TempDir
    static Path dir;

    @Override
    Storage open(Settings settings) {
        return SqliteStores.open(dir, settings);
    }

    @Override
    double sqlTolerance() {
        return SummaryComparison.MONTHLY_TOLERANCE;
    }
}
