package io.vmledger.storage.spi.golden;

import io.vmledger.api.PoolTiers;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSummary;
import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.PeriodWriter;
import io.vmledger.storage.spi.SqlAggregation;
import io.vmledger.storage.spi.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.vmledger.storage.spi.golden.GoldenAssert.assertRows;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The golden dataset through a storage plugin's {@link SqlAggregation}: every SQL strategy must give the
 * hand-computed rows. A plugin runs it by extending this class and opening an empty store of its kind.
 */
public abstract class AbstractSqlAggregationGoldenTest {
    protected static final ReportCalendar UTC = ReportCalendar.utc();

    private Storage storage;

    /** Opens an empty store with these settings (compatibility mode on, UTC, default tiers). */
    protected abstract Storage openEmptyStorage(Settings settings);

    @BeforeEach
    void loadDataset() {
        storage = openEmptyStorage(Settings.defaults().toBuilder().snapshotTableCompatMode(true).build());
        GoldenLoader.load(storage, true);
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    private SqlAggregation sql() {
        return storage.sqlAggregation().orElseThrow(() -> new AssertionError(
                "the " + storage.providerName() + " plugin offers no SQL aggregation"));
    }

    @Test
    void canonicalDailyRowsMatchTheGoldenRows() {
        assertRows("canonical SQL " + GoldenDataset.DAY, GoldenDataset.expectedDay(),
                collect(s -> sql().dailyCanonical(UTC.day(GoldenDataset.DAY), PoolTiers.defaults(), s)));
        assertRows("canonical SQL " + GoldenDataset.NEXT_DAY, GoldenDataset.expectedNextDay(),
                collect(s -> sql().dailyCanonical(UTC.day(GoldenDataset.NEXT_DAY), PoolTiers.defaults(), s)));
        assertRows("canonical SQL " + GoldenDataset.THIRD_DAY, GoldenDataset.expectedThirdDay(),
                collect(s -> sql().dailyCanonical(UTC.day(GoldenDataset.THIRD_DAY), PoolTiers.defaults(), s)));
    }

    @Test
    void legacyUnionDailyRowsMatchTheGoldenRows() {
        assertRows("legacy union " + GoldenDataset.DAY, GoldenDataset.expectedDay(),
                collect(s -> sql().dailyLegacyUnion(UTC.day(GoldenDataset.DAY), PoolTiers.defaults(), s)));
        assertRows("legacy union " + GoldenDataset.NEXT_DAY, GoldenDataset.expectedNextDay(),
                collect(s -> sql().dailyLegacyUnion(UTC.day(GoldenDataset.NEXT_DAY), PoolTiers.defaults(), s)));
        assertRows("legacy union " + GoldenDataset.THIRD_DAY, GoldenDataset.expectedThirdDay(),
                collect(s -> sql().dailyLegacyUnion(UTC.day(GoldenDataset.THIRD_DAY), PoolTiers.defaults(), s)));
    }

    /**
     * The 14th as the scheduled run computed it, right after the 15th's first capture (no later rows,
     * the lifecycle cache of that moment), gives the same rows as computing it now, on both paths.
     */
    @Test
    void dailyRowsAreTheSameWhenComputedOnSchedule() {
        storage.close();
        storage = openEmptyStorage(Settings.defaults().toBuilder().snapshotTableCompatMode(true).build());
        GoldenLoader.loadAtScheduledRun(storage, true);
        assertRows("canonical SQL " + GoldenDataset.DAY + " on schedule", GoldenDataset.expectedDay(),
                collect(s -> sql().dailyCanonical(UTC.day(GoldenDataset.DAY), PoolTiers.defaults(), s)));
        assertRows("legacy union " + GoldenDataset.DAY + " on schedule", GoldenDataset.expectedDay(),
                collect(s -> sql().dailyLegacyUnion(UTC.day(GoldenDataset.DAY), PoolTiers.defaults(), s)));
    }

    @Test
    void monthlyFromHourlyRowsMatchTheGoldenRows() {
        TimeWindow month = UTC.month(GoldenDataset.MONTH);
        List<TimeWindow> days = UTC.daysOf(GoldenDataset.MONTH).stream().map(UTC::day).toList();
        assertRows("SQL monthly from hourly", GoldenDataset.expectedMonth(),
                collect(s -> sql().monthlyFromHourly(month, days, PoolTiers.defaults(), s)));
    }

    @Test
    void monthlyFromDailyRowsMatchTheGoldenRows() {
        writeDaily(GoldenDataset.DAY, GoldenDataset.expectedDay());
        writeDaily(GoldenDataset.NEXT_DAY, GoldenDataset.expectedNextDay());
        writeDaily(GoldenDataset.THIRD_DAY, GoldenDataset.expectedThirdDay());
        assertRows("SQL monthly from daily", GoldenDataset.expectedMonth(),
                collect(s -> sql().monthlyFromDaily(UTC.month(GoldenDataset.MONTH), s)));
    }

    @Test
    void rowsComeOrderedByVcenterAndKey() {
        List<VmSummary> rows = collect(s -> sql().dailyCanonical(UTC.day(GoldenDataset.DAY), PoolTiers.defaults(), s));
        List<String> keys = rows.stream().map(r -> r.vcenter() + "\u0000" + r.vmKey()).toList();
        assertEquals(keys.stream().sorted().toList(), keys);
    }

    private void writeDaily(java.time.LocalDate day, List<VmSummary> rows) {
        try (PeriodWriter out = storage.rollups().beginDaily(day, UTC.startOf(day), false)) {
            rows.forEach(out::add);
            out.commit();
        }
    }

    private static List<VmSummary> collect(java.util.function.Consumer<java.util.function.Consumer<VmSummary>> run) {
        List<VmSummary> out = new ArrayList<>();
        run.accept(out::add);
        return out;
    }
}
