package io.vmledger.web.cli;

import io.vmledger.api.settings.Settings;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where the demo writes its backfill's stage log: beside its store, never in the project's demo-data/ by default. */
class DemoCommandTest {

    private static Settings store(String provider, String sqlitePath) {
        return Settings.defaults().toBuilder().storage(new Settings.StorageSettings(provider, sqlitePath)).build();
    }

    @Test
    void theBackfillLogGoesBesideTheStore() {
        assertEquals(Path.of("/srv/ledger/backfill.log"),
                DemoCommand.backfillLog(store("sqlite", "/srv/ledger/vmledger.db"), Optional.of(Path.of("/etc/v.yaml"))));
        // PostgreSQL has no directory of its own: beside the configuration that names it
        assertEquals(Path.of("/etc/vmledger/pg.backfill.log"),
                DemoCommand.backfillLog(store("postgres", "unused.db"), Optional.of(Path.of("/etc/vmledger/pg.yaml"))));
        assertEquals(Path.of("vmledger-backfill.log").toAbsolutePath(),
                DemoCommand.backfillLog(store("postgres", "unused.db"), Optional.empty()));
    }
}
