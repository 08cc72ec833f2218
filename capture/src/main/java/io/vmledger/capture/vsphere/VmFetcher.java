package io.vmledger.capture.vsphere;

import com.vmware.vim25.ArrayOfManagedObjectReference;
import com.vmware.vim25.DynamicProperty;
import com.vmware.vim25.ManagedObjectNotFound;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.ObjectContent;
import com.vmware.vim25.PropertyFilterSpec;
import com.vmware.vim25.RetrieveResult;
import io.vmledger.api.VmSample;
import io.vmledger.capture.Inventory;

import java.rmi.RemoteException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads every VM of one vCenter the way the original's {@code GetAllVMsWithProps} does: a container view over
 * the root folder, one paged {@code RetrievePropertiesEx} for the 13 leaf paths of all VMs, one more for the
 * names and parents of the inventory tree, resolved in memory. Each next page is requested as soon as the
 * previous one's token has arrived ({@link VsphereSession#retrieveAll}). VMs whose bulk result is incomplete (a
 * per-property fault, a property every VM has that is absent, or a page that failed) are fetched one at a time;
 * the count is reported as the inventory's {@code fallbacks}.
 */
final class VmFetcher {

    private static final System.Logger LOG = System.getLogger(VmFetcher.class.getName());

    private final VsphereSession session;
    private final int pageSize;
    private final String vcenter;

    /** Figures of the last {@link #fetch}, for the stage log line. */
    private int pages;
    private int treeSize;
    private int skipped;

    VmFetcher(VsphereSession session, int pageSize) {
        this.session = session;
        this.pageSize = pageSize;
        this.vcenter = session.endpoint().name();
    }

    /**
     * Captures all VMs. A {@link RemoteException} that is not a page failure (the session was lost, the
     * vCenter cannot list its VMs at all) is thrown to the caller.
     */
    Inventory fetch(long snapshotTime) throws RemoteException {
        long started = System.nanoTime();
        InventoryTree tree = readTree();
        Map<String, Map<String, Object>> complete = new LinkedHashMap<>();
        Map<String, Map<String, Object>> incomplete = new LinkedHashMap<>();
        List<String> reasons = new ArrayList<>();

        ManagedObjectReference view = session.createContainerView("VirtualMachine");
        try {
            PropertyFilterSpec spec = VsphereSession.viewFilter(view, "VirtualMachine", VmPropertyPaths.VM);
            RemoteException pageFailure = null;
            pages = 0;
            try {
                session.retrieveAll(spec, pageSize, objects -> {
                    pages++;
                    sort(objects, complete, incomplete, reasons);
                });
            } catch (RemoteException e) {
                if (Faults.isSessionLoss(e)) {
                    throw e;
                }
                pageFailure = e;
            }
            if (pageFailure != null) {
                // Whatever the failed page held is unknown: list the view and fetch the VMs not seen yet.
                List<String> unseen = new ArrayList<>();
                for (ManagedObjectReference vm : listView(view)) {
                    if (!complete.containsKey(vm.getVal()) && !incomplete.containsKey(vm.getVal())) {
                        unseen.add(vm.getVal());
                    }
                }
                for (String id : unseen) {
                    incomplete.put(id, Map.of());
                }
                String failure = Faults.describe(pageFailure);
                LOG.log(System.Logger.Level.WARNING, () -> "vcenter " + vcenter + ": page " + (pages + 1)
                        + " of the VM list failed (" + failure + "); fetching " + unseen.size() + " unseen VMs one at a time");
            }
        } finally {
            session.destroyView(view);
        }

        if (!reasons.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, () -> "vcenter " + vcenter + ": " + reasons.size()
                    + " incomplete bulk results, first: " + reasons.getFirst());
        }
        int fallbacks = incomplete.size();
        skipped = 0;
        for (Map.Entry<String, Map<String, Object>> entry : incomplete.entrySet()) {
            Map<String, Object> values = fetchOne(entry.getKey(), entry.getValue());
            if (values != null) {
                complete.put(entry.getKey(), values);
            }
        }

        VmConverter converter = new VmConverter(vcenter, snapshotTime, tree);
        List<VmSample> vms = new ArrayList<>(complete.size());
        for (Map.Entry<String, Map<String, Object>> entry : complete.entrySet()) {
            vms.add(converter.convert(entry.getKey(), entry.getValue()));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.log(System.Logger.Level.INFO, () -> String.format(Locale.ROOT,
                "vcenter %s: fetched %d VMs in %d pages, %d fetched one at a time, %d unreadable, %d tree objects, in %.2f s",
                vcenter, vms.size(), pages, fallbacks, skipped, treeSize, seconds));
        return new Inventory(vcenter, snapshotTime, vms, fallbacks);
    }

