package io.vmledger.web.chaos;

import io.vmledger.storage.postgres.PgTestDatabase;

import java.util.Map;

/**
 * The PostgreSQL test server of the web module's tests, named by {@code VMLEDGER_TEST_PG_URL},
 * {@code VMLEDGER_TEST_PG_USER} and {@code VMLEDGER_TEST_PG_PASSWORD} ({@code bin/test} sets them through
 * {@code bin/pg-ensure}). Without them the tests fail: they never skip.
 */
public final class PgTestServer {
    private PgTestServer() {
    }

    /** The server's plugin options, without a schema (each test puts its stores in schemas of its own). */
    public static Map<String, String> options() {
        return PgTestDatabase.serverOptions();
    }

    /** Schemas {@code <prefix>_<pid>_<name>} on the server. */
    public static ChaosStores schemas(String prefix) {
        return ChaosStores.postgres(options(), prefix + "_" + Long.toString(ProcessHandle.current().pid(), 36));
    }
}
