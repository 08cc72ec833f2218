package io.vmledger.web.chaos;

import java.nio.file.Path;
import java.util.Map;

/**
 * The crash test on PostgreSQL: a schema per store on the test server named by {@code VMLEDGER_TEST_PG_URL},
 * {@code VMLEDGER_TEST_PG_USER} and {@code VMLEDGER_TEST_PG_PASSWORD} ({@code bin/test} sets them through
 * {@code bin/pg-ensure}). Without them the test fails: it never skips.
 */
class PostgresCrashTest extends CrashContract {

    static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new AssertionError(name + " is not set, so the PostgreSQL tests cannot run (they never skip). "
                    + "Run them through bin/test, or first: eval \"$(bin/pg-ensure)\"");
        }
        return v;
    }

    /** The test server's options, without a schema. */
    static Map<String, String> server() {
        return Map.of("url", env("VMLEDGER_TEST_PG_URL"), "user", env("VMLEDGER_TEST_PG_USER"),
                "password_env", "VMLEDGER_TEST_PG_PASSWORD", "pool_size", "4");
    }

    @Override
    protected ChaosStores stores(Path dir) {
        return ChaosStores.postgres(server(), "vmt_crash_" + Long.toString(ProcessHandle.current().pid(), 36));
    }

    @Override
    protected String provider() {
        return "postgres";
    }
}
