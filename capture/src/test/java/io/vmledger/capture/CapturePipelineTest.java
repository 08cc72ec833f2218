package io.vmledger.capture;

import io.vmledger.api.AggregateTotals;
import io.vmledger.api.DeletionSource;
import io.vmledger.api.Granularity;
import io.vmledger.api.JobRun;
import io.vmledger.api.JobStatus;
import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.PowerState;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VcenterTotals;
import io.vmledger.api.VmEvent;
import io.vmledger.api.VmSample;
import io.vmledger.api.settings.Settings;
import io.vmledger.capture.simulated.SimulatedInventorySource;
import io.vmledger.storage.spi.SnapshotQuery;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import static io.vmledger.capture.TestSources.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The capture pipeline end to end against the SQLite plugin. */
class CapturePipelineTest {
    private static final long T0 = 1_767_225_600L; // 2026-01-01T00:00Z
    private static final long HOUR = 3600;
    private static final String VC = "vc01.test";

    @TempDir
    Path dir;
    private Storage storage;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    private Settings settings(UnaryOperator<Settings.Builder> change) {
        Settings.Builder b = Settings.defaults().toBuilder()
                .retry(new Settings.RetrySettings(3, 0, 0))
                .asyncReportGeneration(false);
        return change.apply(b).build();
    }

    private CapturePipeline pipeline(InventorySource source, Settings s, ReportHandoff reports) {
        if (storage == null) {
            storage = StorageProviders.open(s, Map.of("path", dir.resolve("ledger.db").toString()));
        }
        CapturePipeline p = new CapturePipeline(storage, source, s, reports);
        toClose.add(p);
        return p;
    }

    private CapturePipeline pipeline(InventorySource source, Settings s) {
        return pipeline(source, s, ReportHandoff.NONE);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        if (storage != null) {
            storage.close();
        }
    }

    private static VmSample on(String vmId, String pool, int vcpu, double ram, double disk) {
        return vm(VC, 0, vmId, "name-" + vmId, 1000L, pool, vcpu, ram, disk, PowerState.POWERED_ON, false);
    }

    @Test
    void recapturingTheSameSnapshotTimeReplacesItsRows() {
        var source = new TestSources.Rewriting(new SimulatedInventorySource(1, 200, 42));
        Settings s = settings(b -> b);
        CapturePipeline p = pipeline(source, s);
        String vc = source.vcenters().get(0);

        VcenterCaptureResult first = p.captureAll(T0).results().get(0);
        assertTrue(first.succeeded(), first.error());
        int n = first.rows();
        assertTrue(n > 150);
        assertEquals(n, storage.hourly().snapshot(vc, T0).size());

        VcenterCaptureResult again = p.captureAll(T0).results().get(0);
        assertTrue(again.succeeded(), again.error());
        assertEquals(n, storage.hourly().snapshot(vc, T0).size(), "same rows, not twice as many");
        assertEquals(List.of(T0), storage.hourly().snapshotTimes(vc, TimeWindow.all()));
        assertEquals(1, storage.registry().list(new SnapshotQuery(Granularity.HOURLY, vc, TimeWindow.all(), 10, 0)).total());
        assertEquals(1, storage.totals().series(vc, TimeWindow.all()).size());
        assertEquals(n, storage.compatibility().readHourly(T0).size());

        // a re-capture that sees fewer VMs leaves exactly those
        source.rewrite = inv -> new Inventory(inv.vcenter(), inv.snapshotTime(), inv.vms().subList(0, 100), 0);
        assertTrue(p.captureAll(T0).allSucceeded());
        assertEquals(100, storage.hourly().snapshot(vc, T0).size());
        assertEquals(100, storage.compatibility().readHourly(T0).size());
        assertEquals(100, storage.registry().get(Granularity.HOURLY, T0, vc).orElseThrow().rowCount());
    }

