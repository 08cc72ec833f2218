package io.vmledger.storage.jdbc;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Table and column names of the canonical schema, shared by every storage plugin: they are part of
 * the data contract (semantics page), so reports and API clients see the same names whatever the
 * store. SQL is written with quoted identifiers and checked against {@link #ALL_COLUMNS} (and a
 * dialect's own identifiers) by {@link Dialect#sql}, so no identifier ever comes from input. The
 * tables themselves are defined once, in each plugin's migrations; {@code SchemaTest} of each plugin
 * checks that the migrated tables have exactly these columns.
 */
public final class CanonicalSchema {

    // Tables
    public static final String VM_HOURLY_STATS = "vm_hourly_stats";
    public static final String VM_HOURLY_SNAPSHOTS = "vm_hourly_snapshots";
    /** The days of a vCenter whose hourly rows are packed per VM into {@link #VM_TRACE_SEGMENTS} (derived data). */
    public static final String VM_TRACE_BUCKETS = "vm_trace_buckets";
    /** One VM's hourly rows of one packed day, for traces (derived data; see {@code TraceSegments}). */
    public static final String VM_TRACE_SEGMENTS = "vm_trace_segments";
    public static final String VM_LIFECYCLE_CACHE = "vm_lifecycle_cache";
    public static final String VCENTER_TOTALS = "vcenter_totals";
    public static final String VCENTER_LATEST_TOTALS = "vcenter_latest_totals";
    public static final String VCENTER_AGGREGATE_TOTALS = "vcenter_aggregate_totals";
    public static final String SNAPSHOT_REGISTRY = "snapshot_registry";
    public static final String VM_DAILY_ROLLUP = "vm_daily_rollup";
    public static final String JOB_RUNS = "job_runs";
    public static final String SERVICE_INSTANCES = "service_instances";
    public static final String INSTANCE_LEASES = "instance_leases";
    /** The markers of a store migration in progress (migrate-store), kept in the target until it ends. */
    public static final String STORE_MIGRATION = "store_migration";

    // Hourly columns (vm_hourly_stats, inventory_hourly_<T>)
    public static final String SNAPSHOT_TIME = "SnapshotTime";
    public static final String VCENTER = "Vcenter";
    public static final String VM_KEY = "VmKey";
    public static final String VM_ID = "VmId";
    public static final String VM_UUID = "VmUuid";
    public static final String NAME = "Name";
    public static final String CREATION_TIME = "CreationTime";
    public static final String DELETION_TIME = "DeletionTime";
    public static final String RESOURCE_POOL = "ResourcePool";
    public static final String DATACENTER = "Datacenter";
    public static final String CLUSTER = "Cluster";
    public static final String FOLDER = "Folder";
    public static final String VCPU_COUNT = "VcpuCount";
    public static final String RAM_GB = "RamGB";
    public static final String PROVISIONED_DISK = "ProvisionedDisk";
    public static final String POWER_STATE = "PowerState";
    public static final String IS_TEMPLATE = "IsTemplate";

    // vm_hourly_snapshots, snapshot_registry
    public static final String ROW_COUNT = "RowCount";
    /** When a snapshot was last written, epoch milliseconds (reports made before it are stale). */
    public static final String WRITTEN_AT = "WrittenAt";
    public static final String SNAPSHOT_TYPE = "SnapshotType";

    // vm_trace_buckets, vm_trace_segments
    /** Start of a packed day, epoch seconds (a multiple of 86,400). */
    public static final String BUCKET_START = "BucketStart";
    /** The packed rows of a trace segment ({@code TraceSegmentCodec}). */
    public static final String SAMPLES = "Samples";
    public static final String TABLE_NAME = "TableName";

    // Lifecycle
    public static final String FIRST_SEEN = "FirstSeen";
    public static final String LAST_SEEN = "LastSeen";
    public static final String DELETION_SOURCE = "DeletionSource";

    // Totals
    public static final String VM_COUNT = "VmCount";
    public static final String POWERED_ON_COUNT = "PoweredOnCount";
    public static final String VCPU_TOTAL = "VcpuTotal";
    public static final String RAM_TOTAL_GB = "RamTotalGB";
    public static final String DISK_TOTAL_GB = "DiskTotalGB";
    public static final String GRANULARITY = "Granularity";
    public static final String PERIOD_START = "PeriodStart";
    public static final String SNAPSHOT_COUNT = "SnapshotCount";
    public static final String AVG_VM_COUNT = "AvgVmCount";
    public static final String AVG_POWERED_ON_COUNT = "AvgPoweredOnCount";
    public static final String AVG_VCPU_TOTAL = "AvgVcpuTotal";
    public static final String AVG_RAM_TOTAL_GB = "AvgRamTotalGB";
    public static final String AVG_DISK_TOTAL_GB = "AvgDiskTotalGB";
    public static final String MAX_VM_COUNT = "MaxVmCount";

    // Summaries (vm_daily_rollup, inventory_daily_summary_*, inventory_monthly_summary_*)
    public static final String DATE = "Date";
    public static final String SAMPLES_PRESENT = "SamplesPresent";
    public static final String TOTAL_SAMPLES = "TotalSamples";
    public static final String AVG_IS_PRESENT = "AvgIsPresent";
    public static final String AVG_VCPU_COUNT = "AvgVcpuCount";
    public static final String AVG_RAM_GB = "AvgRamGB";
    public static final String AVG_PROVISIONED_DISK = "AvgProvisionedDisk";
    public static final String POOL_TIN_PCT = "PoolTinPct";
    public static final String POOL_BRONZE_PCT = "PoolBronzePct";
    public static final String POOL_SILVER_PCT = "PoolSilverPct";
    public static final String POOL_GOLD_PCT = "PoolGoldPct";
    public static final String POOL_OTHER_PCT = "PoolOtherPct";
    public static final String FIRST_SAMPLE = "FirstSample";
    public static final String LAST_SAMPLE = "LastSample";

    // Job runs
    public static final String ID = "Id";
    public static final String JOB_TYPE = "JobType";
    public static final String TARGET = "Target";
    public static final String STARTED_AT = "StartedAt";
    public static final String ENDED_AT = "EndedAt";
    public static final String STATUS = "Status";
    public static final String DETAIL = "Detail";
    public static final String INSTANCE_ID = "InstanceId";

    // Instances and leases
    public static final String ROLE = "Role";
    public static final String HOST = "Host";
    public static final String HOST_KEY = "HostKey";
    public static final String PID = "Pid";
    public static final String PROCESS_START = "ProcessStart";
    public static final String HEARTBEAT_AT = "HeartbeatAt";
    public static final String ACQUIRED_AT = "AcquiredAt";
    public static final String PROGRESS = "Progress";

    // store_migration
    public static final String MARKER = "Marker";
    public static final String VALUE = "Value";

    /** Columns of {@code vm_hourly_stats} and {@code inventory_hourly_<T>}, in table order. */
    public static final List<String> HOURLY_COLUMNS = List.of(SNAPSHOT_TIME, VCENTER, VM_KEY, VM_ID, VM_UUID, NAME,
            CREATION_TIME, DELETION_TIME, RESOURCE_POOL, DATACENTER, CLUSTER, FOLDER, VCPU_COUNT, RAM_GB,
            PROVISIONED_DISK, POWER_STATE, IS_TEMPLATE);

    /** Columns of {@code vm_daily_rollup} and of the summary compatibility tables, in table order. */
    public static final List<String> SUMMARY_COLUMNS = List.of(DATE, VCENTER, VM_KEY, VM_ID, VM_UUID, NAME,
            SAMPLES_PRESENT, TOTAL_SAMPLES, AVG_IS_PRESENT, AVG_VCPU_COUNT, AVG_RAM_GB, AVG_PROVISIONED_DISK,
            POOL_TIN_PCT, POOL_BRONZE_PCT, POOL_SILVER_PCT, POOL_GOLD_PCT, POOL_OTHER_PCT, FIRST_SAMPLE, LAST_SAMPLE,
            RESOURCE_POOL, VCPU_COUNT, RAM_GB, PROVISIONED_DISK, POWER_STATE, DATACENTER, CLUSTER, FOLDER,
            CREATION_TIME, DELETION_TIME);

    public static final List<String> LIFECYCLE_COLUMNS = List.of(VCENTER, VM_KEY, VM_ID, VM_UUID, NAME, FIRST_SEEN,
            LAST_SEEN, CREATION_TIME, DELETION_TIME, DELETION_SOURCE);

    public static final List<String> TOTALS_COLUMNS = List.of(VCENTER, SNAPSHOT_TIME, VM_COUNT, POWERED_ON_COUNT,
            VCPU_TOTAL, RAM_TOTAL_GB, DISK_TOTAL_GB);

    public static final List<String> AGGREGATE_TOTALS_COLUMNS = List.of(VCENTER, GRANULARITY, PERIOD_START,
            SNAPSHOT_COUNT, AVG_VM_COUNT, AVG_POWERED_ON_COUNT, AVG_VCPU_TOTAL, AVG_RAM_TOTAL_GB, AVG_DISK_TOTAL_GB,
            MAX_VM_COUNT);

    public static final List<String> REGISTRY_COLUMNS = List.of(SNAPSHOT_TYPE, SNAPSHOT_TIME, VCENTER, ROW_COUNT,
            TABLE_NAME);

    public static final List<String> JOB_RUN_COLUMNS = List.of(ID, JOB_TYPE, TARGET, STARTED_AT, ENDED_AT, STATUS,
            ROW_COUNT, DETAIL, INSTANCE_ID);

    public static final List<String> HOURLY_SNAPSHOTS_COLUMNS = List.of(VCENTER, SNAPSHOT_TIME, ROW_COUNT, WRITTEN_AT);

    /** {@code service_instances}: one row per instance (process) that opened the store. */
    public static final List<String> INSTANCE_COLUMNS = List.of(INSTANCE_ID, ROLE, HOST, HOST_KEY, PID, PROCESS_START,
            STARTED_AT, HEARTBEAT_AT, ENDED_AT, STATUS, DETAIL);

    /** {@code instance_leases}: a named lease, its holder (null when free) and its progress mark. */
    public static final List<String> LEASE_COLUMNS = List.of(NAME, INSTANCE_ID, ACQUIRED_AT, PROGRESS);

    public static final List<String> STORE_MIGRATION_COLUMNS = List.of(MARKER, VALUE);

    /** {@code vm_trace_buckets}: a packed day of a vCenter, with the snapshots and rows it was packed from. */
    public static final List<String> TRACE_BUCKET_COLUMNS = List.of(VCENTER, BUCKET_START, SNAPSHOT_COUNT, ROW_COUNT);

    /** {@code vm_trace_segments}: one VM's packed rows of one day. */
    public static final List<String> TRACE_SEGMENT_COLUMNS = List.of(VCENTER, VM_KEY, BUCKET_START, SAMPLES);

    /** Every column name above. */
    public static final Set<String> ALL_COLUMNS = allColumns();

    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    private CanonicalSchema() {
    }

    /**
     * Returns {@code sql} after checking that each quoted identifier in it is a known column or one of
     * {@code otherIdentifiers} (a dialect's own, such as a collation name).
     */
    public static String checkIdentifiers(String sql, Set<String> otherIdentifiers) {
        Matcher m = QUOTED.matcher(sql);
        while (m.find()) {
            if (!ALL_COLUMNS.contains(m.group(1)) && !otherIdentifiers.contains(m.group(1))) {
                throw new IllegalStateException("unknown column \"" + m.group(1) + "\" in SQL: " + sql);
            }
        }
        return sql;
    }

    /** {@code "A", "B", ...} */
    public static String quotedList(List<String> columns) {
        return quotedList(null, columns);
    }

    /** {@code a."A", a."B", ...} for table alias {@code a} (none when null). */
    public static String quotedList(String alias, List<String> columns) {
        String p = alias == null ? "" : alias + ".";
        return columns.stream().map(c -> p + '"' + c + '"').collect(Collectors.joining(", "));
    }

    /** {@code ?, ?, ...} for the columns. */
    public static String placeholders(List<String> columns) {
        return columns.stream().map(c -> "?").collect(Collectors.joining(", "));
    }

    private static Set<String> allColumns() {
        Set<String> all = new LinkedHashSet<>();
        all.addAll(HOURLY_COLUMNS);
        all.addAll(SUMMARY_COLUMNS);
        all.addAll(LIFECYCLE_COLUMNS);
        all.addAll(TOTALS_COLUMNS);
        all.addAll(AGGREGATE_TOTALS_COLUMNS);
        all.addAll(REGISTRY_COLUMNS);
        all.addAll(JOB_RUN_COLUMNS);
        all.addAll(HOURLY_SNAPSHOTS_COLUMNS);
        all.addAll(INSTANCE_COLUMNS);
        all.addAll(LEASE_COLUMNS);
        all.addAll(STORE_MIGRATION_COLUMNS);
        all.addAll(TRACE_BUCKET_COLUMNS);
        all.addAll(TRACE_SEGMENT_COLUMNS);
        return Set.copyOf(all);
    }
}
