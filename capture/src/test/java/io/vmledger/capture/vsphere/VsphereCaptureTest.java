package io.vmledger.capture.vsphere;

import io.vmledger.api.VmSample;
import io.vmledger.api.settings.VcenterEndpoint;
import io.vmledger.capture.CaptureException;
import io.vmledger.capture.CaptureFailure;
import io.vmledger.capture.CaptureStage;
import io.vmledger.capture.Inventory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Captures a vcsim model with folders, two datacenters (one inside a folder), clusters and a standalone host,
 * child pools, vApps, templates, varied power states and sizes, and VMs without a creation date; the simulator
 * pages results by 7 and reports a per-property fault for every 5th VM of the bulk result.
 */
class VsphereCaptureTest {

    private static final long T = 1_767_225_600L;
    private static Vcsim vcsim;
    private static List<Vcsim.ModelVm> model;

    @BeforeAll
    static void start() {
        vcsim = Vcsim.start("-dc", "2", "-folder", "1", "-cluster", "2", "-host", "2", "-standalone-host", "1",
                "-vm", "3", "-pool", "2", "-app", "1", "-vm-folders", "2", "-templates", "2",
                "-page-size", "7", "-missing-every", "5");
        model = vcsim.model();
    }

    @AfterAll
    static void stop() {
        if (vcsim != null) {
            vcsim.close();
        }
    }

    @Test
    void everyVmIsCapturedWithTheModelsValues() {
        try (VsphereInventorySource source = new VsphereInventorySource(List.of(vcsim.endpoint("vc-a")))) {
            Inventory inventory = source.capture("vc-a", T);

            assertEquals(30, model.size(), "model size (2 DCs x (2 clusters + 1 host + 2 vApps) x 3 VMs)");
            assertEquals("vc-a", inventory.vcenter());
            assertEquals(T, inventory.snapshotTime());
            assertModel(model, inventory.vms());
            // every 5th VM of the bulk result lacked summary.storage.committed and was fetched on its own
            assertEquals(model.size() / 5, inventory.fallbacks());
        }
    }

    @Test
    void theModelCoversTheCasesTheComparisonIsAbout() {
        // Guards the comparison above against a model that would make it trivial.
        assertTrue(model.stream().anyMatch(vm -> vm.createDate() == null), "VMs without createDate");
        assertTrue(model.stream().anyMatch(Vcsim.ModelVm::template), "templates");
        assertTrue(model.stream().anyMatch(vm -> vm.cluster() == null), "standalone-host VMs");
        assertTrue(model.stream().anyMatch(vm -> vm.resourcePool() != null && vm.resourcePool().contains("APP")), "vApp VMs");
        assertTrue(model.stream().anyMatch(vm -> vm.resourcePool() != null && vm.resourcePool().contains("_RP")), "child pools");
        assertTrue(model.stream().anyMatch(vm -> vm.folder() != null && vm.folder().contains("_F")), "sub-folders");
        assertEquals(Set.of("poweredOn", "poweredOff", "suspended"),
                model.stream().map(Vcsim.ModelVm::powerState).collect(Collectors.toSet()));
        assertEquals(Set.of("DC0", "DC1"), model.stream().map(Vcsim.ModelVm::datacenter).collect(Collectors.toSet()));
    }

    @Test
    void pageBoundariesLoseAndDuplicateNothing() {
        for (int pageSize : new int[] {1, 4, 7, 29, 30, 1000}) {
            try (VsphereInventorySource source = new VsphereInventorySource(List.of(vcsim.endpoint("vc-a")), pageSize)) {
                List<VmSample> vms = source.capture("vc-a", T).vms();
                List<String> ids = vms.stream().map(VmSample::vmId).sorted().toList();
                assertEquals(new TreeSet<>(ids).size(), ids.size(), "duplicates at page size " + pageSize);
                assertEquals(model.stream().map(Vcsim.ModelVm::vmId).sorted().toList(), ids, "page size " + pageSize);
            }
        }
    }