    @Test
    void lifecycleIsReconciledFromTheSnapshotsAndEventsWithoutRewritingHourlyRows() {
        var source = new TestSources.Scripted(VC)
                .at(T0, on("vm-1", "Gold", 2, 4, 10), on("vm-2", "Gold", 2, 4, 10), on("vm-3", "Tin", 1, 2, 10),
                        vm(VC, 0, "vm-4", "n4", null, "Tin", 1, 2, 10, PowerState.POWERED_ON, false))
                .at(T0 + HOUR, on("vm-1", "Gold", 2, 4, 10),
                        vm(VC, 0, "vm-4", "n4", null, "Tin", 1, 2, 10, PowerState.POWERED_ON, false),
                        vm(VC, 0, "vm-5", "n5", null, "Tin", 1, 2, 10, PowerState.POWERED_ON, false))
                .at(T0 + 2 * HOUR, on("vm-1", "Gold", 2, 4, 10), on("vm-3", "Tin", 1, 2, 10))
                .event(new VmEvent(VmEvent.Type.VM_REMOVED, T0 + 1234, VC, "vm-2", null, "name-vm-2"))
                .event(new VmEvent(VmEvent.Type.VM_CLONED, T0 + 600, VC, "vm-5", null, "n5"));
        CapturePipeline p = pipeline(source, settings(b -> b));
        for (int h = 0; h <= 2; h++) {
            assertTrue(p.captureAll(T0 + h * HOUR).allSucceeded());
            if (h == 1) {
                Map<String, LifecycleEntry> c = storage.lifecycle().forVcenter(VC);
                assertEquals(T0 + 1234, c.get("vm-2").deletionTime());
                assertEquals(DeletionSource.EVENT, c.get("vm-2").deletionSource());
                assertEquals(T0 + HOUR, c.get("vm-3").deletionTime());
                assertEquals(DeletionSource.OBSERVED, c.get("vm-3").deletionSource());
                assertEquals(T0 + 600, c.get("vm-5").creationTime(), "creation event time for an unknown creation date");
                assertNull(c.get("vm-4").creationTime());
                assertEquals(T0, c.get("vm-4").effectiveCreationTime());
            }
        }
        Map<String, LifecycleEntry> c = storage.lifecycle().forVcenter(VC);
        assertNull(c.get("vm-3").deletionTime(), "vm-3 reappeared with the same VmId");
        assertEquals(T0, c.get("vm-3").firstSeen());
        assertEquals(T0 + 2 * HOUR, c.get("vm-3").lastSeen());
        assertEquals(T0 + 2 * HOUR, c.get("vm-4").deletionTime());
        assertEquals(T0 + HOUR, c.get("vm-4").lastSeen());
        assertEquals(1000L, c.get("vm-1").creationTime());
        // canonical hourly rows keep DeletionTime NULL: lifecycle only lives in the cache
        for (long t = T0; t <= T0 + 2 * HOUR; t += HOUR) {
            for (VmSample r : storage.hourly().snapshot(VC, t)) {
                assertNull(r.deletionTime(), r.toString());
            }
        }
    }

    @Test
    void simulatedRemovalEventsEndUpInTheLifecycleCache() {
        var sim = new SimulatedInventorySource(1, 800, 42);
        String vc = sim.vcenters().get(0);
        CapturePipeline p = pipeline(sim, settings(b -> b.snapshotTableCompatMode(false)));
        int hours = 8;
        for (int h = 0; h <= hours; h++) {
            assertTrue(p.captureAll(T0 + h * HOUR).allSucceeded());
        }
        Map<String, LifecycleEntry> cache = storage.lifecycle().forVcenter(vc);
        int checked = 0;
        for (VmEvent e : sim.events(vc, T0, T0 + hours * HOUR)) {
            if (e.type() == VmEvent.Type.VM_REMOVED && e.vmId() != null && cache.containsKey(e.vmId())) {
                LifecycleEntry entry = cache.get(e.vmId());
                assertEquals(e.time(), entry.deletionTime(), entry.toString());
                assertEquals(DeletionSource.EVENT, entry.deletionSource());
                checked++;
            }
        }
        assertTrue(checked > 3, "removal events checked: " + checked);
        long observed = cache.values().stream().filter(x -> x.deletionSource() == DeletionSource.OBSERVED).count();
        assertTrue(observed > 0, "some deletions come without events");
    }

