package io.vmledger.aggregation;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A vCenter's first snapshot after an aggregation period, which the {@code DeletionTime} rule needs for
 * the VMs of the period's last snapshot (semantics section 4, decision 0031): such a VM was deleted at
 * that snapshot when it is missing from it. The VM keys of the snapshot are read once, when a rule
 * first asks for them.
 */
public final class NextSnapshot {
    /** The vCenter has no snapshot after the period (yet). */
    public static final NextSnapshot NONE = new NextSnapshot(-1, Set::of);

    private final long time;
    private final Supplier<? extends Collection<String>> keys;
    private Set<String> loaded;

    private NextSnapshot(long time, Supplier<? extends Collection<String>> keys) {
        this.time = time;
        this.keys = keys;
    }

    /**
     * @param time the snapshot's time
     * @param keys the VM keys of its rows, templates included (a VM turned into a template is still there)
     */
    public static NextSnapshot of(long time, Supplier<? extends Collection<String>> keys) {
        if (time < 0) {
            throw new IllegalArgumentException("snapshot time " + time + " is negative");
        }
        return new NextSnapshot(time, Objects.requireNonNull(keys, "keys"));
    }

    /** The snapshot's time, or -1 when there is none. */
    public long time() {
        return time;
    }

    /** Whether the snapshot has a row of {@code vmKey}; false when there is no snapshot. */
    public boolean contains(String vmKey) {
        if (time < 0) {
            return false;
        }
        if (loaded == null) {
            loaded = Set.copyOf(keys.get());
        }
        return loaded.contains(vmKey);
    }
}
