package io.vmledger.aggregation;

import io.vmledger.api.AggregationPath;
import io.vmledger.api.DeletionSource;
import io.vmledger.api.Granularity;
import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.PowerState;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.VcenterTotals;
import io.vmledger.api.VmSample;
import io.vmledger.api.VmSummary;
import io.vmledger.api.settings.AggregationPathSetting;
import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.SummaryQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A vCenter whose first capture after a day comes late: the day's {@code DeletionTime} rule (semantics
 * section 4) reads each vCenter's first snapshot after the day, so the day, and its month once complete,
 * are aggregated again when that capture arrives, and then hold what a later repair writes.
 *
 * <p>{@code vc-on} is captured every hour. {@code vc-late} misses its captures at 00:00, 01:00 and 02:00 of
 * April 1st; its 03:00 capture finds {@code gone-evt} deleted (a deletion event at 23:40 on March 31st) and
 * {@code gone-obs} gone without an event.
 */
class LateCaptureAggregationTest {
    private static final LocalDate DAY = LocalDate.of(2024, 3, 31);
    private static final YearMonth MONTH = YearMonth.of(2024, 3);
    private static final String ON = "vc-on";
    private static final String LATE = "vc-late";
    private static final long D = epoch("2024-03-31T00:00:00Z");
    private static final long APRIL = epoch("2024-04-01T00:00:00Z");
    private static final long EVENT = D + 23 * 3600 + 40 * 60;

    @TempDir
    Path dir;
    private Storage storage;
    private final Map<String, LifecycleEntry> lifecycle = new HashMap<>();

