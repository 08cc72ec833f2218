package io.vmledger.reports;

import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL test server of {@code bin/test} ({@code VMLEDGER_TEST_PG_URL}, {@code _USER},
 * {@code _PASSWORD}, set by {@code bin/pg-ensure}). Without it these tests fail, never skip. Each store
 * gets a schema named after this JVM, dropped when the store closes.
 */
final class TestPostgres {
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private TestPostgres() {
    }

    private static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new AssertionError(name + " is not set, so the PostgreSQL report tests cannot run (they never "
                    + "skip). Run them through bin/test, or first: eval \"$(bin/pg-ensure)\"");
        }
        return v;
    }

    static Storage open(Settings settings) {
        String url = env("VMLEDGER_TEST_PG_URL");
        String user = env("VMLEDGER_TEST_PG_USER");
        String schema = ("vmt_reports_" + Long.toString(ProcessHandle.current().pid(), 36) + "_"
                + SCHEMAS.incrementAndGet()).toLowerCase(Locale.ROOT);
        Storage storage = StorageProviders.open(settings, Map.of(
                "url", url, "user", user, "password_env", "VMLEDGER_TEST_PG_PASSWORD", "schema", schema,
                "pool_size", "4"));
        return (Storage) java.lang.reflect.Proxy.newProxyInstance(Storage.class.getClassLoader(),
                new Class<?>[]{Storage.class}, new Dropping(storage, url, user, schema));
    }

    /** Closes the store, then drops its schema. */
    private record Dropping(Storage delegate, String url, String user, String schema)
            implements java.lang.reflect.InvocationHandler {
        @Override
        public Object invoke(Object proxy, java.lang.reflect.Method m, Object[] args) throws Throwable {
            try {
                return m.invoke(delegate, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            } finally {
                if (m.getName().equals("close")) {
                    drop();
                }
            }
        }

        private void drop() throws SQLException {
            String password = System.getenv("VMLEDGER_TEST_PG_PASSWORD");
            try (Connection c = DriverManager.getConnection(url, user, password == null ? "" : password);
                 Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }
}
