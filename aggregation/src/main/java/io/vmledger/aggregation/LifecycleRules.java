package io.vmledger.aggregation;

import io.vmledger.api.LifecycleEntry;

/**
 * The {@code CreationTime} and {@code DeletionTime} rules of semantics section 4, shared by the daily
 * and the hourly-based monthly aggregators (the SQL strategies implement the same rules in SQL).
 */
public final class LifecycleRules {

    private LifecycleRules() {
    }

    /**
     * The lifecycle entry as it applies to a period starting at {@code periodStart}: null when it records a
     * deletion before the period began. A VM present in the period cannot have such an entry while
     * reconciliation is up to date (a reappearing VM clears its deletion); when one is there anyway it
     * describes an earlier life, and every path ignores it alike. This also lets the Java path read only
     * {@code LifecycleStore.liveOrDeletedSince(vcenter, periodStart)}.
     */
    public static LifecycleEntry applicable(LifecycleEntry lifecycle, long periodStart) {
        if (lifecycle == null || lifecycle.deletionTime() == null || lifecycle.deletionTime() >= periodStart) {
            return lifecycle;
        }
        return null;
    }

    /**
     * The earliest non-null creation time known: the lifecycle cache's (all history) or the earliest
     * reported in the period's rows; else the lifecycle {@code FirstSeen}; else, for a VM the cache does
     * not know, its first sample of the period.
     *
     * @param lifecycle     the VM's lifecycle entry, or null
     * @param minReported   the smallest non-null {@code CreationTime} of the period's rows, or null
     * @param firstSample   the VM's first sample time in the period
     */
    public static long creationTime(LifecycleEntry lifecycle, Long minReported, long firstSample) {
        Long known = lifecycle == null ? null : lifecycle.creationTime();
        if (known != null && minReported != null) {
            return Math.min(known, minReported);
        }
        if (known != null) {
            return known;
        }
        if (minReported != null) {
            return minReported;
        }
        return lifecycle != null ? lifecycle.firstSeen() : firstSample;
    }

    /**
     * The lifecycle deletion time when it lies after {@code lastSample} (this covers a deletion learnt
     * from an event, and one in the day's last hour learnt when the next day's first snapshot was
     * reconciled); otherwise the first snapshot of the vCenter after {@code lastSample} inside the day;
     * otherwise (the VM is in the vCenter's last snapshot of the day) null.
     *
     * @param lifecycle  the VM's lifecycle entry, or null
     * @param lastSample the VM's last sample time in the day
     * @param snapshots  the vCenter's snapshots (at least those of the day)
     * @param dayEnd     end of the day of {@code lastSample} (exclusive)
     */
    public static Long deletionTime(LifecycleEntry lifecycle, long lastSample, VcenterSnapshots snapshots,
                                    long dayEnd) {
        if (lifecycle != null && lifecycle.deletionTime() != null && lifecycle.deletionTime() > lastSample) {
            return lifecycle.deletionTime();
        }
        long next = snapshots.firstAfter(lastSample, dayEnd);
        return next < 0 ? null : next;
    }
}
