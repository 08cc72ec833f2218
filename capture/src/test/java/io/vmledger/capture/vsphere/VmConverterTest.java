package io.vmledger.capture.vsphere;

import com.vmware.vim25.DynamicProperty;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.ObjectContent;
import com.vmware.vim25.VirtualMachinePowerState;
import io.vmledger.api.PowerState;
import io.vmledger.api.VmSample;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tree resolution for placements vcsim does not produce: a VM whose parent is a vApp, nested folders, untyped references. */
class VmConverterTest {

    /** The type yavijava gives references whose type attribute it misreads. */
    private static final String UNTYPED = "ManagedObjectReference";

    private static ManagedObjectReference ref(String type, String id) {
        ManagedObjectReference r = new ManagedObjectReference();
        r.setType(type);
        r.setVal(id);
        return r;
    }

    private static ObjectContent entity(String type, String id, String name, String parentId) {
        ObjectContent o = new ObjectContent();
        o.setObj(ref(type, id));
        DynamicProperty n = new DynamicProperty();
        n.setName("name");
        n.setVal(name);
        if (parentId == null) {
            o.setPropSet(new DynamicProperty[] {n});
        } else {
            DynamicProperty p = new DynamicProperty();
            p.setName("parent");
            // as yavijava reads vcsim's references: the type is lost
            p.setVal(ref(UNTYPED, parentId));
            o.setPropSet(new DynamicProperty[] {n, p});
        }
        return o;
    }

    private static InventoryTree tree() {
        InventoryTree tree = new InventoryTree();
        tree.add(new ObjectContent[] {
                entity("Folder", "group-d1", "Datacenters", null),
                entity("Folder", "group-f9", "EMEA", "group-d1"),
                entity("Datacenter", "datacenter-2", "AMS", "group-f9"),
                entity("Folder", "group-v3", "vm", "datacenter-2"),
                entity("Folder", "group-v10", "Production", "group-v3"),
                entity("Folder", "group-h4", "host", "datacenter-2"),
                entity("ClusterComputeResource", "domain-c7", "AMS-CL01", "group-h4"),
                entity("HostSystem", "host-12", "esx12.ams", "domain-c7"),
                entity("ResourcePool", "resgroup-8", "Resources", "domain-c7"),
                entity("ResourcePool", "resgroup-20", "Gold", "resgroup-8"),
                entity("VirtualApp", "resgroup-v30", "shop-vapp", "resgroup-20"),
                entity("ComputeResource", "domain-s40", "esx40.ams", "group-h4"),
                entity("HostSystem", "host-41", "esx40.ams", "domain-s40"),
                entity("ResourcePool", "resgroup-42", "Resources", "domain-s40"),
        });
        return tree;
    }

    private static Map<String, Object> vm(String parent, String pool, String host) {
        Map<String, Object> v = new HashMap<>();
        v.put("name", "web01");
        v.put("runtime.powerState", VirtualMachinePowerState.poweredOn);
        v.put("config.hardware.numCPU", 4);
        v.put("config.hardware.memoryMB", 6144);
        v.put("config.template", false);
        v.put("summary.storage.committed", 3L << 30);
        v.put("summary.storage.uncommitted", 1L << 29);
        v.put("config.uuid", "4201-bios");
        if (parent != null) {
            v.put("parent", ref(UNTYPED, parent));
        }
        if (pool != null) {
            v.put("resourcePool", ref(UNTYPED, pool));
        }
        if (host != null) {
            v.put("runtime.host", ref(UNTYPED, host));
        }
        return v;
    }

    @Test
    void aVmInANestedFolderOfAClusterPool() {
        VmSample s = new VmConverter("vc01", 100, tree()).convert("vm-1", vm("group-v10", "resgroup-20", "host-12"));
        assertEquals("Production", s.folder());
        assertEquals("AMS", s.datacenter(), "datacenter above nested folders");
        assertEquals("AMS-CL01", s.cluster());
        assertEquals("Gold", s.resourcePool());
        assertEquals("4201-bios", s.vmUuid(), "BIOS uuid when there is no instance uuid");
        assertNull(s.creationTime());
        assertEquals(6.0, s.ramGb());
        assertEquals(3.5, s.provisionedDiskGb(), 1e-12);
        assertEquals(PowerState.POWERED_ON, s.powerState());
    }

    @Test
    void aVmWhoseParentIsAVapp() {
        // vCenter makes the vApp the parent of its VMs: no folder, the datacenter comes from the host
        VmSample s = new VmConverter("vc01", 100, tree()).convert("vm-2", vm("resgroup-v30", "resgroup-v30", "host-12"));
        assertNull(s.folder());
        assertEquals("shop-vapp", s.resourcePool());
        assertEquals("AMS", s.datacenter());
        assertEquals("AMS-CL01", s.cluster());
    }

    @Test
    void aStandaloneHostHasNoClusterAndATemplateNoPool() {
        Map<String, Object> template = vm("group-v3", null, "host-41");
        template.put("config.template", true);
        VmSample s = new VmConverter("vc01", 100, tree()).convert("vm-3", template);
        assertNull(s.cluster());
        assertNull(s.resourcePool());
        assertEquals("AMS", s.datacenter());
        assertEquals("vm", s.folder());
        assertTrue(s.template());
    }

    @Test
    void withoutAHostTheClusterComesFromThePool() {
        VmSample s = new VmConverter("vc01", 100, tree()).convert("vm-4", vm(null, "resgroup-20", null));
        assertEquals("AMS-CL01", s.cluster());
        assertEquals("AMS", s.datacenter());
        assertNull(s.folder());
    }

    @Test
    void completenessChecks() {
        ObjectContent o = new ObjectContent();
        o.setObj(ref("VirtualMachine", "vm-5"));
        Map<String, Object> values = vm("group-v3", "resgroup-8", "host-12");
        assertNull(VmConverter.incompleteness(o, values));
        values.remove("config.createDate");
        values.remove("resourcePool");
        assertNull(VmConverter.incompleteness(o, values), "createDate and pool may be unset");
        values.remove("summary.storage.uncommitted");
        assertEquals("summary.storage.uncommitted missing", VmConverter.incompleteness(o, values));
        assertTrue(VmConverter.usable(values));
        values.remove("runtime.powerState");
        assertFalse(VmConverter.usable(values));
    }
}
