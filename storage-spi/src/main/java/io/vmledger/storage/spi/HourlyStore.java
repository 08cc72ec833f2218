package io.vmledger.storage.spi;

import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;

import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;

/** {@code vm_hourly_stats}, keyed {@code ("Vcenter","VmId","SnapshotTime")} (legacy rows by their identity key). */
public interface HourlyStore {

    /**
     * Replaces snapshot {@code (vcenter, snapshotTime)} with {@code rows} in one transaction, written in
     * batches of {@code settings.capture_write_batch_size}. Rows of that snapshot that are not in
     * {@code rows} are removed; nothing is ever duplicated. Every row must carry this vCenter and time.
     *
     * @return rows written
     * @throws IllegalArgumentException when a row belongs to another snapshot or a VM key appears twice;
     *                                  nothing is written then
     */
    int replaceSnapshot(String vcenter, long snapshotTime, List<VmSample> rows);

    /**
     * Streams the rows of every vCenter with {@code window.start <= SnapshotTime < window.end}, ordered by
     * {@code Vcenter}, VM key, {@code SnapshotTime}, so a reader can keep one VM group in memory at a time.
     */
    void forEachOrdered(TimeWindow window, Consumer<VmSample> sink);

    /** The rows of one snapshot, ordered by VM key. */
    List<VmSample> snapshot(String vcenter, long snapshotTime);

    /** One VM's rows over a window, ordered by time. */
    List<VmSample> trace(String vcenter, String vmKey, TimeWindow window);

    /**
     * Prepares the vCenter's days that end at or before {@code before} for fast traces, when the plugin keeps
     * such a copy (the JDBC plugins pack a day's rows per VM, docs/decisions/0150): derived data, so a plugin
     * without it does nothing, and {@link #trace} answers the same either way. Captures call it once their
     * snapshot is stored. Returns the days prepared.
     */
    default int packTraces(String vcenter, long before) {
        return 0;
    }

    /** Distinct snapshot times of a vCenter in a window, ascending. */
    List<Long> snapshotTimes(String vcenter, TimeWindow window);

    /** The first snapshot time of the vCenter at or after {@code time}, if any. */
    OptionalLong firstSnapshotAtOrAfter(String vcenter, long time);

    /** The newest snapshot time of the vCenter, if it has any. */
    OptionalLong latestSnapshotTime(String vcenter);

    /**
     * When the newest of the vCenter snapshots at {@code snapshotTime} was written (epoch milliseconds, the
     * time of the write that replaced it last): a report of that hour made before it is stale. Empty when
     * there is none, or only snapshots written by versions that did not record it.
     */
    OptionalLong writtenAt(long snapshotTime);

    /** vCenters that have hourly rows, sorted. */
    List<String> vcenters();

    /** Removes rows older than {@code time} (retention); returns the number removed. */
    long deleteBefore(long time);

    /**
     * The latest time at or before {@code time} up to which {@link #deleteBefore} removes whole storage
     * units (for example monthly partitions) without deleting single rows. A cleanup job that passes
     * {@code deleteBefore(retentionBoundary(cutoff))} keeps at most one unit of extra history and never
     * pays for row-by-row deletes. Plugins without such units return {@code time}.
     */
    default long retentionBoundary(long time) {
        return time;
    }
}
