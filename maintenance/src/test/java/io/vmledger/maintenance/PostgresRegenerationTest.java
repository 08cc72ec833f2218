package io.vmledger.maintenance;

import io.vmledger.api.settings.Settings;
import io.vmledger.storage.postgres.PgTestDatabase;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The regeneration property on the PostgreSQL plugin, in a schema of its own on the test server named
 * by {@code VMLEDGER_TEST_PG_URL}, {@code VMLEDGER_TEST_PG_USER} and {@code VMLEDGER_TEST_PG_PASSWORD}
 * ({@code bin/test} sets them through {@code bin/pg-ensure}). Without them the test fails: it never skips.
 */
class PostgresRegenerationTest extends RegenerationPropertyTest {
    private final String schema = ("vmt_regen_" + Long.toString(ProcessHandle.current().pid(), 36)).toLowerCase(Locale.ROOT);

    @Override
    protected Storage open(Settings settings) {
        Map<String, String> options = new HashMap<>(PgTestDatabase.serverOptions());
        options.put("schema", schema);
        return StorageProviders.open(settings.toBuilder().storage(new Settings.StorageSettings("postgres")).build(),
                options);
    }

    @Override
    protected Connection connect() throws SQLException {
        Connection c = PgTestDatabase.connect();
        try (Statement st = c.createStatement()) {
            st.execute("SET search_path = " + schema);
        }
        return c;
    }

    @Override
    protected void dispose() {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new AssertionError("cannot drop the test schema " + schema + ": " + e.getMessage(), e);
        }
    }
}
