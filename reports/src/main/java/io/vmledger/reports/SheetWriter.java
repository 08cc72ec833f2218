package io.vmledger.reports;

import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

/**
 * Writes one table sheet row by row through SXSSF: a bold header row, frozen, with an autofilter over
 * the table, typed cells, and column widths from the longest value seen (SXSSF flushes rows to disk as
 * it goes, so widths are tracked while writing rather than measured afterwards).
 *
 * @param <T> row type
 */
final class SheetWriter<T> {
    /** Excel's limit on the characters of one cell. */
    static final int MAX_CELL_TEXT = 32_767;
    private static final int MIN_WIDTH = 6;
    private static final int MAX_WIDTH = 48;
    /** Room for the autofilter's drop-down button beside a header. */
    private static final int FILTER_BUTTON = 3;

    private final SXSSFSheet sheet;
    private final List<Column<T>> columns;
    private final Styles styles;
    private final ZoneId zone;
    private final int[] widths;
    private int nextRow;

    SheetWriter(SXSSFWorkbook workbook, Styles styles, String name, List<Column<T>> columns, ZoneId zone) {
        this.sheet = workbook.createSheet(name);
        this.columns = List.copyOf(columns);
        this.styles = styles;
        this.zone = zone;
        this.widths = new int[columns.size()];
        Row header = sheet.createRow(nextRow++);
        for (int i = 0; i < columns.size(); i++) {
            Cell c = header.createCell(i);
            c.setCellValue(columns.get(i).header());
            c.setCellStyle(styles.header);
            widths[i] = columns.get(i).header().length() + FILTER_BUTTON;
        }
    }

    /** Appends one row. */
    void add(T row) {
        Row r = sheet.createRow(nextRow++);
        for (int i = 0; i < columns.size(); i++) {
            Column<T> col = columns.get(i);
            Object v = col.value().apply(row);
            if (v != null) {
                widths[i] = Math.max(widths[i], write(r.createCell(i), col.type(), v, styles, zone));
            }
        }
    }

    /** Rows written below the header. */
    int rows() {
        return nextRow - 1;
    }

    /**
     * Freezes the header, sets the autofilter over the table and the column widths; printed, the sheet is
     * landscape with the header repeated on every page.
     */
    void finish() {
        sheet.createFreezePane(0, 1);
        sheet.setRepeatingRows(new CellRangeAddress(0, 0, -1, -1));
        sheet.getPrintSetup().setLandscape(true);
        sheet.setAutoFilter(new CellRangeAddress(0, Math.max(nextRow - 1, 0), 0, columns.size() - 1));
        for (int i = 0; i < widths.length; i++) {
            sheet.setColumnWidth(i, (Math.min(Math.max(widths[i], MIN_WIDTH), MAX_WIDTH) + 1) * 256);
        }
    }

    /** Prints the sheet on one page width (a short table, such as the totals). */
    void fitToPageWidth() {
        sheet.setFitToPage(true);
        sheet.getPrintSetup().setFitWidth((short) 1);
        sheet.getPrintSetup().setFitHeight((short) 0);
    }

    /** Writes a value as its typed cell; returns its display width in characters. */
    static int write(Cell cell, Column.CellType type, Object v, Styles styles, ZoneId zone) {
        switch (type) {
            case TEXT -> {
                String s = v.toString();
                if (s.length() > MAX_CELL_TEXT) {
                    s = s.substring(0, MAX_CELL_TEXT);
                }
                cell.setCellValue(s);
                if (FormulaText.looksLikeFormula(s)) {
                    cell.setCellStyle(styles.quotedText);
                }
                return s.length();
            }
            case INTEGER -> {
                long n = ((Number) v).longValue();
                cell.setCellValue((double) n);
                cell.setCellStyle(styles.integer);
                return Long.toString(n).length() + 1;
            }
            case DECIMAL, RATIO -> {
                double d = ((Number) v).doubleValue();
                cell.setCellValue(d);
                cell.setCellStyle(type == Column.CellType.RATIO ? styles.ratio : styles.decimal);
                return Long.toString((long) Math.abs(d)).length() + (type == Column.CellType.RATIO ? 6 : 4);
            }
            case DATE_TIME -> {
                cell.setCellValue(local(((Number) v).longValue(), zone));
                cell.setCellStyle(styles.dateTime);
                return 19;
            }
            case DATE -> {
                cell.setCellValue(local(((Number) v).longValue(), zone).toLocalDate());
                cell.setCellStyle(styles.date);
                return 10;
            }
            case BOOLEAN -> {
                cell.setCellValue((Boolean) v);
                return 5;
            }
            default -> throw new IllegalStateException("cell type " + type);
        }
    }

    private static LocalDateTime local(long epochSeconds, ZoneId zone) {
        return LocalDateTime.ofInstant(Instant.ofEpochSecond(epochSeconds), zone);
    }

    /** The cell styles of one workbook, made once (a workbook holds at most 64,000 styles). */
    static final class Styles {
        final CellStyle header;
        final CellStyle quotedText;
        final CellStyle integer;
        final CellStyle decimal;
        final CellStyle ratio;
        final CellStyle dateTime;
        final CellStyle date;
        final CellStyle label;
        /** Text that wraps within its column (the About sheet's explanations). */
        final CellStyle wrapped;
        /** Left-aligned numbers and dates, for the About sheet's label-value lines. */
        final CellStyle leftInteger;
        final CellStyle leftDateTime;

        Styles(SXSSFWorkbook wb) {
            Font bold = wb.createFont();
            bold.setBold(true);
            header = wb.createCellStyle();
            header.setFont(bold);
            header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
            header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            header.setBorderBottom(BorderStyle.THIN);
            header.setVerticalAlignment(VerticalAlignment.CENTER);
            label = wb.createCellStyle();
            label.setFont(bold);
            label.setVerticalAlignment(VerticalAlignment.TOP);
            wrapped = wb.createCellStyle();
            wrapped.setWrapText(true);
            wrapped.setVerticalAlignment(VerticalAlignment.TOP);
            quotedText = wb.createCellStyle();
            quotedText.setQuotePrefixed(true);
            integer = format(wb, "0");
            decimal = format(wb, "#,##0.00");
            ratio = format(wb, "0.0000");
            dateTime = format(wb, "yyyy-mm-dd hh:mm:ss");
            date = format(wb, "yyyy-mm-dd");
            leftInteger = format(wb, "0");
            leftInteger.setAlignment(HorizontalAlignment.LEFT);
            leftDateTime = format(wb, "yyyy-mm-dd hh:mm:ss");
            leftDateTime.setAlignment(HorizontalAlignment.LEFT);
        }

        private static CellStyle format(SXSSFWorkbook wb, String pattern) {
            CellStyle s = wb.createCellStyle();
            s.setDataFormat(wb.createDataFormat().getFormat(pattern));
            return s;
        }
    }
}
