package io.vmledger.storage.postgres;

import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.contract.StorageContractTest;
import org.junit.jupiter.api.AfterAll;

import java.util.Map;

/**
 * The storage contract kit on the other configuration: an unpartitioned {@code vm_hourly_stats}
 * written by multi-row {@code INSERT ... ON CONFLICT}.
 */
class PgContractUnpartitionedInsertTest extends StorageContractTest {

    @Override
    protected Storage openEmptyStorage(Settings settings) {
        return PgTestDatabase.open(settings, "kitu", Map.of(PgOptions.PARTITIONING.name(), "none",
                PgOptions.INGESTION.name(), "insert"));
    }

    @AfterAll
    static void dropSchemas() {
        PgTestDatabase.dropSchemas();
    }
}
