-- Issue 14: crash safety. Every job run records the instance (process) that ran it, so that a run left
-- 'running' by an instance that died is closed as 'abandoned'; the partial index finds the running ones
-- without reading the history.
ALTER TABLE job_runs ADD COLUMN "InstanceId" TEXT;
CREATE INDEX job_runs_running ON job_runs ("InstanceId") WHERE "Status" = 'running';

-- When each vCenter snapshot was last written (epoch ms): an hourly report older than it is stale.
-- NULL for snapshots written before this version.
ALTER TABLE vm_hourly_snapshots ADD COLUMN "WrittenAt" INTEGER;

-- The instances that opened the store: identity, heartbeat and how they ended.
CREATE TABLE service_instances (
    "InstanceId"   TEXT    NOT NULL PRIMARY KEY,
    "Role"         TEXT    NOT NULL,
    "Host"         TEXT    NOT NULL,
    "HostKey"      TEXT,
    "Pid"          INTEGER NOT NULL,
    "ProcessStart" INTEGER,
    "StartedAt"    INTEGER NOT NULL,
    "HeartbeatAt"  INTEGER NOT NULL,
    "EndedAt"      INTEGER,
    "Status"       TEXT    NOT NULL,
    "Detail"       TEXT
) WITHOUT ROWID;

CREATE INDEX service_instances_status ON service_instances ("Status");

-- Named leases that keep scheduled work to one instance; "Progress" is the holder's high-water mark
-- (the last capture time done, say).
CREATE TABLE instance_leases (
    "Name"       TEXT    NOT NULL PRIMARY KEY,
    "InstanceId" TEXT,
    "AcquiredAt" INTEGER NOT NULL,
    "Progress"   INTEGER NOT NULL
) WITHOUT ROWID;
