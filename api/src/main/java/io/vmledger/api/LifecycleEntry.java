package io.vmledger.api;

import java.util.Objects;

/**
 * One row of {@code vm_lifecycle_cache} (semantics section 2), keyed by {@code (vcenter, vmKey)}.
 *
 * @param vcenter        vCenter key
 * @param vmKey          aggregation key ({@link VmIdentity#key})
 * @param vmId           managed object id, null for legacy keys
 * @param vmUuid         latest known instance UUID
 * @param name           latest known name
 * @param firstSeen      first snapshot time that contained the VM
 * @param lastSeen       last snapshot time that contained the VM
 * @param creationTime   earliest reported creation time, else a creation event time, else null
 * @param deletionTime   deletion time, null while the VM exists
 * @param deletionSource how the deletion was learnt, null while the VM exists
 */
public record LifecycleEntry(
        String vcenter,
        String vmKey,
        String vmId,
        String vmUuid,
        String name,
        long firstSeen,
        long lastSeen,
        Long creationTime,
        Long deletionTime,
        DeletionSource deletionSource) {

    public LifecycleEntry {
        Objects.requireNonNull(vcenter, "vcenter");
        Objects.requireNonNull(vmKey, "vmKey");
        if ((deletionTime == null) != (deletionSource == null)) {
            throw new IllegalArgumentException("deletionTime and deletionSource are set together");
        }
    }

    public boolean deleted() {
        return deletionTime != null;
    }

    /** Creation time as aggregation reports it: the known creation time, else first seen. */
    public long effectiveCreationTime() {
        return creationTime != null ? creationTime : firstSeen;
    }
}
