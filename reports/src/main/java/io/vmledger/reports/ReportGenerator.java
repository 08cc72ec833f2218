package io.vmledger.reports;

import io.vmledger.api.ChargeBasis;
import io.vmledger.api.Granularity;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.api.VmSummary;
import io.vmledger.reports.Column.CellType;
import io.vmledger.reports.ReportColumns.SummaryRow;
import io.vmledger.storage.spi.ChargeableAmounts;
import io.vmledger.storage.spi.SnapshotQuery;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.SummaryQuery;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds one report from the canonical tables (never from the compatibility tables, so reports work with
 * {@code settings.snapshot_table_compat_mode} off) and streams it as XLSX through POI's SXSSF, which keeps
 * only a window of rows in memory. Three sheets:
 * <ol>
 *   <li>the data: one row per VM (hourly: {@code vm_hourly_stats}; daily: {@code vm_daily_rollup};
 *       monthly: the month's summary), ordered by vCenter and name, typed cells, dates in the report time
 *       zone, with the chargeable amounts on the summaries;</li>
 *   <li>"vCenter totals": one line per vCenter and one for all;</li>
 *   <li>"About": period, time zone, generation time, source tables, version and row counts.</li>
 * </ol>
 */
public final class ReportGenerator {
    static final String TOTALS_SHEET = "vCenter totals";
    static final String ABOUT_SHEET = "About";
    /** Rows SXSSF keeps in memory before flushing them to its temporary file. */
    private static final int ROW_WINDOW = 200;
    /** Characters of the About sheet's value column; longer explanations wrap. */
    private static final int ABOUT_VALUE_WIDTH = 90;
    private static final Comparator<String> TEXT = Comparator.nullsLast(String.CASE_INSENSITIVE_ORDER);

    private final Storage storage;
    private final ReportCalendar calendar;
    private final Clock clock;
    private final ChargeableAmounts charges;

    public ReportGenerator(Storage storage, ReportCalendar calendar, Clock clock) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.calendar = Objects.requireNonNull(calendar, "calendar");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.charges = new ChargeableAmounts(storage, calendar);
    }

    /**
     * What was written.
     *
     * @param readMillis time spent reading the rows from the store (the rest went into the workbook)
     */
    public record Written(ReportId id, int rows, int vcenters, long readMillis) {
    }

    /** The name of a report's data sheet. */
    public static String dataSheetName(ReportKind kind) {
        return switch (kind) {
            case HOURLY -> "Snapshot";
            case DAILY -> "Daily summary";
            case MONTHLY -> "Monthly summary";
        };
    }

    /** Whether the report's period has the data it is built from (a registered snapshot or summary). */
    public boolean hasData(ReportId id) {
        return switch (id) {
            case ReportId.Hourly h -> !hourlyRecords(h.snapshotTime()).isEmpty();
            case ReportId.Daily d -> registered(Granularity.DAILY, calendar.startOf(d.day()));
            case ReportId.Monthly m -> registered(Granularity.MONTHLY, calendar.startOf(m.month().atDay(1)));
        };
    }

    /**
     * Reads the report's data and writes the workbook to {@code out}.
     *
     * @throws ReportException when the period has no data to report
     */
    public Written write(ReportId id, OutputStream out) throws IOException {
        return switch (id) {
            case ReportId.Hourly h -> hourly(h, out);
            case ReportId.Daily d -> summary(d, out);
            case ReportId.Monthly m -> summary(m, out);
        };
    }

    // ---------------------------------------------------------------------------------------- hourly

    private List<SnapshotRecord> hourlyRecords(long t) {
        return storage.registry().list(new SnapshotQuery(Granularity.HOURLY, null, new TimeWindow(t, t + 1),
                Integer.MAX_VALUE, 0)).items();
    }

    private Written hourly(ReportId.Hourly id, OutputStream out) throws IOException {
        long t0 = System.nanoTime();
        long t = id.snapshotTime();
        Set<String> vcenters = new TreeSet<>();
        hourlyRecords(t).forEach(r -> vcenters.add(r.vcenter()));
        if (vcenters.isEmpty()) {
            throw new ReportException("no hourly snapshot at " + Instant.ofEpochSecond(t) + " (" + t + ")");
        }
        List<VmSample> rows = new ArrayList<>();
        for (String v : vcenters) {
            rows.addAll(storage.hourly().snapshot(v, t));
        }
        rows.sort(Comparator.comparing(VmSample::vcenter).thenComparing(VmSample::name, TEXT)
                .thenComparing(VmSample::key));
        Map<String, VcenterTotalsRow> totals = totalsByVcenter(vcenters);
        long read = (System.nanoTime() - t0) / 1_000_000;
        try (SXSSFWorkbook wb = workbook()) {
            SheetWriter.Styles styles = new SheetWriter.Styles(wb);
            SheetWriter<VmSample> data = new SheetWriter<>(wb, styles, dataSheetName(ReportKind.HOURLY),
                    ReportColumns.HOURLY, zone());
            for (VmSample s : rows) {
                data.add(s);
                totals.get(s.vcenter()).addHourly(s);
            }
            data.finish();
            int totalLines = totalsSheet(wb, styles, VcenterTotalsRow.HOURLY, totals);
            List<AboutLine> about = aboutHead(id);
            about.add(AboutLine.text("Source tables", "vm_hourly_stats (the snapshot's rows, templates included); "
                    + "snapshot_registry (the vCenters captured at this time)"));
            about.add(AboutLine.number("Rows in \"" + dataSheetName(ReportKind.HOURLY) + "\"", rows.size()));
            aboutTail(about, vcenters.size(), totalLines);
            about.add(AboutLine.text("Notes", "One row per VM of every vCenter captured at this time. A snapshot is an "
                    + "instant: chargeable amounts (vCPU-days, RAM GB-days, disk GB-days) are in the daily and "
                    + "monthly reports. vCenter totals exclude templates, as vcenter_totals does."));
            aboutSheet(wb, styles, about);
            wb.write(out);
        }
        return new Written(id, rows.size(), vcenters.size(), read);
    }

    // ---------------------------------------------------------------------------------------- summaries

    private boolean registered(Granularity type, long start) {
        return storage.registry().get(type, start, SnapshotRecord.ALL_VCENTERS).isPresent();
    }

    private Written summary(ReportId id, OutputStream out) throws IOException {
        long t0 = System.nanoTime();
        boolean daily = id instanceof ReportId.Daily;
        TimeWindow w = id.window(calendar);
        Granularity granularity = daily ? Granularity.DAILY : Granularity.MONTHLY;
        if (!registered(granularity, w.start())) {
            throw new ReportException("no " + granularity.wire() + " summary for " + period(id)
                    + ": the period has not been aggregated");
        }
        List<VmSummary> rows = new ArrayList<>(daily
                ? storage.rollups().daily(w.start(), SummaryQuery.all()).items()
                : storage.rollups().monthly(((ReportId.Monthly) id).month(), SummaryQuery.all()).items());
        rows.sort(Comparator.comparing(VmSummary::vcenter).thenComparing(VmSummary::name, TEXT)
                .thenComparing(VmSummary::vmKey));
        Set<String> vcenters = new TreeSet<>();
        rows.forEach(r -> vcenters.add(r.vcenter()));
        Map<String, VcenterTotalsRow> totals = totalsByVcenter(vcenters);
        ChargeBasis basis = daily ? charges.day() : charges.month(((ReportId.Monthly) id).month());
        for (String v : vcenters) {
            storage.totals().aggregates(v, granularity, new TimeWindow(w.start(), w.start() + 1)).stream()
                    .findFirst().ifPresent(a -> totals.get(v).aggregate(a));
        }
        long read = (System.nanoTime() - t0) / 1_000_000;
        try (SXSSFWorkbook wb = workbook()) {
            SheetWriter.Styles styles = new SheetWriter.Styles(wb);
            String sheetName = dataSheetName(id.kind());
            SheetWriter<SummaryRow> data = new SheetWriter<>(wb, styles, sheetName, ReportColumns.summary(daily), zone());
            for (VmSummary s : rows) {
                SummaryRow r = new SummaryRow(s, basis.daysCaptured(s.vcenter()), basis.of(s));
                data.add(r);
                totals.get(s.vcenter()).addSummary(r);
            }
            data.finish();
            int totalLines = totalsSheet(wb, styles, VcenterTotalsRow.summary(!daily), totals);
            List<AboutLine> about = aboutHead(id);
            about.add(AboutLine.text("Source tables", daily
                    ? "vm_daily_rollup (the day's rows); vcenter_aggregate_totals (daily); snapshot_registry"
                    : id.tableName() + " (the month's rows); vcenter_aggregate_totals (monthly, and daily for "
                    + ReportColumns.DAYS_CAPTURED + "); snapshot_registry"));
            about.add(AboutLine.number("Rows in \"" + sheetName + "\"", rows.size()));
            aboutTail(about, vcenters.size(), totalLines);
            about.add(AboutLine.text("Chargeable amounts", daily
                    ? "VcpuDays = AvgVcpuCount x AvgIsPresent; RamGBDays = AvgRamGB x AvgIsPresent; "
                    + "DiskGBDays = AvgProvisionedDisk x AvgIsPresent (the share of the day's snapshots the VM was in). "
                    + "The web UI's summary page and the API's JSON and CSV of this day show the same amounts."
                    : "VcpuDays = AvgVcpuCount x AvgIsPresent x DaysCaptured, likewise RamGBDays (AvgRamGB) and "
                    + "DiskGBDays (AvgProvisionedDisk). DaysCaptured is the number of days of the month on which the "
                    + "VM's vCenter was captured; the amounts equal the sum of the daily reports' amounts when every "
                    + "such day has the same number of snapshots. The web UI's summary page and the API's JSON and "
                    + "CSV of this period show the same amounts."));
            about.add(AboutLine.text("Columns", "As in the " + id.tableName() + " table and the API: averages over "
                    + "the samples the VM was present in; FirstSample, LastSample, CreationTime and DeletionTime are "
                    + "local times in the time zone above."));
            aboutSheet(wb, styles, about);
            wb.write(out);
        }
        return new Written(id, rows.size(), vcenters.size(), read);
    }

    // ---------------------------------------------------------------------------------------- sheets

    private static SXSSFWorkbook workbook() {
        // inline strings, no shared-strings table: nothing grows with the row count
        return new SXSSFWorkbook(null, ROW_WINDOW, false, false);
    }

    private ZoneId zone() {
        return calendar.zone();
    }

    private static Map<String, VcenterTotalsRow> totalsByVcenter(Set<String> vcenters) {
        Map<String, VcenterTotalsRow> m = new LinkedHashMap<>();
        vcenters.forEach(v -> m.put(v, new VcenterTotalsRow(v)));
        return m;
    }

    private int totalsSheet(SXSSFWorkbook wb, SheetWriter.Styles styles, List<Column<VcenterTotalsRow>> columns,
                            Map<String, VcenterTotalsRow> totals) {
        SheetWriter<VcenterTotalsRow> sheet = new SheetWriter<>(wb, styles, TOTALS_SHEET, columns, zone());
        List<VcenterTotalsRow> lines = new ArrayList<>(totals.values());
        lines.forEach(sheet::add);
        sheet.add(VcenterTotalsRow.all(lines));
        sheet.finish();
        sheet.fitToPageWidth();
        return sheet.rows();
    }

    /** One line of the About sheet: a label and a typed value. */
    record AboutLine(String label, CellType type, Object value) {
        static AboutLine text(String label, String value) {
            return new AboutLine(label, CellType.TEXT, value);
        }

        static AboutLine number(String label, long value) {
            return new AboutLine(label, CellType.INTEGER, value);
        }

        static AboutLine time(String label, long epochSeconds) {
            return new AboutLine(label, CellType.DATE_TIME, epochSeconds);
        }
    }

    private List<AboutLine> aboutHead(ReportId id) {
        TimeWindow w = id.window(calendar);
        List<AboutLine> lines = new ArrayList<>();
        lines.add(AboutLine.text("Report", id.fileName()));
        lines.add(AboutLine.text("Type", switch (id.kind()) {
            case HOURLY -> "hourly snapshot";
            case DAILY -> "daily summary";
            case MONTHLY -> "monthly summary";
        }));
        lines.add(AboutLine.text("Period", period(id)));
        if (id instanceof ReportId.Hourly) {
            lines.add(AboutLine.time("Snapshot time", w.start()));
        } else {
            lines.add(AboutLine.time("Period start", w.start()));
            lines.add(AboutLine.time("Period end (exclusive)", w.end()));
        }
        lines.add(AboutLine.text("Time zone", calendar.zone().getId() + " (every date and time in this workbook is "
                + "local time in this zone)"));
        lines.add(AboutLine.time("Generated at", clock.instant().getEpochSecond()));
        return lines;
    }

    private static void aboutTail(List<AboutLine> about, int vcenters, int totalLines) {
        about.add(AboutLine.number("vCenters", vcenters));
        about.add(AboutLine.number("Rows in \"" + TOTALS_SHEET + "\"", totalLines));
        about.add(AboutLine.text("vmledger version", ReportVersion.VERSION));
    }

    private String period(ReportId id) {
        return switch (id) {
            case ReportId.Hourly h -> "snapshot of " + LocalDateTime.ofInstant(
                    Instant.ofEpochSecond(h.snapshotTime()), zone()).toString().replace('T', ' ');
            case ReportId.Daily d -> d.day().toString();
            case ReportId.Monthly m -> m.month().toString();
        };
    }

    private void aboutSheet(SXSSFWorkbook wb, SheetWriter.Styles styles, List<AboutLine> lines) {
        SXSSFSheet sheet = wb.createSheet(ABOUT_SHEET);
        sheet.setColumnWidth(0, 30 * 256);
        sheet.setColumnWidth(1, ABOUT_VALUE_WIDTH * 256);
        sheet.getPrintSetup().setLandscape(true);
        // printed on one page width: label and value side by side
        sheet.setFitToPage(true);
        sheet.getPrintSetup().setFitWidth((short) 1);
        sheet.getPrintSetup().setFitHeight((short) 0);
        int n = 0;
        for (AboutLine line : lines) {
            Row row = sheet.createRow(n++);
            Cell label = row.createCell(0);
            label.setCellValue(line.label());
            label.setCellStyle(styles.label);
            Cell value = row.createCell(1);
            SheetWriter.write(value, line.type(), line.value(), styles, zone());
            switch (line.type()) {
                case TEXT -> {
                    value.setCellStyle(styles.wrapped);
                    // wrapped text needs its row height set: readers do not grow rows of a streamed sheet
                    int lineCount = (line.value().toString().length() + ABOUT_VALUE_WIDTH - 1) / ABOUT_VALUE_WIDTH;
                    if (lineCount > 1) {
                        row.setHeightInPoints(lineCount * sheet.getDefaultRowHeightInPoints() * 1.1f);
                    }
                }
                case INTEGER -> value.setCellStyle(styles.leftInteger);
                case DATE_TIME -> value.setCellStyle(styles.leftDateTime);
                default -> {
                }
            }
        }
    }
}
