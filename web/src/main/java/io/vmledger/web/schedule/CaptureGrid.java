package io.vmledger.web.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.vmledger.api.settings.Settings;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The time grid of the hourly capture: the fire times of {@code schedule.capture_cron} in the report
 * time zone. Every capture, scheduled or manual ({@code capture-once}), records its snapshot at the
 * grid time at or before the moment it starts, so a manual run in the middle of an hour replaces that
 * hour's snapshot instead of adding a sample to the day.
 */
public final class CaptureGrid {
    private final ExecutionTime fireTimes;
    private final ZoneId zone;

    private CaptureGrid(String cron, ZoneId zone) {
        // Quartz syntax, as Helidon's scheduler reads schedule.capture_cron
        this.fireTimes = ExecutionTime.forCron(
                new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ)).parse(cron));
        this.zone = zone;
    }

    public static CaptureGrid of(Settings settings) {
        return new CaptureGrid(settings.captureCron(), settings.reportTimeZone());
    }

    /**
     * The snapshot time of a capture started at {@code now} (epoch seconds): the latest fire time at or
     * before it; the start of the hour when the expression has none (a cron that never fired).
     */
    public long snapshotTime(long now) {
        ZonedDateTime at = Instant.ofEpochSecond(now).atZone(zone);
        // lastExecution is strictly before its argument: one second later makes "at or before now"
        return fireTimes.lastExecution(at.plusSeconds(1))
                .map(t -> t.toEpochSecond())
                .orElseGet(() -> at.truncatedTo(ChronoUnit.HOURS).toEpochSecond());
    }

    /**
     * Seconds from the snapshot time of a capture started at {@code now} to the next fire time: the interval the
     * captures run at just then (an hour with the default cron; longer across a gap such as a night). An hour when
     * the expression fires no more.
     */
    public long interval(long now) {
        long current = snapshotTime(now);
        return fireTimes.nextExecution(Instant.ofEpochSecond(current).atZone(zone))
                .map(t -> t.toEpochSecond() - current)
                .orElse(3600L);
    }
}
