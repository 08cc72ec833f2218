package io.vmledger.capture.vsphere;

import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.ObjectContent;
import com.vmware.vim25.RetrieveResult;
import io.vmledger.api.settings.VcenterEndpoint;

import java.io.IOException;
import java.rmi.RemoteException;
import java.util.List;

/** Changes the simulated inventory through the vSphere API, as an operator would, for the lifecycle tests. */
final class VcsimAdmin implements AutoCloseable {

    private final VsphereSession session;

    VcsimAdmin(VcenterEndpoint endpoint) throws IOException {
        this.session = VsphereSession.open(endpoint);
    }

    void powerOff(String vmId) throws RemoteException, InterruptedException {
        waitFor(session.vim().powerOffVM_Task(vm(vmId)));
    }

    void destroy(String vmId) throws RemoteException, InterruptedException {
        waitFor(session.vim().destroy_Task(vm(vmId)));
    }

    VsphereSession session() {
        return session;
    }

    private static ManagedObjectReference vm(String id) {
        ManagedObjectReference ref = new ManagedObjectReference();
        ref.setType("VirtualMachine");
        ref.setVal(id);
        return ref;
    }

    /** Waits until the task ends; fails when it ends in error. */
    private void waitFor(ManagedObjectReference task) throws RemoteException, InterruptedException {
        for (int i = 0; i < 200; i++) {
            RetrieveResult result = session.retrieve(VsphereSession.objectFilter(task, List.of("info.state")), 0);
            ObjectContent object = result.getObjects()[0];
            String state = String.valueOf(object.getPropSet()[0].getVal());
            if (state.equals("success")) {
                return;
            }
            if (state.equals("error")) {
                throw new IllegalStateException("task " + task.getVal() + " failed");
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("task " + task.getVal() + " did not end");
    }

    @Override
    public void close() {
        session.close();
    }
}
