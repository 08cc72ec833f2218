-- Daily rows of one day (semantics section 4), ordered by "Vcenter", "VmKey".
-- Five placeholders in double braces are filled by SqliteSqlAggregation from code (never from input):
--   rows            the day's hourly rows (columns of vm_hourly_stats)
--   snapshots       the day's snapshots, ("Vcenter", "SnapshotTime") pairs
--   last_rows       where the last sample of a VM is looked up by ("SnapshotTime", "Vcenter", "VmKey")
--   next_snapshots  for each vCenter of vcenter_samples, its first snapshot at or after the day's end
--                   ("Vcenter", next_time, rows_known: whether next_rows holds that snapshot's rows)
--   next_rows       where a VM is looked up in that later snapshot by ("SnapshotTime", "Vcenter", "VmKey")
-- The canonical path fills them with vm_hourly_stats and vm_hourly_snapshots, the legacy path with the
-- UNION ALL of the day's inventory_hourly_<T> tables, the hourly snapshot_registry records and the
-- inventory_hourly_<T> tables of the vCenters' next snapshots.
-- Parameters: ?1 day start, ?2 day end (exclusive), ?3..?6 the four tier names in lower case.
WITH
snapshots AS MATERIALIZED (
    {{snapshots}}
),
vcenter_samples AS (
    SELECT "Vcenter", count(*) AS total_samples
      FROM snapshots
     GROUP BY "Vcenter"
),
next_snapshots AS (
    {{next_snapshots}}
),
vm_groups AS (
    SELECT r."Vcenter",
           r."VmKey",
           count(*)                                                 AS samples_present,
           avg(r."VcpuCount")                                       AS avg_vcpu,
           avg(r."RamGB")                                           AS avg_ram,
           avg(r."ProvisionedDisk")                                 AS avg_disk,
           count(CASE WHEN lower(r."ResourcePool") = ?3 THEN 1 END) AS tin,
           count(CASE WHEN lower(r."ResourcePool") = ?4 THEN 1 END) AS bronze,
           count(CASE WHEN lower(r."ResourcePool") = ?5 THEN 1 END) AS silver,
           count(CASE WHEN lower(r."ResourcePool") = ?6 THEN 1 END) AS gold,
           min(r."SnapshotTime")                                    AS first_sample,
           max(r."SnapshotTime")                                    AS last_sample,
           min(r."CreationTime")                                    AS min_creation
      FROM ({{rows}}) AS r
     WHERE r."IsTemplate" = 0
     GROUP BY r."Vcenter", r."VmKey"
),
-- N: the vCenter's first snapshot after the VM's last sample, in the day or after it (NULL when none)
vm_next AS MATERIALIZED (
    SELECT g.*,
           coalesce((SELECT min(s."SnapshotTime")
                       FROM snapshots AS s
                      WHERE s."Vcenter" = g."Vcenter" AND s."SnapshotTime" > g.last_sample),
                    n.next_time) AS next_time,
           n.rows_known
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
       g.avg_vcpu,
       g.avg_ram,
       g.avg_disk,
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
       -- earliest known creation (lifecycle or the day's rows), else FirstSeen, else the first sample
       coalesce(min(c."CreationTime", g.min_creation), c."CreationTime", g.min_creation, c."FirstSeen",
                g.first_sample),
       -- the lifecycle deletion in (LastSample, N], else N when the VM is missing from N (always so when N
       -- lies in the day), else NULL (decision 0031)
       CASE
           WHEN c."DeletionTime" > g.last_sample AND c."DeletionTime" <= g.next_time THEN c."DeletionTime"
           WHEN g.next_time < ?2 THEN g.next_time
           WHEN g.rows_known AND nr."VmKey" IS NULL THEN g.next_time
       END
  FROM vm_next AS g
  JOIN vcenter_samples AS t
    ON t."Vcenter" = g."Vcenter"
  JOIN {{last_rows}} AS l
    ON l."SnapshotTime" = g.last_sample AND l."Vcenter" = g."Vcenter" AND l."VmKey" = g."VmKey"
  -- an entry recording a deletion before the day began describes an earlier life: ignored
  LEFT JOIN vm_lifecycle_cache AS c
    ON c."Vcenter" = g."Vcenter" AND c."VmKey" = g."VmKey"
   AND (c."DeletionTime" IS NULL OR c."DeletionTime" >= ?1)
  LEFT JOIN {{next_rows}} AS nr
    ON g.next_time >= ?2
   AND nr."SnapshotTime" = g.next_time AND nr."Vcenter" = g."Vcenter" AND nr."VmKey" = g."VmKey"
 ORDER BY g."Vcenter", g."VmKey"
