package io.vmledger.storage.postgres;

import io.vmledger.api.DeletionSource;
import io.vmledger.api.LifecycleEntry;
import io.vmledger.storage.spi.LifecycleStore;
import io.vmledger.storage.spi.VmLookup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.vmledger.storage.postgres.PgSchema.LIFECYCLE_COLUMNS;
import static io.vmledger.storage.postgres.PgSchema.placeholders;
import static io.vmledger.storage.postgres.PgSchema.quotedList;
import static io.vmledger.storage.postgres.PgSchema.sql;

/**
 * {@code vm_lifecycle_cache} on PostgreSQL. It is small (one row per VM ever seen), so it carries
 * the VmId, VmUuid and Name indexes of trace look-ups instead of {@code vm_hourly_stats}.
 */
final class PgLifecycleStore implements LifecycleStore {
    private static final System.Logger LOG = System.getLogger(PgLifecycleStore.class.getName());

    private static final String COLUMNS = quotedList(LIFECYCLE_COLUMNS);

    static final String BY_VCENTER = sql("""
            SELECT %s
              FROM vm_lifecycle_cache
             WHERE "Vcenter" = ?
             ORDER BY "VmKey\"""".formatted(COLUMNS));

    static final String LIVE_BY_VCENTER = sql("""
            SELECT %s
              FROM vm_lifecycle_cache
             WHERE "Vcenter" = ? AND "DeletionTime" IS NULL
             ORDER BY "VmKey\"""".formatted(COLUMNS));

    static final String LIVE_OR_DELETED_SINCE = sql("""
            SELECT %s
              FROM vm_lifecycle_cache
             WHERE "Vcenter" = ? AND ("DeletionTime" IS NULL OR "DeletionTime" >= ?)
             ORDER BY "VmKey\"""".formatted(COLUMNS));

    /** LastSeen of many entries in one statement: each is a HOT update (no indexed column changes). */
    static final String TOUCH = sql("""
            UPDATE vm_lifecycle_cache AS l
               SET "LastSeen" = s.last_seen
              FROM unnest(?::text[], ?::text[], ?::bigint[]) AS s(vcenter, vm_key, last_seen)
             WHERE l."Vcenter" = s.vcenter AND l."VmKey" = s.vm_key""");

    static final String GET = sql("""
            SELECT %s
              FROM vm_lifecycle_cache
             WHERE "Vcenter" = ? AND "VmKey" = ?""".formatted(COLUMNS));

    static final String UPSERT = sql("""
            INSERT INTO vm_lifecycle_cache (%s)
            VALUES (%s)
            ON CONFLICT ("Vcenter", "VmKey") DO UPDATE SET
                "VmId"           = excluded."VmId",
                "VmUuid"         = excluded."VmUuid",
                "Name"           = excluded."Name",
                "FirstSeen"      = excluded."FirstSeen",
                "LastSeen"       = excluded."LastSeen",
                "CreationTime"   = excluded."CreationTime",
                "DeletionTime"   = excluded."DeletionTime",
                "DeletionSource" = excluded."DeletionSource\"""".formatted(COLUMNS, placeholders(LIFECYCLE_COLUMNS)));

    /**
     * A look-up by one indexed identity column, in all vCenters or in one. Two statements rather
     * than {@code (? IS NULL OR ...)}, so each has a plan that uses the index.
     */
    private static final String FIND = """
            SELECT %s
              FROM vm_lifecycle_cache
             WHERE "%s" = ?%s
             ORDER BY "Vcenter", "FirstSeen", "VmKey\"""";

    static final Map<VmLookup.By, String> FIND_ALL = Map.of(
            VmLookup.By.VM_ID, sql(FIND.formatted(COLUMNS, PgSchema.VM_ID, "")),
            VmLookup.By.VM_UUID, sql(FIND.formatted(COLUMNS, PgSchema.VM_UUID, "")),
            VmLookup.By.NAME, sql(FIND.formatted(COLUMNS, PgSchema.NAME, "")));

    static final Map<VmLookup.By, String> FIND_IN_VCENTER = Map.of(
            VmLookup.By.VM_ID, sql(FIND.formatted(COLUMNS, PgSchema.VM_ID, " AND \"Vcenter\" = ?")),
            VmLookup.By.VM_UUID, sql(FIND.formatted(COLUMNS, PgSchema.VM_UUID, " AND \"Vcenter\" = ?")),
            VmLookup.By.NAME, sql(FIND.formatted(COLUMNS, PgSchema.NAME, " AND \"Vcenter\" = ?")));

    /**
     * Name-prefix candidates: an index range on "Name" ({@link VmLookup#prefixEnd}; the unbounded form
     * for a prefix without an end), in all vCenters or one.
     */
    private static final String BY_PREFIX = """
            SELECT %s
              FROM vm_lifecycle_cache
             WHERE "Name" >= ?%s%s
             ORDER BY "Name", "Vcenter", "VmKey"
             LIMIT ?""";
    private static final String BOUNDED = " AND \"Name\" < ?";
    private static final String IN_VCENTER = " AND \"Vcenter\" = ?";

    static final String DELETE_VCENTER = sql("""
            DELETE FROM vm_lifecycle_cache
             WHERE "Vcenter" = ?""");

    private final PgDatabase db;
    private final int batchSize;

    PgLifecycleStore(PgDatabase db, int batchSize) {
        this.db = db;
        this.batchSize = batchSize;
    }

    @Override
    public Map<String, LifecycleEntry> forVcenter(String vcenter) {
        return byVcenter(vcenter, BY_VCENTER);
    }

