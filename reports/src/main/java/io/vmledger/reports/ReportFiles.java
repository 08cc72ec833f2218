package io.vmledger.reports;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The reports directory ({@code reports.dir}). A report is written to a hidden temporary file
 * ({@code .NAME.<random>.tmp}) in the same directory, flushed to disk, then renamed over its stable
 * name in one atomic step: a reader (or a download in progress) sees the old file or the new one, and a
 * crash leaves at most a temporary file, which {@link #removeTemporaryFiles()} deletes at the next start.
 */
public final class ReportFiles {
    private static final String TEMP_SUFFIX = ".tmp";

    private final Path dir;

    public ReportFiles(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    /** The path of a report's stable name (the file may not exist). */
    public Path path(ReportId id) {
        return dir.resolve(id.fileName());
    }

    /** The report's file, if it exists. */
    public Optional<ReportInfo> info(ReportId id) {
        try {
            BasicFileAttributes a = Files.readAttributes(path(id), BasicFileAttributes.class);
            return Optional.of(new ReportInfo(id, a.size(), a.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path(id), e);
        }
    }

    /** Every report file of the directory (other files are ignored), in {@link ReportId} order. */
    public List<ReportInfo> list() {
        List<ReportInfo> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "inventory_*.xlsx")) {
            for (Path p : files) {
                Optional<ReportId> id = ReportId.parse(p.getFileName().toString());
                if (id.isPresent()) {
                    try {
                        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                        if (a.isRegularFile()) {
                            out.add(new ReportInfo(id.get(), a.size(), a.lastModifiedTime().toInstant()));
                        }
                    } catch (NoSuchFileException gone) {
                        // removed by retention while listing
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        out.sort((a, b) -> a.id().compareTo(b.id()));
        return out;
    }

    /** Writes what {@code body} produces to a temporary file, then renames it over the report's stable name. */
    public Path write(ReportId id, Body body) throws IOException {
        Files.createDirectories(dir);
        Path target = path(id);
        Path temp = dir.resolve("." + id.fileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                body.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Deletes a report; returns whether it existed. */
    public boolean delete(ReportId id) {
        try {
            return Files.deleteIfExists(path(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path(id), e);
        }
    }

    /** Deletes the temporary files a crash left behind; returns how many. Call before any report is written. */
    public int removeTemporaryFiles() {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".inventory_*" + TEMP_SUFFIX)) {
            for (Path p : files) {
                n += Files.deleteIfExists(p) ? 1 : 0;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + dir, e);
        }
        return n;
    }

    /** Produces a report's bytes. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }
}
