package io.vmledger.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How much space is left on the filesystem of a path: what readiness and the capture's floor
 * ({@code settings.disk.*}) check. Replaced in tests.
 */
@FunctionalInterface
public interface FreeSpace {

    /** The filesystem's free space as the JVM sees it ({@link java.nio.file.FileStore#getUsableSpace()}). */
    FreeSpace SYSTEM = dir -> Files.getFileStore(existing(dir)).getUsableSpace();

    /**
     * Bytes this process may still write on the filesystem that holds {@code dir}; a directory that does
     * not exist yet (a reports directory before its first report) is measured at its nearest existing parent.
     */
    long usableBytes(Path dir) throws IOException;

    /** {@code path}, or its nearest ancestor that exists. */
    static Path existing(Path path) {
        Path p = path.toAbsolutePath().normalize();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? path.toAbsolutePath().getRoot() : p;
    }

    /** A byte count for people: {@code 812 MB}, {@code 3.4 GB} (binary units, as {@code df -h}). */
    static String format(long bytes) {
        double mib = bytes / (1024.0 * 1024);
        if (mib < 1024) {
            return String.format(Locale.ROOT, "%.0f MB", mib);
        }
        return String.format(Locale.ROOT, "%.1f GB", mib / 1024);
    }
}
