package io.vmledger.web.cli;

import io.vmledger.aggregation.AggregationHandoff;
import io.vmledger.aggregation.AggregationResult;
import io.vmledger.api.AggregationPath;
import io.vmledger.aggregation.DailyAggregationJob;
import io.vmledger.aggregation.MonthlyAggregationJob;
import io.vmledger.api.settings.Settings;
import io.vmledger.storage.spi.Storage;
import io.vmledger.reports.ReportId;
import io.vmledger.web.app.ReportWiring;
import io.vmledger.web.config.SettingsLoader;

import java.time.Clock;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;

/**
 * {@code aggregate}: aggregates one day or one month now, by a chosen path, replacing the period's
 * outputs (manual rebuild, repair, backfill), then writes the period's XLSX report. Monthly runs honour
 * {@code settings.monthly_aggregation_granularity} unless {@code --source} says otherwise.
 */
final class AggregateCommand implements Command {

    @Override
    public String name() {
        return "aggregate";
    }

    @Override
    public String summary() {
        return "aggregate one day (--daily YYYY-MM-DD) or month (--monthly YYYY-MM) now, replacing its outputs";
    }

    @Override
    public String usage() {
        return Commands.CONFIG_OPTION + """
                  --daily YYYY-MM-DD       the day to aggregate (in settings.report_time_zone)
                  --monthly YYYY-MM        the month to aggregate (the current month: the month so far)
                  --path java|sql|legacy   how rows are computed (default: the path of settings.aggregation_path,
                                           falling back to java when sql fails); legacy aggregates a day
                                           from its inventory_hourly_* tables
                  --source daily|hourly    a month's input (default: settings.monthly_aggregation_granularity)
                """;
    }

    @Override
    public Set<String> valueOptions() {
        return Set.of("config", "daily", "monthly", "path", "source");
    }

    @Override
    public int run(CliOptions options) {
        boolean daily = options.value("daily").isPresent();
        if (daily == options.value("monthly").isPresent()) {
            throw new UsageException("give exactly one of --daily YYYY-MM-DD and --monthly YYYY-MM");
        }
        if (daily && options.value("source").isPresent()) {
            throw new UsageException("--source applies to --monthly only");
        }
        SettingsLoader.Loaded loaded = SettingsLoader.load(options.configFile().orElse(null));
        Settings settings = loaded.settings();
        Optional<AggregationPath> path = options.value("path").map(AggregateCommand::path);
        LocalDate today = LocalDate.now(settings.reportTimeZone());
        // validate the period before opening the store: a typo costs nothing
        LocalDate day = daily ? day(options.value("daily").get(), today) : null;
        YearMonth month = daily ? null : month(options.value("monthly").get(), today);
        Settings.MonthlyGranularity source = options.value("source").map(AggregateCommand::source)
                .orElse(settings.monthlyAggregationGranularity());

        try (Storage storage = loaded.openStorage(name())) {
            // the period's report follows, inline: the command exits when both are written
            AggregationHandoff reports = ReportWiring.aggregation(ReportWiring.inline(storage, settings));
            Clock clock = Clock.systemUTC();
            DailyAggregationJob dailyJob = new DailyAggregationJob(storage, settings, clock, reports);
            MonthlyAggregationJob monthlyJob = new MonthlyAggregationJob(storage, settings, clock, reports);
            AggregationResult r = daily
                    ? path.map(p -> dailyJob.run(day, p)).orElseGet(() -> dailyJob.runConfigured(day))
                    : path.map(p -> monthlyJob.run(month, p, source)).orElseGet(() -> monthlyJob.runConfigured(month, source));
            System.out.println(r.describe());
            System.out.println("report: " + settings.reportsPath(storage.directory()).resolve(daily ? ReportId.daily(day).fileName()
                    : ReportId.monthly(month).fileName()));
            return 0;
        }
    }

    /** A day in the past or today; anything else is a one-line error. */
    static LocalDate day(String text, LocalDate today) {
        LocalDate d;
        try {
            d = LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a date; expected YYYY-MM-DD, e.g. " + today.minusDays(1));
        }
        if (d.isAfter(today)) {
            throw new IllegalArgumentException(d + " is in the future (today is " + today + ")");
        }
        return d;
    }

    /** A month up to the current one; anything else is a one-line error. */
    static YearMonth month(String text, LocalDate today) {
        YearMonth m;
        try {
            m = YearMonth.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a month; expected YYYY-MM, e.g. "
                    + YearMonth.from(today).minusMonths(1));
        }
        if (m.isAfter(YearMonth.from(today))) {
            throw new IllegalArgumentException(m + " is in the future (this month is " + YearMonth.from(today) + ")");
        }
        return m;
    }

    private static AggregationPath path(String text) {
        try {
            return AggregationPath.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static Settings.MonthlyGranularity source(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "daily" -> Settings.MonthlyGranularity.DAILY;
            case "hourly" -> Settings.MonthlyGranularity.HOURLY;
            default -> throw new UsageException("--source must be daily or hourly, got '" + text + "'");
        };
    }
}
