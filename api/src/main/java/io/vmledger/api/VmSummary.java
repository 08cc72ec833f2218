package io.vmledger.api;

import java.util.Objects;

/**
 * One VM over one period: a row of {@code vm_daily_rollup} / {@code inventory_daily_summary_YYYYMMDD}
 * (period = day) or of {@code inventory_monthly_summary_YYYYMM} (period = month).
 * Column meanings are those of semantics sections 4 and 5; {@link ChargeBasis#of} gives its chargeable amounts.
 */
public record VmSummary(
        long periodStart,
        String vcenter,
        String vmKey,
        String vmId,
        String vmUuid,
        String name,
        long samplesPresent,
        long totalSamples,
        double avgIsPresent,
        double avgVcpuCount,
        double avgRamGb,
        double avgProvisionedDisk,
        double poolTinPct,
        double poolBronzePct,
        double poolSilverPct,
        double poolGoldPct,
        double poolOtherPct,
        long firstSample,
        long lastSample,
        String resourcePool,
        int vcpuCount,
        double ramGb,
        double provisionedDisk,
        PowerState powerState,
        String datacenter,
        String cluster,
        String folder,
        Long creationTime,
        Long deletionTime) {

    public VmSummary {
        Objects.requireNonNull(vcenter, "vcenter");
        Objects.requireNonNull(vmKey, "vmKey");
    }

    /** Pool percentage by tier index (0..3 tiers, 4 other). */
    public double poolPct(int tier) {
        return switch (tier) {
            case 0 -> poolTinPct;
            case 1 -> poolBronzePct;
            case 2 -> poolSilverPct;
            case 3 -> poolGoldPct;
            case 4 -> poolOtherPct;
            default -> throw new IllegalArgumentException("tier " + tier);
        };
    }
}
