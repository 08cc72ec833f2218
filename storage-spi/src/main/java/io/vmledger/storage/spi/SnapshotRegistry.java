package io.vmledger.storage.spi;

import io.vmledger.api.Granularity;
import io.vmledger.api.Page;
import io.vmledger.api.SnapshotRecord;

import java.util.Optional;

/** {@code snapshot_registry}, keyed {@code ("SnapshotType","SnapshotTime","Vcenter")}. */
public interface SnapshotRegistry {

    /** Inserts or replaces a record. */
    void register(SnapshotRecord record);

    Optional<SnapshotRecord> get(Granularity type, long snapshotTime, String vcenter);

    /** Matching records, newest first, with the total count. */
    Page<SnapshotRecord> list(SnapshotQuery query);

    /** Removes records of a type older than {@code time}; returns the count removed. */
    long deleteBefore(Granularity type, long time);
}
