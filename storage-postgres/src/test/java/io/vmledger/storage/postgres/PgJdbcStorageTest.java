package io.vmledger.storage.postgres;

import io.vmledger.storage.jdbc.AbstractJdbcStorageTest;
import io.vmledger.storage.jdbc.JdbcStorage;
import org.junit.jupiter.api.AfterAll;

import java.util.Map;

/** The JDBC core's promises on PostgreSQL, each store in a schema of its own. */
class PgJdbcStorageTest extends AbstractJdbcStorageTest {

    @Override
    protected JdbcStorage openEmpty(int readThreads) {
        // the plugin keeps half of its pool for writers during a read
        return PgTestDatabase.open(PgTestDatabase.settings(), "jdbc", Map.of(PgOptions.READ_THREADS.name(),
                Integer.toString(readThreads), PgOptions.POOL_SIZE.name(), Integer.toString(Math.max(4, 2 * readThreads))));
    }

    @AfterAll
    static void dropSchemas() {
        PgTestDatabase.dropSchemas();
    }
}
