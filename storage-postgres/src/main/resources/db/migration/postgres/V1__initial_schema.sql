-- vmledger PostgreSQL schema, version 1. Same tables and columns as the SQLite plugin
-- (quoted PascalCase of docs/semantics). "VmKey" is the aggregation key of semantics section 3
-- (VmId, else 'uuid:' || VmUuid, else 'name:' || Name); it stands in the keys where the original
-- system used "VmId", so legacy rows without a VmId are keyed as well.
-- Text columns use the "C" collation: byte order is Java's String order for the keys, and b-tree
-- comparisons are plain memcmp (cheaper index upkeep than a linguistic collation).

-- Canonical hourly facts. The key leads with "SnapshotTime", so each new hour appends at the right
-- edge of the one b-tree; there are no secondary indexes (docs/decisions/0051-postgres-hourly-indexes.md).
-- ${hourly_partitioning} is 'PARTITION BY RANGE ("SnapshotTime")' when storage.postgres.partitioning
-- is monthly (the default for new installs), else empty; partitions are created by the plugin.
CREATE TABLE vm_hourly_stats (
    "SnapshotTime"    bigint           NOT NULL,
    "Vcenter"         text COLLATE "C" NOT NULL,
    "VmKey"           text COLLATE "C" NOT NULL,
    "VmId"            text COLLATE "C",
    "VmUuid"          text COLLATE "C",
    "Name"            text COLLATE "C",
    "CreationTime"    bigint,
    "DeletionTime"    bigint,
    "ResourcePool"    text COLLATE "C",
    "Datacenter"      text COLLATE "C",
    "Cluster"         text COLLATE "C",
    "Folder"          text COLLATE "C",
    "VcpuCount"       integer          NOT NULL,
    "RamGB"           double precision NOT NULL,
    "ProvisionedDisk" double precision NOT NULL,
    "PowerState"      text COLLATE "C" NOT NULL,
    "IsTemplate"      boolean          NOT NULL,
    CONSTRAINT vm_hourly_stats_pkey PRIMARY KEY ("SnapshotTime", "Vcenter", "VmKey")
) ${hourly_partitioning};

-- One row per stored snapshot, written in the same transaction as its rows. Serves the snapshot
-- time listings and drives trace look-ups (one primary-key probe per snapshot time).
CREATE TABLE vm_hourly_snapshots (
    "Vcenter"      text COLLATE "C" NOT NULL,
    "SnapshotTime" bigint           NOT NULL,
    "RowCount"     integer          NOT NULL,
    PRIMARY KEY ("Vcenter", "SnapshotTime")
);

CREATE INDEX vm_hourly_snapshots_time ON vm_hourly_snapshots ("SnapshotTime");

-- Lifecycle cache: small (one row per VM ever seen), so it carries the look-up indexes. Every
-- capture rewrites "LastSeen" of every VM: free space on each page lets those be HOT updates.
CREATE TABLE vm_lifecycle_cache (
    "Vcenter"        text COLLATE "C" NOT NULL,
    "VmKey"          text COLLATE "C" NOT NULL,
    "VmId"           text COLLATE "C",
    "VmUuid"         text COLLATE "C",
    "Name"           text COLLATE "C",
    "FirstSeen"      bigint           NOT NULL,
    "LastSeen"       bigint           NOT NULL,
    "CreationTime"   bigint,
    "DeletionTime"   bigint,
    "DeletionSource" text COLLATE "C",
    PRIMARY KEY ("Vcenter", "VmKey")
) WITH (fillfactor = 70);

CREATE INDEX vm_lifecycle_cache_vm_id   ON vm_lifecycle_cache ("VmId");
CREATE INDEX vm_lifecycle_cache_vm_uuid ON vm_lifecycle_cache ("VmUuid");
CREATE INDEX vm_lifecycle_cache_name    ON vm_lifecycle_cache ("Name");

CREATE TABLE vcenter_totals (
    "Vcenter"        text COLLATE "C" NOT NULL,
    "SnapshotTime"   bigint           NOT NULL,
    "VmCount"        integer          NOT NULL,
    "PoweredOnCount" integer          NOT NULL,
    "VcpuTotal"      bigint           NOT NULL,
    "RamTotalGB"     double precision NOT NULL,
    "DiskTotalGB"    double precision NOT NULL,
    PRIMARY KEY ("Vcenter", "SnapshotTime")
);

