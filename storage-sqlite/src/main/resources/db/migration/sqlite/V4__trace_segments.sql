-- Fast traces (docs/decisions/0150-trace-segments.md). vm_hourly_stats is keyed time first, so one VM's
-- history costs a primary-key probe per hour. Once a UTC day is over, its hourly rows are packed per VM:
-- one vm_trace_segments row per VM and day, and one vm_trace_buckets row per vCenter and day recording how
-- many snapshots it was packed from. Derived data: a snapshot write deletes its day's record in the same
-- transaction, and a trace uses a day's segments only while the record matches the stored snapshots.
CREATE TABLE vm_trace_buckets (
    "Vcenter"       TEXT    NOT NULL,
    "BucketStart"   INTEGER NOT NULL,
    "SnapshotCount" INTEGER NOT NULL,
    "RowCount"      INTEGER NOT NULL,
    PRIMARY KEY ("Vcenter", "BucketStart")
) WITHOUT ROWID;

CREATE TABLE vm_trace_segments (
    "Vcenter"     TEXT    NOT NULL,
    "VmKey"       TEXT    NOT NULL,
    "BucketStart" INTEGER NOT NULL,
    "Samples"     BLOB    NOT NULL,
    PRIMARY KEY ("Vcenter", "VmKey", "BucketStart")
) WITHOUT ROWID;

-- repacking a day and retention delete by day
CREATE INDEX vm_trace_segments_bucket ON vm_trace_segments ("BucketStart", "Vcenter");
