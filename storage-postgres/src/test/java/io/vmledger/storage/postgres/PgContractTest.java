package io.vmledger.storage.postgres;

import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.contract.StorageContractTest;
import org.junit.jupiter.api.AfterAll;

import java.util.Map;

/**
 * The whole storage contract kit on the PostgreSQL plugin in its default configuration:
 * {@code vm_hourly_stats} partitioned by month, rows written by COPY.
 */
class PgContractTest extends StorageContractTest {

    @Override
    protected Storage openEmptyStorage(Settings settings) {
        return PgTestDatabase.open(settings, "kit", Map.of());
    }

    @AfterAll
    static void dropSchemas() {
        PgTestDatabase.dropSchemas();
    }
}
