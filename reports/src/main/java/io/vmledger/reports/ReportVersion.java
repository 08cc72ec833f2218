package io.vmledger.reports;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The vmledger version, as the build wrote it into {@code version.properties}. */
final class ReportVersion {
    static final String VERSION = load();

    private ReportVersion() {
    }

    private static String load() {
        try (InputStream in = ReportVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
