-- Monthly rows of one month from vm_daily_rollup (semantics section 5), ordered by "Vcenter", "VmKey".
-- Parameters: ?1 month start, ?2 month end (exclusive).
WITH
day_samples AS (
    -- TotalSamples(V,d) of every day on which V has rollups (all its rows of the day carry it)
    SELECT "Vcenter", "Date", max("TotalSamples") AS total_samples
      FROM vm_daily_rollup
     WHERE "Date" >= ?1 AND "Date" < ?2
     GROUP BY "Date", "Vcenter"
),
vcenter_samples AS (
    SELECT "Vcenter", sum(total_samples) AS total_samples
      FROM day_samples
     GROUP BY "Vcenter"
),
vm_groups AS (
    SELECT "Vcenter",
           "VmKey",
           sum("SamplesPresent")                        AS samples_present,
           sum("AvgVcpuCount" * "SamplesPresent")       AS vcpu,
           sum("AvgRamGB" * "SamplesPresent")           AS ram,
           sum("AvgProvisionedDisk" * "SamplesPresent") AS disk,
           sum("PoolTinPct" * "SamplesPresent")         AS tin,
           sum("PoolBronzePct" * "SamplesPresent")      AS bronze,
           sum("PoolSilverPct" * "SamplesPresent")      AS silver,
           sum("PoolGoldPct" * "SamplesPresent")        AS gold,
           sum("PoolOtherPct" * "SamplesPresent")       AS other,
           min("FirstSample")                           AS first_sample,
           max("Date")                                  AS last_day,
           min("CreationTime")                          AS min_creation
      FROM vm_daily_rollup
     WHERE "Date" >= ?1 AND "Date" < ?2
     GROUP BY "Vcenter", "VmKey"
)
SELECT g."Vcenter",
       g."VmKey",
       l."VmId",
       l."VmUuid",
       l."Name",
       g.samples_present,
       t.total_samples,
       CAST(g.samples_present AS REAL) / t.total_samples,
       g.vcpu / g.samples_present,
       g.ram / g.samples_present,
       g.disk / g.samples_present,
       g.tin / g.samples_present,
       g.bronze / g.samples_present,
       g.silver / g.samples_present,
       g.gold / g.samples_present,
       g.other / g.samples_present,
       g.first_sample,
       l."LastSample",
       l."ResourcePool",
       l."VcpuCount",
       l."RamGB",
       l."ProvisionedDisk",
       l."PowerState",
       l."Datacenter",
       l."Cluster",
       l."Folder",
       g.min_creation,
       l."DeletionTime"
  FROM vm_groups AS g
  JOIN vcenter_samples AS t
    ON t."Vcenter" = g."Vcenter"
  JOIN vm_daily_rollup AS l
    ON l."Date" = g.last_day AND l."Vcenter" = g."Vcenter" AND l."VmKey" = g."VmKey"
 ORDER BY g."Vcenter", g."VmKey"
