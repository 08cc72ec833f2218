package io.vmledger.storage.jdbc;

import io.vmledger.storage.spi.StoreTables.Column;
import io.vmledger.storage.spi.StoreTables.ColumnType;
import io.vmledger.storage.spi.StoreTables.Kind;
import io.vmledger.storage.spi.StoreTables.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static io.vmledger.storage.jdbc.CanonicalSchema.*;

/**
 * Every table of the ledger with its typed columns, its key and the column that dates its rows: the canonical
 * tables, and the families of tables named by date or time (monthly summaries, compatibility tables), whose
 * members are recognised by strict name patterns (digits only), so a name read from the catalog is safe to
 * splice into SQL. The column names follow {@link CanonicalSchema}'s lists (checked when the class loads) and
 * the types follow the plugins' migrations ({@code AbstractJdbcStorageTest} checks them against JDBC metadata).
 */
final class LedgerTables {

    /** A family of tables made at run time like a canonical template. */
    record Family(String prefix, Pattern name, Kind kind, String template, List<Column> columns, String timeColumn) {

        Table table(String tableName) {
            return new Table(tableName, kind, columns, JdbcPeriodWriter.KEY, timeColumn, false);
        }
    }

    static final List<Column> HOURLY = columns(HourlyRows.CODEC);
    static final List<Column> SUMMARY = columns(SummaryRows.CODEC);

    static final List<Table> CANONICAL = List.of(
            canonical(VM_HOURLY_STATS, HOURLY, List.of(SNAPSHOT_TIME, VCENTER, VM_KEY), SNAPSHOT_TIME, false),
            canonical(VM_HOURLY_SNAPSHOTS, List.of(text(VCENTER), integer(SNAPSHOT_TIME), integer(ROW_COUNT),
                    integer(WRITTEN_AT)), List.of(VCENTER, SNAPSHOT_TIME), SNAPSHOT_TIME, false),
            canonical(VM_LIFECYCLE_CACHE, List.of(text(VCENTER), text(VM_KEY), text(VM_ID), text(VM_UUID), text(NAME),
                    integer(FIRST_SEEN), integer(LAST_SEEN), integer(CREATION_TIME), integer(DELETION_TIME),
                    text(DELETION_SOURCE)), List.of(VCENTER, VM_KEY), FIRST_SEEN, false),
            canonical(VCENTER_TOTALS, totals(), List.of(VCENTER, SNAPSHOT_TIME), SNAPSHOT_TIME, false),
            canonical(VCENTER_LATEST_TOTALS, totals(), List.of(VCENTER), SNAPSHOT_TIME, false),
            canonical(VCENTER_AGGREGATE_TOTALS, List.of(text(VCENTER), text(GRANULARITY), integer(PERIOD_START),
                    integer(SNAPSHOT_COUNT), real(AVG_VM_COUNT), real(AVG_POWERED_ON_COUNT), real(AVG_VCPU_TOTAL),
                    real(AVG_RAM_TOTAL_GB), real(AVG_DISK_TOTAL_GB), integer(MAX_VM_COUNT)),
                    List.of(VCENTER, GRANULARITY, PERIOD_START), PERIOD_START, false),
            canonical(SNAPSHOT_REGISTRY, List.of(text(SNAPSHOT_TYPE), integer(SNAPSHOT_TIME), text(VCENTER),
                    integer(ROW_COUNT), text(TABLE_NAME)), List.of(SNAPSHOT_TYPE, SNAPSHOT_TIME, VCENTER), SNAPSHOT_TIME,
                    false),
            canonical(VM_DAILY_ROLLUP, SUMMARY, List.of(DATE, VCENTER, VM_KEY), DATE, false),
            canonical(JOB_RUNS, List.of(integer(ID), text(JOB_TYPE), text(TARGET), integer(STARTED_AT),
                    integer(ENDED_AT), text(STATUS), integer(ROW_COUNT), text(DETAIL), text(INSTANCE_ID)), List.of(ID),
                    STARTED_AT, true),
            // the progress marks move with the ledger; a holder named is an instance of the old store, which the new
            // one does not know, so the lease is free there
            canonical(INSTANCE_LEASES, List.of(text(NAME), text(INSTANCE_ID), integer(ACQUIRED_AT), integer(PROGRESS)),
                    List.of(NAME), ACQUIRED_AT, true),
            new Table(SERVICE_INSTANCES, Kind.PROCESSES, List.of(text(INSTANCE_ID), text(ROLE), text(HOST),
                    text(HOST_KEY), integer(PID), integer(PROCESS_START), integer(STARTED_AT), integer(HEARTBEAT_AT),
                    integer(ENDED_AT), text(STATUS), text(DETAIL)), List.of(INSTANCE_ID), STARTED_AT, true));

