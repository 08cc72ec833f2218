package io.vmledger.aggregation;

import java.util.Arrays;
import java.util.List;

/**
 * The snapshot times of one vCenter inside a period, ascending. A snapshot is a stored capture run
 * {@code (V, T)}, whatever it contains (templates only, or no VM at all): {@code TotalSamples} counts
 * these, so that a VM missing from a capture counts as absent from it.
 */
public final class VcenterSnapshots {
    private final String vcenter;
    private final long[] times;

    public VcenterSnapshots(String vcenter, long[] ascendingTimes) {
        this.vcenter = vcenter;
        this.times = ascendingTimes.clone();
        for (int i = 1; i < times.length; i++) {
            if (times[i] <= times[i - 1]) {
                throw new IllegalArgumentException("snapshot times of " + vcenter + " are not strictly ascending at "
                        + times[i]);
            }
        }
    }

    public static VcenterSnapshots of(String vcenter, List<Long> ascendingTimes) {
        long[] t = new long[ascendingTimes.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = ascendingTimes.get(i);
        }
        return new VcenterSnapshots(vcenter, t);
    }

    public String vcenter() {
        return vcenter;
    }

    public int count() {
        return times.length;
    }

    public boolean isEmpty() {
        return times.length == 0;
    }

    public boolean contains(long time) {
        return Arrays.binarySearch(times, time) >= 0;
    }

    /** Snapshots inside {@code [start, end)}. */
    public int countIn(long start, long end) {
        return lowerBound(end) - lowerBound(start);
    }

    /** The first snapshot time after {@code time} and before {@code end}, or -1 when there is none. */
    public long firstAfter(long time, long end) {
        int i = lowerBound(time + 1);
        return i < times.length && times[i] < end ? times[i] : -1;
    }

    /** Index of the first time {@code >= value}. */
    private int lowerBound(long value) {
        int i = Arrays.binarySearch(times, value);
        return i >= 0 ? i : -i - 1;
    }
}
