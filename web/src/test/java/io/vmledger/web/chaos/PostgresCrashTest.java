package io.vmledger.web.chaos;

import java.nio.file.Path;

/** The crash test on PostgreSQL: a schema per store on the test server ({@link PgTestServer}). */
class PostgresCrashTest extends CrashContract {

    @Override
    protected ChaosStores stores(Path dir) {
        return PgTestServer.schemas("vmt_crash");
    }

    @Override
    protected String provider() {
        return "postgres";
    }
}
