package io.vmledger.capture.vsphere;

import io.vmledger.capture.Inventory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A page of the bulk VM list fails: the VMs it would have held are listed from the view and fetched one by one. */
class VsphereFailedPageTest {

    private static Vcsim vcsim;

    @BeforeAll
    static void start() {
        // 12 VMs in pages of 4; the second continuation (VMs 9 to 12) fails.
        vcsim = Vcsim.start("-cluster", "1", "-standalone-host", "1", "-vm", "6", "-page-size", "4", "-fail-page", "2");
    }

    @AfterAll
    static void stop() {
        if (vcsim != null) {
            vcsim.close();
        }
    }

    @Test
    void theVmsOfAFailedPageAreFetchedOneAtATime() {
        List<Vcsim.ModelVm> model = vcsim.model();
        try (VsphereInventorySource source = new VsphereInventorySource(List.of(vcsim.endpoint("vc-a")))) {
            Inventory inventory = source.capture("vc-a", 1_767_225_600L);
            assertEquals(12, model.size());
            VsphereCaptureTest.assertModel(model, inventory.vms());
            assertEquals(4, inventory.fallbacks(), "the 4 VMs of the failed page");
        }
    }
}
