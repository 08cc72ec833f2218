package io.vmledger.capture.vsphere;

import io.vmledger.api.settings.VcenterEndpoint;
import io.vmledger.capture.CaptureException;
import io.vmledger.capture.Inventory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.rmi.RemoteException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sessions that the vCenter drops (here: idle for more than a second) are replaced by a new login. */
class VsphereSessionTest {

    private static Vcsim vcsim;

    @BeforeAll
    static void start() {
        vcsim = Vcsim.start("-cluster", "1", "-standalone-host", "0", "-vm", "4", "-session-idle-timeout", "1s");
    }

    @AfterAll
    static void stop() {
        if (vcsim != null) {
            vcsim.close();
        }
    }

    @Test
    void anExpiredSessionIsReplacedAndTheCaptureSucceeds() throws Exception {
        try (VsphereInventorySource source = new VsphereInventorySource(List.of(vcsim.endpoint("vc-a")));
             VcsimAdmin witness = new VcsimAdmin(vcsim.endpoint("witness"))) {
            Inventory first = source.capture("vc-a", 1000);
            assertEquals(4, first.vms().size());

            Thread.sleep(2600); // both sessions now idle past the timeout

            // The server has dropped idle sessions: the same call on the witness session is refused as such...
            RemoteException refused = assertThrows(RemoteException.class,
                    () -> witness.session().createContainerView("VirtualMachine"));
            assertTrue(Faults.isSessionLoss(refused), Faults.describe(refused));
            // ...while the source logs in again by itself.
            Inventory second = source.capture("vc-a", 2000);
            assertEquals(4, second.vms().size());
        }
    }

    @Test
    void aDownVcenterFailsWithTheReason() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        VcenterEndpoint endpoint = new VcenterEndpoint("vc-down", "https://127.0.0.1:" + port + "/sdk",
                "u", "p", true, null, 5);
        try (VsphereInventorySource source = new VsphereInventorySource(List.of(endpoint))) {
            CaptureException e = assertThrows(CaptureException.class, () -> source.capture("vc-down", 1000));
            assertTrue(e.getMessage().contains("cannot reach https://127.0.0.1:" + port + "/sdk"), e.getMessage());
            assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
            assertThrows(CaptureException.class, () -> source.events("vc-down", 0, 1000));
        }
    }
}
