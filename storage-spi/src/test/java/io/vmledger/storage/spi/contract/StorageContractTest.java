package io.vmledger.storage.spi.contract;

import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.Storage;
import org.junit.jupiter.api.Nested;

/**
 * The storage contract kit: every behaviour of the storage SPI that the rest of the system relies on.
 * A plugin runs the whole kit with one subclass:
 *
 * <pre>{@code
 * class SqliteContractTest extends StorageContractTest {
 *     @TempDir Path dir;
 *     protected Storage openEmptyStorage(Settings settings) { ... a new, empty store ... }
 * }
 * }</pre>
 *
 * Each test opens a fresh store through {@link #openEmptyStorage} and closes it afterwards; the data
 * is small, so the kit runs in seconds.
 */
public abstract class StorageContractTest {

    /** Opens a new, empty store with the given settings (every call a different, empty store). */
    protected abstract Storage openEmptyStorage(Settings settings);

    @Nested
    class Hourly extends HourlyStoreContract {
        @Override
        protected Storage open(Settings settings) {
            return openEmptyStorage(settings);
        }
    }

    @Nested
    class Lifecycle extends LifecycleStoreContract {
        @Override
        protected Storage open(Settings settings) {
            return openEmptyStorage(settings);
        }
    }

    @Nested
    class Totals extends TotalsStoreContract {
        @Override
        protected Storage open(Settings settings) {
            return openEmptyStorage(settings);
        }
    }

    @Nested
    class Registry extends SnapshotRegistryContract {
        @Override
        protected Storage open(Settings settings) {
            return openEmptyStorage(settings);
        }
    }

    @Nested
    class Compatibility extends CompatibilityTablesContract {
        @Override
        protected Storage open(Settings settings) {
            return openEmptyStorage(settings);
        }
    }

    @Nested
    class Rollups extends RollupStoreContract {
        @Override
        protected Storage open(Settings settings) {
            return openEmptyStorage(settings);
        }
    }

    @Nested
    class Jobs extends JobRunStoreContract {
        @Override
        protected Storage open(Settings settings) {
            return openEmptyStorage(settings);
        }
    }
}
