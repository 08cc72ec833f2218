package io.vmledger.reports;

import java.time.Instant;
import java.util.Objects;

/**
 * A report file as stored.
 *
 * @param id          which report
 * @param sizeBytes   file size
 * @param generatedAt when it was written (the file's modification time)
 */
public record ReportInfo(ReportId id, long sizeBytes, Instant generatedAt) {

    public ReportInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(generatedAt, "generatedAt");
    }

    public String name() {
        return id.fileName();
    }
}
