package io.vmledger.api;

/**
 * The aggregation key of a VM within its vCenter (semantics section 3):
 * the managed object id when known, else the instance UUID, else the name.
 * Prefixes keep the three kinds from ever colliding.
 */
public final class VmIdentity {
    public static final String UUID_PREFIX = "uuid:";
    public static final String NAME_PREFIX = "name:";

    private VmIdentity() {
    }

    public static String key(String vmId, String vmUuid, String name) {
        if (vmId != null && !vmId.isBlank()) {
            return vmId;
        }
        if (vmUuid != null && !vmUuid.isBlank()) {
            return UUID_PREFIX + vmUuid;
        }
        if (name != null && !name.isBlank()) {
            return NAME_PREFIX + name;
        }
        throw new IllegalArgumentException("a VM needs at least one of VmId, VmUuid or Name");
    }
}
