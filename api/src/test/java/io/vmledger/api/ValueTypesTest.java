package io.vmledger.api;

import io.vmledger.api.settings.AggregationPathSetting;
import io.vmledger.api.settings.Settings;
import io.vmledger.api.settings.SettingsException;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueTypesTest {

    @Test
    void identityFallsBackFromVmIdToUuidToName() {
        assertEquals("vm-12", VmIdentity.key("vm-12", "u-1", "web01"));
        assertEquals("uuid:u-1", VmIdentity.key(null, "u-1", "web01"));
        assertEquals("name:web01", VmIdentity.key(" ", null, "web01"));
        assertThrows(IllegalArgumentException.class, () -> VmIdentity.key(null, "", null));
    }

    @Test
    void poolsMatchTiersCaseInsensitivelyAndEverythingElseIsOther() {
        PoolTiers tiers = PoolTiers.defaults();
        assertEquals(0, tiers.classify("tin"));
        assertEquals(3, tiers.classify("GOLD"));
        assertEquals(PoolTiers.OTHER, tiers.classify("Gold-2"));
        assertEquals(PoolTiers.OTHER, tiers.classify(null));
        assertThrows(IllegalArgumentException.class, () -> new PoolTiers(List.of("a", "b", "c")));
        assertThrows(IllegalArgumentException.class, () -> new PoolTiers(List.of("a", "B", "b", "c")));
    }

    @Test
    void daysAndMonthsFollowTheReportTimeZoneAcrossDaylightSaving() {
        ReportCalendar paris = new ReportCalendar(ZoneId.of("Europe/Paris"));
        TimeWindow shortDay = paris.day(LocalDate.of(2026, 3, 29)); // clocks go forward: 23 hours
        assertEquals(23 * 3600, shortDay.end() - shortDay.start());
        TimeWindow longDay = paris.day(LocalDate.of(2026, 10, 25)); // clocks go back: 25 hours
        assertEquals(25 * 3600, longDay.end() - longDay.start());
        assertEquals(1_772_319_600L, paris.month(YearMonth.of(2026, 3)).start()); // 2026-03-01T00:00+01:00
        assertEquals(LocalDate.of(2026, 3, 1), paris.dateOf(1_772_319_600L));
        assertEquals(LocalDate.of(2026, 2, 28), paris.dateOf(1_772_319_599L));
        assertEquals(29, ReportCalendar.utc().daysOf(YearMonth.of(2028, 2)).size());
    }

    @Test
    void hoursAndDaysOfASnapshotTimeFollowTheReportTimeZone() {
        long t = 1_772_325_045L; // 2026-03-01T00:30:45Z = 01:30:45 in Paris
        assertEquals(1_772_323_200L, ReportCalendar.utc().hourStart(t));
        assertEquals(1_772_323_200L, new ReportCalendar(ZoneId.of("Europe/Paris")).hourStart(t));
        // India is 5:30 ahead: its hours start at half past the UTC hour
        assertEquals(1_772_323_200L + 1800, new ReportCalendar(ZoneId.of("Asia/Kolkata")).hourStart(t));
        assertEquals(1_772_323_200L, ReportCalendar.utc().dayStart(t));
        assertEquals(1_772_319_600L, new ReportCalendar(ZoneId.of("Europe/Paris")).dayStart(t));
    }

    @Test
    void windowsAreHalfOpen() {
        TimeWindow w = new TimeWindow(10, 20);
        assertTrue(w.contains(10));
        assertTrue(!w.contains(20));
        assertThrows(IllegalArgumentException.class, () -> new TimeWindow(20, 10));
    }

    @Test
    void totalsExcludeTemplatesAndAggregatesAverageThem() {
        VmSample on = sample("vm-1", 4, 8, 100, PowerState.POWERED_ON, false);
        VmSample off = sample("vm-2", 2, 4, 50, PowerState.POWERED_OFF, false);
        VmSample template = sample("vm-3", 8, 16, 200, PowerState.POWERED_OFF, true);
        VcenterTotals t1 = VcenterTotals.of("vc", 3600, List.of(on, off, template));
        assertEquals(new VcenterTotals("vc", 3600, 2, 1, 6, 12.0, 150.0), t1);
        VcenterTotals t2 = VcenterTotals.of("vc", 7200, List.of(on));
        AggregateTotals a = AggregateTotals.of("vc", Granularity.DAILY, 0, List.of(t1, t2));
        assertEquals(new AggregateTotals("vc", Granularity.DAILY, 0, 2, 1.5, 1.0, 5.0, 10.0, 125.0, 2), a);
        assertThrows(IllegalArgumentException.class, () -> AggregateTotals.of("vc", Granularity.DAILY, 0, List.of()));
    }

    @Test
    void settingsRejectOutOfRangeValuesNamingTheKey() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> Settings.defaults().toBuilder().captureWriteBatchSize(0).build());
        assertEquals(Settings.Keys.CAPTURE_WRITE_BATCH_SIZE, e.key());
        e = assertThrows(SettingsException.class,
                () -> new Settings.RetrySettings(3, 60, 30));
        assertEquals(Settings.Keys.RETRY_MAX_BACKOFF_SECONDS, e.key());
        assertEquals(2, new Settings.RetrySettings(5, 2, 30).backoffFor(1));
        assertEquals(8, new Settings.RetrySettings(5, 2, 30).backoffFor(3));
        assertEquals(30, new Settings.RetrySettings(5, 2, 30).backoffFor(10));
        e = assertThrows(SettingsException.class, () -> AggregationPathSetting.parse("python"));
        assertEquals("Invalid setting settings.aggregation_path = 'python': allowed: auto, java, sql", e.getMessage());
        // the legacy union is for manual runs: never the scheduled path
        e = assertThrows(SettingsException.class, () -> AggregationPathSetting.parse("legacy"));
        assertEquals(Settings.Keys.AGGREGATION_PATH, e.key());
        assertEquals(AggregationPathSetting.SQL, AggregationPathSetting.parse(" SQL "));
        assertEquals(Optional.of(AggregationPath.SQL), AggregationPathSetting.SQL.forced());
        assertEquals(Optional.of(AggregationPath.JAVA), AggregationPathSetting.JAVA.forced());
        // auto forces nothing: each storage plugin runs its recorded default (decision 0130)
        assertEquals(Optional.empty(), AggregationPathSetting.parse("Auto").forced());
        assertEquals(AggregationPathSetting.AUTO, Settings.defaults().aggregationPath());
    }

    private static VmSample sample(String id, int vcpu, double ram, double disk, PowerState state, boolean template) {
        return new VmSample(3600, "vc", id, null, id, null, null, "Tin", "dc", "cl", "f", vcpu, ram, disk, state, template);
    }
}
