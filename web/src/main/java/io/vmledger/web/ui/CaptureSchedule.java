package io.vmledger.web.ui;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/** The capture cron ({@code schedule.capture_cron}), to tell a late capture from a recent one. */
final class CaptureSchedule {
    private final ExecutionTime execution;
    private final ZoneId zone;

    CaptureSchedule(String cron, ZoneId zone) {
        this.execution = ExecutionTime.forCron(
                new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ)).parse(cron));
        this.zone = zone;
    }

    /** The time between the last two scheduled captures before {@code now} (one hour for the default cron). */
    Duration interval(Instant now) {
        ZonedDateTime at = now.atZone(zone);
        Optional<ZonedDateTime> last = execution.lastExecution(at);
        Optional<ZonedDateTime> before = last.flatMap(execution::lastExecution);
        if (last.isEmpty() || before.isEmpty()) {
            return Duration.ofHours(1);
        }
        return Duration.between(before.get(), last.get());
    }

    /** Whether a capture started at {@code startedMillis} is older than two intervals. */
    boolean late(long startedMillis, Instant now) {
        return now.toEpochMilli() - startedMillis > 2 * interval(now).toMillis();
    }
}
