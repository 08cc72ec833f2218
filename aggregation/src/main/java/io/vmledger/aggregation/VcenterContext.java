package io.vmledger.aggregation;

import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.storage.spi.Storage;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What the hourly aggregators need about a vCenter before they see its VM groups: its snapshots in the
 * period, its lifecycle cache entries by VM key, and its first snapshot after the period.
 */
public record VcenterContext(VcenterSnapshots snapshots, Map<String, LifecycleEntry> lifecycle, NextSnapshot next) {

    public VcenterContext {
        Objects.requireNonNull(snapshots, "snapshots");
        Objects.requireNonNull(lifecycle, "lifecycle");
        Objects.requireNonNull(next, "next");
    }

    /** The context of {@code vcenter} for {@code period}, as the stores hold it. */
    public static VcenterContext read(Storage storage, String vcenter, TimeWindow period) {
        OptionalLong after = storage.hourly().firstSnapshotAtOrAfter(vcenter, period.end());
        NextSnapshot next = after.isEmpty() ? NextSnapshot.NONE : NextSnapshot.of(after.getAsLong(),
                () -> storage.hourly().snapshot(vcenter, after.getAsLong()).stream().map(VmSample::key).toList());
        return new VcenterContext(VcenterSnapshots.of(vcenter, storage.hourly().snapshotTimes(vcenter, period)),
                storage.lifecycle().liveOrDeletedSince(vcenter, period.start()), next);
    }

    /**
     * The DeletionTime of a VM whose last sample in the period ending at {@code periodEnd} is
     * {@code lastSample} ({@link LifecycleRules#deletionTime}).
     *
     * @param lifecycle the VM's applicable lifecycle entry, or null
     */
    Long deletionTime(String vmKey, LifecycleEntry lifecycle, long lastSample, long periodEnd) {
        long n = snapshots.firstAfter(lastSample, periodEnd);
        if (n < 0) {
            n = next.time();
        }
        long nextTime = n;
        // inside the period the VM has no row after its last sample, so it is missing from N
        return LifecycleRules.deletionTime(lifecycle, lastSample, nextTime,
                () -> nextTime >= periodEnd && next.contains(vmKey));
    }
}
