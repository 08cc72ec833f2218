package io.vmledger.storage.spi;

import io.vmledger.api.Granularity;
import io.vmledger.api.TimeWindow;

import java.util.Objects;

/**
 * A filter over {@code snapshot_registry}; results come newest first.
 *
 * @param type    a snapshot type, or null for all
 * @param vcenter a vCenter key, or null for all
 * @param window  snapshot times to include
 * @param limit   page size, at least 1
 * @param offset  rows to skip, at least 0
 */
public record SnapshotQuery(Granularity type, String vcenter, TimeWindow window, int limit, long offset) {

    public SnapshotQuery {
        Objects.requireNonNull(window, "window");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
    }
}
