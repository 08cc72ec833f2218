package io.vmledger.reports;

/**
 * Text that a spreadsheet would run as a formula when it is typed or imported: it starts with
 * {@code = + - @}, a tab, a carriage return or a line feed (OWASP's list for CSV injection, plus the
 * full-width forms that some locales of Excel accept as well). VM names are chosen by whoever manages
 * the vCenter, so every exported text cell is checked.
 *
 * <ul>
 *   <li>XLSX: such text is written as a plain string cell (never a formula) with the quote-prefix
 *       style, so Excel keeps it text even when the cell is edited.</li>
 *   <li>CSV: {@link #neutraliseCsvText} prepends a single quote, and the field is then always quoted,
 *       as OWASP recommends.</li>
 * </ul>
 */
public final class FormulaText {
    private static final String TRIGGERS = "=+-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20";

    private FormulaText() {
    }

    /** Whether {@code text} would be taken for a formula. */
    public static boolean looksLikeFormula(String text) {
        return text != null && !text.isEmpty() && TRIGGERS.indexOf(text.charAt(0)) >= 0;
    }

    /** The CSV form of a text cell: with a leading single quote when it looks like a formula. */
    public static String neutraliseCsvText(String text) {
        return looksLikeFormula(text) ? "'" + text : text;
    }
}