    @Test
    void aFailingVcenterIsRecordedAsFailedWhileTheOthersSucceed() {
        var sim = new SimulatedInventorySource(3, 100, 42);
        String bad = sim.vcenters().get(1);
        var source = new TestSources.Failing(sim, Set.of(bad), Integer.MAX_VALUE);
        CapturePipeline p = pipeline(source, settings(b -> b));
        List<VcenterCaptureResult> observed = new CopyOnWriteArrayList<>();
        p.addObserver(observed::add);
        CaptureRun run = p.captureAll(T0);
        assertEquals(1, run.failures());
        assertEquals(Set.copyOf(run.results()), Set.copyOf(observed), "each result observed once");
        assertEquals(run.results().size(), observed.size());
        for (VcenterCaptureResult r : run.results()) {
            JobRun job = storage.jobs().latest(CapturePipeline.JOB_TYPE, r.vcenter()).orElseThrow();
            assertEquals(r.jobId(), job.id());
            assertNotNull(job.endedAt());
            if (r.vcenter().equals(bad)) {
                assertEquals(JobStatus.FAILED, r.status());
                assertTrue(r.error().startsWith("capture: ") && r.error().contains("connection refused"), r.error());
                assertEquals(CaptureFailure.UNREACHABLE, r.failure());
                assertEquals(JobStatus.FAILED, job.status());
                assertTrue(job.detail().contains("connection refused"), job.detail());
                assertEquals(3, source.calls.get(bad).get(), "tried settings.retry.attempts times");
                assertEquals(List.of(CaptureStage.CAPTURE), r.stages().stream().map(StageTiming::stage).toList());
                assertTrue(storage.hourly().snapshot(bad, T0).isEmpty());
                assertTrue(storage.registry().get(Granularity.HOURLY, T0, bad).isEmpty());
            } else {
                assertEquals(JobStatus.SUCCEEDED, r.status(), r.error());
                assertNull(r.failure());
                assertEquals(JobStatus.SUCCEEDED, job.status());
                assertEquals(r.rows(), job.rows());
                assertTrue(job.detail().contains("fallbacks=0"), job.detail());
                assertEquals(r.rows(), storage.hourly().snapshot(r.vcenter(), T0).size());
            }
        }
    }

    @Test
    void belowTheFreeSpaceFloorACaptureRefusesToStartAndIsRecordedAsAFailedRun() {
        var sim = new TestSources.Failing(new SimulatedInventorySource(2, 30, 42), Set.of(), 0); // counts calls
        Settings s = settings(b -> b.disk(new Settings.DiskSettings(1024, 256)));
        AtomicLong free = new AtomicLong(255L << 20);
        List<Path> measured = new CopyOnWriteArrayList<>();
        pipeline(sim, s); // opens the store
        CapturePipeline p = new CapturePipeline(storage, sim, s, ReportHandoff.NONE, dir -> {
            measured.add(dir);
            return free.get();
        });
        toClose.add(p);

        CaptureRun refused = p.captureAll(T0);

        assertEquals(2, refused.failures());
        assertEquals(Set.of(dir), Set.copyOf(measured), "the store's directory is measured");
        for (VcenterCaptureResult r : refused.results()) {
            assertEquals(JobStatus.FAILED, r.status());
            assertTrue(r.error().startsWith("space: 255 MB free on the store's filesystem (" + dir + "), below "
                    + "settings.disk.capture_min_free_mb (256 MB)"), r.error());
            JobRun job = storage.jobs().get(r.jobId()).orElseThrow();
            assertEquals(JobStatus.FAILED, job.status());
            assertTrue(job.detail().startsWith("failed in space: 255 MB free"), job.detail());
            assertFalse(job.detail().contains("stages:"), "no stage ran: " + job.detail());
            assertFalse(sim.calls.containsKey(r.vcenter()), "the source is not asked");
            assertTrue(storage.hourly().snapshot(r.vcenter(), T0).isEmpty());
        }

        free.set(256L << 20);
        assertEquals(0, p.captureAll(T0).failures(), "at the floor a capture runs");
        Settings off = settings(b -> b.disk(new Settings.DiskSettings(0, 0)));
        CapturePipeline unchecked = new CapturePipeline(storage, sim, off, ReportHandoff.NONE, dir -> {
            throw new AssertionError("not measured when the floor is 0");
        });
        toClose.add(unchecked);
        assertEquals(0, unchecked.captureAll(T0 + HOUR).failures());
    }

    @Test
    void aTransientCaptureFailureIsRetried() {
        var sim = new SimulatedInventorySource(1, 50, 42);
        String vc = sim.vcenters().get(0);
        var source = new TestSources.Failing(sim, Set.of(vc), 1);
        CapturePipeline p = pipeline(source, settings(b -> b));
        VcenterCaptureResult r = p.captureAll(T0).results().get(0);
        assertTrue(r.succeeded(), r.error());
        assertEquals(2, source.calls.get(vc).get());
        assertTrue(storage.jobs().get(r.jobId()).orElseThrow().detail().contains("attempts=2"));
    }

