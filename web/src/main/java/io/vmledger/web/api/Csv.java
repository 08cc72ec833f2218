package io.vmledger.web.api;

import java.util.List;

/**
 * RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled, lines end with CRLF.
 * Text cells that a spreadsheet would run as a formula ({@code = + - @}, tab, carriage return at the
 * start) get a leading apostrophe, so a VM named {@code =HYPERLINK(...)} stays text when opened.
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
            String v = c instanceof String s ? defuse(s) : String.valueOf(c);
            if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                out.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                out.append(v);
            }
        }
        out.append("\r\n");
    }

    private static String defuse(String s) {
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            return "'" + s;
        }
        return s;
    }
}
