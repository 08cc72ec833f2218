package io.vmledger.storage.postgres;

import io.vmledger.storage.spi.golden.AbstractSqlAggregationGoldenTest;
import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.Storage;
import org.junit.jupiter.api.AfterAll;

import java.util.Map;

/** The PostgreSQL SQL aggregation against the aggregation module's hand-computed golden dataset. */
class PgSqlAggregationGoldenTest extends AbstractSqlAggregationGoldenTest {

    @Override
    protected Storage openEmptyStorage(Settings settings) {
        return PgTestDatabase.open(settings, "golden", Map.of());
    }

    @AfterAll
    static void dropSchemas() {
        PgTestDatabase.dropSchemas();
    }
}
