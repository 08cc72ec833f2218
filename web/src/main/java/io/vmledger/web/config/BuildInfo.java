package io.vmledger.web.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What was built: the project version and the git commit, read from {@code vmledger-build.properties}
 * (filled in by Maven), and the Java runtime this process runs on. Printed by {@code bin/vmledger --version}.
 *
 * @param version  the project version, e.g. {@code 0.1.0}
 * @param commit   the abbreviated commit id, or {@code unknown} when built outside a git checkout
 * @param time     the commit time (ISO-8601), or {@code unknown}
 * @param modified whether the tree had uncommitted changes when it was built
 */
public record BuildInfo(String version, String commit, String time, boolean modified) {
    static final String RESOURCE = "/vmledger-build.properties";
    private static final String UNKNOWN = "unknown";
    private static final String DIRTY = "-dirty";

    /** The build of the running application. */
    public static BuildInfo current() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // 'git describe --dirty' marks a tree with uncommitted changes
        String commit = value(p, "commit");
        boolean modified = commit.endsWith(DIRTY);
        return new BuildInfo(value(p, "version"), modified ? commit.substring(0, commit.length() - DIRTY.length()) : commit,
                value(p, "commit.time"), modified);
    }

    /** A property, or {@code unknown} when missing or left unfiltered ({@code ${...}}: no git at build time). */
    private static String value(Properties p, String key) {
        String v = p.getProperty(key, "").strip();
        return v.isEmpty() || v.startsWith("${") ? UNKNOWN : v;
    }

    /** The three lines of {@code --version}: version, build commit, Java runtime. */
    public String describe() {
        return "vmledger " + version + "\n"
                + "build commit " + commit + (time.equals(UNKNOWN) ? "" : " (" + time + ")")
                + (modified ? ", built with uncommitted changes" : "") + "\n"
                + "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.home") + ")\n";
    }
}
