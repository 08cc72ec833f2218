package io.vmledger.storage.sqlite;

import io.vmledger.api.settings.Settings;
import io.vmledger.storage.jdbc.JdbcStorage;
import io.vmledger.storage.spi.WaitLimit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads of web requests (virtual threads) run on the plugin's platform read workers. */
class SqliteReadWorkersTest {
    @TempDir
    Path dir;

    @Test
    void aVirtualThreadReadsOnAPlatformWorkerUnderItsWaitLimitAndGetsItsFailure() throws Exception {
        try (JdbcStorage s = SqliteStores.open(dir.resolve("w.db"), Settings.defaults(),
                Map.of(SqlitePragmas.READ_WORKERS.name(), "2"));
             ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            List<?> seen = requests.submit(() -> WaitLimit.within(Duration.ofSeconds(2), () -> s.database().read("probe",
                    c -> List.of(Thread.currentThread().isVirtual(), Thread.currentThread().getName(),
                            WaitLimit.current())))).get();
            assertEquals(false, seen.get(0), "a platform thread");
            assertTrue(((String) seen.get(1)).startsWith("sqlite-read-"), seen.get(1).toString());
            assertEquals(Optional.of(Duration.ofSeconds(2)), seen.get(2), "the request's wait limit goes along");

            ExecutionException failed = assertThrows(ExecutionException.class, () -> requests.submit(
                    () -> s.database().read("fail", c -> {
                        throw new IllegalStateException("boom");
                    })).get());
            assertInstanceOf(IllegalStateException.class, failed.getCause());
            assertEquals("boom", failed.getCause().getMessage());

            // more concurrent reads than workers: they queue and all finish
            CountDownLatch release = new CountDownLatch(1);
            List<Future<Integer>> many = java.util.stream.IntStream.range(0, 6)
                    .mapToObj(i -> requests.submit(() -> s.database().read("wait " + i, c -> {
                        try {
                            assertTrue(release.await(5, TimeUnit.SECONDS));
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        return i;
                    }))).toList();
            release.countDown();
            for (int i = 0; i < many.size(); i++) {
                assertEquals(i, many.get(i).get(5, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void aPlatformThreadReadsOnItself() {
        try (JdbcStorage s = SqliteStores.open(dir.resolve("p.db"), Settings.defaults(), Map.of())) {
            assertSame(Thread.currentThread(), s.database().read("here", c -> Thread.currentThread()));
            assertFalse(Thread.currentThread().isVirtual());
        }
    }
}
