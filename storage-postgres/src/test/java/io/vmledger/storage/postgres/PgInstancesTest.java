package io.vmledger.storage.postgres;

import io.vmledger.storage.jdbc.AbstractInstancesTest;
import org.junit.jupiter.api.AfterAll;

import java.util.Map;

/** Instances on PostgreSQL: each store a schema, opened as often as a test needs. */
class PgInstancesTest extends AbstractInstancesTest {

    @Override
    protected Store newStore() {
        String schema = PgTestDatabase.newSchema("inst");
        return () -> PgTestDatabase.openIn(schema, PgTestDatabase.settings(), Map.of());
    }

    @AfterAll
    static void dropSchemas() {
        PgTestDatabase.dropSchemas();
    }
}
