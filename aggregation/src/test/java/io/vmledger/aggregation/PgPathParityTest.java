package io.vmledger.aggregation;

import io.vmledger.api.SummaryComparison;
import io.vmledger.api.settings.Settings;
import io.vmledger.storage.postgres.PgTestDatabase;
import io.vmledger.storage.spi.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Path parity on the PostgreSQL plugin, whose capture here spans two monthly partitions. */
class PgPathParityTest extends AbstractPathParityTest {
    private String schema;

    @Override
    Storage open(Settings settings) {
        schema = PgTestDatabase.newSchema("parity");
        return PgTestDatabase.openIn(schema, settings, Map.of());
    }

    @Override
    double sqlTolerance() {
        return SummaryComparison.DAILY_TOLERANCE;
    }

    @AfterAll
    void dropSchemas() {
        close();
        PgTestDatabase.dropSchemas();
    }

    @Test
    void theCaptureSpansTwoMonthlyPartitions() throws SQLException {
        try (Connection c = PgTestDatabase.connect(); Statement st = c.createStatement()) {
            st.execute("SET search_path = " + schema);
            try (ResultSet rs = st.executeQuery("""
                    SELECT count(*) FILTER (WHERE tableoid = 'vm_hourly_stats_p202601'::regclass),
                           count(*) FILTER (WHERE tableoid = 'vm_hourly_stats_p202602'::regclass)
                      FROM vm_hourly_stats""")) {
                rs.next();
                assertTrue(rs.getLong(1) > 0 && rs.getLong(2) > 0, "rows in the January and February partitions");
            }
        }
    }
}
