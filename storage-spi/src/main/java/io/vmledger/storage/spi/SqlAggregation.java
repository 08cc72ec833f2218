package io.vmledger.storage.spi;

import io.vmledger.api.PoolTiers;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSummary;

import java.util.List;
import java.util.function.Consumer;

/**
 * A plugin's SQL aggregation, dialect-specific. Each method computes the summary rows of a period
 * in the database and streams them, ordered by vCenter and VM key; the aggregation module writes
 * them exactly as it writes the Java path's rows. Every method must produce the rows of semantics
 * sections 4 and 5, identical to the Java path (docs/aggregation.md states the precise rules,
 * and the aggregation module's test-jar holds the golden dataset every implementation must pass).
 */
public interface SqlAggregation {

    /**
     * Whether this SQL is the plugin's recorded default for scheduled aggregation, the path
     * {@code settings.aggregation_path: auto} runs: true only when the plugin's JMH figures met the
     * promotion rule of docs/decisions/0130-jmh-benchmarks-and-sql-promotion.md, which records them.
     * Each plugin answers for itself (the databases differ); there is no default.
     */
    boolean promoted();

    /** Daily rows of {@code day} from {@code vm_hourly_stats} (and the lifecycle cache). */
    void dailyCanonical(TimeWindow day, PoolTiers tiers, Consumer<VmSummary> sink);

    /** Daily rows of {@code day} from its {@code inventory_hourly_*} tables joined with {@code UNION ALL}. */
    void dailyLegacyUnion(TimeWindow day, PoolTiers tiers, Consumer<VmSummary> sink);

    /** Monthly rows of {@code month} from {@code vm_daily_rollup}. */
    void monthlyFromDaily(TimeWindow month, Consumer<VmSummary> sink);

    /**
     * Monthly rows of {@code month} straight from {@code vm_hourly_stats} (manual rebuilds, validation).
     * {@code days} are the month's days in the report time zone, ascending and contiguous: the monthly
     * {@code CreationTime} is the earliest of the daily ones and {@code DeletionTime} that of the VM's last
     * day present, each by the daily rules, which depend on day boundaries.
     */
    void monthlyFromHourly(TimeWindow month, List<TimeWindow> days, PoolTiers tiers, Consumer<VmSummary> sink);
}
