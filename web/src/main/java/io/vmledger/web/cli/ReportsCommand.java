package io.vmledger.web.cli;

import io.vmledger.api.TimeWindow;
import io.vmledger.api.settings.Settings;
import io.vmledger.reports.ReportId;
import io.vmledger.reports.ReportService;
import io.vmledger.storage.spi.Storage;
import io.vmledger.web.app.ReportWiring;
import io.vmledger.web.config.SettingsLoader;
import io.vmledger.web.http.BadRequestException;
import io.vmledger.web.http.QueryParams;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code reports}: regenerates XLSX reports now from the canonical tables: one day's report (and, with
 * {@code --with-hours}, its hourly ones), one month's, or the hourly reports of a range of hours. Each
 * is written to a temporary file and renamed into {@code reports.dir}, as the service does.
 */
final class ReportsCommand implements Command {

    @Override
    public String name() {
        return "reports";
    }

    @Override
    public String summary() {
        return "regenerate the XLSX reports of one day (--daily), one month (--monthly) or a range of hours (--from/--to)";
    }

    @Override
    public String usage() {
        return Commands.CONFIG_OPTION + """
                  --daily YYYY-MM-DD       the day's summary report (inventory_daily_summary_YYYYMMDD.xlsx)
                  --with-hours             with --daily: also the hourly reports of the day's snapshots
                  --monthly YYYY-MM        the month's summary report (inventory_monthly_summary_YYYYMM.xlsx)
                  --from TIME --to TIME    the hourly reports (inventory_hourly_<T>.xlsx) of the snapshots in
                                           [from, to): epoch seconds, ISO-8601 date-times or dates, read in
                                           settings.report_time_zone
                Reports are written to reports.dir (default: reports/ beside the SQLite file).
                """;
    }

    @Override
    public Set<String> valueOptions() {
        return Set.of("config", "daily", "monthly", "from", "to");
    }

    @Override
    public Set<String> flagOptions() {
        return Set.of("with-hours");
    }

    @Override
    public int run(CliOptions options) {
        boolean daily = options.value("daily").isPresent();
        boolean monthly = options.value("monthly").isPresent();
        boolean hours = options.value("from").isPresent() || options.value("to").isPresent();
        if ((daily ? 1 : 0) + (monthly ? 1 : 0) + (hours ? 1 : 0) != 1) {
            throw new UsageException("give exactly one of --daily YYYY-MM-DD, --monthly YYYY-MM, --from TIME --to TIME");
        }
        if (hours && (options.value("from").isEmpty() || options.value("to").isEmpty())) {
            throw new UsageException("--from and --to go together");
        }
        if (options.flag("with-hours") && !daily) {
            throw new UsageException("--with-hours applies to --daily only");
        }
        SettingsLoader.Loaded loaded = SettingsLoader.load(options.configFile().orElse(null));
        Settings settings = loaded.settings();
        LocalDate today = LocalDate.now(settings.reportTimeZone());
        // validate before opening the store: a typo costs nothing
        LocalDate day = daily ? AggregateCommand.day(options.value("daily").get(), today) : null;
        YearMonth month = monthly ? AggregateCommand.month(options.value("monthly").get(), today) : null;
        TimeWindow window = hours ? window(options.value("from").get(), options.value("to").get(), settings) : null;

        try (Storage storage = loaded.openStorage(name())) {
            ReportService reports = ReportWiring.inline(storage, settings);
            List<ReportId> ids = new ArrayList<>();
            if (daily) {
                if (options.flag("with-hours")) {
                    ids.addAll(reports.hourlyReports(settings.calendar().day(day)));
                }
                ids.add(ReportId.daily(day));
            } else if (monthly) {
                ids.add(ReportId.monthly(month));
            } else {
                ids.addAll(reports.hourlyReports(window));
                if (ids.isEmpty()) {
                    System.err.println("no hourly snapshots in [" + QueryParams.iso(window.start()) + ", "
                            + QueryParams.iso(window.end()) + "); nothing to do");
                    return 1;
                }
            }
            ReportService.Regeneration r = reports.regenerate(ids);
            for (ReportId id : ids) {
                reports.files().info(id).ifPresent(info -> System.out.printf(Locale.ROOT, "%s  %,d bytes%n",
                        reports.files().path(id), info.sizeBytes()));
            }
            System.out.println(r.describe());
            return r.failures().isEmpty() ? 0 : 1;
        }
    }

    private static TimeWindow window(String from, String to, Settings settings) {
        try {
            long start = QueryParams.parseTime("from", from.trim(), settings.reportTimeZone());
            long end = QueryParams.parseTime("to", to.trim(), settings.reportTimeZone());
            if (end <= start) {
                throw new IllegalArgumentException("--to must be after --from");
            }
            return new TimeWindow(start, end);
        } catch (BadRequestException e) {
            throw new IllegalArgumentException(e.getMessage().replace("parameter '", "--").replace("' must", " must"));
        }
    }
}
