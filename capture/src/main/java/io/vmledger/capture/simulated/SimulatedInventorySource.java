package io.vmledger.capture.simulated;

import io.vmledger.api.VmEvent;
import io.vmledger.api.settings.Settings;
import io.vmledger.capture.CaptureException;
import io.vmledger.capture.Inventory;
import io.vmledger.capture.InventorySource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A deterministic, seeded inventory for demos, tests and benchmarks: several vCenters of different
 * sizes ({@code vc01.sim.example.com}, ...) whose VMs are created, deleted, re-registered, resized,
 * moved between pools and powered on and off as time passes. The inventory at any instant is a pure
 * function of (seed, vCenter, time): capturing the same time twice gives identical rows, any hour can
 * be computed without computing the ones before it, and {@link #events} agrees with {@link #capture}.
 * See {@code docs/capture.md} for the model.
 */
public final class SimulatedInventorySource implements InventorySource {
    /** Domain of the simulated vCenter host names. */
    public static final String DOMAIN = "sim.example.com";
    /** Relative sizes of successive vCenters: the first has exactly the configured size. */
    private static final double[] SIZE_FACTORS = {1.0, 0.55, 1.45, 0.8, 1.2};

    private final Map<String, SimulatedVcenter> vcenters = new LinkedHashMap<>();

    /**
     * @param vcenterCount  number of vCenters, at least 1
     * @param vmsPerVcenter VM slots of the first vCenter (about as many VMs are present at any time);
     *                      the others are scaled by 1.0, 0.55, 1.45, 0.8, 1.2 in turn
     * @param seed          the seed every choice derives from
     */
    public SimulatedInventorySource(int vcenterCount, int vmsPerVcenter, long seed) {
        if (vcenterCount < 1) {
            throw new IllegalArgumentException("at least one simulated vCenter is needed, got " + vcenterCount);
        }
        if (vmsPerVcenter < 1) {
            throw new IllegalArgumentException("at least one VM per simulated vCenter is needed, got " + vmsPerVcenter);
        }
        for (int n = 1; n <= vcenterCount; n++) {
            String key = vcenterKey(n);
            int size = (int) Math.max(1, Math.round(vmsPerVcenter * SIZE_FACTORS[(n - 1) % SIZE_FACTORS.length]));
            vcenters.put(key, new SimulatedVcenter(seed, n, key, size));
        }
    }

    /** The source the {@code inventory.simulated.*} settings describe. */
    public static SimulatedInventorySource of(Settings.InventorySettings settings) {
        return new SimulatedInventorySource(settings.simulatedVcenters(), settings.simulatedVmsPerVcenter(),
                settings.simulatedSeed());
    }

    /** Host name of the n-th (1-based) simulated vCenter, e.g. {@code vc01.sim.example.com}. */
    public static String vcenterKey(int number) {
        return String.format(Locale.ROOT, "vc%02d.%s", number, DOMAIN);
    }

    @Override
    public List<String> vcenters() {
        return new ArrayList<>(vcenters.keySet());
    }

    /** Number of VM slots of a vCenter (the VM count hovers just below it). */
    public int slotCount(String vcenter) {
        return vcenter(vcenter).slotCount();
    }

    @Override
    public Inventory capture(String vcenter, long snapshotTime) {
        SimulatedVcenter vc = vcenter(vcenter);
        requireSimulatedTime(snapshotTime);
        return new Inventory(vcenter, snapshotTime, vc.capture(snapshotTime), 0);
    }

    @Override
    public List<VmEvent> events(String vcenter, long fromExclusive, long toInclusive) {
        SimulatedVcenter vc = vcenter(vcenter);
        requireSimulatedTime(toInclusive);
        return vc.events(Math.max(fromExclusive, SimulatedVcenter.BASE_EPOCH - 1), toInclusive);
    }

    private SimulatedVcenter vcenter(String key) {
        SimulatedVcenter vc = vcenters.get(key);
        if (vc == null) {
            throw new CaptureException("unknown vCenter '" + key + "'; the simulated inventory has "
                    + String.join(", ", vcenters.keySet()));
        }
        return vc;
    }

    private static void requireSimulatedTime(long time) {
        if (time < SimulatedVcenter.BASE_EPOCH) {
            throw new CaptureException("the simulated inventory starts at "
                    + Instant.ofEpochSecond(SimulatedVcenter.BASE_EPOCH) + "; " + Instant.ofEpochSecond(time)
                    + " is earlier");
        }
    }
}
