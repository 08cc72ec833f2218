package io.vmledger.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Reads a report with an independent implementation: openpyxl, from Debian's {@code python3-openpyxl},
 * run by {@code /usr/bin/python3} (the {@code python3} on PATH may be another interpreter without it;
 * {@code bin/test} installs the package when missing). These tests fail, never skip, without it.
 */
final class XlsxReader {
    static final String PYTHON = "/usr/bin/python3";

    private XlsxReader() {
    }

    /** One sheet as openpyxl sees it. */
    record Sheet(String title, String freeze, String autofilter, JsonNode widths, List<List<JsonNode>> rows) {

        List<JsonNode> header() {
            return rows.get(0);
        }

        /** The data rows (all but the header). */
        List<List<JsonNode>> body() {
            return rows.subList(1, rows.size());
        }

        int column(String header) {
            List<JsonNode> h = header();
            for (int i = 0; i < h.size(); i++) {
                if (h.get(i) != null && header.equals(h.get(i).get("v").asText())) {
                    return i;
                }
            }
            throw new AssertionError("no column " + header + " in sheet " + title);
        }

        /** The About sheet's value for a label. */
        JsonNode about(String label) {
            for (List<JsonNode> r : rows) {
                if (r.get(0) != null && label.equals(r.get(0).get("v").asText())) {
                    return r.get(1);
                }
            }
            throw new AssertionError("no line '" + label + "' in sheet " + title);
        }
    }

    static List<Sheet> read(Path xlsx) throws IOException, InterruptedException {
        JsonNode root = run(xlsx, false);
        List<Sheet> sheets = new ArrayList<>();
        for (JsonNode s : root.get("sheets")) {
            List<List<JsonNode>> rows = new ArrayList<>();
            for (JsonNode r : s.get("rows")) {
                List<JsonNode> cells = new ArrayList<>();
                r.forEach(c -> cells.add(c.isNull() ? null : c));
                rows.add(cells);
            }
            sheets.add(new Sheet(s.get("title").asText(), s.get("freeze").isNull() ? null : s.get("freeze").asText(),
                    s.get("autofilter").isNull() ? null : s.get("autofilter").asText(), s.get("widths"), rows));
        }
        return sheets;
    }

    /** Rows per sheet (header included), read in openpyxl's streaming mode: for large reports. */
    static Map<String, Integer> rowCounts(Path xlsx) throws IOException, InterruptedException {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (JsonNode s : run(xlsx, true).get("sheets")) {
            out.put(s.get("title").asText(), s.get("rows").asInt());
        }
        return out;
    }

    private static JsonNode run(Path xlsx, boolean rowsOnly) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            fail(PYTHON + " is missing: the report tests read reports back with Debian's python3-openpyxl "
                    + "(bin/test installs it)");
        }
        Path script = Files.createTempFile("read_xlsx", ".py");
        try (InputStream in = XlsxReader.class.getResourceAsStream("read_xlsx.py")) {
            assertNotNull(in, "read_xlsx.py");
            Files.write(script, in.readAllBytes());
        }
        try {
            List<String> command = new ArrayList<>(List.of(PYTHON, script.toString(), xlsx.toString()));
            if (rowsOnly) {
                command.add("--rows");
            }
            Process p = new ProcessBuilder(command).start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                fail("openpyxl could not read " + xlsx + ": " + err
                        + (err.contains("No module named 'openpyxl'") ? " (apt-get install python3-openpyxl)" : ""));
            }
            return new ObjectMapper().readTree(out);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** A cell of openpyxl type {@code d}, to the second (Excel stores times as fractions of a day). */
    static LocalDateTime dateTime(JsonNode cell) {
        assertNotNull(cell, "date cell");
        assertEquals("d", cell.get("t").asText(), "a real date cell: " + cell);
        LocalDateTime t = LocalDateTime.parse(cell.get("v").asText());
        return t.plusNanos(500_000_000).truncatedTo(ChronoUnit.SECONDS);
    }
}
