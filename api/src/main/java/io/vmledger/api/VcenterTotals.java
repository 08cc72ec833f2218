package io.vmledger.api;

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

    /** Sums the non-template rows of one snapshot. */
    public static VcenterTotals of(String vcenter, long snapshotTime, Iterable<VmSample> rows) {
        int vms = 0;
        int on = 0;
        long vcpu = 0;
        double ram = 0;
        double disk = 0;
        for (VmSample s : rows) {
            if (s.template()) {
                continue;
            }
            vms++;
            if (s.poweredOn()) {
                on++;
            }
            vcpu += s.vcpuCount();
            ram += s.ramGb();
            disk += s.provisionedDiskGb();
        }
        return new VcenterTotals(vcenter, snapshotTime, vms, on, vcpu, ram, disk);
    }
}
