package io.vmledger.web.schedule;

import io.helidon.scheduling.Cron;
import io.helidon.scheduling.Task;
import io.vmledger.web.app.AppServices;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every scheduled task of a running service, in the report time zone, none overlapping itself:
 * the hourly capture on {@code schedule.capture_cron} and the daily retention clean-up.
 */
public final class Schedules implements AutoCloseable {
    /** Daily at 03:30, after the night's daily aggregation. */
    public static final String RETENTION_CRON = "0 30 3 * * ?";
    private static final System.Logger LOG = System.getLogger(Schedules.class.getName());

    private final List<Task> tasks;

    private Schedules(List<Task> tasks) {
        this.tasks = tasks;
    }

    public static Schedules start(AppServices services) {
        List<Task> tasks = new ArrayList<>();
        tasks.add(cron(services, services.settings().captureCron(), "hourly capture",
                () -> CaptureScheduler.runOnce(services)));
        RetentionJob retention = new RetentionJob(services.storage(), services.settings().cleanup(),
                services.reports());
        tasks.add(cron(services, RETENTION_CRON, "retention clean-up",
                () -> retention.run(Instant.now().getEpochSecond())));
        return new Schedules(tasks);
    }

    private static Task cron(AppServices services, String expression, String what, Runnable job) {
        Task task = Cron.builder()
                .expression(expression)
                .zone(services.settings().reportTimeZone())
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
                + services.settings().reportTimeZone() + ")");
        return task;
    }

    @Override
    public void close() {
        tasks.forEach(Task::close);
    }
}
