package io.vmledger.storage.postgres;

import io.vmledger.storage.jdbc.JdbcStorage;
import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.StorageException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transient connection failures are retried with {@code settings.retry}; other failures are not.
 * Failures are real: backends terminated by the server, and a TCP proxy that drops connections.
 */
class PgRetryTest {
    private JdbcStorage storage;
    private PgProxy proxy;

    @AfterEach
    void close() throws IOException {
        if (storage != null) {
            storage.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @AfterAll
    static void dropSchemas() {
        PgTestDatabase.dropSchemas();
    }

    @Test
    void aTransactionWhoseBackendIsTerminatedIsRunAgainOnAFreshConnection() {
        storage = PgTestDatabase.open(PgTestDatabase.settings(), "retry", Map.of());
        PgDatabase db = PgTestDatabase.db(storage);
        AtomicInteger attempts = new AtomicInteger();
        long before = db.retries();

        int answer = db.write("a unit of work", c -> {
            if (attempts.incrementAndGet() == 1) {
                terminate(backendPid(c)); // the server ends this session under our feet
            }
            try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT 42")) {
                rs.next();
                return rs.getInt(1);
            }
        });

        assertEquals(42, answer);
        assertEquals(2, attempts.get());
        assertEquals(before + 1, db.retries());
    }

    @Test
    void aStoreKeepsWorkingAfterTheServerDropsAllItsSessions() {
        storage = PgTestDatabase.open(PgTestDatabase.settings(), "retry", Map.of());
        storage.hourly().replaceSnapshot(PgIngestionTest.VC, PgIngestionTest.T0,
                PgIngestionTest.fleet(PgIngestionTest.T0, 20));
        terminateAll("vmledger/" + PgTestDatabase.db(storage).options().schema());
        assertEquals(20, storage.hourly().snapshot(PgIngestionTest.VC, PgIngestionTest.T0).size());
        storage.hourly().replaceSnapshot(PgIngestionTest.VC, PgIngestionTest.T0 + 3600,
                PgIngestionTest.fleet(PgIngestionTest.T0 + 3600, 20));
        assertEquals(List.of(PgIngestionTest.T0, PgIngestionTest.T0 + 3600),
                storage.hourly().snapshotTimes(PgIngestionTest.VC, io.vmledger.api.TimeWindow.all()));
    }

    @Test
    void statementErrorsAreNotRetried() {
        storage = PgTestDatabase.open(PgTestDatabase.settings(), "retry", Map.of());
        AtomicInteger attempts = new AtomicInteger();
        StorageException e = assertThrows(StorageException.class, () -> storage.database().write("bad SQL", c -> {
            attempts.incrementAndGet();
            try (Statement st = c.createStatement()) {
                return st.execute("SELECT * FROM no_such_table");
            }
        }));
        assertEquals(1, attempts.get());
        assertTrue(e.getMessage().contains("no_such_table"), e.getMessage());
    }

    @Test
    void openingRetriesWhileTheServerRefusesConnections() throws IOException {
        proxy = new PgProxy().dropFirst(2);
        storage = open(new Settings.RetrySettings(3, 0, 0), proxy.url());
        assertEquals(2, proxy.dropped.get(), "two refused attempts before the third succeeded");
        storage.hourly().replaceSnapshot(PgIngestionTest.VC, PgIngestionTest.T0,
                PgIngestionTest.fleet(PgIngestionTest.T0, 3));
        assertEquals(3, storage.hourly().snapshot(PgIngestionTest.VC, PgIngestionTest.T0).size());
    }

    @Test
    void openingGivesUpAfterTheConfiguredAttemptsWithAClearMessage() throws IOException {
        proxy = new PgProxy().dropFirst(Integer.MAX_VALUE);
        StorageException e = assertThrows(StorageException.class,
                () -> open(new Settings.RetrySettings(2, 0, 0), proxy.url()));
        assertEquals(2, proxy.dropped.get());
        assertTrue(e.getMessage().startsWith("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:"), e.getMessage());
        assertTrue(e.getMessage().contains("(2 attempts)"), e.getMessage());
    }

    @Test
    void aWrongPasswordFailsAtOnceAndIsNotShown() {
        Map<String, String> o = PgTestDatabase.options(PgTestDatabase.newSchema("retry"), Map.of());
        o.remove(PgOptions.PASSWORD_ENV.name());
        o.put(PgOptions.PASSWORD.name(), "definitely-not-the-password");
        StorageException e = assertThrows(StorageException.class, () -> PgTestDatabase.openWith(
                PgTestDatabase.settings(), o));
        assertFalse(e.getMessage().contains("attempts"), "authentication is not retried: " + e.getMessage());
        assertFalse(e.getMessage().contains("definitely-not-the-password"), e.getMessage());
        assertTrue(e.getMessage().contains("password authentication failed"), e.getMessage());
    }

    private static JdbcStorage open(Settings.RetrySettings retry, String url) {
        Map<String, String> o = new HashMap<>(PgTestDatabase.options(PgTestDatabase.newSchema("retry"), Map.of()));
        o.put(PgOptions.URL.name(), url);
        return PgTestDatabase.openWith(PgTestDatabase.settings().toBuilder().retry(retry).build(), o);
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void terminate(int pid) {
        try (Connection c = PgTestDatabase.connect();
             PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(?, 5000)")) {
            ps.setInt(1, pid);
            ps.execute();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static void terminateAll(String applicationName) {
        try (Connection c = PgTestDatabase.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, applicationName);
            try (var rs = ps.executeQuery()) {
                rs.next();
                assertTrue(rs.getInt(1) > 0, "the store had sessions to terminate");
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
