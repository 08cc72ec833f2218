package io.vmledger.api;

import java.util.Objects;

/**
 * One VM in one hourly snapshot: a row of {@code vm_hourly_stats} (semantics section 1).
 *
 * @param snapshotTime      capture start, epoch seconds
 * @param vcenter           configured vCenter key
 * @param vmId              managed object id ({@code vm-1234}); null only for legacy rows
 * @param vmUuid            instance UUID (falls back to BIOS UUID); may be null
 * @param name              VM name
 * @param creationTime      {@code config.createDate} in epoch seconds, null when vCenter does not report it
 * @param deletionTime      null in capture; only lifecycle data sets it
 * @param resourcePool      name of the resource pool, may be null
 * @param datacenter        datacenter name, may be null
 * @param cluster           cluster name, may be null
 * @param folder            folder name, may be null
 * @param vcpuCount         {@code config.hardware.numCPU}
 * @param ramGb             {@code memoryMB / 1024}
 * @param provisionedDiskGb committed + uncommitted storage, GB
 * @param powerState        power state
 * @param template          whether the VM is a template
 */
public record VmSample(
        long snapshotTime,
        String vcenter,
        String vmId,
        String vmUuid,
        String name,
        Long creationTime,
        Long deletionTime,
        String resourcePool,
        String datacenter,
        String cluster,
        String folder,
        int vcpuCount,
        double ramGb,
        double provisionedDiskGb,
        PowerState powerState,
        boolean template) {

    public VmSample {
        Objects.requireNonNull(vcenter, "vcenter");
        Objects.requireNonNull(powerState, "powerState");
        // validates that at least one identity is present
        VmIdentity.key(vmId, vmUuid, name);
    }

    /** The aggregation key of semantics section 3. */
    public String key() {
        return VmIdentity.key(vmId, vmUuid, name);
    }

    public boolean poweredOn() {
        return powerState == PowerState.POWERED_ON;
    }

    public VmSample withSnapshotTime(long time) {
        return new VmSample(time, vcenter, vmId, vmUuid, name, creationTime, deletionTime, resourcePool,
                datacenter, cluster, folder, vcpuCount, ramGb, provisionedDiskGb, powerState, template);
    }
}
