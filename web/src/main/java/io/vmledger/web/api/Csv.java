package io.vmledger.web.api;

import io.vmledger.reports.FormulaText;

import java.util.List;

/**
 * RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled, lines end with CRLF.
 * Text that a spreadsheet would run as a formula (it starts with {@code = + - @}, a tab, a carriage
 * return or a line feed; see {@link FormulaText}) is neutralised as OWASP recommends: a single quote is
 * prepended and the field is quoted, so a VM named {@code =HYPERLINK(...)} stays text when opened.
 * Numbers are never changed (a negative number is not text).
 */
final class Csv {

    private Csv() {
    }

    static void appendRow(StringBuilder out, List<?> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object c = cells.get(i);
            if (c == null) {
                continue;
            }
            boolean text = c instanceof String;
            boolean formula = text && FormulaText.looksLikeFormula((String) c);
            String v = formula ? FormulaText.neutraliseCsvText((String) c) : String.valueOf(c);
            if (formula || v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                out.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                out.append(v);
            }
        }
        out.append("\r\n");
    }
}
