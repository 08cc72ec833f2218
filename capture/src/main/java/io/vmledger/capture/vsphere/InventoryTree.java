package io.vmledger.capture.vsphere;

import com.vmware.vim25.DynamicProperty;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.ObjectContent;

import java.util.HashMap;
import java.util.Map;

/**
 * Names and parents of a vCenter's folders, datacenters, compute resources, resource pools and hosts, read in
 * one bulk retrieval and resolved in memory. Objects are keyed by their managed object id alone: ids are unique
 * within a vCenter, and references inside property values may arrive with a wrong type (see
 * {@link VmPropertyPaths}).
 */
final class InventoryTree {

    /** Guards against a malformed tree: real inventories are a few levels deep. */
    private static final int MAX_DEPTH = 100;

    private record Node(String type, String name, String parent) {
    }

    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<String, String> datacenterCache = new HashMap<>();
    private final Map<String, String> clusterCache = new HashMap<>();

    /** Adds the objects of one page of the tree retrieval. */
    void add(ObjectContent[] objects) {
        if (objects == null) {
            return;
        }
        for (ObjectContent object : objects) {
            String name = null;
            String parent = null;
            if (object.getPropSet() != null) {
                for (DynamicProperty p : object.getPropSet()) {
                    if (VmPropertyPaths.NAME.equals(p.getName()) && p.getVal() instanceof String s) {
                        name = s;
                    } else if (VmPropertyPaths.PARENT.equals(p.getName()) && p.getVal() instanceof ManagedObjectReference r) {
                        parent = r.getVal();
                    }
                }
            }
            nodes.put(object.getObj().getVal(), new Node(object.getObj().getType(), name, parent));
        }
    }

    int size() {
        return nodes.size();
    }

    /** The name of a known object, or null. */
    String nameOf(String id) {
        Node node = id == null ? null : nodes.get(id);
        return node == null ? null : node.name();
    }

    /** The name of the object when it is a folder (a VM's parent may also be a vApp), or null. */
    String folderName(String id) {
        Node node = id == null ? null : nodes.get(id);
        return node != null && "Folder".equals(node.type()) ? node.name() : null;
    }

    /** The name of the datacenter above an object, or null. */
    String datacenterOf(String id) {
        if (id == null) {
            return null;
        }
        return datacenterCache.computeIfAbsent(id, k -> {
            String found = ancestor(k, "Datacenter");
            return found == null ? null : nameOf(found);
        });
    }

    /**
     * The name of the cluster an object belongs to (a host, a resource pool), or null for standalone hosts:
     * their compute resource is not a cluster.
     */
    String clusterOf(String id) {
        if (id == null) {
            return null;
        }
        return clusterCache.computeIfAbsent(id, k -> {
            String found = ancestor(k, "ClusterComputeResource");
            return found == null ? null : nameOf(found);
        });
    }

    /** The nearest proper ancestor of the given type, or null. */
    private String ancestor(String id, String type) {
        Node node = nodes.get(id);
        for (int depth = 0; node != null && node.parent() != null && depth < MAX_DEPTH; depth++) {
            String parent = node.parent();
            node = nodes.get(parent);
            if (node != null && type.equals(node.type())) {
                return parent;
            }
        }
        return null;
    }
}