    /** Files the objects of one page as complete or incomplete. */
    private static void sort(ObjectContent[] objects, Map<String, Map<String, Object>> complete,
                             Map<String, Map<String, Object>> incomplete, List<String> reasons) {
        if (objects == null) {
            return;
        }
        for (ObjectContent object : objects) {
            Map<String, Object> values = VmConverter.properties(object);
            String id = object.getObj().getVal();
            String reason = VmConverter.incompleteness(object, values);
            if (reason == null) {
                complete.put(id, values);
            } else {
                incomplete.put(id, values);
                reasons.add(id + ": " + reason);
            }
        }
    }

    /**
     * Fetches one VM on its own. Returns its properties; when they are still incomplete, the best usable ones
     * (missing numbers become 0: dropping a VM that exists would mark it deleted). Returns null when the VM was
     * removed meanwhile, or when neither result has a name and a power state (logged, counted as unreadable).
     */
    private Map<String, Object> fetchOne(String id, Map<String, Object> bulk) throws RemoteException {
        ManagedObjectReference ref = new ManagedObjectReference();
        ref.setType("VirtualMachine");
        ref.setVal(id);
        Map<String, Object> single = Map.of();
        String problem;
        try {
            RetrieveResult result = session.retrieve(VsphereSession.objectFilter(ref, VmPropertyPaths.VM), 0);
            if (result == null || result.getObjects() == null || result.getObjects().length == 0) {
                LOG.log(System.Logger.Level.DEBUG, () -> "vcenter " + vcenter + ": " + id + " was removed during the capture");
                return null;
            }
            ObjectContent object = result.getObjects()[0];
            single = VmConverter.properties(object);
            problem = VmConverter.incompleteness(object, single);
            if (problem == null) {
                return single;
            }
        } catch (RemoteException e) {
            if (Faults.isSessionLoss(e)) {
                throw e;
            }
            if (Faults.is(e, ManagedObjectNotFound.class)) {
                LOG.log(System.Logger.Level.DEBUG, () -> "vcenter " + vcenter + ": " + id + " was removed during the capture");
                return null;
            }
            problem = Faults.describe(e);
        }
        Map<String, Object> best = VmConverter.usable(single) ? single : VmConverter.usable(bulk) ? bulk : null;
        String why = problem;
        if (best == null) {
            skipped++;
            LOG.log(System.Logger.Level.WARNING, () -> "vcenter " + vcenter + ": " + id + " cannot be read (" + why
                    + "); it is left out of this snapshot");
            return null;
        }
        LOG.log(System.Logger.Level.WARNING, () -> "vcenter " + vcenter + ": " + id + " stays incomplete (" + why
                + "); missing numbers are written as 0");
        return best;
    }

    /** Every VM in the view (its {@code view} property). */
    private List<ManagedObjectReference> listView(ManagedObjectReference view) throws RemoteException {
        List<ManagedObjectReference> vms = new ArrayList<>();
        RetrieveResult result = session.retrieve(VsphereSession.objectFilter(view, List.of("view")), 0);
        if (result != null && result.getObjects() != null) {
            for (ObjectContent object : result.getObjects()) {
                if (object.getPropSet() == null) {
                    continue;
                }
                for (DynamicProperty p : object.getPropSet()) {
                    if (p.getVal() instanceof ArrayOfManagedObjectReference array && array.getManagedObjectReference() != null) {
                        vms.addAll(List.of(array.getManagedObjectReference()));
                    }
                }
            }
        }
        return vms;
    }

    /**
     * Reads the inventory tree: names and parents of folders, datacenters, compute resources, pools, hosts.
     * It is small, so a failed read is simply repeated once.
     */
    private InventoryTree readTree() throws RemoteException {
        try {
            return readTreeOnce();
        } catch (RemoteException e) {
            if (Faults.isSessionLoss(e)) {
                throw e;
            }
            LOG.log(System.Logger.Level.WARNING, () -> "vcenter " + vcenter + ": reading the inventory tree failed ("
                    + Faults.describe(e) + "); trying once more");
            return readTreeOnce();
        }
    }

    private InventoryTree readTreeOnce() throws RemoteException {
        InventoryTree tree = new InventoryTree();
        ManagedObjectReference view = session.createContainerView(VmPropertyPaths.TREE_TYPES);
        try {
            PropertyFilterSpec spec = VsphereSession.viewFilter(view, VmPropertyPaths.TREE_TYPE, VmPropertyPaths.TREE);
            session.retrieveAll(spec, pageSize, tree::add);
        } finally {
            session.destroyView(view);
        }
        treeSize = tree.size();
        return tree;
    }
}
