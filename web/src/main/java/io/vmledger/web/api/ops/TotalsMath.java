package io.vmledger.web.api.ops;

import io.vmledger.api.AggregateTotals;
import io.vmledger.api.Granularity;
import io.vmledger.api.VcenterTotals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongUnaryOperator;

/** Grouping snapshot totals into {@code vcenter_aggregate_totals} periods, as capture and aggregation do. */
final class TotalsMath {

    private TotalsMath() {
    }

    /** Start of the hour containing {@code t} in the report time zone (as the capture pipeline computes it). */
    static long hourStart(long t, ZoneId zone) {
        return Instant.ofEpochSecond(t).atZone(zone).truncatedTo(ChronoUnit.HOURS).toEpochSecond();
    }

    /** One aggregate row per period of one vCenter's snapshot totals; {@code periodOf} maps a time to its period start. */
    static List<AggregateTotals> group(String vcenter, Granularity granularity, List<VcenterTotals> series,
                                       LongUnaryOperator periodOf) {
        Map<Long, List<VcenterTotals>> byPeriod = new TreeMap<>();
        for (VcenterTotals t : series) {
            byPeriod.computeIfAbsent(periodOf.applyAsLong(t.snapshotTime()), k -> new ArrayList<>()).add(t);
        }
        List<AggregateTotals> out = new ArrayList<>(byPeriod.size());
        byPeriod.forEach((start, list) -> out.add(AggregateTotals.of(vcenter, granularity, start, list)));
        return out;
    }
}