    @Test
    void rowsOfAnotherVcenterAreRejectedWithAClearErrorAndNothingIsStored() {
        var source = new TestSources.Rewriting(new SimulatedInventorySource(1, 20, 42));
        String vc = source.vcenters().get(0);
        source.rewrite = inv -> {
            List<VmSample> rows = new ArrayList<>(inv.vms());
            VmSample x = rows.get(0);
            rows.set(0, new VmSample(x.snapshotTime(), "elsewhere", x.vmId(), x.vmUuid(), x.name(), null, null, null,
                    null, null, null, 1, 1, 1, PowerState.POWERED_ON, false));
            return new Inventory(inv.vcenter(), inv.snapshotTime(), rows, 0);
        };
        VcenterCaptureResult r = pipeline(source, settings(b -> b.retry(new Settings.RetrySettings(1, 0, 0))))
                .captureAll(T0).results().get(0);
        assertFalse(r.succeeded());
        assertTrue(r.error().contains("elsewhere") && r.error().contains(vc), r.error());
        assertEquals(CaptureFailure.INVALID_INVENTORY, r.failure());
        assertTrue(storage.hourly().snapshot(vc, T0).isEmpty());
    }

    @Test
    void noMoreVcentersThanTheConcurrencySettingAreCapturedAtOnce() {
        var source = new TestSources.Slow(new SimulatedInventorySource(6, 20, 42), 150);
        CapturePipeline p = pipeline(source, settings(b -> b.hourlySnapshotConcurrency(2)));
        CaptureRun run = p.captureAll(T0);
        assertTrue(run.allSucceeded());
        assertEquals(6, run.results().size());
        assertEquals(2, source.maxInFlight.get());
        for (int i = 0; i < 6; i++) {
            assertEquals(source.vcenters().get(i), run.results().get(i).vcenter(), "results keep the vCenter order");
        }
    }

    @Test
    void theCompatibilityTableIsWrittenOnlyInCompatibilityMode() {
        var sim = new SimulatedInventorySource(2, 30, 42);
        CapturePipeline off = pipeline(sim, settings(b -> b.snapshotTableCompatMode(false)));
        assertTrue(off.captureAll(T0).allSucceeded());
        assertTrue(storage.compatibility().hourlyTableTimes(TimeWindow.all()).isEmpty());
        for (String vc : sim.vcenters()) {
            SnapshotRecord rec = storage.registry().get(Granularity.HOURLY, T0, vc).orElseThrow();
            assertNull(rec.tableName());
            assertEquals(storage.hourly().snapshot(vc, T0).size(), rec.rowCount());
        }

        CapturePipeline on = pipeline(sim, settings(b -> b.snapshotTableCompatMode(true)));
        CaptureRun run = on.captureAll(T0 + HOUR);
        assertTrue(run.allSucceeded());
        assertEquals(List.of(T0 + HOUR), storage.compatibility().hourlyTableTimes(TimeWindow.all()));
        assertEquals(run.rows(), storage.compatibility().readHourly(T0 + HOUR).size());
        for (String vc : sim.vcenters()) {
            SnapshotRecord rec = storage.registry().get(Granularity.HOURLY, T0 + HOUR, vc).orElseThrow();
            assertEquals("inventory_hourly_" + (T0 + HOUR), rec.tableName());
        }
    }

    @Test
    void totalsCachesMatchTheSnapshotTemplatesExcluded() {
        var source = new TestSources.Scripted(VC)
                .at(T0, on("vm-1", "Gold", 2, 4, 100), on("vm-2", "Tin", 4, 8.5, 50.25),
                        vm(VC, 0, "vm-3", "off", 1L, "Tin", 8, 16, 10, PowerState.POWERED_OFF, false),
                        vm(VC, 0, "vm-4", "tpl", 1L, null, 16, 32, 1000, PowerState.POWERED_OFF, true))
                .at(T0 + HOUR, on("vm-1", "Gold", 2, 4, 100));
        CapturePipeline p = pipeline(source, settings(b -> b));
        assertTrue(p.captureAll(T0).allSucceeded());
        VcenterTotals t = storage.totals().series(VC, TimeWindow.all()).get(0);
        assertEquals(new VcenterTotals(VC, T0, 3, 2, 14, 28.5, 160.25), t);
        List<AggregateTotals> hourly = storage.totals().aggregates(VC, Granularity.HOURLY, TimeWindow.all());
        assertEquals(1, hourly.size());
        assertEquals(T0, hourly.get(0).periodStart());
        assertEquals(1, hourly.get(0).snapshotCount());
        assertEquals(3.0, hourly.get(0).avgVmCount());
        assertEquals(14.0, hourly.get(0).avgVcpuTotal());
        assertEquals(3, hourly.get(0).maxVmCount());

        assertTrue(p.captureAll(T0 + HOUR).allSucceeded());
        assertEquals(List.of(new VcenterTotals(VC, T0 + HOUR, 1, 1, 2, 4, 100)), storage.totals().latest());
        assertEquals(2, storage.totals().aggregates(VC, Granularity.HOURLY, TimeWindow.all()).size());
    }

