-- vmledger SQLite schema, version 1.
-- Column names are those of docs/semantics (quoted PascalCase). "VmKey" is the aggregation key of
-- semantics section 3 (VmId, else 'uuid:' || VmUuid, else 'name:' || Name); it stands in the keys
-- where the original system used "VmId", so legacy rows without a VmId are keyed as well.

-- Canonical hourly facts. The key leads with "SnapshotTime" so that each new hour appends at the
-- right edge of the one B-tree (no secondary indexes: see docs/decisions/0010-sqlite-hourly-layout.md).
CREATE TABLE vm_hourly_stats (
    "SnapshotTime"    INTEGER NOT NULL,
    "Vcenter"         TEXT    NOT NULL,
    "VmKey"           TEXT    NOT NULL,
    "VmId"            TEXT,
    "VmUuid"          TEXT,
    "Name"            TEXT,
    "CreationTime"    INTEGER,
    "DeletionTime"    INTEGER,
    "ResourcePool"    TEXT,
    "Datacenter"      TEXT,
    "Cluster"         TEXT,
    "Folder"          TEXT,
    "VcpuCount"       INTEGER NOT NULL,
    "RamGB"           REAL    NOT NULL,
    "ProvisionedDisk" REAL    NOT NULL,
    "PowerState"      TEXT    NOT NULL,
    "IsTemplate"      INTEGER NOT NULL,
    PRIMARY KEY ("SnapshotTime", "Vcenter", "VmKey")
) WITHOUT ROWID;

-- One row per stored snapshot, written in the same transaction as its rows. Serves the snapshot
-- time listings and drives trace look-ups (one primary-key probe per snapshot time).
CREATE TABLE vm_hourly_snapshots (
    "Vcenter"      TEXT    NOT NULL,
    "SnapshotTime" INTEGER NOT NULL,
    "RowCount"     INTEGER NOT NULL,
    PRIMARY KEY ("Vcenter", "SnapshotTime")
) WITHOUT ROWID;

CREATE INDEX vm_hourly_snapshots_time ON vm_hourly_snapshots ("SnapshotTime");

-- Lifecycle cache: small (one row per VM ever seen), so it carries the look-up indexes.
CREATE TABLE vm_lifecycle_cache (
    "Vcenter"        TEXT    NOT NULL,
    "VmKey"          TEXT    NOT NULL,
    "VmId"           TEXT,
    "VmUuid"         TEXT,
    "Name"           TEXT,
    "FirstSeen"      INTEGER NOT NULL,
    "LastSeen"       INTEGER NOT NULL,
    "CreationTime"   INTEGER,
    "DeletionTime"   INTEGER,
    "DeletionSource" TEXT,
    PRIMARY KEY ("Vcenter", "VmKey")
) WITHOUT ROWID;

CREATE INDEX vm_lifecycle_cache_vm_id   ON vm_lifecycle_cache ("VmId");
CREATE INDEX vm_lifecycle_cache_vm_uuid ON vm_lifecycle_cache ("VmUuid");
CREATE INDEX vm_lifecycle_cache_name    ON vm_lifecycle_cache ("Name");

CREATE TABLE vcenter_totals (
    "Vcenter"        TEXT    NOT NULL,
    "SnapshotTime"   INTEGER NOT NULL,
    "VmCount"        INTEGER NOT NULL,
    "PoweredOnCount" INTEGER NOT NULL,
    "VcpuTotal"      INTEGER NOT NULL,
    "RamTotalGB"     REAL    NOT NULL,
    "DiskTotalGB"    REAL    NOT NULL,
    PRIMARY KEY ("Vcenter", "SnapshotTime")
) WITHOUT ROWID;

CREATE TABLE vcenter_latest_totals (
    "Vcenter"        TEXT    NOT NULL PRIMARY KEY,
    "SnapshotTime"   INTEGER NOT NULL,
    "VmCount"        INTEGER NOT NULL,
    "PoweredOnCount" INTEGER NOT NULL,
    "VcpuTotal"      INTEGER NOT NULL,
    "RamTotalGB"     REAL    NOT NULL,
    "DiskTotalGB"    REAL    NOT NULL
) WITHOUT ROWID;

