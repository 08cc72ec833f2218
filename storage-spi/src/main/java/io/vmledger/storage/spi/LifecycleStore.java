package io.vmledger.storage.spi;

import io.vmledger.api.LifecycleEntry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code vm_lifecycle_cache}: one row per {@code (Vcenter, VM key)}. */
public interface LifecycleStore {

    /** Every entry of a vCenter, by VM key. */
    Map<String, LifecycleEntry> forVcenter(String vcenter);

    /**
     * The vCenter's entries that are not deleted, by VM key: what hourly reconciliation reads. Deleted
     * entries pile up for as long as the ledger runs (short-lived VMs alone add thousands a week), so
     * plugins should answer this without reading them; this default filters {@link #forVcenter}.
     */
    default Map<String, LifecycleEntry> liveForVcenter(String vcenter) {
        Map<String, LifecycleEntry> live = new HashMap<>();
        for (Map.Entry<String, LifecycleEntry> e : forVcenter(vcenter).entrySet()) {
            if (!e.getValue().deleted()) {
                live.put(e.getKey(), e.getValue());
            }
        }
        return live;
    }

    /**
     * The vCenter's entries that are not deleted or were deleted at or after {@code time}, by VM key: every
     * entry a VM present at or after {@code time} can have (a reappearing VM clears its deletion), which is
     * what aggregating a period that starts at {@code time} reads. Plugins should answer this without
     * reading the older deletions, whose number only grows; this default filters {@link #forVcenter}.
     */
    default Map<String, LifecycleEntry> liveOrDeletedSince(String vcenter, long time) {
        Map<String, LifecycleEntry> out = new HashMap<>();
        for (Map.Entry<String, LifecycleEntry> e : forVcenter(vcenter).entrySet()) {
            Long deleted = e.getValue().deletionTime();
            if (deleted == null || deleted >= time) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    Optional<LifecycleEntry> get(String vcenter, String vmKey);

    /**
     * The entries of some VMs of a vCenter, by VM key; a key without an entry is absent. Hourly
     * reconciliation asks this for the VMs of the hour that have no live entry: a few each hour, every VM of
     * a vCenter at its first capture. This default looks them up one by one; plugins should answer with a
     * few statements.
     */
    default Map<String, LifecycleEntry> getAll(String vcenter, Collection<String> vmKeys) {
        Map<String, LifecycleEntry> out = new HashMap<>();
        for (String key : vmKeys) {
            get(vcenter, key).ifPresent(e -> out.put(key, e));
        }
        return out;
    }

    /** Inserts or replaces entries, in one transaction. */
    void upsert(Collection<LifecycleEntry> entries);

    /**
     * Writes one hourly reconciliation in one transaction: {@code upserts} are inserted or replaced; the
     * entries of {@code seen} exist and only their {@code LastSeen} changed (every other column is as
     * stored), which is the case of nearly every VM every hour, so a plugin can write them without
     * rewriting the identity indexes. This default upserts both.
     */
    default void applyReconciliation(Collection<LifecycleEntry> upserts, Collection<LifecycleEntry> seen) {
        List<LifecycleEntry> all = new ArrayList<>(upserts.size() + seen.size());
        all.addAll(upserts);
        all.addAll(seen);
        if (!all.isEmpty()) {
            upsert(all);
        }
    }

    /** Entries matching a trace look-up, ordered by vCenter then first seen. */
    List<LifecycleEntry> find(VmLookup lookup);

    /**
     * Entries whose name starts with {@code prefix} (case-sensitive), optionally in one vCenter (null for
     * all), ordered by name, vCenter and VM key, at most {@code limit}: the candidates a name search offers.
     */
    List<LifecycleEntry> findByNamePrefix(String prefix, String vcenter, int limit);

    /** Removes every entry of a vCenter (used by repair before a rebuild); returns the count removed. */
    int deleteVcenter(String vcenter);
}
