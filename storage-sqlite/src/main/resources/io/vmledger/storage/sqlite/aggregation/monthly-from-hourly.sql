-- Monthly rows of one month straight from vm_hourly_stats (semantics section 5; manual rebuilds and
-- validation), ordered by "Vcenter", "VmKey". The month's days in the report time zone come as a
-- VALUES list (the days placeholder) generated from code as numbered parameters; the rows are first grouped per VM
-- and day (for the per-day CreationTime rule and the last day's DeletionTime), then per VM. The
-- DeletionTime rule also reads each vCenter's first snapshot after the month.
-- Parameters: ?1 month start, ?2 month end (exclusive), ?3..?6 the tier names in lower case, then the
-- day starts and ends.
WITH
days (day_start, day_end) AS (
    VALUES {{days}}
),
snapshots AS MATERIALIZED (
    SELECT "Vcenter", "SnapshotTime"
      FROM vm_hourly_snapshots
     WHERE "SnapshotTime" >= ?1 AND "SnapshotTime" < ?2
),
vcenter_samples AS (
    SELECT "Vcenter", count(*) AS total_samples
      FROM snapshots
     GROUP BY "Vcenter"
),
-- each vCenter's first snapshot after the month, for VMs in its last snapshot of the month
next_snapshots AS (
    SELECT v."Vcenter",
           (SELECT min(n."SnapshotTime")
              FROM vm_hourly_snapshots AS n
             WHERE n."Vcenter" = v."Vcenter" AND n."SnapshotTime" >= ?2) AS next_time
      FROM vcenter_samples AS v
),
vm_days AS MATERIALIZED (
    SELECT h."Vcenter",
           h."VmKey",
           d.day_start,
           d.day_end,
           count(*)                                                 AS samples,
           sum(h."VcpuCount")                                       AS vcpu,
           sum(h."RamGB")                                           AS ram,
           sum(h."ProvisionedDisk")                                 AS disk,
           count(CASE WHEN lower(h."ResourcePool") = ?3 THEN 1 END) AS tin,
           count(CASE WHEN lower(h."ResourcePool") = ?4 THEN 1 END) AS bronze,
           count(CASE WHEN lower(h."ResourcePool") = ?5 THEN 1 END) AS silver,
           count(CASE WHEN lower(h."ResourcePool") = ?6 THEN 1 END) AS gold,
           min(h."SnapshotTime")                                    AS day_first,
           max(h."SnapshotTime")                                    AS day_last,
           min(h."CreationTime")                                    AS day_min_creation
      FROM days AS d
     CROSS JOIN vm_hourly_stats AS h
        ON h."SnapshotTime" >= d.day_start AND h."SnapshotTime" < d.day_end
     WHERE h."IsTemplate" = 0
     GROUP BY h."Vcenter", h."VmKey", d.day_start
),
vm_groups AS (
    SELECT v."Vcenter",
           v."VmKey",
           sum(v.samples)   AS samples_present,
           sum(v.vcpu)      AS vcpu,
           sum(v.ram)       AS ram,
           sum(v.disk)      AS disk,
           sum(v.tin)       AS tin,
           sum(v.bronze)    AS bronze,
           sum(v.silver)    AS silver,
           sum(v.gold)      AS gold,
           min(v.day_first) AS first_sample,
           max(v.day_last)  AS last_sample,
           -- the earliest of the daily CreationTime values (daily rule per day)
           min(coalesce(min(c."CreationTime", v.day_min_creation), c."CreationTime", v.day_min_creation,
                        c."FirstSeen", v.day_first)) AS creation_time
      FROM vm_days AS v
      LEFT JOIN vm_lifecycle_cache AS c
        ON c."Vcenter" = v."Vcenter" AND c."VmKey" = v."VmKey"
       AND (c."DeletionTime" IS NULL OR c."DeletionTime" >= v.day_start)
     GROUP BY v."Vcenter", v."VmKey"
),
-- N: the vCenter's first snapshot after the VM's last sample, in the month or after it (NULL when none)
vm_next AS MATERIALIZED (
    SELECT g.*,
           coalesce((SELECT min(s."SnapshotTime")
                       FROM snapshots AS s
                      WHERE s."Vcenter" = g."Vcenter" AND s."SnapshotTime" > g.last_sample),
                    n.next_time) AS next_time
      FROM vm_groups AS g
      JOIN next_snapshots AS n
        ON n."Vcenter" = g."Vcenter"
)
SELECT g."Vcenter",
       g."VmKey",
       l."VmId",
       l."VmUuid",
       l."Name",
       g.samples_present,
       t.total_samples,
       CAST(g.samples_present AS REAL) / t.total_samples,
       CAST(g.vcpu AS REAL) / g.samples_present,
       g.ram / g.samples_present,
       g.disk / g.samples_present,
       100.0 * g.tin / g.samples_present,
       100.0 * g.bronze / g.samples_present,
       100.0 * g.silver / g.samples_present,
       100.0 * g.gold / g.samples_present,
       100.0 * (g.samples_present - g.tin - g.bronze - g.silver - g.gold) / g.samples_present,
       g.first_sample,
       g.last_sample,
       l."ResourcePool",
       l."VcpuCount",
       l."RamGB",
       l."ProvisionedDisk",
       l."PowerState",
       l."Datacenter",
       l."Cluster",
       l."Folder",
       g.creation_time,
       -- the daily DeletionTime rule on the VM's last day present: within the month the VM has no row
       -- after its last sample, so only a snapshot after the month needs looking at
       CASE
           WHEN c."DeletionTime" > g.last_sample AND c."DeletionTime" <= g.next_time THEN c."DeletionTime"
           WHEN g.next_time < ?2 THEN g.next_time
           WHEN nr."VmKey" IS NULL THEN g.next_time
       END
  FROM vm_next AS g
  JOIN vcenter_samples AS t
    ON t."Vcenter" = g."Vcenter"
  JOIN vm_days AS ld
    ON ld."Vcenter" = g."Vcenter" AND ld."VmKey" = g."VmKey" AND ld.day_last = g.last_sample
  JOIN vm_hourly_stats AS l
    ON l."SnapshotTime" = g.last_sample AND l."Vcenter" = g."Vcenter" AND l."VmKey" = g."VmKey"
  LEFT JOIN vm_lifecycle_cache AS c
    ON c."Vcenter" = g."Vcenter" AND c."VmKey" = g."VmKey"
   AND (c."DeletionTime" IS NULL OR c."DeletionTime" >= ld.day_start)
  LEFT JOIN vm_hourly_stats AS nr
    ON g.next_time >= ?2
   AND nr."SnapshotTime" = g.next_time AND nr."Vcenter" = g."Vcenter" AND nr."VmKey" = g."VmKey"
 ORDER BY g."Vcenter", g."VmKey"
