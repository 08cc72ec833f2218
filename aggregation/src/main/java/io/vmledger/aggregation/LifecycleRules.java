package io.vmledger.aggregation;

import io.vmledger.api.LifecycleEntry;

import java.util.function.BooleanSupplier;

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
     * The {@code DeletionTime} of a VM's row (semantics section 4, decision 0031). With {@code N} the
     * vCenter's first snapshot after {@code lastSample} (in the day or on a later day):
     * <ol>
     *   <li>the lifecycle deletion when it lies in {@code (lastSample, N]}: a removal event between the last
     *       sighting and the capture that found the VM gone, or that capture itself;</li>
     *   <li>otherwise {@code N} when the VM is missing from it, which it always is when {@code N} lies in the
     *       day; on a later day this is the deletion observed at the next day's first capture, also for a
     *       VM that came back later and so no longer has that deletion in the lifecycle cache;</li>
     *   <li>otherwise null: the VM is in snapshot {@code N}, or there is no later snapshot yet.</li>
     * </ol>
     * A deletion after {@code N} never counts, so a day's row does not depend on when it is computed.
     *
     * @param lifecycle     the VM's applicable lifecycle entry, or null
     * @param lastSample    the VM's last sample time in the day
     * @param next          {@code N}, or a negative value when the vCenter has no snapshot after {@code lastSample}
     * @param presentInNext whether snapshot {@code N} has a row of the VM; asked only when rule 1 does not apply
     */
    public static Long deletionTime(LifecycleEntry lifecycle, long lastSample, long next, BooleanSupplier presentInNext) {
        if (next < 0) {
            return null;
        }
        Long deleted = lifecycle == null ? null : lifecycle.deletionTime();
        if (deleted != null && deleted > lastSample && deleted <= next) {
            return deleted;
        }
        return presentInNext.getAsBoolean() ? null : next;
    }
}