CREATE INDEX vcenter_totals_time ON vcenter_totals ("SnapshotTime");

CREATE TABLE vcenter_latest_totals (
    "Vcenter"        text COLLATE "C" NOT NULL PRIMARY KEY,
    "SnapshotTime"   bigint           NOT NULL,
    "VmCount"        integer          NOT NULL,
    "PoweredOnCount" integer          NOT NULL,
    "VcpuTotal"      bigint           NOT NULL,
    "RamTotalGB"     double precision NOT NULL,
    "DiskTotalGB"    double precision NOT NULL
);

CREATE TABLE vcenter_aggregate_totals (
    "Vcenter"           text COLLATE "C" NOT NULL,
    "Granularity"       text COLLATE "C" NOT NULL,
    "PeriodStart"       bigint           NOT NULL,
    "SnapshotCount"     integer          NOT NULL,
    "AvgVmCount"        double precision NOT NULL,
    "AvgPoweredOnCount" double precision NOT NULL,
    "AvgVcpuTotal"      double precision NOT NULL,
    "AvgRamTotalGB"     double precision NOT NULL,
    "AvgDiskTotalGB"    double precision NOT NULL,
    "MaxVmCount"        integer          NOT NULL,
    PRIMARY KEY ("Vcenter", "Granularity", "PeriodStart")
);

CREATE INDEX vcenter_aggregate_totals_period ON vcenter_aggregate_totals ("Granularity", "PeriodStart");

CREATE TABLE snapshot_registry (
    "SnapshotType" text COLLATE "C" NOT NULL,
    "SnapshotTime" bigint           NOT NULL,
    "Vcenter"      text COLLATE "C" NOT NULL,
    "RowCount"     bigint           NOT NULL,
    "TableName"    text COLLATE "C",
    PRIMARY KEY ("SnapshotType", "SnapshotTime", "Vcenter")
);

CREATE INDEX snapshot_registry_time    ON snapshot_registry ("SnapshotTime");
CREATE INDEX snapshot_registry_vcenter ON snapshot_registry ("Vcenter", "SnapshotTime");

-- Daily outputs: the canonical input of monthly aggregation. Keyed by day first so that each
-- day's rows append together.
CREATE TABLE vm_daily_rollup (
    "Date"               bigint           NOT NULL,
    "Vcenter"            text COLLATE "C" NOT NULL,
    "VmKey"              text COLLATE "C" NOT NULL,
    "VmId"               text COLLATE "C",
    "VmUuid"             text COLLATE "C",
    "Name"               text COLLATE "C",
    "SamplesPresent"     bigint           NOT NULL,
    "TotalSamples"       bigint           NOT NULL,
    "AvgIsPresent"       double precision NOT NULL,
    "AvgVcpuCount"       double precision NOT NULL,
    "AvgRamGB"           double precision NOT NULL,
    "AvgProvisionedDisk" double precision NOT NULL,
    "PoolTinPct"         double precision NOT NULL,
    "PoolBronzePct"      double precision NOT NULL,
    "PoolSilverPct"      double precision NOT NULL,
    "PoolGoldPct"        double precision NOT NULL,
    "PoolOtherPct"       double precision NOT NULL,
    "FirstSample"        bigint           NOT NULL,
    "LastSample"         bigint           NOT NULL,
    "ResourcePool"       text COLLATE "C",
    "VcpuCount"          integer          NOT NULL,
    "RamGB"              double precision NOT NULL,
    "ProvisionedDisk"    double precision NOT NULL,
    "PowerState"         text COLLATE "C",
    "Datacenter"         text COLLATE "C",
    "Cluster"            text COLLATE "C",
    "Folder"             text COLLATE "C",
    "CreationTime"       bigint,
    "DeletionTime"       bigint,
    PRIMARY KEY ("Date", "Vcenter", "VmKey")
);

CREATE TABLE job_runs (
    "Id"        bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    "JobType"   text COLLATE "C" NOT NULL,
    "Target"    text COLLATE "C",
    "StartedAt" bigint           NOT NULL,
    "EndedAt"   bigint,
    "Status"    text COLLATE "C" NOT NULL,
    "RowCount"  bigint           NOT NULL DEFAULT 0,
    "Detail"    text
);

CREATE INDEX job_runs_started     ON job_runs ("StartedAt");
CREATE INDEX job_runs_type_target ON job_runs ("JobType", "Target", "StartedAt");
