package io.vmledger.web.chaos;

import java.nio.file.Path;

/** The crash test on SQLite: a file per store. */
class SqliteCrashTest extends CrashContract {

    @Override
    protected ChaosStores stores(Path dir) {
        return ChaosStores.sqlite(dir);
    }

    @Override
    protected String provider() {
        return "sqlite";
    }
}
