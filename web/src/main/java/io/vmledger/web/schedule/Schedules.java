package io.vmledger.web.schedule;

import io.helidon.scheduling.Cron;
import io.helidon.scheduling.Task;
import io.vmledger.aggregation.ScheduledAggregation;
import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.InstanceStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every scheduled task of a running service, in the report time zone, none overlapping itself:
 * the hourly capture on {@code schedule.capture_cron} and the daily retention clean-up. Each runs under a
 * lease of the store, so that several instances of one store run each of them once.
 */
public final class Schedules implements AutoCloseable {
    /** Daily at 03:30, after the night's daily aggregation. */
    public static final String RETENTION_CRON = "0 30 3 * * ?";
    private static final System.Logger LOG = System.getLogger(Schedules.class.getName());

    private final List<Task> tasks;

    private Schedules(List<Task> tasks) {
        this.tasks = tasks;
    }

    /**
     * Starts the hourly capture (followed by the aggregation it makes due) on {@code schedule.capture_cron}
     * and the retention clean-up daily at {@value #RETENTION_CRON}.
     */
    public static Schedules start(Settings settings, CaptureRunner capture, ScheduledAggregation aggregation,
                                  RetentionJob retention, InstanceStore instances) {
        List<Task> tasks = new ArrayList<>();
        tasks.add(cron(settings, settings.captureCron(), "hourly capture",
                () -> CaptureScheduler.runOnce(capture, aggregation, instances)));
        tasks.add(cron(settings, RETENTION_CRON, "retention clean-up",
                () -> retention.runScheduled(Instant.now().getEpochSecond(), instances)));
        return new Schedules(tasks);
    }

    private static Task cron(Settings settings, String expression, String what, Runnable job) {
        Task task = Cron.builder()
                .expression(expression)
                .zone(settings.reportTimeZone())
                .concurrentExecution(false)
                .task(invocation -> {
                    try {
                        job.run();
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.ERROR, what + " failed", e);
                    }
                })
                .build();
        LOG.log(System.Logger.Level.INFO, what + " scheduled: '" + expression + "' ("
                + settings.reportTimeZone() + ")");
        return task;
    }

    @Override
    public void close() {
        tasks.forEach(Task::close);
    }
}
