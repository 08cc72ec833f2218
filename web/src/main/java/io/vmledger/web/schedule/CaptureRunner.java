package io.vmledger.web.schedule;

import io.vmledger.api.FreeSpace;
import io.vmledger.api.settings.Settings;
import io.vmledger.capture.CaptureBackfill;
import io.vmledger.capture.CaptureFaults;
import io.vmledger.capture.CaptureObserver;
import io.vmledger.capture.CapturePipeline;
import io.vmledger.capture.CaptureRun;
import io.vmledger.capture.InventorySource;
import io.vmledger.capture.ReportHandoff;
import io.vmledger.storage.spi.Storage;

/** The application's handle on the capture pipeline: scheduled runs, capture-once and the demo backfill. */
public final class CaptureRunner implements AutoCloseable {
    private static final int HOURS_PER_DAY = 24;

    private static final System.Logger LOG = System.getLogger(CaptureRunner.class.getName());

    private final CapturePipeline pipeline;
    private final CaptureBackfill backfill;
    private final CaptureGrid grid;
    private final Runnable afterRun;

    public CaptureRunner(Settings settings, Storage storage, InventorySource source, ReportHandoff reports) {
        this(settings, storage, source, reports, () -> {
        }, FreeSpace.SYSTEM, CaptureFaults.NONE);
    }

    /**
     * @param afterRun called after each capture run (start-up recovery's second pass); its failures are logged
     * @param freeSpace how the free space of the store's filesystem is measured ({@link FreeSpace#SYSTEM})
     * @param faults   called at each boundary of a capture ({@link CaptureFaults#NONE}; crash tests stop it there)
     */
    public CaptureRunner(Settings settings, Storage storage, InventorySource source, ReportHandoff reports,
                         Runnable afterRun, FreeSpace freeSpace, CaptureFaults faults) {
        this.pipeline = new CapturePipeline(storage, source, settings, reports, freeSpace, faults);
        this.backfill = new CaptureBackfill(pipeline);
        this.grid = CaptureGrid.of(settings);
        this.afterRun = afterRun;
    }

    /**
     * Captures every vCenter at the snapshot time of a capture started at {@code now}: the capture grid's
     * time at or before it ({@link CaptureGrid}), so a second run in the same hour replaces the first.
     */
    public CaptureRun captureNow(long now) {
        return captureAll(snapshotTime(now));
    }

    /** The snapshot time of a capture started at {@code now}: the capture grid's time at or before it. */
    public long snapshotTime(long now) {
        return grid.snapshotTime(now);
    }

    /** Seconds between the capture grid's time at or before {@code now} and its next one. */
    public long interval(long now) {
        return grid.interval(now);
    }

    /** Tells {@code observer} of every vCenter capture from now on (the metrics). */
    public void addObserver(CaptureObserver observer) {
        pipeline.addObserver(observer);
    }

    public void removeObserver(CaptureObserver observer) {
        pipeline.removeObserver(observer);
    }

    /** Captures every vCenter at {@code snapshotTime}; failures are recorded per vCenter, never thrown. */
    public CaptureRun captureAll(long snapshotTime) {
        CaptureRun run = pipeline.captureAll(snapshotTime);
        try {
            afterRun.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "after the capture of " + snapshotTime + ": " + e.getMessage(), e);
        }
        return run;
    }

    /**
     * Fills the hourly history of the last {@code days} days up to the hour of {@code now}: for each
     * vCenter only the hours after its newest snapshot, so a second call adds nothing.
     */
    public CaptureBackfill.Result fillHistory(long now, int days, CaptureBackfill.Progress progress) {
        return fillHours(now, days * HOURS_PER_DAY, progress);
    }

    /** {@link #fillHistory} for the last {@code hours} hours. */
    public CaptureBackfill.Result fillHours(long now, int hours, CaptureBackfill.Progress progress) {
        return backfill.fillMissing(now, hours, progress);
    }

    @Override
    public void close() {
        pipeline.close();
    }
}
