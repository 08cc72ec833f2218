package io.vmledger.storage.spi.contract;

import io.vmledger.api.DeletionSource;
import io.vmledger.api.LifecycleEntry;
import io.vmledger.storage.spi.VmLookup;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.vmledger.storage.spi.contract.ContractData.HOUR;
import static io.vmledger.storage.spi.contract.ContractData.T0;
import static io.vmledger.storage.spi.contract.ContractData.VC_A;
import static io.vmledger.storage.spi.contract.ContractData.VC_B;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code LifecycleStore}: upsert, read back and the trace look-ups by id, UUID and name. */
public abstract class LifecycleStoreContract extends ContractBase {

    static LifecycleEntry entry(String vcenter, String key, String vmId, String uuid, String name, long firstSeen) {
        return new LifecycleEntry(vcenter, key, vmId, uuid, name, firstSeen, firstSeen + 5 * HOUR, null, null, null);
    }

    @Test
    void upsertInsertsAndReplacesEntries() {
        LifecycleEntry live = entry(VC_A, "vm-1", "vm-1", "uuid-1", "web-01", T0);
        LifecycleEntry other = new LifecycleEntry(VC_A, "vm-2", "vm-2", null, "db-02", T0, T0 + HOUR, T0 - 100,
                null, null);
        storage.lifecycle().upsert(List.of(live, other));

        LifecycleEntry deleted = new LifecycleEntry(VC_A, "vm-1", "vm-1", "uuid-1b", "web-01-renamed", T0,
                T0 + 9 * HOUR, T0 - 3600, T0 + 10 * HOUR, DeletionSource.EVENT);
        storage.lifecycle().upsert(List.of(deleted));

        assertEquals(Optional.of(deleted), storage.lifecycle().get(VC_A, "vm-1"));
        assertEquals(Optional.of(other), storage.lifecycle().get(VC_A, "vm-2"));
        assertEquals(Optional.empty(), storage.lifecycle().get(VC_B, "vm-1"));

        LifecycleEntry reappeared = new LifecycleEntry(VC_A, "vm-1", "vm-1", "uuid-1b", "web-01-renamed", T0,
                T0 + 12 * HOUR, T0 - 3600, null, null);
        storage.lifecycle().upsert(List.of(reappeared));
        assertEquals(Optional.of(reappeared), storage.lifecycle().get(VC_A, "vm-1"), "a deletion can be cleared");
    }

    @Test
    void forVcenterReturnsEveryEntryOfThatVcenterByKey() {
        List<LifecycleEntry> entries = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            entries.add(entry(VC_A, "vm-" + i, "vm-" + i, "uuid-" + i, "name-" + i, T0 + i));
        }
        LifecycleEntry legacy = new LifecycleEntry(VC_A, "name:old-box", null, null, "old-box", T0, T0, null,
                T0 + HOUR, DeletionSource.OBSERVED);
        entries.add(legacy);
        entries.add(entry(VC_B, "vm-0", "vm-0", "uuid-b0", "b-0", T0));
        storage.lifecycle().upsert(entries);

        Map<String, LifecycleEntry> a = storage.lifecycle().forVcenter(VC_A);

