package io.vmledger.web.cli;

import io.vmledger.web.app.AppServices;
import io.vmledger.capture.CaptureRun;
import io.vmledger.capture.VcenterCaptureResult;
import io.vmledger.web.config.SettingsLoader;

import java.time.Instant;
import java.util.Locale;

/**
 * {@code capture-once}: captures every configured vCenter once and prints one line per vCenter. The
 * snapshot time is the scheduled capture's time at or before now, so it replaces that run's snapshot.
 */
final class CaptureOnceCommand implements Command {

    @Override
    public String name() {
        return "capture-once";
    }

    @Override
    public String summary() {
        return "capture every configured vCenter once and print a summary line per vCenter";
    }

    @Override
    public String usage() {
        return Commands.CONFIG_OPTION;
    }

    @Override
    public int run(CliOptions options) {
        SettingsLoader.Loaded loaded = SettingsLoader.load(options.configFile().orElse(null));
        try (AppServices services = AppServices.open(loaded, name())) {
            CaptureRun run = services.capture().captureNow(Instant.now().getEpochSecond());
            long t = run.snapshotTime();
            System.out.printf(Locale.ROOT, "%-32s %8s %9s %8s  %s%n", "vcenter", "vms", "fallbacks", "seconds", "status");
            boolean allOk = true;
            for (VcenterCaptureResult o : run.results()) {
                System.out.printf(Locale.ROOT, "%-32s %8d %9d %8.2f  %s%n", o.vcenter(), o.rows(), o.fallbacks(),
                        o.seconds(), o.succeeded() ? "ok" : "FAILED: " + o.error());
                allOk &= o.succeeded();
            }
            System.out.println("snapshot time " + Instant.ofEpochSecond(t) + " (" + t + "): the schedule.capture_cron "
                    + "time at or before now (" + services.settings().reportTimeZone() + "); capturing it again replaces it");
            return allOk ? 0 : 1;
        }
    }
}
