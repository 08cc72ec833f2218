package io.vmledger.api;

/** A half-open interval {@code [start, end)} of epoch seconds. */
public record TimeWindow(long start, long end) {

    public TimeWindow {
        if (end < start) {
            throw new IllegalArgumentException("window end " + end + " is before its start " + start);
        }
    }

    public static TimeWindow all() {
        return new TimeWindow(Long.MIN_VALUE / 2, Long.MAX_VALUE / 2);
    }

    public boolean contains(long time) {
        return time >= start && time < end;
    }
}