        assertEquals(8, a.size());
        assertEquals(legacy, a.get("name:old-box"));
        assertEquals(entries.get(3), a.get("vm-3"));
        assertEquals(1, storage.lifecycle().forVcenter(VC_B).size());
        assertEquals(Map.of(), storage.lifecycle().forVcenter("vc-unknown"));
    }

    @Test
    void getAllFindsTheEntriesOfManyKeysOfOneVcenter() {
        List<LifecycleEntry> entries = new ArrayList<>();
        List<String> asked = new ArrayList<>();
        for (int i = 0; i < 1_234; i++) { // more keys than one statement of a plugin takes
            LifecycleEntry e = entry(VC_A, "vm-" + i, "vm-" + i, "uuid-" + i, "name-" + i, T0 + i);
            entries.add(i % 3 == 0 ? new LifecycleEntry(VC_A, e.vmKey(), e.vmId(), e.vmUuid(), e.name(), T0, T0 + HOUR,
                    null, T0 + 2 * HOUR, DeletionSource.OBSERVED) : e);
            if (i % 2 == 0) {
                asked.add("vm-" + i);
            }
        }
        entries.add(entry(VC_B, "vm-0", "vm-0", "uuid-b0", "b-0", T0));
        storage.lifecycle().upsert(entries);
        asked.add("vm-unknown");
        asked.add("vm-0"); // twice

        Map<String, LifecycleEntry> found = storage.lifecycle().getAll(VC_A, asked);

        assertEquals(617, found.size(), "every even key of vc-a, deleted entries too, and no unknown key");
        for (int i = 0; i < 1_234; i += 2) {
            assertEquals(entries.get(i), found.get("vm-" + i));
        }
        assertEquals(Map.of(), storage.lifecycle().getAll(VC_A, List.of()));
        assertEquals(Map.of("vm-0", entries.getLast()), storage.lifecycle().getAll(VC_B, List.of("vm-0", "vm-1")));
    }

    @Test
    void findsByIdUuidOrNameOrderedByVcenterThenFirstSeen() {
        storage.lifecycle().upsert(List.of(
                entry(VC_B, "vm-7", "vm-7", "uuid-x", "app", T0),
                entry(VC_A, "vm-9", "vm-9", "uuid-y", "app", T0 + 2 * HOUR),   // re-registered under a new id
                entry(VC_A, "vm-7", "vm-7", "uuid-x", "app", T0 + HOUR),
                entry(VC_A, "uuid:uuid-z", null, "uuid-z", "legacy", T0),
                entry(VC_A, "name:solo", null, null, "solo", T0)));

        assertEquals(List.of("vc-a.example.org/vm-7", "vc-b.example.org/vm-7"),
                keys(storage.lifecycle().find(new VmLookup(VmLookup.By.VM_ID, "vm-7", null))));
        assertEquals(List.of("vc-b.example.org/vm-7"),
                keys(storage.lifecycle().find(new VmLookup(VmLookup.By.VM_ID, "vm-7", VC_B))));
        assertEquals(List.of("vc-a.example.org/vm-7", "vc-a.example.org/vm-9", "vc-b.example.org/vm-7"),
                keys(storage.lifecycle().find(new VmLookup(VmLookup.By.NAME, "app", null))));
        assertEquals(List.of("vc-a.example.org/vm-7", "vc-b.example.org/vm-7"),
                keys(storage.lifecycle().find(new VmLookup(VmLookup.By.VM_UUID, "uuid-x", null))));
        assertEquals(List.of("vc-a.example.org/uuid:uuid-z"),
                keys(storage.lifecycle().find(new VmLookup(VmLookup.By.VM_UUID, "uuid-z", VC_A))));
        assertEquals(List.of("vc-a.example.org/name:solo"),
                keys(storage.lifecycle().find(new VmLookup(VmLookup.By.NAME, "solo", null))));
        assertEquals(List.of(), storage.lifecycle().find(new VmLookup(VmLookup.By.NAME, "App", null)),
                "names match exactly");
        assertEquals(List.of(), storage.lifecycle().find(new VmLookup(VmLookup.By.VM_ID, "uuid-z", null)),
                "a legacy key is not a VmId");
    }

    @Test
    void findsNamesByPrefixCaseSensitivelyInNameOrder() {
        storage.lifecycle().upsert(List.of(
                entry(VC_B, "vm-1", "vm-1", "u1", "web-02", T0),
                entry(VC_A, "vm-2", "vm-2", "u2", "web-01", T0),
                entry(VC_A, "vm-3", "vm-3", "u3", "web-02", T0),
                entry(VC_A, "vm-4", "vm-4", "u4", "Web-03", T0),
                entry(VC_A, "vm-5", "vm-5", "u5", "wea", T0),
                entry(VC_A, "vm-6", "vm-6", "u6", "web.", T0),
                entry(VC_A, "vm-7", "vm-7", "u7", "we\u00e9", T0),
                entry(VC_A, "vm-8", "vm-8", "u8", "\udbff\udfff\udbff\udfffz", T0),
                entry(VC_A, "name:anon", null, null, null, T0)));

        assertEquals(List.of("vc-a.example.org/vm-2", "vc-a.example.org/vm-3", "vc-b.example.org/vm-1"),
                keys(storage.lifecycle().findByNamePrefix("web-", null, 10)), "by name, then vCenter");
        assertEquals(List.of("vc-a.example.org/vm-2", "vc-a.example.org/vm-3"),
                keys(storage.lifecycle().findByNamePrefix("web-", VC_A, 10)));
        assertEquals(List.of("vc-a.example.org/vm-2"), keys(storage.lifecycle().findByNamePrefix("web-", null, 1)));
        assertEquals(List.of("vc-a.example.org/vm-4"), keys(storage.lifecycle().findByNamePrefix("Web", null, 10)));
        assertEquals(List.of("vc-a.example.org/vm-7"), keys(storage.lifecycle().findByNamePrefix("we\u00e9", null, 10)));
        assertEquals(List.of("vc-a.example.org/vm-8"),
                keys(storage.lifecycle().findByNamePrefix("\udbff\udfff", null, 10)), "a prefix without an end");
        assertEquals(List.of(), storage.lifecycle().findByNamePrefix("web-03", null, 10));
    }

    @Test
    void deleteVcenterRemovesOnlyThatVcenter() {
        storage.lifecycle().upsert(List.of(
                entry(VC_A, "vm-1", "vm-1", "u1", "n1", T0),
                entry(VC_A, "vm-2", "vm-2", "u2", "n2", T0),
                entry(VC_B, "vm-1", "vm-1", "u3", "n3", T0)));

        assertEquals(2, storage.lifecycle().deleteVcenter(VC_A));
        assertEquals(Map.of(), storage.lifecycle().forVcenter(VC_A));
        assertEquals(1, storage.lifecycle().forVcenter(VC_B).size());
        assertEquals(0, storage.lifecycle().deleteVcenter(VC_A));
    }

    @Test
    void liveEntriesExcludeDeletedOnes() {
        LifecycleEntry live = entry(VC_A, "vm-1", "vm-1", "u1", "n1", T0);
        LifecycleEntry gone = new LifecycleEntry(VC_A, "vm-2", "vm-2", "u2", "n2", T0, T0 + HOUR, null,
                T0 + 2 * HOUR, DeletionSource.OBSERVED);
        LifecycleEntry goneLongAgo = new LifecycleEntry(VC_A, "name:old", null, null, "old", T0 - 900 * HOUR,
                T0 - 800 * HOUR, null, T0 - 700 * HOUR, DeletionSource.EVENT);
        LifecycleEntry otherVcenter = entry(VC_B, "vm-1", "vm-1", "u1", "n1", T0);
        storage.lifecycle().upsert(List.of(live, gone, goneLongAgo, otherVcenter));

        assertEquals(Map.of("vm-1", live), storage.lifecycle().liveForVcenter(VC_A));
        assertEquals(Map.of("vm-1", live, "vm-2", gone), storage.lifecycle().liveOrDeletedSince(VC_A, T0 + 2 * HOUR),
                "deleted at the time itself counts");
        assertEquals(Map.of("vm-1", live), storage.lifecycle().liveOrDeletedSince(VC_A, T0 + 2 * HOUR + 1));
        assertEquals(Map.of("vm-1", live, "vm-2", gone, "name:old", goneLongAgo),
                storage.lifecycle().liveOrDeletedSince(VC_A, T0 - 700 * HOUR));

        LifecycleEntry back = new LifecycleEntry(VC_A, "vm-2", "vm-2", "u2", "n2", T0, T0 + 5 * HOUR, null, null, null);
        storage.lifecycle().upsert(List.of(back));
        assertEquals(Map.of("vm-1", live, "vm-2", back), storage.lifecycle().liveForVcenter(VC_A),
                "a VM that comes back is live again");
    }

    @Test
    void applyReconciliationWritesUpsertsAndLastSeenTogether() {
        LifecycleEntry a = entry(VC_A, "vm-1", "vm-1", "u1", "n1", T0);
        LifecycleEntry b = entry(VC_A, "vm-2", "vm-2", "u2", "n2", T0);
        storage.lifecycle().upsert(List.of(a, b));

        LifecycleEntry aSeen = new LifecycleEntry(VC_A, "vm-1", "vm-1", "u1", "n1", T0, T0 + 9 * HOUR, null, null,
                null);
        LifecycleEntry bDeleted = new LifecycleEntry(VC_A, "vm-2", "vm-2", "u2", "n2", T0, T0 + 5 * HOUR, null,
                T0 + 9 * HOUR, DeletionSource.OBSERVED);
        LifecycleEntry cNew = entry(VC_A, "vm-3", "vm-3", "u3", "n3", T0 + 9 * HOUR);
        storage.lifecycle().applyReconciliation(List.of(bDeleted, cNew), List.of(aSeen));

        assertEquals(Map.of("vm-1", aSeen, "vm-2", bDeleted, "vm-3", cNew), storage.lifecycle().forVcenter(VC_A));
        storage.lifecycle().applyReconciliation(List.of(), List.of());
        assertEquals(3, storage.lifecycle().forVcenter(VC_A).size());
    }

    @Test
    void anEmptyUpsertIsANoOp() {
        storage.lifecycle().upsert(List.of());
        assertEquals(Map.of(), storage.lifecycle().forVcenter(VC_A));
    }

    private static List<String> keys(List<LifecycleEntry> entries) {
        return entries.stream().map(e -> e.vcenter() + "/" + e.vmKey()).toList();
    }
}
