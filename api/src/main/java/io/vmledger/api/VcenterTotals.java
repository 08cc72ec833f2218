package io.vmledger.api;

import java.math.BigDecimal;

/**
 * Totals of one vCenter snapshot, templates excluded: a row of {@code vcenter_totals}
 * (and of {@code vcenter_latest_totals} for the newest snapshot).
 */
public record VcenterTotals(
        String vcenter,
        long snapshotTime,
        int vmCount,
        int poweredOnCount,
        long vcpuTotal,
        double ramTotalGb,
        double diskTotalGb) {

    /**
     * Sums the non-template rows of one snapshot. RAM and disk are summed exactly and rounded once, so
     * the totals do not depend on the order of the rows: capture passes them in the source's order,
     * repair in VM key order, and both must store the same bits.
     */
    public static VcenterTotals of(String vcenter, long snapshotTime, Iterable<VmSample> rows) {
        int vms = 0;
        int on = 0;
        long vcpu = 0;
        BigDecimal ram = BigDecimal.ZERO;
        BigDecimal disk = BigDecimal.ZERO;
        for (VmSample s : rows) {
            if (s.template()) {
                continue;
            }
            vms++;
            if (s.poweredOn()) {
                on++;
            }
            vcpu += s.vcpuCount();
            ram = ram.add(new BigDecimal(s.ramGb()));
            disk = disk.add(new BigDecimal(s.provisionedDiskGb()));
        }
        return new VcenterTotals(vcenter, snapshotTime, vms, on, vcpu, ram.doubleValue(), disk.doubleValue());
    }
}