    @Test
    void aRunHandsItsStoredSnapshotsToReportGenerationOnceAndItsFailureDoesNotFailTheCapture() {
        var sim = new SimulatedInventorySource(2, 10, 42);
        List<List<SnapshotRecord>> handed = new CopyOnWriteArrayList<>();
        CapturePipeline p = pipeline(sim, settings(b -> b.hourlySnapshotConcurrency(2)),
                (t, snapshots) -> handed.add(snapshots));
        assertTrue(p.captureAll(T0).allSucceeded());
        // once per run, after both vCenters, with both snapshots and their compatibility tables
        assertEquals(1, handed.size());
        assertEquals(2, handed.get(0).size());
        assertEquals(Set.copyOf(sim.vcenters()), Set.of(handed.get(0).get(0).vcenter(), handed.get(0).get(1).vcenter()));
        assertEquals("inventory_hourly_" + T0, handed.get(0).get(0).tableName());

        CapturePipeline failing = pipeline(sim, settings(b -> b), (t, snapshots) -> {
            throw new IllegalStateException("no disk space for reports");
        });
        CaptureRun run = failing.captureAll(T0 + HOUR);
        assertTrue(run.allSucceeded());
        assertEquals(2, storage.registry().list(new SnapshotQuery(Granularity.HOURLY, null,
                new TimeWindow(T0 + HOUR, T0 + HOUR + 1), 10, 0)).total());

        // a run where every vCenter fails hands nothing over
        List<Long> none = new CopyOnWriteArrayList<>();
        CapturePipeline broken = pipeline(new TestSources.Failing(sim, Set.copyOf(sim.vcenters()), Integer.MAX_VALUE),
                settings(b -> b.retry(new Settings.RetrySettings(1, 0, 0))), (t, snapshots) -> none.add(t));
        assertFalse(broken.captureAll(T0 + 2 * HOUR).allSucceeded());
        assertTrue(none.isEmpty());
    }

    @Test
    void fillMissingCapturesOnlyTheHoursAfterEachVcentersNewestSnapshot() {
        var sim = new SimulatedInventorySource(2, 20, 42);
        CapturePipeline p = pipeline(sim, settings(b -> b.snapshotTableCompatMode(false)));
        CaptureBackfill backfill = new CaptureBackfill(p);
        String vc1 = sim.vcenters().get(0);
        String vc2 = sim.vcenters().get(1);
        long now = T0 + 5 * HOUR + 1234;

        List<int[]> progress = new ArrayList<>();
        CaptureBackfill.Result first = backfill.fillMissing(now, 6, (done, total, run) -> progress.add(new int[]{done, total}));
        assertEquals(6, first.hoursCaptured());
        assertEquals(12, first.snapshots());
        assertEquals(0, first.failures());
        assertEquals(6, progress.size());
        assertEquals(6, progress.get(5)[0]);
        assertEquals(6, progress.get(5)[1]);
        List<Long> expected = List.of(T0, T0 + HOUR, T0 + 2 * HOUR, T0 + 3 * HOUR, T0 + 4 * HOUR, T0 + 5 * HOUR);
        assertEquals(expected, storage.hourly().snapshotTimes(vc1, TimeWindow.all()));

        CaptureBackfill.Result again = backfill.fillMissing(now, 6, CaptureBackfill.Progress.NONE);
        assertEquals(0, again.hoursCaptured());
        assertEquals(6, again.hoursPresent());

        // vc1 already has the next hour; two hours later only the missing ones are captured
        assertTrue(p.capture(T0 + 6 * HOUR, List.of(vc1)).allSucceeded());
        CaptureBackfill.Result later = backfill.fillMissing(now + 2 * HOUR, 6, CaptureBackfill.Progress.NONE);
        assertEquals(2, later.hoursCaptured());
        assertEquals(3, later.snapshots(), "vc1 lacked one hour, vc2 two");
        assertEquals(8, storage.hourly().snapshotTimes(vc1, TimeWindow.all()).size());
        assertEquals(8, storage.hourly().snapshotTimes(vc2, TimeWindow.all()).size());
        long jobs = storage.jobs().recent(CapturePipeline.JOB_TYPE, 100, 0).total();
        assertEquals(12 + 1 + 3, jobs, "one job run per captured vCenter snapshot");
    }
}
