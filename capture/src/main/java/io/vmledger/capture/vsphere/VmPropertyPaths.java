package io.vmledger.capture.vsphere;

import java.util.List;

/**
 * The property paths the capture reads. Only leaf paths: asking yavijava for a whole {@code config} object
 * breaks its parser on fields newer than vSphere 6.0 (for example once {@code createDate} is set), and leaves
 * are what semantics section 1 needs anyway.
 *
 * <p>References inside property values ({@code resourcePool}, {@code parent}, {@code runtime.host}) are used by
 * their id only: vcsim writes {@code xsi:type} before {@code type} on them, and yavijava then reports their type
 * as "ManagedObjectReference". Ids are unique within a vCenter, so {@link InventoryTree} resolves them by id and
 * learns the real type (a pool may be a {@code VirtualApp}) from the tree retrieval, whose object references are
 * typed correctly.
 */
final class VmPropertyPaths {

    static final String NAME = "name";
    static final String UUID = "config.uuid";
    static final String INSTANCE_UUID = "config.instanceUuid";
    static final String NUM_CPU = "config.hardware.numCPU";
    static final String MEMORY_MB = "config.hardware.memoryMB";
    static final String CREATE_DATE = "config.createDate";
    static final String TEMPLATE = "config.template";
    static final String POWER_STATE = "runtime.powerState";
    static final String RESOURCE_POOL = "resourcePool";
    static final String PARENT = "parent";
    static final String HOST = "runtime.host";
    static final String COMMITTED = "summary.storage.committed";
    static final String UNCOMMITTED = "summary.storage.uncommitted";

    /** The 13 VM paths of the bulk retrieval. */
    static final List<String> VM = List.of(NAME, UUID, INSTANCE_UUID, NUM_CPU, MEMORY_MB, CREATE_DATE, TEMPLATE,
            POWER_STATE, RESOURCE_POOL, PARENT, HOST, COMMITTED, UNCOMMITTED);

    /**
     * Paths every VM with a readable configuration reports. A bulk result without one of them (or with a
     * per-property fault) is incomplete and the VM is fetched again on its own. {@code config.createDate},
     * the UUIDs, {@code resourcePool} (templates have none), {@code parent} and {@code runtime.host} may be
     * legitimately unset.
     */
    static final List<String> REQUIRED = List.of(NAME, POWER_STATE, NUM_CPU, MEMORY_MB, TEMPLATE, COMMITTED, UNCOMMITTED);

    /** Inventory entity types whose names and parents resolve the tree (subtypes included). */
    static final String[] TREE_TYPES = {"Folder", "Datacenter", "ComputeResource", "ResourcePool", "HostSystem"};

    /** The entity paths of the tree retrieval, read through the common supertype. */
    static final String TREE_TYPE = "ManagedEntity";
    static final List<String> TREE = List.of(NAME, PARENT);

    private VmPropertyPaths() {
    }

}
