-- Issue 14: crash safety. Every job run records the instance (process) that ran it, so that a run left
-- 'running' by an instance that died is closed as 'abandoned'; the partial index finds the running ones
-- without reading the history.
ALTER TABLE job_runs ADD COLUMN "InstanceId" text COLLATE "C";
CREATE INDEX job_runs_running ON job_runs ("InstanceId") WHERE "Status" = 'running';

-- When each vCenter snapshot was last written (epoch ms): an hourly report older than it is stale.
-- NULL for snapshots written before this version.
ALTER TABLE vm_hourly_snapshots ADD COLUMN "WrittenAt" bigint;

-- The instances that opened the store: identity, heartbeat and how they ended.
CREATE TABLE service_instances (
    "InstanceId"   text COLLATE "C" NOT NULL PRIMARY KEY,
    "Role"         text             NOT NULL,
    "Host"         text             NOT NULL,
    "HostKey"      text,
    "Pid"          bigint           NOT NULL,
    "ProcessStart" bigint,
    "StartedAt"    bigint           NOT NULL,
    "HeartbeatAt"  bigint           NOT NULL,
    "EndedAt"      bigint,
    "Status"       text COLLATE "C" NOT NULL,
    "Detail"       text
);

CREATE INDEX service_instances_status ON service_instances ("Status");

-- Named leases that keep scheduled work to one instance; "Progress" is the holder's high-water mark
-- (the last capture time done, say).
CREATE TABLE instance_leases (
    "Name"       text COLLATE "C" NOT NULL PRIMARY KEY,
    "InstanceId" text COLLATE "C",
    "AcquiredAt" bigint           NOT NULL,
    "Progress"   bigint           NOT NULL
);