    @Test
    void severalVcentersAreCapturedInParallelEachWithItsOwnSession() throws Exception {
        // Two configured vCenters served by the same simulator: four threads capture both repeatedly.
        try (VsphereInventorySource source = new VsphereInventorySource(
                List.of(vcsim.endpoint("vc-a"), vcsim.trustingEndpoint("vc-b")), 5)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Inventory>> futures = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    String vc = i % 2 == 0 ? "vc-a" : "vc-b";
                    long t = T + i;
                    futures.add(pool.submit(() -> source.capture(vc, t)));
                }
                for (int i = 0; i < futures.size(); i++) {
                    Inventory inventory = futures.get(i).get();
                    assertEquals(i % 2 == 0 ? "vc-a" : "vc-b", inventory.vcenter());
                    assertEquals(T + i, inventory.snapshotTime());
                    assertEquals(model.size(), inventory.vms().size());
                    assertTrue(inventory.vms().stream().allMatch(vm -> vm.vcenter().equals(inventory.vcenter())
                            && vm.snapshotTime() == inventory.snapshotTime()));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aTruststoreWithTheServerCertificateIsTrustedAndTheDefaultTrustIsNot() {
        // The configuration path: a PEM truststore holding the simulator's certificate.
        VcenterEndpoint trusting = VcenterEndpoints.parse(0, Map.of("name", "vc-a", "url", vcsim.sdk().toString(),
                "username", vcsim.username(), "password", vcsim.password(), "truststore", vcsim.certificate().toString()));
        try (VsphereInventorySource source = new VsphereInventorySource(List.of(trusting))) {
            assertEquals(model.size(), source.capture("vc-a", T).vms().size());
        }
        VcenterEndpoint untrusted = new VcenterEndpoint("vc-x", vcsim.sdk().toString(), vcsim.username(),
                vcsim.password(), false, null, 10);
        try (VsphereInventorySource source = new VsphereInventorySource(List.of(untrusted))) {
            CaptureException e = assertThrows(CaptureException.class, () -> source.capture("vc-x", T));
            assertTrue(e.getMessage().contains("vc-x") && e.getMessage().contains("cannot reach"), e.getMessage());
            assertTrue(e.getMessage().toLowerCase().contains("certif") || e.getMessage().contains("PKIX"), e.getMessage());
            assertEquals(CaptureFailure.TLS, CaptureFailure.of(CaptureStage.CAPTURE, e));
        }
    }

    @Test
    void aRefusedLoginFailsWithTheUserNameAndWithoutThePassword() {
        VcenterEndpoint wrong = new VcenterEndpoint("vc-a", vcsim.sdk().toString(), vcsim.username(),
                "not-the-password-42", true, null, 10);
        try (VsphereInventorySource source = new VsphereInventorySource(List.of(wrong))) {
            CaptureException e = assertThrows(CaptureException.class, () -> source.capture("vc-a", T));
            assertTrue(e.getMessage().contains("login refused for user '" + vcsim.username() + "'"), e.getMessage());
            assertFalse(e.getMessage().contains("not-the-password-42"), e.getMessage());
            assertEquals(CaptureFailure.LOGIN, CaptureFailure.of(CaptureStage.CAPTURE, e));
        }
    }

    @Test
    void anUnconfiguredVcenterIsRejected() {
        try (VsphereInventorySource source = new VsphereInventorySource(List.of(vcsim.endpoint("vc-a")))) {
            assertEquals(List.of("vc-a"), source.vcenters());
            CaptureException e = assertThrows(CaptureException.class, () -> source.capture("vc-zzz", T));
            assertTrue(e.getMessage().contains("vc-zzz"), e.getMessage());
        }
    }

    /** Asserts that the captured rows are exactly the model's VMs, field by field. */
    static void assertModel(List<Vcsim.ModelVm> model, List<VmSample> captured) {
        Map<String, VmSample> byId = captured.stream().collect(Collectors.toMap(VmSample::vmId, Function.identity()));
        assertEquals(model.size(), captured.size(), "row count");
        for (Vcsim.ModelVm vm : model) {
            VmSample row = byId.get(vm.vmId());
            String at = vm.vmId() + " " + vm.name() + ": ";
            assertTrue(row != null, at + "not captured");
            assertEquals(vm.name(), row.name(), at + "name");
            assertEquals(vm.instanceUuid(), row.vmUuid(), at + "uuid");
            assertEquals(vm.createDate(), row.creationTime(), at + "creation time");
            assertNull(row.deletionTime(), at + "deletion time");
            assertEquals(vm.resourcePool(), row.resourcePool(), at + "resource pool");
            assertEquals(vm.datacenter(), row.datacenter(), at + "datacenter");
            assertEquals(vm.cluster(), row.cluster(), at + "cluster");
            assertEquals(vm.folder(), row.folder(), at + "folder");
            assertEquals(vm.numCpu(), row.vcpuCount(), at + "vCPU");
            assertEquals(vm.memoryMb() / 1024d, row.ramGb(), 1e-12, at + "RAM");
            assertEquals((vm.committed() + vm.uncommitted()) / (1024d * 1024d * 1024d), row.provisionedDiskGb(), 1e-9, at + "disk");
            assertEquals(vm.powerState(), row.powerState().wire(), at + "power state");
            assertEquals(vm.template(), row.template(), at + "template");
        }
    }
}
