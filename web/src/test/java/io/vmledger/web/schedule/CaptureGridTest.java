package io.vmledger.web.schedule;

import io.vmledger.api.settings.Settings;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The snapshot time of a capture started at some moment: the capture cron's fire time at or before it. */
class CaptureGridTest {

    private static long at(String iso) {
        return Instant.parse(iso).getEpochSecond();
    }

    private static CaptureGrid grid(String cron, String zone) {
        return CaptureGrid.of(Settings.defaults().toBuilder().captureCron(cron).reportTimeZone(ZoneId.of(zone)).build());
    }

    @Test
    void theDefaultHourlyCronPutsACaptureOnTheHourItStartedIn() {
        CaptureGrid hourly = grid("0 0 * * * ?", "UTC");
        assertEquals(at("2026-12-01T21:00:00Z"), hourly.snapshotTime(at("2026-12-01T21:45:45Z")));
        assertEquals(at("2026-12-01T21:00:00Z"), hourly.snapshotTime(at("2026-12-01T21:00:00Z")));
        assertEquals(at("2026-12-01T21:00:00Z"), hourly.snapshotTime(at("2026-12-01T21:59:59Z")));
        assertEquals(at("2026-12-01T00:00:00Z"), hourly.snapshotTime(at("2026-12-01T00:00:01Z")));
    }

    @Test
    void anotherMinuteOrIntervalAndTheReportTimeZoneShapeTheGrid() {
        assertEquals(at("2026-12-01T20:30:00Z"), grid("0 30 * * * ?", "UTC").snapshotTime(at("2026-12-01T21:10:00Z")));
        assertEquals(at("2026-12-01T21:30:00Z"), grid("0 30 * * * ?", "UTC").snapshotTime(at("2026-12-01T21:30:00Z")));
        assertEquals(at("2026-12-01T20:00:00Z"), grid("0 0 */2 * * ?", "UTC").snapshotTime(at("2026-12-01T21:59:00Z")));
        // India is UTC+05:30: the local hour starts at half past in UTC
        assertEquals(at("2026-12-01T20:30:00Z"), grid("0 0 * * * ?", "Asia/Kolkata").snapshotTime(at("2026-12-01T21:10:00Z")));
        // every two hours from local midnight: 22:00 and 00:00 Paris (UTC+1) are 21:00 and 23:00 UTC
        assertEquals(at("2026-12-01T21:00:00Z"), grid("0 0 */2 * * ?", "Europe/Paris").snapshotTime(at("2026-12-01T22:59:00Z")));
        // once a day at 03:00: a manual capture in the evening replaces the morning's
        assertEquals(at("2026-12-01T03:00:00Z"), grid("0 0 3 * * ?", "UTC").snapshotTime(at("2026-12-01T21:45:00Z")));
    }

    @Test
    void theIntervalIsTheSpacingOfTheGridAtThatMoment() {
        assertEquals(3600, grid("0 0 * * * ?", "UTC").interval(at("2026-12-01T21:45:45Z")));
        assertEquals(7200, grid("0 0 */2 * * ?", "UTC").interval(at("2026-12-01T21:59:00Z")));
        // business hours: an hour by day, the night from 18:00 to 08:00 at night
        CaptureGrid office = grid("0 0 8-18 * * ?", "UTC");
        assertEquals(3600, office.interval(at("2026-12-01T10:30:00Z")));
        assertEquals(14 * 3600, office.interval(at("2026-12-01T23:30:00Z")));
        assertEquals(86_400, grid("0 0 3 * * ?", "UTC").interval(at("2026-12-01T21:45:00Z")));
    }
}
