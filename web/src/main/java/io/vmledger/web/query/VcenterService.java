package io.vmledger.web.query;

import io.vmledger.api.AggregateTotals;
import io.vmledger.api.Granularity;
import io.vmledger.api.JobRun;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VcenterTotals;
import io.vmledger.capture.CapturePipeline;
import io.vmledger.storage.spi.HourlyStore;
import io.vmledger.storage.spi.JobRunStore;
import io.vmledger.storage.spi.TotalsStore;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The vCenters: which exist, their latest totals and last capture, and their totals series. */
public final class VcenterService {
    private final HourlyStore hourly;
    private final TotalsStore totals;
    private final JobRunStore jobs;
    private final Supplier<List<String>> configured;

    /**
     * @param configured the configured vCenters (those of the inventory source), in configuration order
     */
    public VcenterService(HourlyStore hourly, TotalsStore totals, JobRunStore jobs, Supplier<List<String>> configured) {
        this.hourly = hourly;
        this.totals = totals;
        this.jobs = jobs;
        this.configured = configured;
    }

    /** Configured vCenters first, in configuration order, then vCenters that only have stored data. */
    public List<String> known() {
        Set<String> all = new LinkedHashSet<>(configured.get());
        all.addAll(hourly.vcenters());
        all.addAll(totals.latest().stream().map(VcenterTotals::vcenter).toList());
        return new ArrayList<>(all);
    }

    public boolean isKnown(String vcenter) {
        return known().contains(vcenter);
    }

    /** Every known vCenter with its latest totals and last capture. */
    public List<Overview> overview() {
        return overview(known());
    }

    /** The given vCenters with their latest totals and last capture. */
    public List<Overview> overview(List<String> vcenters) {
        Set<String> configuredSet = Set.copyOf(configured.get());
        Map<String, VcenterTotals> latest = totals.latest().stream()
                .collect(Collectors.toMap(VcenterTotals::vcenter, Function.identity(), (a, b) -> a));
        return vcenters.stream()
                .map(v -> new Overview(v, configuredSet.contains(v), latest.get(v),
                        jobs.latest(CapturePipeline.JOB_TYPE, v).orElse(null)))
                .toList();
    }

    /**
     * One vCenter and what the service knows of it.
     *
     * @param latest      its newest snapshot's totals, or null before its first capture
     * @param lastCapture its newest capture job run, or null when none is recorded
     */
    public record Overview(String vcenter, boolean configured, VcenterTotals latest, JobRun lastCapture) {
    }

    /** The snapshot totals ({@code vcenter_totals}) of a vCenter over a window, ascending by time. */
    public List<VcenterTotals> hourly(String vcenter, TimeWindow window) {
        return totals.series(vcenter, window);
    }

    /** The daily or monthly aggregate totals of a vCenter whose period starts in the window. */
    public List<AggregateTotals> aggregates(String vcenter, Granularity granularity, TimeWindow window) {
        return totals.aggregates(vcenter, granularity, window);
    }

    /** A totals series at any granularity, as points. */
    public List<TotalsPoint> series(String vcenter, Granularity granularity, TimeWindow window) {
        return granularity == Granularity.HOURLY
                ? hourly(vcenter, window).stream().map(TotalsPoint::of).toList()
                : aggregates(vcenter, granularity, window).stream().map(TotalsPoint::of).toList();
    }

    /**
     * The daily totals of all vCenters together over a window: per day, the sum over vCenters of their
     * daily means. Days on which only some vCenters were aggregated sum only those.
     */
    public List<TotalsPoint> fleetDaily(TimeWindow window) {
        Map<Long, TotalsPoint> byDay = new TreeMap<>();
        for (String v : known()) {
            for (AggregateTotals a : totals.aggregates(v, Granularity.DAILY, window)) {
                byDay.merge(a.periodStart(), TotalsPoint.of(a), TotalsPoint::plus);
            }
        }
        return List.copyOf(byDay.values());
    }

    /** The newest snapshot time of any vCenter, or null when nothing was captured yet. */
    public Long newestSnapshot() {
        return totals.latest().stream().map(VcenterTotals::snapshotTime).max(Long::compare).orElse(null);
    }

    /**
     * One point of a totals series: a snapshot's totals, or the means of a period.
     *
     * @param time      snapshot time or period start, epoch seconds
     * @param snapshots snapshots the point covers (1 for a snapshot)
     */
    public record TotalsPoint(long time, int snapshots, double vms, double poweredOn, double vcpu, double ramGb,
                              double diskGb) {
        static TotalsPoint of(VcenterTotals t) {
            return new TotalsPoint(t.snapshotTime(), 1, t.vmCount(), t.poweredOnCount(), t.vcpuTotal(),
                    t.ramTotalGb(), t.diskTotalGb());
        }

        static TotalsPoint of(AggregateTotals a) {
            return new TotalsPoint(a.periodStart(), a.snapshotCount(), a.avgVmCount(), a.avgPoweredOnCount(),
                    a.avgVcpuTotal(), a.avgRamTotalGb(), a.avgDiskTotalGb());
        }

        TotalsPoint plus(TotalsPoint o) {
            return new TotalsPoint(time, snapshots + o.snapshots, vms + o.vms, poweredOn + o.poweredOn,
                    vcpu + o.vcpu, ramGb + o.ramGb, diskGb + o.diskGb);
        }
    }
}
