package io.vmledger.storage.spi.contract;

import io.vmledger.api.PowerState;
import io.vmledger.api.VmSample;
import io.vmledger.api.VmSummary;

import java.util.ArrayList;
import java.util.List;

/** Small, readable test data for the contract kit (ASCII keys so that every dialect orders them alike). */
public final class ContractData {
    /** An hour boundary: 2023-11-14T22:00:00Z. */
    public static final long T0 = 1_700_000_000L - 1_700_000_000L % 3600;
    public static final long HOUR = 3600;
    public static final long DAY = 86_400;

    public static final String VC_A = "vc-a.example.org";
    public static final String VC_B = "vc-b.example.org";

    private ContractData() {
    }

    /** A powered-on VM in pool Gold with 2 vCPU, 4 GB RAM, 40 GB disk. */
    public static VmSample vm(String vcenter, long time, String vmId, String uuid, String name) {
        return new VmSample(time, vcenter, vmId, uuid, name, T0 - 30 * DAY, null, "Gold", "dc1", "cl1", "folder1",
                2, 4.0, 40.0, PowerState.POWERED_ON, false);
    }

    /** VM {@code vm-<n>} with UUID {@code uuid-<n>} and name {@code name-<n>}. */
    public static VmSample vm(String vcenter, long time, int n) {
        return vm(vcenter, time, "vm-" + n, "uuid-" + n, "name-" + n);
    }

    /** VMs {@code vm-<from>} .. {@code vm-<to-1>}. */
    public static List<VmSample> vms(String vcenter, long time, int from, int to) {
        List<VmSample> out = new ArrayList<>();
        for (int n = from; n < to; n++) {
            out.add(vm(vcenter, time, n));
        }
        return out;
    }

    public static VmSample withVcpu(VmSample s, int vcpu) {
        return new VmSample(s.snapshotTime(), s.vcenter(), s.vmId(), s.vmUuid(), s.name(), s.creationTime(),
                s.deletionTime(), s.resourcePool(), s.datacenter(), s.cluster(), s.folder(), vcpu, s.ramGb(),
                s.provisionedDiskGb(), s.powerState(), s.template());
    }

    /** A daily or monthly summary row with the given identity, pool and average vCPU count. */
    public static VmSummary summary(long periodStart, String vcenter, String vmKey, String name, String pool,
                                    double avgVcpu) {
        return summary(periodStart, vcenter, vmKey, name, pool, avgVcpu, 24);
    }

    /** A summary row present in {@code samplesPresent} of 24 samples. */
    public static VmSummary summary(long periodStart, String vcenter, String vmKey, String name, String pool,
                                    double avgVcpu, int samplesPresent) {
        return new VmSummary(periodStart, vcenter, vmKey, vmKey.startsWith("vm-") ? vmKey : null,
                "uuid-" + vmKey, name, samplesPresent, 24, samplesPresent / 24.0, avgVcpu, 4.0, 40.0,
                0, 0, 0, 100, 0, periodStart, periodStart + 23 * HOUR, pool, (int) Math.round(avgVcpu), 4.0,
                40.0, PowerState.POWERED_ON, "dc1", "cl1", "folder1", periodStart - 10 * DAY, null);
    }
}