CREATE TABLE vcenter_aggregate_totals (
    "Vcenter"           TEXT    NOT NULL,
    "Granularity"       TEXT    NOT NULL,
    "PeriodStart"       INTEGER NOT NULL,
    "SnapshotCount"     INTEGER NOT NULL,
    "AvgVmCount"        REAL    NOT NULL,
    "AvgPoweredOnCount" REAL    NOT NULL,
    "AvgVcpuTotal"      REAL    NOT NULL,
    "AvgRamTotalGB"     REAL    NOT NULL,
    "AvgDiskTotalGB"    REAL    NOT NULL,
    "MaxVmCount"        INTEGER NOT NULL,
    PRIMARY KEY ("Vcenter", "Granularity", "PeriodStart")
) WITHOUT ROWID;

CREATE INDEX vcenter_aggregate_totals_period ON vcenter_aggregate_totals ("Granularity", "PeriodStart");

CREATE TABLE snapshot_registry (
    "SnapshotType" TEXT    NOT NULL,
    "SnapshotTime" INTEGER NOT NULL,
    "Vcenter"      TEXT    NOT NULL,
    "RowCount"     INTEGER NOT NULL,
    "TableName"    TEXT,
    PRIMARY KEY ("SnapshotType", "SnapshotTime", "Vcenter")
) WITHOUT ROWID;

CREATE INDEX snapshot_registry_time    ON snapshot_registry ("SnapshotTime");
CREATE INDEX snapshot_registry_vcenter ON snapshot_registry ("Vcenter", "SnapshotTime");

-- Daily outputs: the canonical input of monthly aggregation. Keyed by day first so that each
-- day's rows append together; readers merge the per-day runs (see SqliteRollupStore).
CREATE TABLE vm_daily_rollup (
    "Date"               INTEGER NOT NULL,
    "Vcenter"            TEXT    NOT NULL,
    "VmKey"              TEXT    NOT NULL,
    "VmId"               TEXT,
    "VmUuid"             TEXT,
    "Name"               TEXT,
    "SamplesPresent"     INTEGER NOT NULL,
    "TotalSamples"       INTEGER NOT NULL,
    "AvgIsPresent"       REAL    NOT NULL,
    "AvgVcpuCount"       REAL    NOT NULL,
    "AvgRamGB"           REAL    NOT NULL,
    "AvgProvisionedDisk" REAL    NOT NULL,
    "PoolTinPct"         REAL    NOT NULL,
    "PoolBronzePct"      REAL    NOT NULL,
    "PoolSilverPct"      REAL    NOT NULL,
    "PoolGoldPct"        REAL    NOT NULL,
    "PoolOtherPct"       REAL    NOT NULL,
    "FirstSample"        INTEGER NOT NULL,
    "LastSample"         INTEGER NOT NULL,
    "ResourcePool"       TEXT,
    "VcpuCount"          INTEGER NOT NULL,
    "RamGB"              REAL    NOT NULL,
    "ProvisionedDisk"    REAL    NOT NULL,
    "PowerState"         TEXT,
    "Datacenter"         TEXT,
    "Cluster"            TEXT,
    "Folder"             TEXT,
    "CreationTime"       INTEGER,
    "DeletionTime"       INTEGER,
    PRIMARY KEY ("Date", "Vcenter", "VmKey")
) WITHOUT ROWID;

CREATE TABLE job_runs (
    "Id"        INTEGER PRIMARY KEY AUTOINCREMENT,
    "JobType"   TEXT    NOT NULL,
    "Target"    TEXT,
    "StartedAt" INTEGER NOT NULL,
    "EndedAt"   INTEGER,
    "Status"    TEXT    NOT NULL,
    "RowCount"  INTEGER NOT NULL DEFAULT 0,
    "Detail"    TEXT
);

CREATE INDEX job_runs_started     ON job_runs ("StartedAt");
CREATE INDEX job_runs_type_target ON job_runs ("JobType", "Target", "StartedAt");
