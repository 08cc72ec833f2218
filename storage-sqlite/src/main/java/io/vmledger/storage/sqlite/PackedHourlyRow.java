package io.vmledger.storage.sqlite;

import io.vmledger.api.VmSample;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import static io.vmledger.storage.sqlite.PackedColumns.Field.integer;
import static io.vmledger.storage.sqlite.PackedColumns.Field.text;

/**
 * Reads hourly rows as one packed value ({@link PackedColumns}: the integer and text columns) plus the
 * two REAL columns, which halves the cost of an ordered day read through sqlite-jdbc
 * (docs/decisions/0010-sqlite-hourly-layout.md).
 */
final class PackedHourlyRow {

    private static final List<PackedColumns.Field> FIELDS = List.of(
            integer(SqliteSchema.SNAPSHOT_TIME),
            text(SqliteSchema.VCENTER),
            text(SqliteSchema.VM_ID),
            text(SqliteSchema.VM_UUID),
            text(SqliteSchema.NAME),
            integer(SqliteSchema.CREATION_TIME),
            integer(SqliteSchema.DELETION_TIME),
            text(SqliteSchema.RESOURCE_POOL),
            text(SqliteSchema.DATACENTER),
            text(SqliteSchema.CLUSTER),
            text(SqliteSchema.FOLDER),
            integer(SqliteSchema.VCPU_COUNT),
            text(SqliteSchema.POWER_STATE),
            integer(SqliteSchema.IS_TEMPLATE));

    private PackedHourlyRow() {
    }

    /**
     * The select list reading one hourly row: the packed value, {@code "RamGB"}, {@code "ProvisionedDisk"}.
     *
     * @param alias table alias to qualify the columns with, or null
     */
    static String selectList(String alias) {
        String p = alias == null ? "" : alias + ".";
        return PackedColumns.concat(FIELDS, alias, "              ")
                + ",\n       " + p + "\"RamGB\", " + p + "\"ProvisionedDisk\"";
    }

    /** Reads the current row selected with {@link #selectList}, starting at column 1. */
    static VmSample read(ResultSet rs) throws SQLException {
        return read(rs, new PackedFetch(2), null, null);
    }

    /**
     * A reader for many rows: it shares the String instances of the low-cardinality columns (vCenter,
     * pool, datacenter, cluster, folder, power state) between rows, and those of a VM's id, UUID and name
     * between its consecutive rows, which saves allocation and lets the merge compare vCenters and most
     * equal keys by identity.
     */
    static OrderedRuns.RowReader<VmSample> reader() {
        PackedColumns.StringDedup dedup = new PackedColumns.StringDedup();
        Repeats repeats = new Repeats();
        PackedFetch fetch = new PackedFetch(2);
        return rs -> read(rs, fetch, dedup, repeats);
    }

    /** The last id, UUID and name a reader decoded. */
    private static final class Repeats {
        final PackedColumns.LastValue id = new PackedColumns.LastValue();
        final PackedColumns.LastValue uuid = new PackedColumns.LastValue();
        final PackedColumns.LastValue name = new PackedColumns.LastValue();
    }

    private static VmSample read(ResultSet rs, PackedFetch fetch, PackedColumns.StringDedup dedup, Repeats repeats)
            throws SQLException {
        fetch.fetch(rs);
        PackedColumns.Parser p = new PackedColumns.Parser(fetch.packed(), "hourly row", dedup);
        long time = p.integerNotNull();
        String vcenter = p.shared();
        String vmId = p.repeated(repeats == null ? null : repeats.id);
        String vmUuid = p.repeated(repeats == null ? null : repeats.uuid);
        String name = p.repeated(repeats == null ? null : repeats.name);
        Long creation = p.integer();
        Long deletion = p.integer();
        String pool = p.shared();
        String datacenter = p.shared();
        String cluster = p.shared();
        String folder = p.shared();
        long vcpu = p.integerNotNull();
        String power = p.shared();
        long template = p.integerNotNull();
        p.end();
        return new VmSample(time, vcenter, vmId, vmUuid, name, creation, deletion, pool, datacenter, cluster, folder,
                Math.toIntExact(vcpu), fetch.real(0), fetch.real(1), Rows.powerState(power), template != 0);
    }
}
