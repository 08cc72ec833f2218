package io.vmledger.api;

import io.vmledger.api.VmSummary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Compares two sets of summary rows column by column, as the parity tests and the aggregation benchmark
 * do: keys, counts, times and texts must be equal; each floating-point column must agree within a
 * relative tolerance (the paths add the same values in different orders, and SQLite's {@code sum}
 * compensates rounding where a plain Java loop does not).
 */
public final class SummaryComparison {
    /** Tolerance for two paths computing the same day: a few units in the last place of a mean. */
    public static final double DAILY_TOLERANCE = 1e-12;
    /** Tolerance of semantics section 5 between monthly from daily rollups and monthly from hourly rows. */
    public static final double MONTHLY_TOLERANCE = 1e-9;

    private static final Comparator<VmSummary> ORDER =
            Comparator.comparing(VmSummary::vcenter).thenComparing(VmSummary::vmKey);
    private static final int MAX_EXAMPLES = 10;

    private SummaryComparison() {
    }

    /**
     * The outcome.
     *
     * @param leftRows   rows on the left
     * @param rightRows  rows on the right
     * @param mismatches rows that differ or exist on one side only
     * @param examples   up to ten descriptions of differences
     */
    public record Result(long leftRows, long rightRows, long mismatches, List<String> examples) {
        public Result {
            examples = List.copyOf(examples);
        }

        public boolean identical() {
            return mismatches == 0;
        }

        /** "identical" or a one-line account of the first difference. */
        public String verdict() {
            return identical() ? "identical" : mismatches + " rows differ, e.g. " + examples.get(0);
        }
    }

    public static Result compare(List<VmSummary> left, List<VmSummary> right, double relativeTolerance) {
        List<VmSummary> a = new ArrayList<>(left);
        List<VmSummary> b = new ArrayList<>(right);
        a.sort(ORDER);
        b.sort(ORDER);
        List<String> examples = new ArrayList<>();
        long mismatches = 0;
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            int c = i == a.size() ? 1 : j == b.size() ? -1 : ORDER.compare(a.get(i), b.get(j));
            String difference;
            if (c < 0) {
                difference = id(a.get(i)) + " only on the left";
                i++;
            } else if (c > 0) {
                difference = id(b.get(j)) + " only on the right";
                j++;
            } else {
                difference = difference(a.get(i), b.get(j), relativeTolerance);
                i++;
                j++;
            }
            if (difference != null) {
                mismatches++;
                if (examples.size() < MAX_EXAMPLES) {
                    examples.add(difference);
                }
            }
        }
        return new Result(left.size(), right.size(), mismatches, examples);
    }

    /** The first differing column of two rows of the same VM, or null when they agree. */
    public static String difference(VmSummary x, VmSummary y, double tol) {
        StringBuilder out = new StringBuilder();
        same(out, "periodStart", x.periodStart(), y.periodStart());
        same(out, "VmId", x.vmId(), y.vmId());
        same(out, "VmUuid", x.vmUuid(), y.vmUuid());
        same(out, "Name", x.name(), y.name());
        same(out, "SamplesPresent", x.samplesPresent(), y.samplesPresent());
        same(out, "TotalSamples", x.totalSamples(), y.totalSamples());
        close(out, "AvgIsPresent", x.avgIsPresent(), y.avgIsPresent(), tol);
        close(out, "AvgVcpuCount", x.avgVcpuCount(), y.avgVcpuCount(), tol);
        close(out, "AvgRamGB", x.avgRamGb(), y.avgRamGb(), tol);
        close(out, "AvgProvisionedDisk", x.avgProvisionedDisk(), y.avgProvisionedDisk(), tol);
        close(out, "PoolTinPct", x.poolTinPct(), y.poolTinPct(), tol);
        close(out, "PoolBronzePct", x.poolBronzePct(), y.poolBronzePct(), tol);
        close(out, "PoolSilverPct", x.poolSilverPct(), y.poolSilverPct(), tol);
        close(out, "PoolGoldPct", x.poolGoldPct(), y.poolGoldPct(), tol);
        close(out, "PoolOtherPct", x.poolOtherPct(), y.poolOtherPct(), tol);
        same(out, "FirstSample", x.firstSample(), y.firstSample());
        same(out, "LastSample", x.lastSample(), y.lastSample());
        same(out, "ResourcePool", x.resourcePool(), y.resourcePool());
        same(out, "VcpuCount", x.vcpuCount(), y.vcpuCount());
        close(out, "RamGB", x.ramGb(), y.ramGb(), tol);
        close(out, "ProvisionedDisk", x.provisionedDisk(), y.provisionedDisk(), tol);
        same(out, "PowerState", x.powerState(), y.powerState());
        same(out, "Datacenter", x.datacenter(), y.datacenter());
        same(out, "Cluster", x.cluster(), y.cluster());
        same(out, "Folder", x.folder(), y.folder());
        same(out, "CreationTime", x.creationTime(), y.creationTime());
        same(out, "DeletionTime", x.deletionTime(), y.deletionTime());
        return out.isEmpty() ? null : id(x) + ": " + out;
    }

    /** Whether two values agree within a relative tolerance (exactly when the tolerance is 0). */
    public static boolean close(double a, double b, double relativeTolerance) {
        if (a == b || (Double.isNaN(a) && Double.isNaN(b))) {
            return true;
        }
        return Math.abs(a - b) <= relativeTolerance * Math.max(Math.abs(a), Math.abs(b));
    }

    private static void same(StringBuilder out, String column, Object a, Object b) {
        if (out.isEmpty() && !Objects.equals(a, b)) {
            out.append(column).append(' ').append(a).append(" != ").append(b);
        }
    }

    private static void close(StringBuilder out, String column, double a, double b, double tol) {
        if (out.isEmpty() && !close(a, b, tol)) {
            out.append(column).append(' ').append(a).append(" != ").append(b);
        }
    }

    private static String id(VmSummary s) {
        return s.vcenter() + "/" + s.vmKey();
    }
}
