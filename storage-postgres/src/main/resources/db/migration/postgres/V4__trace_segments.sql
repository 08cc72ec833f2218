-- Fast traces (docs/decisions/0150-trace-segments.md). vm_hourly_stats is keyed time first, so one VM's
-- history costs a primary-key probe per hour. Once a UTC day is over, its hourly rows are packed per VM:
-- one vm_trace_segments row per VM and day, and one vm_trace_buckets row per vCenter and day recording how
-- many snapshots it was packed from. Derived data: a snapshot write deletes its day's record in the same
-- transaction, and a trace uses a day's segments only while the record matches the stored snapshots.
CREATE TABLE vm_trace_buckets (
    "Vcenter"       text COLLATE "C" NOT NULL,
    "BucketStart"   bigint           NOT NULL,
    "SnapshotCount" integer          NOT NULL,
    "RowCount"      bigint           NOT NULL,
    PRIMARY KEY ("Vcenter", "BucketStart")
);

CREATE TABLE vm_trace_segments (
    "Vcenter"     text COLLATE "C" NOT NULL,
    "VmKey"       text COLLATE "C" NOT NULL,
    "BucketStart" bigint           NOT NULL,
    "Samples"     bytea            NOT NULL,
    PRIMARY KEY ("Vcenter", "VmKey", "BucketStart")
);

-- repacking a day and retention delete by day
CREATE INDEX vm_trace_segments_bucket ON vm_trace_segments ("BucketStart", "Vcenter");
