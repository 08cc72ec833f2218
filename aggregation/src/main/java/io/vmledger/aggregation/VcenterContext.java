package io.vmledger.aggregation;

import io.vmledger.api.LifecycleEntry;

import java.util.Map;
import java.util.Objects;

/**
 * What the hourly aggregators need about a vCenter before they see its VM groups: its snapshots in the
 * period and its lifecycle cache entries by VM key.
 */
public record VcenterContext(VcenterSnapshots snapshots, Map<String, LifecycleEntry> lifecycle) {

    public VcenterContext {
        Objects.requireNonNull(snapshots, "snapshots");
        Objects.requireNonNull(lifecycle, "lifecycle");
    }
}
