package io.vmledger.reports;

import io.vmledger.api.settings.Settings;
import io.vmledger.capture.CapturePipeline;
import io.vmledger.capture.CaptureRun;
import io.vmledger.capture.simulated.SimulatedInventorySource;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.Map;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The background queue's behaviour: hand-offs never wait, duplicates merge, overflow falls to the catch-up. */
class ReportQueueTest {
    private static final long T0 = 1_795_910_400L; // 2026-11-29T00:00:00Z

    /** A worker that blocks on a latch, so the test controls when generation may proceed. */
    private static final class Gate {
        final CountDownLatch open = new CountDownLatch(1);
        final CountDownLatch started = new CountDownLatch(1);
        final List<ReportId> done = new CopyOnWriteArrayList<>();

        void work(ReportId id) {
            started.countDown();
            try {
                if (!open.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            done.add(id);
        }
    }

    @Test
    void twentyFourHourlyReportsQueuedAtOnceNeverDelayTheNextCapture(@TempDir Path dir) throws Exception {
        Settings settings = Settings.defaults().toBuilder()
                .snapshotTableCompatMode(false)
                .build();
        Gate gate = new Gate();
        ReportQueue queue = new ReportQueue(ReportQueue.DEFAULT_CAPACITY, gate::work, List::of);
        queue.start();
        try (Storage storage = StorageProviders.open(settings, Map.of("path", dir.resolve("q.db").toString()));
             CapturePipeline capture = new CapturePipeline(storage, new SimulatedInventorySource(2, 20, 9L), settings,
                     (t, snapshots) -> assertTrue(queue.submit(ReportId.hourly(t))))) {
            // a day's 24 hourly reports queued at once; the worker is stuck on the first
            for (int h = 0; h < 24; h++) {
                assertTrue(queue.submit(ReportId.hourly(T0 + h * 3600L)));
            }
            assertTrue(gate.started.await(30, TimeUnit.SECONDS));
            ReportQueue.Stats before = queue.stats();
            assertEquals(23, before.depth());
            assertTrue(before.running());

            // the next capture completes and hands its report over while nothing has been generated
            CaptureRun run = capture.captureAll(T0 + 24 * 3600L);
            assertTrue(run.allSucceeded());
            assertEquals(0, gate.done.size(), "the capture finished while report generation was still blocked");
            assertEquals(24, queue.stats().depth());

            gate.open.countDown();
            assertTrue(queue.awaitIdle(Duration.ofSeconds(60)));
            List<ReportId> expected = new ArrayList<>();
            for (int h = 0; h <= 24; h++) {
                expected.add(ReportId.hourly(T0 + h * 3600L));
            }
            assertEquals(expected, gate.done, "every report made, oldest request first");
            ReportQueue.Stats after = queue.stats();
            assertEquals(25, after.completed());
            assertEquals(25, after.taken(), "every report went through the queue");
            assertEquals(0, after.depth());
            assertEquals(0, after.rejected());
            assertTrue(after.maxWaitMillis() >= 0 && after.totalWaitMillis() >= after.maxWaitMillis());
        } finally {
            queue.close(Duration.ofSeconds(10));
        }
    }

    @Test
    void aRequestAlreadyWaitingIsMergedAndAFullQueueLeavesTheRestToTheCatchUp() throws Exception {
        Gate gate = new Gate();
        List<ReportId> missing = List.of(ReportId.hourly(T0 + 7200), ReportId.hourly(T0 + 10_800));
        ReportQueue queue = new ReportQueue(2, gate::work, () -> missing);
        queue.start();
        try {
            assertTrue(queue.submit(ReportId.hourly(T0)));
            assertTrue(gate.started.await(30, TimeUnit.SECONDS));
            assertTrue(queue.submit(ReportId.hourly(T0 + 3600)));
            assertTrue(queue.submit(ReportId.hourly(T0 + 3600)), "merged into the waiting request");
            assertTrue(queue.submit(ReportId.hourly(T0 + 7200)));
            assertFalse(queue.submit(ReportId.hourly(T0 + 10_800)), "full: refused without waiting");
            ReportQueue.Stats s = queue.stats();
            assertEquals(2, s.depth());
            assertEquals(1, s.merged());
            assertEquals(1, s.rejected());

            gate.open.countDown();
            assertTrue(queue.awaitIdle(Duration.ofSeconds(60)));
            // the queued requests first, then the refused report, found by the catch-up scan the refusal asked for
            assertEquals(List.of(ReportId.hourly(T0), ReportId.hourly(T0 + 3600), ReportId.hourly(T0 + 7200)),
                    gate.done.subList(0, 3));
            assertEquals(ReportId.hourly(T0 + 10_800), gate.done.get(gate.done.size() - 1));
            ReportQueue.Stats end = queue.stats();
            assertEquals(3, end.taken(), "the refused report came from the catch-up backlog, not the queue");
            assertTrue(end.completed() > end.taken(), end.toString());
        } finally {
            queue.close(Duration.ofSeconds(10));
        }
    }

    @Test
    void aScanThatFindsNothingLeavesTheQueueIdleAtOnce() throws Exception {
        ReportQueue queue = new ReportQueue(8, id -> { }, List::of);
        queue.start();
        try {
            long t0 = System.nanoTime();
            queue.requestScan();
            assertTrue(queue.awaitIdle(Duration.ofSeconds(30)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 5_000, "awaitIdle took " + ms + " ms: the end of the scan was not signalled");
        } finally {
            queue.close(Duration.ofSeconds(10));
        }
    }

    @Test
    void theQueueIsNotIdleWhileACatchUpScanLooksForMissingReports() throws Exception {
        CountDownLatch scanning = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        List<ReportId> made = new CopyOnWriteArrayList<>();
        ReportQueue queue = new ReportQueue(ReportQueue.DEFAULT_CAPACITY, made::add, () -> {
            scanning.countDown();
            try {
                assertTrue(answer.await(60, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return List.of(ReportId.hourly(T0));
        });
        queue.start();
        try {
            queue.requestScan();
            assertTrue(scanning.await(30, TimeUnit.SECONDS));
            // the scan runs outside the lock and has not answered yet: the backlog it finds is still to come
            assertFalse(queue.awaitIdle(Duration.ofMillis(300)), "idle while the scan was still looking");
            answer.countDown();
            assertTrue(queue.awaitIdle(Duration.ofSeconds(30)));
            assertEquals(List.of(ReportId.hourly(T0)), made);
        } finally {
            queue.close();
        }
    }

    @Test
    void closingFinishesTheWaitingRequestsAndRefusesNewOnes() throws Exception {
        List<ReportId> done = new CopyOnWriteArrayList<>();
        ReportQueue queue = new ReportQueue(8, done::add, List::of);
        for (int i = 0; i < 3; i++) {
            assertTrue(queue.submit(ReportId.hourly(T0 + i)));
        }
        queue.start();
        queue.close(Duration.ofSeconds(30));
        assertEquals(3, done.size());
        assertFalse(queue.submit(ReportId.hourly(T0 + 99)));
    }
}
