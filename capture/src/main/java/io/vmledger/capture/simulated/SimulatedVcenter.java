package io.vmledger.capture.simulated;

import io.vmledger.api.PowerState;
import io.vmledger.api.VmEvent;
import io.vmledger.api.VmSample;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * One simulated vCenter: a fixed number of VM slots, each with its own timeline.
 *
 * <p>A slot's time axis is cut into periods of a slot-specific length (hours for short-lived build
 * VMs, weeks for project VMs, years for long-lived servers). Period {@code k} holds one VM
 * <em>generation</em>: created a short gap after the period starts, deleted when it ends. A few
 * generations are re-registrations of the previous one (no gap, same name, UUID and creation date,
 * new {@code VmId}). Attributes (vCPU, RAM, disk, pool, power state) change at epochs of
 * VM-specific lengths counted from the VM's creation. Everything is a hash of the seed, the slot,
 * the period and the epoch, so the state at any instant is computed directly and is identical
 * every time it is computed; {@link #events} is derived from the same timelines, so it always
 * agrees with {@link #sampleAt}.
 */
final class SimulatedVcenter {
    /** 2000-01-01T00:00:00Z: the simulation has no VMs before it. */
    static final long BASE_EPOCH = 946_684_800L;
    static final long HOUR = 3600;

    /** Probability that a VM is missing from one hour's capture without any event (then comes back). */
    static final double BLINK_PROBABILITY = 0.0003;
    static final double REREGISTER_PROBABILITY = 0.05;
    static final double REMOVAL_EVENT_PROBABILITY = 0.8;
    static final double NULL_CREATE_DATE_PROBABILITY = 0.08;

    private static final String[] SITES = {"AMS", "FRA", "LON", "NYC", "SFO", "SIN", "SYD", "TYO", "PAR", "DUB"};
    private static final String[] ENVS = {"prd", "tst", "dev", "inf"};
    private static final int[] ENV_WEIGHTS = {45, 20, 25, 10};
    private static final String[] FOLDERS = {"Production", "Test", "Development", "Infrastructure"};
    private static final String[] ROLES = {"web", "app", "db", "cache", "mq", "batch", "ci", "k8s", "file", "mon"};
    private static final String[] TEMPLATE_OS = {"rhel9", "ubuntu24", "win2022", "win2019", "debian12"};
    private static final int[] VCPUS = {1, 2, 4, 8, 16, 32};
    private static final int[] VCPU_WEIGHTS = {18, 34, 28, 13, 5, 2};
    private static final int[] RAM_MB = {1024, 2048, 4096, 6144, 8192, 12288, 16384, 32768, 65536, 131072};
    private static final int[] RAM_WEIGHTS = {6, 14, 22, 6, 22, 5, 13, 8, 3, 1};
    /** Tier pools first (indexes 0..3), then the non-tier pools. */
    private static final String[] POOLS = {"Tin", "Bronze", "Silver", "Gold", "Resources", "Dev-Pool", "Lab"};
    private static final int[] POOL_WEIGHTS = {14, 22, 24, 14, 10, 10, 6};
    private static final PowerState[] POWER = {PowerState.POWERED_ON, PowerState.POWERED_OFF, PowerState.SUSPENDED};
    private static final int[] POWER_WEIGHTS = {86, 11, 3};

    // hash purposes
    private static final long TAG_SLOT = 1;
    private static final long TAG_GEN = 2;
    private static final long TAG_ID = 3;
    private static final long TAG_BLINK = 4;
    private static final long TAG_CPU = 5;
    private static final long TAG_RAM = 6;
    private static final long TAG_DISK = 7;
    private static final long TAG_POOL = 8;
    private static final long TAG_POWER = 9;

    enum Kind { TEMPLATE, SHORT, MEDIUM, LONG }

    /** Per-slot constants, computed once. */
    record Slot(int index, Kind kind, long period, long phase) {
    }

    /** One VM generation of a slot: lives in {@code [createTime, deleteTime)}. */
    record Generation(long period, long hash, long createTime, long deleteTime, boolean reregistered) {
    }

    /** The lasting identity of a VM (shared by re-registrations): name, UUID, placement, config stream. */
    record Identity(long hash, long originCreateTime, String name, String uuid, Long reportedCreateDate,
                    int datacenter, int cluster, String folder, boolean template) {
    }

    private final long seed;
    private final int number;
    private final String key;
    private final Slot[] slots;
    private final String[] datacenters;
    private final String[][] clusters;

    SimulatedVcenter(long seed, int number, String key, int slotCount) {
        this.seed = seed;
        this.number = number;
        this.key = key;
        int dcCount = 1 + (number - 1) % 3;
        this.datacenters = new String[dcCount];
        this.clusters = new String[dcCount][];
        for (int d = 0; d < dcCount; d++) {
            String site = SITES[(number * 3 + d) % SITES.length];
            datacenters[d] = "DC-" + site;
            int clusterCount = 2 + (d + number) % 2;
            clusters[d] = new String[clusterCount];
            for (int c = 0; c < clusterCount; c++) {
                clusters[d][c] = site + "-CL" + String.format(Locale.ROOT, "%02d", c + 1);
            }
        }
        this.slots = new Slot[slotCount];
        for (int i = 0; i < slotCount; i++) {
            slots[i] = slot(i);
        }
    }

    String key() {
        return key;
    }

    int slotCount() {
        return slots.length;
    }

    private Slot slot(int i) {
        long h = SimHash.of(seed, number, i, TAG_SLOT);
        double u = SimHash.unit(h);
        Kind kind;
        long hours;
        if (u < 0.02) {
            kind = Kind.TEMPLATE;
            hours = 15L * 8760;
        } else if (u < 0.14) {
            kind = Kind.SHORT;
            hours = SimHash.between(SimHash.mix(h + 1), 8, 96);
        } else if (u < 0.42) {
            kind = Kind.MEDIUM;
            hours = SimHash.between(SimHash.mix(h + 1), 10 * 24, 90 * 24);
        } else {
            kind = Kind.LONG;
            hours = SimHash.between(SimHash.mix(h + 1), 200 * 24, 1500 * 24);
        }
        // the extra seconds spread deletions over the hour instead of on hour boundaries
        long period = hours * HOUR + SimHash.between(SimHash.mix(h + 2), 0, HOUR - 1);
        long phase = SimHash.between(SimHash.mix(h + 3), 0, period - 1);
        return new Slot(i, kind, period, phase);
    }

    private static long periodIndex(Slot s, long t) {
        return Math.floorDiv(t - BASE_EPOCH + s.phase, s.period);
    }

    private static long periodStart(Slot s, long k) {
        return BASE_EPOCH - s.phase + k * s.period;
    }

    Generation generation(Slot s, long k) {
        long gh = SimHash.of(seed, number, s.index, k, TAG_GEN);
        boolean rereg = s.kind != Kind.SHORT && s.kind != Kind.TEMPLATE
                && SimHash.unit(gh, 1) < REREGISTER_PROBABILITY;
        long gap;
        if (rereg) {
            gap = 0;
        } else if (s.kind == Kind.SHORT) {
            gap = (long) (SimHash.unit(gh, 2) * 3 * HOUR);
        } else {
            gap = (long) (SimHash.unit(gh, 2) * Math.min(s.period * 0.03, 48.0 * HOUR));
        }
        long start = periodStart(s, k);
        return new Generation(k, gh, start + gap, start + s.period, rereg);
    }

    /** Follows re-registrations back to the generation that created the VM. */
    Identity identity(Slot s, Generation g) {
        Generation origin = g;
        for (int steps = 0; origin.reregistered() && steps < 32; steps++) {
            origin = generation(s, origin.period() - 1);
        }
        long ih = SimHash.of(seed, number, s.index, origin.period(), TAG_ID);
        int dc = (int) (SimHash.unit(ih, 3) * datacenters.length);
        int cl = (int) (SimHash.unit(ih, 4) * clusters[dc].length);
        boolean template = s.kind == Kind.TEMPLATE;
        String name;
        String folder;
        if (template) {
            name = "tpl-" + TEMPLATE_OS[(int) (SimHash.unit(ih, 1) * TEMPLATE_OS.length)] + "-" + pad(s.index + 1);
            folder = "Templates";
        } else {
            int env = SimHash.pick(SimHash.unit(ih, 1), ENV_WEIGHTS);
            name = ENVS[env] + "-" + ROLES[(int) (SimHash.unit(ih, 2) * ROLES.length)] + "-" + pad(s.index + 1);
            folder = FOLDERS[env];
        }
        long msb = (SimHash.mix(ih + 11) & ~0xF000L) | 0x4000L;
        long lsb = (SimHash.mix(ih + 12) & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        Long reported = SimHash.unit(ih, 5) < NULL_CREATE_DATE_PROBABILITY ? null : origin.createTime();
        return new Identity(ih, origin.createTime(), name, new UUID(msb, lsb).toString(), reported, dc, cl, folder,
                template);
    }

    private static String pad(int n) {
        String s = Integer.toString(n);
        return s.length() >= 5 ? s : "00000".substring(s.length()) + s;
    }

    /** Managed object ids are unique per vCenter over all time: one per (period, slot). */
    private String vmId(Generation g, Slot s) {
        return "vm-" + (g.period() * slots.length + s.index + 1000);
    }

    private boolean blinks(Slot s, Generation g, long t) {
        if (s.kind == Kind.TEMPLATE) {
            return false;
        }
        long hour = Math.floorDiv(t, HOUR);
        // only VMs that were there for the whole previous hour, so a capture saw them before
        if (g.createTime() >= hour * HOUR - HOUR) {
            return false;
        }
        return SimHash.unit(SimHash.of(seed, number, s.index, hour, TAG_BLINK)) < BLINK_PROBABILITY;
    }

    /** The VM occupying slot {@code i} at time {@code t}, or null when the slot is empty (or blinks). */
    VmSample sampleAt(int i, long t) {
        Slot s = slots[i];
        Generation g = generation(s, periodIndex(s, t));
        if (t < g.createTime() || t >= g.deleteTime() || blinks(s, g, t)) {
            return null;
        }
        Identity id = identity(s, g);
        long age = t - id.originCreateTime();
        long ih = id.hash();
        int vcpu;
        double ramGb;
        double disk;
        String pool;
        PowerState power;
        String cluster = clusters[id.datacenter()][id.cluster()];
        if (id.template()) {
            vcpu = VCPUS[1 + (int) (SimHash.unit(ih, 20) * 2)];
            ramGb = RAM_MB[2 + (int) (SimHash.unit(ih, 21) * 3)] / 1024.0;
            disk = 40 + 10 * (int) (SimHash.unit(ih, 22) * 6);
            pool = null;
            power = PowerState.POWERED_OFF;
        } else {
            vcpu = VCPUS[SimHash.pick(attr(ih, TAG_CPU, age, 400, 4000), VCPU_WEIGHTS)];
            ramGb = RAM_MB[SimHash.pick(attr(ih, TAG_RAM, age, 600, 5000), RAM_WEIGHTS)] / 1024.0;
            long diskEpoch = epoch(ih, TAG_DISK, age, 300, 3000);
            double base = 20 + 10 * (int) (SimHash.unit(ih, 23) * 49);
            disk = Math.round(base * (1 + 0.04 * Math.min(diskEpoch, 25)) * 100) / 100.0;
            pool = POOLS[SimHash.pick(attr(ih, TAG_POOL, age, 150, 2500), POOL_WEIGHTS)];
            if (lowerCaseTiers(id.datacenter(), id.cluster()) && isTier(pool)) {
                // some sites spell their tier pools in lower case; tiers match case-insensitively
                pool = pool.toLowerCase(Locale.ROOT);
            }
            power = POWER[SimHash.pick(attr(ih, TAG_POWER, age, 24, 720), POWER_WEIGHTS)];
        }
        return new VmSample(t, key, vmId(g, s), id.uuid(), id.name(), id.reportedCreateDate(), null, pool,
                datacenters[id.datacenter()], cluster, id.folder(), vcpu, ramGb, disk, power, id.template());
    }

    /** The last cluster of every fourth datacenter (counting across vCenters) names its tier pools in lower case. */
    private boolean lowerCaseTiers(int datacenter, int cluster) {
        return (number + datacenter) % 4 == 2 && cluster == clusters[datacenter].length - 1;
    }

    private static boolean isTier(String pool) {
        for (int i = 0; i < 4; i++) {
            if (POOLS[i].equals(pool)) {
                return true;
            }
        }
        return false;
    }

    /** Index of the epoch {@code age} falls in, epochs being a VM-specific number of hours long. */
    private static long epoch(long identityHash, long tag, long age, int minHours, int maxHours) {
        long len = SimHash.between(SimHash.of(identityHash, tag), minHours, maxHours) * HOUR;
        return Math.floorDiv(Math.max(age, 0), len);
    }

    /** A uniform value fixed for one epoch of one attribute of one VM. */
    private static double attr(long identityHash, long tag, long age, int minHours, int maxHours) {
        long e = epoch(identityHash, tag, age, minHours, maxHours);
        return SimHash.unit(SimHash.of(identityHash, tag, e));
    }

    /** Every VM present at {@code t}, in slot order. */
    List<VmSample> capture(long t) {
        List<VmSample> rows = new ArrayList<>(slots.length);
        for (int i = 0; i < slots.length; i++) {
            VmSample v = sampleAt(i, t);
            if (v != null) {
                rows.add(v);
            }
        }
        return rows;
    }

    /** Creation and removal events with {@code from < time <= to}, ordered by time. */
    List<VmEvent> events(long from, long to) {
        List<VmEvent> out = new ArrayList<>();
        if (to <= from) {
            return out;
        }
        for (Slot s : slots) {
            long kFrom = periodIndex(s, from);
            long kTo = periodIndex(s, to);
            for (long k = kFrom; k <= kTo; k++) {
                Generation g = generation(s, k);
                if (g.createTime() > from && g.createTime() <= to) {
                    VmEvent.Type type = creationEventType(s, g);
                    if (type != null) {
                        Identity id = identity(s, g);
                        out.add(new VmEvent(type, g.createTime(), key, vmId(g, s), id.uuid(), id.name()));
                    }
                }
                if (g.deleteTime() > from && g.deleteTime() <= to
                        && SimHash.unit(g.hash(), 6) < REMOVAL_EVENT_PROBABILITY) {
                    Identity id = identity(s, g);
                    double form = SimHash.unit(g.hash(), 7);
                    // most removal events name the VM's managed object; a few carry only its UUID or name
                    String vmId = form < 0.9 ? vmId(g, s) : null;
                    String uuid = form >= 0.9 && form < 0.95 ? id.uuid() : null;
                    out.add(new VmEvent(VmEvent.Type.VM_REMOVED, g.deleteTime(), key, vmId, uuid, id.name()));
                }
            }
        }
        out.sort(Comparator.comparingLong(VmEvent::time));
        return out;
    }

    private static VmEvent.Type creationEventType(Slot s, Generation g) {
        if (g.reregistered()) {
            return VmEvent.Type.VM_REGISTERED;
        }
        double u = SimHash.unit(g.hash(), 8);
        if (s.kind == Kind.TEMPLATE) {
            return u < 0.7 ? VmEvent.Type.VM_CREATED : null;
        }
        if (u < 0.35) {
            return VmEvent.Type.VM_CLONED;
        } else if (u < 0.6) {
            return VmEvent.Type.VM_DEPLOYED;
        } else if (u < 0.85) {
            return VmEvent.Type.VM_CREATED;
        }
        return null; // aged out of the event log
    }
}
