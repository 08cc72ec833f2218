package io.vmledger.web.cli;

import io.vmledger.api.JobRun;
import io.vmledger.api.JobStatus;
import io.vmledger.api.settings.Settings;
import io.vmledger.maintenance.Operations;
import io.vmledger.maintenance.TotalsCacheRebuild;
import io.vmledger.storage.spi.Storage;
import io.vmledger.reports.ReportService;
import io.vmledger.web.api.ops.AdminOperations;
import io.vmledger.web.app.ReportWiring;
import io.vmledger.web.config.SettingsLoader;

import java.time.Clock;
import java.util.List;

/**
 * {@code backfill-vcenter-cache} (also the original's {@code -backfill-vcenter-cache}): rebuilds
 * {@code vcenter_totals}, the latest and the aggregate totals from canonical data, as
 * {@code POST /api/vcenters/cache/rebuild} does, recorded as the same kind of job run, then regenerates
 * the daily and monthly XLSX reports whose totals sheets show them. It opens only
 * the storage, so it works whether or not the vCenters are reachable.
 */
final class BackfillVcenterCacheCommand implements Command {

    @Override
    public String name() {
        return "backfill-vcenter-cache";
    }

    @Override
    public List<String> aliases() {
        return List.of("-backfill-vcenter-cache");
    }

    @Override
    public String summary() {
        return "rebuild vcenter_totals, latest and aggregate totals from the stored hourly rows";
    }

    @Override
    public String usage() {
        return Commands.CONFIG_OPTION;
    }

    @Override
    public int run(CliOptions options) {
        SettingsLoader.Loaded loaded = SettingsLoader.load(options.configFile().orElse(null));
        Settings settings = loaded.settings();
        try (Storage storage = loaded.openStorage(name());
             Operations operations = new Operations(storage.jobs(), Clock.systemUTC())) {
            TotalsCacheRebuild rebuild = new TotalsCacheRebuild(storage, settings.calendar());
            ReportService reports = ReportWiring.inline(storage, settings);
            JobRun run = operations.runNow(AdminOperations.TYPE_CACHE_REBUILD, "all", "command line",
                    () -> rebuild.rebuildWithReports(reports));
            System.out.println("job " + run.id() + " " + run.status().wire() + " in " + run.durationMillis() + " ms: "
                    + run.detail());
            return run.status() == JobStatus.SUCCEEDED ? 0 : 1;
        }
    }
}
