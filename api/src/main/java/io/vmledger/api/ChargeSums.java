package io.vmledger.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One vCenter's share of a set of summary rows, as the store sums it for the chargeable totals: the row count
 * and the sums of {@code AvgVcpuCount x AvgIsPresent}, {@code AvgRamGB x AvgIsPresent} and
 * {@code AvgProvisionedDisk x AvgIsPresent}. {@link ChargeBasis#totals} turns them into days by the vCenter's
 * days captured; summing per vCenter keeps that a single multiplication per vCenter, whatever the row count.
 *
 * @param vcenter the vCenter
 * @param rows    summary rows summed
 * @param vcpu    sum of {@code AvgVcpuCount x AvgIsPresent}
 * @param ramGb   sum of {@code AvgRamGB x AvgIsPresent}
 * @param diskGb  sum of {@code AvgProvisionedDisk x AvgIsPresent}
 */
public record ChargeSums(String vcenter, long rows, double vcpu, double ramGb, double diskGb) {

    /** The sums of {@code rows}, one per vCenter, ordered by vCenter (what a store without SQL sums computes). */
    public static List<ChargeSums> of(Iterable<VmSummary> rows) {
        Map<String, double[]> byVcenter = new TreeMap<>();
        for (VmSummary r : rows) {
            double[] s = byVcenter.computeIfAbsent(r.vcenter(), v -> new double[4]);
            s[0]++;
            s[1] += r.avgVcpuCount() * r.avgIsPresent();
            s[2] += r.avgRamGb() * r.avgIsPresent();
            s[3] += r.avgProvisionedDisk() * r.avgIsPresent();
        }
        List<ChargeSums> out = new ArrayList<>(byVcenter.size());
        byVcenter.forEach((v, s) -> out.add(new ChargeSums(v, (long) s[0], s[1], s[2], s[3])));
        return out;
    }
}
