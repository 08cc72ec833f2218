package io.vmledger.api;

/**
 * Chargeable amounts in days of use: vCPU-days, RAM GB-days and disk GB-days, of one VM over a day or a
 * month, or summed over VMs. {@link ChargeBasis#of(VmSummary)} gives a row's amounts and
 * {@link ChargeBasis#totals} their sums: the one definition the web UI, the API's JSON and CSV and the
 * XLSX reports show.
 *
 * @param vcpuDays   vCPU-days
 * @param ramGbDays  RAM GB-days
 * @param diskGbDays provisioned disk GB-days
 */
public record Chargeable(double vcpuDays, double ramGbDays, double diskGbDays) {

    public static final Chargeable ZERO = new Chargeable(0, 0, 0);

    /** These amounts plus {@code other}'s. */
    public Chargeable plus(Chargeable other) {
        return new Chargeable(vcpuDays + other.vcpuDays, ramGbDays + other.ramGbDays, diskGbDays + other.diskGbDays);
    }
}
