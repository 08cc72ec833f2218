package io.vmledger.web.schedule;

import io.vmledger.web.app.AppServices;

import java.time.Instant;

/** One scheduled hourly capture. */
public final class CaptureScheduler {
    private static final System.Logger LOG = System.getLogger(CaptureScheduler.class.getName());

    private CaptureScheduler() {
    }

    /** Captures every vCenter at the current second; failures are recorded per vCenter, never thrown. */
    public static void runOnce(AppServices services) {
        long t = Instant.now().getEpochSecond();
        try {
            services.capture().captureAll(t);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "scheduled capture at " + Instant.ofEpochSecond(t) + " failed", e);
        }
    }
}
