package io.vmledger.benchmarks.jmh.sqlite;

import io.vmledger.api.PowerState;
import io.vmledger.api.VmSample;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A deterministic fleet of VMs for measurements: {@code size} slots per vCenter, each holding one VM at a
 * time. About 3% of the slots turn over (a VM is deleted and a new one created) every 1 to 10 days; about
 * 1% of VMs move pool each hour and 0.5% change vCPU; 5% have no creation date, 1% are templates. Values
 * are computed from hashes, so any hour can be generated without the ones before it.
 */
final class SyntheticFleet {
    private static final String[] POOLS = {"Tin", "Bronze", "Silver", "Gold", "Dev-Sandbox"};
    private static final int[] VCPUS = {1, 2, 2, 4, 4, 8, 16};
    private static final long HOUR = 3600;

    private final int size;
    private final long seed;
    private final long epoch;

    /**
     * @param size  VMs per vCenter
     * @param seed  varies every value
     * @param epoch an hour boundary; hour indexes count from it
     */
    SyntheticFleet(int size, long seed, long epoch) {
        this.size = size;
        this.seed = seed;
        this.epoch = epoch;
    }

    public int size() {
        return size;
    }

    /** The snapshot time of hour {@code h}. */
    public long time(long h) {
        return epoch + h * HOUR;
    }

    /** The rows of {@code vcenter} at hour {@code h}, one per slot. */
    public List<VmSample> snapshot(String vcenter, long h) {
        long t = time(h);
        List<VmSample> rows = new ArrayList<>(size);
        for (int slot = 0; slot < size; slot++) {
            rows.add(vm(vcenter, t, h, slot));
        }
        return rows;
    }

    /** The VM id number living in {@code slot} at hour {@code h}. */
    public long vmNumber(int slot, long h) {
        long life = lifetimeHours(slot);
        long phase = mix(slot, 11) % life;
        long generation = Math.floorDiv(h + phase, life);
        return slot + (long) size * generation;
    }

    private long lifetimeHours(int slot) {
        long r = mix(slot, 7) % 100;
        return r < 3 ? 24 + mix(slot, 8) % 216 : 1L << 40;
    }

    private VmSample vm(String vcenter, long t, long h, int slot) {
        long id = vmNumber(slot, h);
        long base = mix(id, 1);
        String vmId = "vm-" + (10_000 + id);
        String uuid = new UUID(mix(id, 2), mix(id, 3)).toString();
        String name = "svc" + (base % 97) + "-" + String.format("%07d", id);
        Long created = base % 20 == 0 ? null : epoch - (mix(id, 4) % (400 * 24)) * HOUR;
        String pool = POOLS[(int) (mix(id, 5) % POOLS.length)];
        if (mix(id, h * 31 + 5) % 100 == 0) {
            pool = POOLS[(int) (mix(id, h) % POOLS.length)];
        }
        int vcpu = VCPUS[(int) (mix(id, 6) % VCPUS.length)];
        if (mix(id, h * 31 + 6) % 200 == 0) {
            vcpu *= 2;
        }
        double ram = vcpu * 4.0;
        double disk = 20 + mix(id, 9) % 2000 / 4.0;
        long p = mix(id, 10) % 100;
        PowerState power = p < 90 ? PowerState.POWERED_ON : p < 98 ? PowerState.POWERED_OFF : PowerState.SUSPENDED;
        boolean template = mix(id, 12) % 100 == 0;
        return new VmSample(t, vcenter, vmId, uuid, name, created, null, pool, "dc-" + (id % 3),
                "cluster-" + (id % 12), "folder-" + (id % 40), vcpu, ram, disk, template ? PowerState.POWERED_OFF : power,
                template);
    }

    /** A non-negative 63-bit hash of (a, b) and the seed (SplitMix64 finaliser). */
    private long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b * 0xC2B2AE3D27D4EB4FL + seed;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) >>> 1;
    }
}