    @Override
    public Map<String, LifecycleEntry> liveForVcenter(String vcenter) {
        return byVcenter(vcenter, LIVE_BY_VCENTER);
    }

    @Override
    public Map<String, LifecycleEntry> liveOrDeletedSince(String vcenter, long time) {
        return byVcenter(vcenter, LIVE_OR_DELETED_SINCE, time);
    }

    private Map<String, LifecycleEntry> byVcenter(String vcenter, String sql, long... times) {
        return db.inTransaction("read the lifecycle of " + vcenter, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(5_000);
                ps.setString(1, vcenter);
                for (int i = 0; i < times.length; i++) {
                    ps.setLong(2 + i, times[i]);
                }
                Map<String, LifecycleEntry> out = new LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        LifecycleEntry e = read(rs);
                        out.put(e.vmKey(), e);
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Optional<LifecycleEntry> get(String vcenter, String vmKey) {
        return db.inTransaction("read the lifecycle of " + vcenter + " " + vmKey, c -> {
            try (PreparedStatement ps = c.prepareStatement(GET)) {
                ps.setString(1, vcenter);
                ps.setString(2, vmKey);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void upsert(Collection<LifecycleEntry> entries) {
        applyReconciliation(entries, List.of());
    }

    /** Upserts {@code upserts} and sets only {@code LastSeen} of {@code seen}, in one transaction. */
    @Override
    public void applyReconciliation(Collection<LifecycleEntry> upserts, Collection<LifecycleEntry> seen) {
        if (upserts.isEmpty() && seen.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        // The batch becomes multi-row statements, where a key may appear once: the last entry wins.
        Map<List<String>, LifecycleEntry> unique = new LinkedHashMap<>();
        for (LifecycleEntry e : upserts) {
            unique.put(List.of(e.vcenter(), e.vmKey()), e);
        }
        db.inTransaction("write " + upserts.size() + " lifecycle entries and " + seen.size() + " sightings", c -> {
            if (!unique.isEmpty()) {
                upsert(c, unique.values());
            }
            if (!seen.isEmpty()) {
                touch(c, seen);
            }
            return null;
        });
        LOG.log(System.Logger.Level.DEBUG, "vm_lifecycle_cache: {0} upserts, {1} LastSeen updates in {2} ms",
                unique.size(), seen.size(), (System.nanoTime() - t0) / 1_000_000);
    }

    private void upsert(Connection c, Collection<LifecycleEntry> entries) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            int pending = 0;
            for (LifecycleEntry e : entries) {
                ps.setString(1, e.vcenter());
                ps.setString(2, e.vmKey());
                ps.setString(3, e.vmId());
                ps.setString(4, e.vmUuid());
                ps.setString(5, e.name());
                ps.setLong(6, e.firstSeen());
                ps.setLong(7, e.lastSeen());
                setLong(ps, 8, e.creationTime());
                setLong(ps, 9, e.deletionTime());
                ps.setString(10, e.deletionSource() == null ? null : e.deletionSource().wire());
                ps.addBatch();
                if (++pending == batchSize) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
    }

    private static void touch(Connection c, Collection<LifecycleEntry> seen) throws SQLException {
        int n = seen.size();
        String[] vcenters = new String[n];
        String[] keys = new String[n];
        Long[] lastSeen = new Long[n];
        int i = 0;
        for (LifecycleEntry e : seen) {
            vcenters[i] = e.vcenter();
            keys[i] = e.vmKey();
            lastSeen[i++] = e.lastSeen();
        }
        try (PreparedStatement ps = c.prepareStatement(TOUCH)) {
            ps.setArray(1, c.createArrayOf("text", vcenters));
            ps.setArray(2, c.createArrayOf("text", keys));
            ps.setArray(3, c.createArrayOf("bigint", lastSeen));
            ps.executeUpdate();
        }
    }

    @Override
    public List<LifecycleEntry> find(VmLookup lookup) {
        return db.inTransaction("look up " + lookup.by() + " " + lookup.value(), c -> {
            boolean inVcenter = lookup.vcenter() != null;
            String sql = (inVcenter ? FIND_IN_VCENTER : FIND_ALL).get(lookup.by());
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, lookup.value());
                if (inVcenter) {
                    ps.setString(2, lookup.vcenter());
                }
                List<LifecycleEntry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<LifecycleEntry> findByNamePrefix(String prefix, String vcenter, int limit) {
        String end = VmLookup.prefixEnd(prefix);
        String sql = sql(BY_PREFIX.formatted(COLUMNS, end == null ? "" : BOUNDED, vcenter == null ? "" : IN_VCENTER));
        return db.inTransaction("look up names starting with " + prefix, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, prefix);
                if (end != null) {
                    ps.setString(i++, end);
                }
                if (vcenter != null) {
                    ps.setString(i++, vcenter);
                }
                ps.setInt(i, limit);
                List<LifecycleEntry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public int deleteVcenter(String vcenter) {
        return db.inTransaction("delete the lifecycle of " + vcenter, c -> {
            try (PreparedStatement ps = c.prepareStatement(DELETE_VCENTER)) {
                ps.setString(1, vcenter);
                return ps.executeUpdate();
            }
        });
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    private static LifecycleEntry read(ResultSet rs) throws SQLException {
        String source = rs.getString(10);
        return new LifecycleEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getLong(6), rs.getLong(7), HourlyRows.getLong(rs, 8), HourlyRows.getLong(rs, 9),
                source == null ? null : DeletionSource.fromWire(source));
    }
}