    @AfterEach
    void close() {
        if (storage != null) {
            storage.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = AggregationPath.class, names = {"JAVA", "SQL"})
    void aLateFirstCaptureAfterADayAggregatesTheDayAndItsMonthAgain(AggregationPath path) {
        Settings settings = open(path);
        captureMarch31();
        capture(ON, APRIL, "on-1");

        assertEquals(List.of("daily 2024-03-31", "monthly 2024-03"), runs(scheduled(settings, APRIL + 60).afterCapture(APRIL)));
        // no snapshot of vc-late after the day yet: its VMs are still there as far as anyone knows
        assertNull(deletionOn("gone-evt"));
        assertNull(deletionOn("gone-obs"));

        for (int h = 1; h <= 2; h++) {
            capture(ON, APRIL + h * 3600L, "on-1");
            assertEquals(List.of(), runs(scheduled(settings, APRIL + h * 3600L + 60).afterCapture(APRIL + h * 3600L)),
                    "vc-late still missing at hour " + h);
        }
        long late = APRIL + 3 * 3600;
        captureLate(late);

        assertEquals(List.of("daily 2024-03-31", "monthly 2024-03"), runs(scheduled(settings, late + 60).afterCapture(late)));
        assertLateDeletions();
        assertRegeneratingChangesNothing(settings, path, late + 7200);

        capture(ON, late + 3600, "on-1");
        capture(LATE, late + 3600, "keep");
        assertEquals(List.of(), runs(scheduled(settings, late + 3660).afterCapture(late + 3600)));
    }

    @Test
    void aStartUpAfterTheLateCaptureWithoutItsAggregationCatchesUp() {
        Settings settings = open(AggregationPath.JAVA);
        captureMarch31();
        capture(ON, APRIL, "on-1");
        assertEquals(List.of("daily 2024-03-31", "monthly 2024-03"), runs(scheduled(settings, APRIL + 60).afterCapture(APRIL)));
        long late = APRIL + 3 * 3600;
        captureLate(late);

        // the service stopped between the capture and its aggregation; the next start catches up
        ScheduledAggregation restarted = scheduled(settings, late + 1800);
        assertEquals(List.of("daily 2024-03-31", "monthly 2024-03"), runs(restarted.catchUp(false)));
        assertLateDeletions();
        assertEquals(List.of(), runs(restarted.catchUp(false)), "nothing left to do at the next start");
    }

    private Settings open(AggregationPath path) {
        Settings settings = Settings.defaults().toBuilder().aggregationPath(AggregationPathSetting.parse(path.wire())).build();
        storage = SqliteStores.open(dir, settings);
        return settings;
    }

    private ScheduledAggregation scheduled(Settings settings, long nowSeconds) {
        return new ScheduledAggregation(storage, settings, Clock.fixed(Instant.ofEpochSecond(nowSeconds), ZoneOffset.UTC));
    }

    private void captureMarch31() {
        for (int h = 0; h < 24; h++) {
            capture(ON, D + h * 3600L, "on-1");
            capture(LATE, D + h * 3600L, "keep", "gone-evt", "gone-obs");
        }
    }

    /** vc-late's first capture of April, at {@code time}, and the deletions it learns. */
    private void captureLate(long time) {
        capture(LATE, time, "keep");
        delete("gone-evt", EVENT, DeletionSource.EVENT);
        delete("gone-obs", time, DeletionSource.OBSERVED);
    }

    private void assertLateDeletions() {
        assertEquals(EVENT, deletionOn("gone-evt"), "the event between the day's last snapshot and the next");
        assertEquals(APRIL + 3 * 3600, deletionOn("gone-obs"), "the late capture that found it gone");
        assertNull(deletionOn("keep"));
        assertEquals(EVENT, monthly("gone-evt").deletionTime(), "the month takes its last day's deletion");
        assertEquals(APRIL + 3 * 3600, monthly("gone-obs").deletionTime());
    }

    /** A repair of the day and the month later on writes exactly what the scheduled runs wrote. */
    private void assertRegeneratingChangesNothing(Settings settings, AggregationPath path, long nowSeconds) {
        List<VmSummary> day = storage.rollups().daily(D, SummaryQuery.all()).items();
        List<VmSummary> month = storage.rollups().monthly(MONTH, SummaryQuery.all()).items();
        Clock later = Clock.fixed(Instant.ofEpochSecond(nowSeconds), ZoneOffset.UTC);
        new DailyAggregationJob(storage, settings, later).run(DAY, path);
        new MonthlyAggregationJob(storage, settings, later).run(MONTH, path, Settings.MonthlyGranularity.DAILY);
        assertEquals(day, storage.rollups().daily(D, SummaryQuery.all()).items());
        assertEquals(month, storage.rollups().monthly(MONTH, SummaryQuery.all()).items());
    }

    private Long deletionOn(String vmId) {
        return storage.rollups().daily(D, SummaryQuery.all()).items().stream()
                .filter(s -> s.vmId().equals(vmId)).findFirst().orElseThrow().deletionTime();
    }

    private VmSummary monthly(String vmId) {
        return storage.rollups().monthly(MONTH, SummaryQuery.all()).items().stream()
                .filter(s -> s.vmId().equals(vmId)).findFirst().orElseThrow();
    }

    /** Stores a snapshot as the capture pipeline does: rows, registry record, totals, lifecycle. */
    private void capture(String vcenter, long time, String... vmIds) {
        List<VmSample> rows = new ArrayList<>();
        for (String id : vmIds) {
            rows.add(new VmSample(time, vcenter, id, "uuid-" + vcenter + "-" + id, id, D - 86_400, null, "Gold",
                    "dc-1", "cl-1", "/prod", 2, 4.0, 40.0, PowerState.POWERED_ON, false));
            lifecycle.merge(vcenter + "/" + id,
                    new LifecycleEntry(vcenter, id, id, "uuid-" + vcenter + "-" + id, id, time, time, D - 86_400, null, null),
                    (old, now) -> new LifecycleEntry(vcenter, id, id, old.vmUuid(), id, old.firstSeen(), time,
                            old.creationTime(), null, null));
        }
        storage.hourly().replaceSnapshot(vcenter, time, rows);
        storage.registry().register(new SnapshotRecord(Granularity.HOURLY, time, vcenter, rows.size(), null));
        storage.totals().putSnapshotTotals(VcenterTotals.of(vcenter, time, rows));
        storage.lifecycle().upsert(lifecycle.values());
    }

    private void delete(String vmId, long time, DeletionSource source) {
        LifecycleEntry e = lifecycle.get(LATE + "/" + vmId);
        lifecycle.put(LATE + "/" + vmId, new LifecycleEntry(LATE, vmId, vmId, e.vmUuid(), vmId, e.firstSeen(),
                e.lastSeen(), e.creationTime(), time, source));
        storage.lifecycle().upsert(lifecycle.values());
    }

    private static List<String> runs(List<AggregationResult> results) {
        return results.stream().map(r -> r.granularity().wire() + " " + r.period()).toList();
    }

    private static long epoch(String instant) {
        return Instant.parse(instant).getEpochSecond();
    }
}
