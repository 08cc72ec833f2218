package io.vmledger.web.app;

import io.helidon.scheduling.Cron;
import io.helidon.scheduling.Task;

import java.time.Instant;

/** Runs the hourly capture on {@code schedule.capture_cron}, in the report time zone, never overlapping itself. */
public final class CaptureScheduler implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CaptureScheduler.class.getName());

    private final Task task;

    private CaptureScheduler(Task task) {
        this.task = task;
    }

    public static CaptureScheduler start(AppServices services) {
        String cron = services.settings().captureCron();
        Task task = Cron.builder()
                .expression(cron)
                .zone(services.settings().reportTimeZone())
                .concurrentExecution(false)
                .task(invocation -> runOnce(services))
                .build();
        LOG.log(System.Logger.Level.INFO, "hourly capture scheduled: '" + cron + "' ("
                + services.settings().reportTimeZone() + ")");
        return new CaptureScheduler(task);
    }

    /** One scheduled run: capture every vCenter at the current second; failures are recorded, never thrown. */
    static void runOnce(AppServices services) {
        long t = Instant.now().getEpochSecond();
        try {
            services.capture().captureAll(t);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "scheduled capture at " + Instant.ofEpochSecond(t) + " failed", e);
        }
    }

    @Override
    public void close() {
        task.close();
    }
}
