package io.vmledger.capture.vsphere;

import io.vmledger.api.DeletionSource;
import io.vmledger.api.JobRun;
import io.vmledger.api.JobStatus;
import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.PowerState;
import io.vmledger.api.VmEvent;
import io.vmledger.api.VmSample;
import io.vmledger.api.settings.Settings;
import io.vmledger.api.settings.VcenterEndpoint;
import io.vmledger.capture.CapturePipeline;
import io.vmledger.capture.CaptureRun;
import io.vmledger.capture.VcenterCaptureResult;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real source in the capture pipeline, persisted to SQLite: two hourly captures of a vcsim vCenter with a VM
 * destroyed and one powered off in between, next to a configured vCenter that is down.
 */
class VsphereLifecycleTest {

    private static Vcsim vcsim;
    private static long startedAt;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        startedAt = now();
        vcsim = Vcsim.start("-cluster", "1", "-standalone-host", "1", "-vm", "3");
    }

    @AfterAll
    static void stop() {
        if (vcsim != null) {
            vcsim.close();
        }
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** A port nothing listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void deletionAndPowerStateChangesReachTheLedgerWhileADownVcenterFailsAlone() throws Exception {
        List<Vcsim.ModelVm> model = vcsim.model();
        VcenterEndpoint up = vcsim.endpoint("vc-up");
        VcenterEndpoint down = new VcenterEndpoint("vc-down", "https://127.0.0.1:" + closedPort() + "/sdk",
                "someone", "secret", true, null, 5);
        Settings settings = Settings.defaults().toBuilder()
                .inventory(new Settings.InventorySettings(Settings.InventorySource.VCENTER, 1, 1, 1))
                .vcenters(List.of(up, down))
                .retry(new Settings.RetrySettings(2, 0, 0))
                .hourlySnapshotConcurrency(2)
                .asyncReportGeneration(false)
                .build();

        // vCenter destroys powered-off VMs only
        Vcsim.ModelVm doomed = model.stream().filter(vm -> !vm.template() && vm.powerState().equals("poweredOff"))
                .findFirst().orElseThrow();
        Vcsim.ModelVm stopped = model.stream().filter(vm -> vm.powerState().equals("poweredOn")
                && !vm.vmId().equals(doomed.vmId())).findFirst().orElseThrow();
        Vcsim.ModelVm undated = model.stream().filter(vm -> vm.createDate() == null).findFirst().orElseThrow();

        try (Storage storage = StorageProviders.open(settings, Map.of("path", dir.resolve("ledger.db").toString()));
             VsphereInventorySource source = new VsphereInventorySource(settings.vcenters());
             CapturePipeline pipeline = new CapturePipeline(storage, source, settings)) {

            Thread.sleep(1100); // creation events strictly before the first snapshot
            long t1 = now();
            CaptureRun first = pipeline.captureAll(t1);
            Map<String, VcenterCaptureResult> byVcenter = first.results().stream()
                    .collect(Collectors.toMap(VcenterCaptureResult::vcenter, Function.identity()));

            VcenterCaptureResult upResult = byVcenter.get("vc-up");
            assertTrue(upResult.succeeded(), String.valueOf(upResult.error()));
            assertEquals(model.size(), upResult.rows());
            assertEquals(0, upResult.fallbacks());
            VcenterCaptureResult downResult = byVcenter.get("vc-down");
            assertFalse(downResult.succeeded());
            assertTrue(downResult.error().contains("vc-down") && downResult.error().contains("cannot reach"), downResult.error());
            assertTrue(downResult.seconds() < 10, "a refused connection fails fast: " + downResult.seconds() + " s");
            JobRun failedJob = storage.jobs().latest(CapturePipeline.JOB_TYPE, "vc-down").orElseThrow();
            assertEquals(JobStatus.FAILED, failedJob.status());
            assertEquals(JobStatus.SUCCEEDED, storage.jobs().latest(CapturePipeline.JOB_TYPE, "vc-up").orElseThrow().status());
            VsphereCaptureTest.assertModel(model, storage.hourly().snapshot("vc-up", t1));

            // A VM vCenter reports no createDate for gets the time of its creation event.
            LifecycleEntry undatedEntry = storage.lifecycle().get("vc-up", undated.vmId()).orElseThrow();
            assertNotNull(undatedEntry.creationTime());
            assertTrue(undatedEntry.creationTime() >= startedAt && undatedEntry.creationTime() < t1,
                    "creation event time " + undatedEntry.creationTime() + " in [" + startedAt + ", " + t1 + ")");

            Thread.sleep(1100); // the removal happens strictly after the first snapshot
            long beforeDestroy = now();
            try (VcsimAdmin admin = new VcsimAdmin(vcsim.endpoint("admin"))) {
                admin.destroy(doomed.vmId());
                admin.powerOff(stopped.vmId());
            }
            long afterDestroy = now();
            Thread.sleep(1100);
            long t2 = now();

            List<VmEvent> events = source.events("vc-up", t1, t2);
            VmEvent removal = events.stream().filter(e -> e.type() == VmEvent.Type.VM_REMOVED).findFirst().orElseThrow();
            assertEquals(doomed.vmId(), removal.vmId());
            assertEquals(doomed.name(), removal.name());
            assertEquals("vc-up", removal.vcenter());

            CaptureRun second = pipeline.captureAll(t2);
            VcenterCaptureResult upAgain = second.results().stream().filter(r -> r.vcenter().equals("vc-up")).findFirst().orElseThrow();
            assertTrue(upAgain.succeeded(), String.valueOf(upAgain.error()));
            assertEquals(model.size() - 1, upAgain.rows());

            Map<String, VmSample> rows = storage.hourly().snapshot("vc-up", t2).stream()
                    .collect(Collectors.toMap(VmSample::vmId, Function.identity()));
            assertNull(rows.get(doomed.vmId()), "destroyed VM absent from the second snapshot");
            assertEquals(PowerState.POWERED_OFF, rows.get(stopped.vmId()).powerState());

            LifecycleEntry deleted = storage.lifecycle().get("vc-up", doomed.vmId()).orElseThrow();
            assertEquals(DeletionSource.EVENT, deleted.deletionSource());
            assertEquals(removal.time(), deleted.deletionTime());
            assertTrue(deleted.deletionTime() >= beforeDestroy && deleted.deletionTime() <= afterDestroy,
                    "deletion at the removal event's time " + deleted.deletionTime() + " in [" + beforeDestroy + ", " + afterDestroy + "]");
            assertNull(storage.lifecycle().get("vc-up", stopped.vmId()).orElseThrow().deletionTime());
        }
    }
}
