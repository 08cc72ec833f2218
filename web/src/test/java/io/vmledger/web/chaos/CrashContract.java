package io.vmledger.web.chaos;

import io.vmledger.api.Granularity;
import io.vmledger.api.JobRun;
import io.vmledger.api.JobStatus;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.settings.Settings;
import io.vmledger.capture.CaptureBoundary;
import io.vmledger.capture.CaptureFaults;
import io.vmledger.capture.CapturePipeline;
import io.vmledger.maintenance.StoreDigest;
import io.vmledger.reports.ReportService;
import io.vmledger.storage.spi.SnapshotQuery;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;
import io.vmledger.web.app.AppServices;
import io.vmledger.web.app.ReportWiring;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The crash test, on every plugin: the chaos workload (backfill of a simulated inventory, aggregation, reports,
 * as the demo runs them) is stopped as a killed process would be, then run again to its end on the same store,
 * which must then equal the store of a run that was never stopped ({@link StoreDigest}: hourly rows, lifecycle
 * with its deletion sources, registry, totals, rollups, monthly summaries, compatibility tables), hold no job run
 * still {@code running}, and miss no report and hold none older than its data.
 *
 * <ul>
 *   <li>At every {@link CaptureBoundary} (fault injection): the store is halted there ({@link Storage#halt()}:
 *       nothing more is written, the transaction under way rolls back, the instance's end is not recorded) and
 *       an {@link Error} ends the workload. Right after, before any recovery, every snapshot in the store is
 *       whole: the one being captured is all there or not at all.</li>
 *   <li>At {@value #RANDOM_KILLS} random moments: a timer halts the store after a delay drawn from the length of
 *       an uninterrupted run, several times per store, with two vCenters captured at once.</li>
 * </ul>
 *
 * The soak with {@code kill -9} on real processes is {@code bin/vmledger chaos} ({@link ChaosRun}); this test
 * keeps to one JVM so it fits the suite.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class CrashContract {
    static final int RANDOM_KILLS = 20;
    private static final int KILLS_PER_ROUND = 5;
    private static final long SEED = Long.getLong("vmledger.crash.seed", 14);
    private static final int VCENTERS = 2;
    /** Which hit of a boundary is fatal: the second vCenter of the second hour (the run's for HANDED_OFF). */
    private static final int FATAL_HIT = 4;

    /** Where this plugin's stores go. */
    protected abstract ChaosStores stores(Path dir);

    protected abstract String provider();

    private Path dir;
    private ChaosStores stores;
    private long now;
    private ChaosWorkload.Spec reference;
    private StoreDigest expected;
    private double referenceSeconds;

    /** Thrown where the process dies; nothing in the service catches an Error. */
    static final class Killed extends Error {
        Killed(String where) {
            super("killed " + where, null, false, false);
        }
    }

    @BeforeAll
    void reference() throws Exception {
        dir = Files.createTempDirectory("vmledger-crash-");
        stores = stores(dir);
        // whole hours that cross a midnight of the report time zone (UTC), so that a day is aggregated: the
        // window ends at the latest 03:00 that has passed (a window ending at the current hour crossed one only
        // when the suite ran before 05:00)
        long today = Instant.now().getEpochSecond() / 86_400 * 86_400;
        now = today + 3 * 3600 <= Instant.now().getEpochSecond() ? today + 3 * 3600 : today - 86_400 + 3 * 3600;
        // the sequential run first: it warms the JVM, so that the timed reference is as long as the runs killed
        ChaosWorkload.Spec sequential = spec("sequential", 1);
        ChaosWorkload.run(sequential, CaptureFaults.NONE, p -> {
        });
        reference = spec("reference", 2);
        long t0 = System.nanoTime();
        ChaosWorkload.run(reference, CaptureFaults.NONE, p -> {
        });
        referenceSeconds = (System.nanoTime() - t0) / 1e9;
        expected = digest(reference);
        assertTrue(expected.sections().get("hourly rows").lines() > 0, expected.toString());
        assertTrue(expected.sections().get("daily rollups").lines() > 0, expected.toString());
        // one vCenter at a time or two at once: the same ledger, so the stores below may use either
        assertEquals(List.of(), digest(sequential).differingSections(expected));
        stores.drop("sequential");
    }

    @AfterAll
    void dropStores() {
        if (stores != null) {
            stores.drop("reference");
        }
        ChaosStores.deleteTree(dir);
    }

    private ChaosWorkload.Spec spec(String name, int concurrency) {
        return new ChaosWorkload.Spec(provider(), stores.fresh(name), dir.resolve(name).resolve("reports").toString(),
                VCENTERS, 40, 14, now, 6, concurrency);
    }

    @ParameterizedTest(name = "killed at {0}")
    @EnumSource(CaptureBoundary.class)
    @Order(1)
    void aCaptureKilledAtABoundaryIsRecoveredToTheNeverKilledStore(CaptureBoundary boundary) {
        String name = "at-" + boundary.name().toLowerCase(Locale.ROOT);
        ChaosWorkload.Spec spec = spec(name, 1);
        AtomicReference<Storage> storage = new AtomicReference<>();
        AtomicInteger hits = new AtomicInteger();
        AtomicReference<String> killedVcenter = new AtomicReference<>();
        AtomicReference<Long> killedTime = new AtomicReference<>();
        CaptureFaults faults = (b, vcenter, t) -> {
            if (b == boundary && hits.incrementAndGet() == FATAL_HIT) {
                killedVcenter.set(vcenter);
                killedTime.set(t);
                storage.get().halt();
                throw new Killed("at " + b + " of " + vcenter + "@" + t);
            }
        };
        AppServices services = AppServices.open(spec.settings(), spec.storageOptions(), "crash-test", faults);
        storage.set(services.storage());
        assertThrows(Killed.class, () -> ChaosWorkload.run(services, spec, p -> {
        }));
        services.close(); // halted: releases what it holds, records nothing

        try (Storage s = open(spec)) {
            Set<String> torn = tornSnapshots(s);
            assertEquals(Set.of(), torn, "snapshots that are not whole right after the kill at " + boundary);
            if (boundary != CaptureBoundary.HANDED_OFF) {
                boolean stored = registered(s, killedVcenter.get(), killedTime.get());
                assertEquals(boundary.compareTo(CaptureBoundary.COMMITTED) >= 0, stored,
                        "the snapshot killed at " + boundary + " is stored whole only once committed");
            }
        }

        ChaosWorkload.run(spec, CaptureFaults.NONE, p -> {
        });
        List<JobRun> abandoned = check(name, spec);
        if (boundary.compareTo(CaptureBoundary.RECORDED) < 0) {
            assertTrue(abandoned.stream().anyMatch(r -> r.type().equals(CapturePipeline.JOB_TYPE)
                            && r.target().equals(killedVcenter.get())),
                    "the killed capture's run is closed as abandoned: " + abandoned);
        }
        stores.drop(name);
    }

    @Test
    @Order(2)
    void killsAtRandomMomentsAreRecoveredToTheNeverKilledStore() throws Exception {
        Random random = new Random(SEED);
        long limit = (long) (referenceSeconds * 1000);
        int kills = 0;
        int round = 0;
        List<String> moments = new ArrayList<>();
        while (kills < RANDOM_KILLS) {
            round++;
            assertTrue(round <= 4 * RANDOM_KILLS, "only " + kills + " of " + round + " rounds' runs were halted before "
                    + "they ended (an uninterrupted run took " + referenceSeconds + " s)");
            String name = "random-" + round;
            ChaosWorkload.Spec spec = spec(name, 2);
            for (int k = 0; k < KILLS_PER_ROUND && kills < RANDOM_KILLS; ) {
                long delay = (long) (random.nextDouble() * limit);
                long t0 = System.nanoTime();
                if (runHaltedAfter(spec, delay)) {
                    kills++;
                    k++;
                    moments.add(delay + " ms");
                } else {
                    if (k == 0) {
                        // a whole run ended before the moment: the machine is quicker now than for the reference
                        limit = Math.min(limit, (System.nanoTime() - t0) / 1_000_000);
                    }
                    break; // the round's store is complete
                }
            }
            ChaosWorkload.run(spec, CaptureFaults.NONE, p -> {
            });
            check(name + " (kills at " + moments + ")", spec);
            stores.drop(name);
            moments.clear();
        }
        assertTrue(kills >= RANDOM_KILLS);
    }

    /** Runs the workload and halts its store after {@code delayMillis}; returns whether it was halted before it ended. */
    private boolean runHaltedAfter(ChaosWorkload.Spec spec, long delayMillis) throws InterruptedException {
        AppServices services = AppServices.open(spec.settings(), spec.storageOptions(), "crash-test", CaptureFaults.NONE);
        Object lock = new Object();
        boolean[] ended = {false};
        boolean[] halted = {false};
        Thread killer = Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (lock) {
                if (!ended[0]) {
                    halted[0] = true;
                    services.storage().halt();
                }
            }
        });
        try {
            ChaosWorkload.run(services, spec, p -> {
            });
        } catch (RuntimeException e) {
            // what a halted store makes of the rest of the run; a run that was not halted must not fail
            synchronized (lock) {
                if (!halted[0]) {
                    throw e;
                }
            }
        } finally {
            synchronized (lock) {
                ended[0] = true;
            }
            killer.interrupt();
            killer.join();
            services.close();
        }
        return halted[0];
    }

    /**
     * The store after its last run: equal to the reference, no job run running, no report missing or stale.
     * Returns its abandoned job runs.
     */
    private List<JobRun> check(String name, ChaosWorkload.Spec spec) {
        Settings settings = spec.settings();
        try (Storage s = open(spec)) {
            StoreDigest actual = StoreDigest.of(s, settings.calendar());
            List<String> differing = actual.differingSections(expected);
            if (!differing.isEmpty()) {
                try (Storage ref = open(reference)) {
                    fail(name + ": the store differs from the never-killed one in " + differing + ":\n"
                            + StoreDigest.explain(s, ref, settings.calendar(), differing));
                }
            }
            assertEquals(0, s.jobs().recent(null, JobStatus.RUNNING, 1, 0).total(),
                    name + ": job runs left running");
            try (ReportService reports = ReportWiring.service(s, settings)) {
                assertEquals(List.of(), reports.missingOrStale(), name + ": reports missing or stale");
            }
            return s.jobs().recent(null, JobStatus.ABANDONED, 1000, 0).items();
        }
    }

    private static Storage open(ChaosWorkload.Spec spec) {
        return StorageProviders.open(spec.settings(), spec.storageOptions(), "crash-check");
    }

    private StoreDigest digest(ChaosWorkload.Spec spec) {
        try (Storage s = open(spec)) {
            return StoreDigest.of(s, spec.settings().calendar());
        }
    }

    private static boolean registered(Storage s, String vcenter, long t) {
        return !s.registry().list(new SnapshotQuery(Granularity.HOURLY, vcenter, new TimeWindow(t, t + 1), 1, 0))
                .items().isEmpty();
    }

    /** Snapshots that are not whole: hourly rows without a registry record, or a record without rows. */
    private static Set<String> tornSnapshots(Storage s) {
        Set<String> torn = new TreeSet<>();
        for (String vc : s.hourly().vcenters()) {
            Set<Long> rows = new TreeSet<>(s.hourly().snapshotTimes(vc, TimeWindow.all()));
            Set<Long> records = new TreeSet<>();
            for (SnapshotRecord r : s.registry().list(new SnapshotQuery(Granularity.HOURLY, vc, TimeWindow.all(),
                    Integer.MAX_VALUE, 0)).items()) {
                records.add(r.snapshotTime());
            }
            for (long t : rows) {
                if (!records.contains(t)) {
                    torn.add(vc + "@" + t + " has rows and no registry record");
                }
            }
            for (long t : records) {
                if (!rows.contains(t)) {
                    torn.add(vc + "@" + t + " has a registry record and no rows");
                }
            }
        }
        return torn;
    }
}
