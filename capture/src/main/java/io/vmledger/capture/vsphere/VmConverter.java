package io.vmledger.capture.vsphere;

import com.vmware.vim25.DynamicProperty;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.MissingProperty;
import com.vmware.vim25.ObjectContent;
import io.vmledger.api.PowerState;
import io.vmledger.api.VmSample;

import java.util.Calendar;
import java.util.HashMap;
import java.util.Map;

/** Turns the retrieved properties of one VM into a row of semantics section 1. */
final class VmConverter {

    private static final double BYTES_PER_GB = 1024d * 1024d * 1024d;

    private final String vcenter;
    private final long snapshotTime;
    private final InventoryTree tree;

    VmConverter(String vcenter, long snapshotTime, InventoryTree tree) {
        this.vcenter = vcenter;
        this.snapshotTime = snapshotTime;
        this.tree = tree;
    }

    /** The properties of one retrieved object by path. */
    static Map<String, Object> properties(ObjectContent object) {
        Map<String, Object> values = new HashMap<>(32);
        if (object.getPropSet() != null) {
            for (DynamicProperty p : object.getPropSet()) {
                values.put(p.getName(), p.getVal());
            }
        }
        return values;
    }

    /**
     * Why a bulk result cannot be used as it is: a per-property fault, or a property every VM reports that is
     * absent. Null when complete.
     */
    static String incompleteness(ObjectContent object, Map<String, Object> values) {
        MissingProperty[] missing = object.getMissingSet();
        if (missing != null && missing.length > 0) {
            return "fault on " + missing[0].getPath() + " (" + Faults.describe(missing[0].getFault()) + ")";
        }
        for (String path : VmPropertyPaths.REQUIRED) {
            if (values.get(path) == null) {
                return path + " missing";
            }
        }
        return null;
    }

    /**
     * Whether a row can be written at all: the name and the power state are needed, numbers default to 0
     * (a VM whose configuration is unreadable is still present, and dropping it would mark it deleted).
     */
    static boolean usable(Map<String, Object> values) {
        return values.get(VmPropertyPaths.NAME) instanceof String && values.get(VmPropertyPaths.POWER_STATE) != null;
    }

    VmSample convert(String vmId, Map<String, Object> values) {
        String parent = ref(VmPropertyPaths.PARENT, values);
        String pool = ref(VmPropertyPaths.RESOURCE_POOL, values);
        String host = ref(VmPropertyPaths.HOST, values);

        String datacenter = tree.datacenterOf(parent);
        if (datacenter == null) {
            datacenter = tree.datacenterOf(host != null ? host : pool);
        }
        String cluster = host != null ? tree.clusterOf(host) : tree.clusterOf(pool);

        String instanceUuid = string(values.get(VmPropertyPaths.INSTANCE_UUID));
        String uuid = instanceUuid != null ? instanceUuid : string(values.get(VmPropertyPaths.UUID));
        long committed = number(values.get(VmPropertyPaths.COMMITTED));
        long uncommitted = number(values.get(VmPropertyPaths.UNCOMMITTED));

        return new VmSample(
                snapshotTime,
                vcenter,
                vmId,
                uuid,
                string(values.get(VmPropertyPaths.NAME)),
                epochSeconds(values.get(VmPropertyPaths.CREATE_DATE)),
                null,
                tree.nameOf(pool),
                datacenter,
                cluster,
                tree.folderName(parent),
                (int) number(values.get(VmPropertyPaths.NUM_CPU)),
                number(values.get(VmPropertyPaths.MEMORY_MB)) / 1024d,
                (committed + uncommitted) / BYTES_PER_GB,
                PowerState.fromWire(String.valueOf(values.get(VmPropertyPaths.POWER_STATE))),
                Boolean.TRUE.equals(bool(values.get(VmPropertyPaths.TEMPLATE))));
    }

    /** The id a reference-valued property points to; its type may be wrong (see {@link VmPropertyPaths}). */
    private static String ref(String path, Map<String, Object> values) {
        return values.get(path) instanceof ManagedObjectReference r ? r.getVal() : null;
    }

    private static String string(Object value) {
        if (value == null) {
            return null;
        }
        String s = value.toString();
        return s.isEmpty() ? null : s;
    }

    private static long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s && !s.isBlank()) {
            return Long.parseLong(s.trim());
        }
        return 0;
    }

    private static Boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        return value == null ? null : Boolean.parseBoolean(value.toString());
    }

    /** {@code config.createDate} in epoch seconds (rounded down), or null when vCenter does not report it. */
    private static Long epochSeconds(Object value) {
        if (value instanceof Calendar c) {
            return Math.floorDiv(c.getTimeInMillis(), 1000L);
        }
        return null;
    }
}
