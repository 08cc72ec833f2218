package io.vmledger.storage.spi.contract;

import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Opens a fresh, empty store before each test and closes it after. The write batch size is small
 * (3) so that every write of more than three rows crosses batch boundaries.
 */
public abstract class ContractBase {
    /** Batch size the kit opens stores with. */
    public static final int BATCH_SIZE = 3;

    protected Storage storage;

    /** Opens a new, empty store with these settings. */
    protected abstract Storage open(Settings settings);

    protected Settings settings() {
        return Settings.defaults().toBuilder().captureWriteBatchSize(BATCH_SIZE).build();
    }

    @BeforeEach
    void openStore() {
        storage = open(settings());
    }

    @AfterEach
    void closeStore() {
        if (storage != null) {
            storage.close();
        }
    }
}
