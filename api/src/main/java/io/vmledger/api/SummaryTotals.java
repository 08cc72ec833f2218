package io.vmledger.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The count and the summed chargeable amounts ({@link ChargeBasis}) of a set of daily or monthly summary rows.
 *
 * @param rows         rows summed
 * @param amounts      their vCPU-days, RAM GB-days and disk GB-days
 * @param daysCaptured the days captured of each vCenter with rows among them, in vCenter order (1 for a day)
 */
public record SummaryTotals(long rows, Chargeable amounts, Map<String, Integer> daysCaptured) {

    public static final SummaryTotals NONE = new SummaryTotals(0, Chargeable.ZERO, Map.of());

    public SummaryTotals {
        Objects.requireNonNull(amounts, "amounts");
        daysCaptured = Collections.unmodifiableMap(new LinkedHashMap<>(daysCaptured));
    }

    public double vcpuDays() {
        return amounts.vcpuDays();
    }

    public double ramGbDays() {
        return amounts.ramGbDays();
    }

    public double diskGbDays() {
        return amounts.diskGbDays();
    }
}
