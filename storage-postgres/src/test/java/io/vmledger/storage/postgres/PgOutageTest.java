package io.vmledger.storage.postgres;

import io.vmledger.api.TimeWindow;
import io.vmledger.api.settings.Settings;
import io.vmledger.storage.jdbc.JdbcStorage;
import io.vmledger.storage.spi.StorageException;
import io.vmledger.storage.spi.StoreUnavailableException;
import io.vmledger.storage.spi.WaitLimit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store behind a proxy that is cut (decision 0120): under a {@link WaitLimit} of 1.5 s a call fails
 * with {@link StoreUnavailableException} within 2 s whether the server is gone (connections refused) or the
 * network swallows everything; without one, a call retries with {@code settings.retry} and then fails the
 * same way; after the cut the same store works again.
 */
class PgOutageTest {
    private static final Duration LIMIT = Duration.ofMillis(1_500);
    private static final long TWO_SECONDS = 2_000;

    private PgProxy proxy;
    private JdbcStorage storage;

    @BeforeEach
    void open() throws IOException {
        proxy = new PgProxy();
        Map<String, String> extra = new HashMap<>();
        extra.put(PgOptions.URL.name(), proxy.url());
        storage = PgTestDatabase.openIn(PgTestDatabase.newSchema("outage"), PgTestDatabase.settings().toBuilder()
                .retry(new Settings.RetrySettings(3, 1, 1)).build(), extra);
        storage.hourly().replaceSnapshot(PgIngestionTest.VC, PgIngestionTest.T0,
                PgIngestionTest.fleet(PgIngestionTest.T0, 5));
    }

    @AfterEach
    void close() throws IOException {
        storage.close();
        proxy.close();
    }

    @AfterAll
    static void dropSchemas() {
        PgTestDatabase.dropSchemas();
    }

    @Test
    void aRefusingServerFailsALimitedCallWithinTwoSecondsAndTheStoreRecovers() {
        proxy.refuse();
        for (int i = 0; i < 3; i++) { // the pooled connections first, then none to be had
            assertUnavailableWithinTwoSeconds();
        }
        proxy.restore();
        assertRecovers();
    }

    @Test
    void aNetworkThatSwallowsEverythingFailsALimitedCallWithinTwoSecondsAndTheStoreRecovers() {
        proxy.blackHole();
        for (int i = 0; i < 3; i++) {
            assertUnavailableWithinTwoSeconds();
        }
        proxy.restore();
        assertRecovers();
    }

    @Test
    void aCallInFlightWhenTheNetworkIsCutFailsWithinTheLimit() {
        long t0 = System.nanoTime();
        StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> WaitLimit.within(LIMIT,
                () -> storage.database().read("a read that meets the cut", c -> {
                    proxy.blackHole();
                    try (var st = c.createStatement(); var rs = st.executeQuery("SELECT 1")) {
                        return rs.next();
                    }
                })));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(millis < TWO_SECONDS, "failed after " + millis + " ms: " + e.getMessage());
        proxy.restore();
        assertRecovers();
    }

    @Test
    void withoutALimitACallRetriesAsConfiguredThenFailsAsUnavailable() {
        proxy.refuse();
        long before = storage.database().retries();
        long t0 = System.nanoTime();
        StorageException e = assertThrows(StorageException.class,
                () -> storage.hourly().snapshotTimes(PgIngestionTest.VC, TimeWindow.all()));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertInstanceOf(StoreUnavailableException.class, e, e.getMessage());
        assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
        assertEquals(before + 2, storage.database().retries());
        // three attempts of at most a second's wait for a connection, and the two waits of settings.retry
        assertTrue(millis >= 2_000 && millis < 8_000, "gave up after " + millis + " ms");
        proxy.restore();
        assertRecovers();
    }

    @Test
    void aFailedStatementIsNotAnOutage() {
        StorageException e = assertThrows(StorageException.class, () -> WaitLimit.within(LIMIT,
                () -> storage.database().read("bad SQL", c -> {
                    try (var st = c.createStatement()) {
                        return st.execute("SELECT * FROM no_such_table");
                    }
                })));
        assertFalse(e instanceof StoreUnavailableException, e.getMessage());
    }

    private void assertUnavailableWithinTwoSeconds() {
        long t0 = System.nanoTime();
        StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> WaitLimit.within(LIMIT,
                () -> storage.hourly().snapshotTimes(PgIngestionTest.VC, TimeWindow.all())));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(millis < TWO_SECONDS, "failed after " + millis + " ms: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("PostgreSQL jdbc:postgresql://127.0.0.1:"), e.getMessage());
    }

    /** Calls succeed again within a few seconds, with no restart: the pool reconnects by itself. */
    private void assertRecovers() {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            try {
                List<Long> times = WaitLimit.within(LIMIT,
                        () -> storage.hourly().snapshotTimes(PgIngestionTest.VC, TimeWindow.all()));
                assertEquals(List.of(PgIngestionTest.T0), times);
                return;
            } catch (StoreUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the store did not recover within 15 s", e);
                }
            }
        }
    }
}