    /**
     * Derived tables that a copy leaves behind: the packed traces (docs/decisions/0150) stand for hourly rows and
     * are valid only beside the rows of their own store; the target's next capture packs its days again.
     */
    static final List<String> DERIVED = List.of(VM_TRACE_BUCKETS, VM_TRACE_SEGMENTS);

    /** Tables whose key is an identity column the store assigns: written with explicit values, then moved on. */
    static final String IDENTITY_TABLE = JOB_RUNS;
    static final String IDENTITY_COLUMN = ID;

    static final Family MONTHLY = new Family(CompatTableNames.MONTHLY_PREFIX,
            Pattern.compile("inventory_monthly_summary_\\d{6}"), Kind.MONTHLY_SUMMARY, VM_DAILY_ROLLUP, SUMMARY, DATE);
    static final Family HOURLY_COMPAT = new Family(CompatTableNames.HOURLY_PREFIX,
            Pattern.compile("inventory_hourly_\\d{1,12}"), Kind.COMPATIBILITY, VM_HOURLY_STATS, HOURLY, SNAPSHOT_TIME);
    static final Family DAILY_COMPAT = new Family(CompatTableNames.DAILY_PREFIX,
            Pattern.compile("inventory_daily_summary_\\d{8}"), Kind.COMPATIBILITY, VM_DAILY_ROLLUP, SUMMARY, DATE);

    /** The families a copy writes after the canonical tables: always the monthly summaries, then the others. */
    static final List<Family> FAMILIES = List.of(MONTHLY, HOURLY_COMPAT, DAILY_COMPAT);

    static {
        check(VM_HOURLY_STATS, HOURLY_COLUMNS);
        check(VM_HOURLY_SNAPSHOTS, HOURLY_SNAPSHOTS_COLUMNS);
        check(VM_LIFECYCLE_CACHE, LIFECYCLE_COLUMNS);
        check(VCENTER_TOTALS, TOTALS_COLUMNS);
        check(VCENTER_LATEST_TOTALS, TOTALS_COLUMNS);
        check(VCENTER_AGGREGATE_TOTALS, AGGREGATE_TOTALS_COLUMNS);
        check(SNAPSHOT_REGISTRY, REGISTRY_COLUMNS);
        check(VM_DAILY_ROLLUP, SUMMARY_COLUMNS);
        check(JOB_RUNS, JOB_RUN_COLUMNS);
        check(INSTANCE_LEASES, LEASE_COLUMNS);
        check(SERVICE_INSTANCES, INSTANCE_COLUMNS);
    }

    private LedgerTables() {
    }

    /** The table of that name: a canonical one or a member of a family; empty for any other name. */
    static Optional<Table> named(String name) {
        for (Table t : CANONICAL) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return family(name).map(f -> f.table(name));
    }

    /** The family a table name belongs to, if any. */
    static Optional<Family> family(String name) {
        for (Family f : FAMILIES) {
            if (f.name().matcher(name).matches()) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The types of a table's columns as a codec column list (every column read). */
    static List<RowCodec.Column> codecColumns(Table table) {
        List<RowCodec.Column> out = new ArrayList<>(table.columns().size());
        for (Column c : table.columns()) {
            out.add(new RowCodec.Column(c.name(), RowCodec.Type.valueOf(c.type().name()), RowCodec.Repeats.NONE, true));
        }
        return out;
    }

    private static List<Column> columns(RowCodec<?> codec) {
        return codec.columns().stream().map(c -> new Column(c.name(), ColumnType.valueOf(c.type().name()))).toList();
    }

    private static List<Column> totals() {
        return List.of(text(VCENTER), integer(SNAPSHOT_TIME), integer(VM_COUNT), integer(POWERED_ON_COUNT),
                integer(VCPU_TOTAL), real(RAM_TOTAL_GB), real(DISK_TOTAL_GB));
    }

    private static Table canonical(String name, List<Column> columns, List<String> key, String time, boolean millis) {
        return new Table(name, Kind.CANONICAL, columns, key, time, millis);
    }

    private static Column text(String name) {
        return new Column(name, ColumnType.TEXT);
    }

    private static Column integer(String name) {
        return new Column(name, ColumnType.INTEGER);
    }

    private static Column real(String name) {
        return new Column(name, ColumnType.REAL);
    }

    private static void check(String table, List<String> names) {
        List<String> actual = named(table).orElseThrow().columns().stream().map(Column::name).toList();
        if (!actual.equals(names)) {
            throw new IllegalStateException("LedgerTables." + table + " has columns " + actual + ", CanonicalSchema "
                    + names);
        }
    }
}
