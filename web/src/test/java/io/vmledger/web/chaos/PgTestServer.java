package io.vmledger.web.chaos;

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
        return Map.of("url", env("VMLEDGER_TEST_PG_URL"), "user", env("VMLEDGER_TEST_PG_USER"),
                "password_env", "VMLEDGER_TEST_PG_PASSWORD", "pool_size", "4");
    }

    /** Schemas {@code <prefix>_<pid>_<name>} on the server. */
    public static ChaosStores schemas(String prefix) {
        return ChaosStores.postgres(options(), prefix + "_" + Long.toString(ProcessHandle.current().pid(), 36));
    }

    private static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new AssertionError(name + " is not set, so the PostgreSQL tests cannot run (they never skip). "
                    + "Run them through bin/test, or first: eval \"$(bin/pg-ensure)\"");
        }
        return v;
    }
}
