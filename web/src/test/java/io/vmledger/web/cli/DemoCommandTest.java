package io.vmledger.web.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where the demo writes its backfill's stage log: in its store's directory, never in the project's demo-data/ by default. */
class DemoCommandTest {


    @Test
    void theBackfillLogGoesBesideTheStore() {
        assertEquals(Path.of("/srv/ledger/backfill.log"),
                DemoCommand.backfillLog(Optional.of(Path.of("/srv/ledger")), Optional.of(Path.of("/etc/v.yaml"))));
        // PostgreSQL has no directory of its own: beside the configuration that names it
        assertEquals(Path.of("/etc/vmledger/pg.backfill.log"),
                DemoCommand.backfillLog(Optional.empty(), Optional.of(Path.of("/etc/vmledger/pg.yaml"))));
        assertEquals(Path.of("vmledger-backfill.log").toAbsolutePath(),
                DemoCommand.backfillLog(Optional.empty(), Optional.empty()));
    }
}
