package io.vmledger.storage.sqlite;

import io.vmledger.api.VmSummary;
import io.vmledger.storage.spi.StorageException;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import static io.vmledger.storage.sqlite.PackedColumns.Field.integer;
import static io.vmledger.storage.sqlite.PackedColumns.Field.text;

/**
 * Reads summary rows ({@code vm_daily_rollup} and the summary tables) as one packed value
 * ({@link PackedColumns}: the 8 integer and 10 text columns) plus the 11 REAL columns, fetched together by
 * {@link PackedFetch}. The ordered read of a month of 482,000 rollup rows took 1.8 s of CPU with a getter
 * per column and takes about 1.0 s this way (docs/decisions/0012-sqlite-rollup-read.md).
 */
final class PackedRollupRow {

    private static final List<PackedColumns.Field> FIELDS = List.of(
            integer(SqliteSchema.DATE),
            text(SqliteSchema.VCENTER),
            text(SqliteSchema.VM_KEY),
            text(SqliteSchema.VM_ID),
            text(SqliteSchema.VM_UUID),
            text(SqliteSchema.NAME),
            integer(SqliteSchema.SAMPLES_PRESENT),
            integer(SqliteSchema.TOTAL_SAMPLES),
            integer(SqliteSchema.FIRST_SAMPLE),
            integer(SqliteSchema.LAST_SAMPLE),
            text(SqliteSchema.RESOURCE_POOL),
            integer(SqliteSchema.VCPU_COUNT),
            text(SqliteSchema.POWER_STATE),
            text(SqliteSchema.DATACENTER),
            text(SqliteSchema.CLUSTER),
            text(SqliteSchema.FOLDER),
            integer(SqliteSchema.CREATION_TIME),
            integer(SqliteSchema.DELETION_TIME));

    /** The REAL columns, read by getter after the packed value (result columns 2 to 12). */
    private static final List<String> REALS = List.of(
            SqliteSchema.AVG_IS_PRESENT,
            SqliteSchema.AVG_VCPU_COUNT,
            SqliteSchema.AVG_RAM_GB,
            SqliteSchema.AVG_PROVISIONED_DISK,
            SqliteSchema.POOL_TIN_PCT,
            SqliteSchema.POOL_BRONZE_PCT,
            SqliteSchema.POOL_SILVER_PCT,
            SqliteSchema.POOL_GOLD_PCT,
            SqliteSchema.POOL_OTHER_PCT,
            SqliteSchema.RAM_GB,
            SqliteSchema.PROVISIONED_DISK);

    private PackedRollupRow() {
    }

    /** The select list reading one summary row: the packed value, then the REAL columns. */
    static String selectList() {
        return PackedColumns.concat(FIELDS, null, "              ")
                + ",\n       " + SqliteSchema.quotedList(REALS.subList(0, 4))
                + ",\n       " + SqliteSchema.quotedList(REALS.subList(4, 9))
                + ",\n       " + SqliteSchema.quotedList(REALS.subList(9, 11));
    }

    /** Reads the current row selected with {@link #selectList}. */
    static VmSummary read(ResultSet rs) throws SQLException {
        return read(rs, new PackedFetch(REALS.size()), null, null);
    }

    /**
     * A reader for many rows: it shares the String instances of the low-cardinality columns (vCenter,
     * pool, power state, datacenter, cluster, folder) between rows, and those of a VM's key, id, UUID and
     * name between its consecutive rows, which saves allocation and lets the merge compare equal keys by
     * identity.
     */
    static OrderedRuns.RowReader<VmSummary> reader() {
        PackedColumns.StringDedup dedup = new PackedColumns.StringDedup();
        Repeats repeats = new Repeats();
        PackedFetch fetch = new PackedFetch(REALS.size());
        return rs -> read(rs, fetch, dedup, repeats);
    }

    /** The last key, UUID and name a reader decoded. */
    private static final class Repeats {
        final PackedColumns.LastValue key = new PackedColumns.LastValue();
        final PackedColumns.LastValue uuid = new PackedColumns.LastValue();
        final PackedColumns.LastValue name = new PackedColumns.LastValue();
    }

    private static VmSummary read(ResultSet rs, PackedFetch fetch, PackedColumns.StringDedup dedup, Repeats repeats)
            throws SQLException {
        fetch.fetch(rs);
        PackedColumns.Parser p = new PackedColumns.Parser(fetch.packed(), "summary row", dedup);
        long date = p.integerNotNull();
        String vcenter = p.shared();
        String vmKey = p.repeated(repeats == null ? null : repeats.key);
        if (vmKey == null) {
            throw new StorageException("malformed summary row: NULL \"VmKey\" on " + vcenter);
        }
        // the id usually equals the key: the same String then
        String vmId = p.textLikePrevious();
        String vmUuid = p.repeated(repeats == null ? null : repeats.uuid);
        String name = p.repeated(repeats == null ? null : repeats.name);
        long samplesPresent = p.integerNotNull();
        long totalSamples = p.integerNotNull();
        long firstSample = p.integerNotNull();
        long lastSample = p.integerNotNull();
        String pool = p.shared();
        long vcpu = p.integerNotNull();
        String power = p.shared();
        String datacenter = p.shared();
        String cluster = p.shared();
        String folder = p.shared();
        Long creation = p.integer();
        Long deletion = p.integer();
        p.end();
        return new VmSummary(date, vcenter, vmKey, vmId, vmUuid, name, samplesPresent, totalSamples,
                fetch.real(0), fetch.real(1), fetch.real(2), fetch.real(3),
                fetch.real(4), fetch.real(5), fetch.real(6), fetch.real(7), fetch.real(8),
                firstSample, lastSample, pool, Math.toIntExact(vcpu), fetch.real(9), fetch.real(10),
                power == null ? null : Rows.powerState(power), datacenter, cluster, folder, creation, deletion);
    }
}
