package io.vmledger.web.schedule;

import io.vmledger.aggregation.DailyAggregationJob;
import io.vmledger.api.Granularity;
import io.vmledger.api.JobRun;
import io.vmledger.api.JobStatus;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.settings.Settings;
import io.vmledger.capture.CapturePipeline;
import io.vmledger.storage.spi.SnapshotQuery;
import io.vmledger.web.app.AppServices;
import io.vmledger.web.chaos.ChaosStores;
import io.vmledger.web.chaos.ChaosWorkload;
import io.vmledger.web.chaos.PgTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances (two {@code serve} processes) on one PostgreSQL store: both fire every scheduled capture at
 * the same moment, and each snapshot time is captured once and each day aggregated once; the one that
 * starts while the other has a run under way leaves that run alone.
 */
class TwoInstancesTest {
    private static final int VCENTERS = 2;

    @TempDir
    Path dir;

    @Test
    void twoInstancesOnOnePostgresqlCaptureAndAggregateEachPeriodOnce() throws Exception {
        ChaosStores stores = PgTestServer.schemas("vmt_two");
        Map<String, String> options = stores.fresh("store");
        Settings settings = new ChaosWorkload.Spec("postgres", options, dir.resolve("reports").toString(), VCENTERS, 30,
                14, 0, 1, 2).settings();
        // across a midnight, so that the prior day becomes due for aggregation
        long midnight = Instant.now().getEpochSecond() / 86_400 * 86_400 - 86_400;
        List<Long> hours = List.of(midnight - 7200, midnight - 3600, midnight, midnight + 3600);
        try (AppServices a = AppServices.open(settings, options, "serve");
             AppServices b = AppServices.open(settings, options, "serve")) {
            assertNotEquals(a.storage().instances().self().id(), b.storage().instances().self().id());
            a.aggregation().leaseWait(Duration.ofSeconds(60));
            b.aggregation().leaseWait(Duration.ofSeconds(60));
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (long t : hours) {
                    CyclicBarrier together = new CyclicBarrier(2);
                    List<Future<?>> fired = new ArrayList<>();
                    for (AppServices s : List.of(a, b)) {
                        fired.add(pool.submit(() -> {
                            together.await();
                            CaptureScheduler.runAt(t, s.capture(), s.aggregation(), s.storage().instances());
                            return null;
                        }));
                    }
                    for (Future<?> f : fired) {
                        f.get();
                    }
                }
            } finally {
                pool.shutdownNow();
            }

            List<JobRun> captures = a.storage().jobs().recent(CapturePipeline.JOB_TYPE, 1000, 0).items();
            assertEquals(hours.size() * VCENTERS, captures.size(), "one capture run per vCenter and hour: " + captures);
            assertTrue(captures.stream().allMatch(r -> r.status() == JobStatus.SUCCEEDED), captures.toString());
            assertEquals(hours.size() * VCENTERS, a.storage().registry().list(new SnapshotQuery(Granularity.HOURLY, null,
                    TimeWindow.all(), 1000, 0)).total());
            String day = settingsDay(settings, midnight - 1);
            List<JobRun> daily = a.storage().jobs().recent(DailyAggregationJob.JOB_TYPE, 1000, 0).items().stream()
                    .filter(r -> r.target().equals(day)).toList();
            assertEquals(1, daily.size(), "the prior day is aggregated once: " + daily);
            assertEquals(JobStatus.SUCCEEDED, daily.get(0).status());

            // a run under way in one instance survives the other's start (its sweep) and the other's end
            long running = a.storage().jobs().start("capture", "vc-x", System.currentTimeMillis());
            try (AppServices c = AppServices.open(settings, options, "serve")) {
                assertEquals(JobStatus.RUNNING, c.storage().jobs().get(running).orElseThrow().status());
            }
            assertEquals(JobStatus.RUNNING, b.storage().jobs().get(running).orElseThrow().status());
            assertEquals(0, a.storage().jobs().recent(null, JobStatus.ABANDONED, 1, 0).total(),
                    "no live instance's run was closed as abandoned");
            a.storage().jobs().finish(running, JobStatus.SUCCEEDED, System.currentTimeMillis(), 0, "done");
        } finally {
            stores.drop("store");
        }
    }

    private static String settingsDay(Settings settings, long t) {
        return settings.calendar().dateOf(t).toString();
    }
}
