package io.vmledger.storage.jdbc;

import io.vmledger.api.DeletionSource;
import io.vmledger.api.LifecycleEntry;
import io.vmledger.storage.spi.LifecycleStore;
import io.vmledger.storage.spi.VmLookup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.vmledger.storage.jdbc.CanonicalSchema.LIFECYCLE_COLUMNS;
import static io.vmledger.storage.jdbc.CanonicalSchema.placeholders;
import static io.vmledger.storage.jdbc.CanonicalSchema.quotedList;

/**
 * {@code vm_lifecycle_cache}. It is small (one row per VM ever seen), so it carries the VmId, VmUuid and
 * Name indexes of trace look-ups instead of {@code vm_hourly_stats}, and an index on
 * {@code ("Vcenter","DeletionTime")} that finds the live entries without reading the deletions, which pile
 * up for as long as the ledger runs.
 */
public final class JdbcLifecycleStore implements LifecycleStore {
    private static final System.Logger LOG = System.getLogger(JdbcLifecycleStore.class.getName());
    private static final String COLUMNS = quotedList(LIFECYCLE_COLUMNS);
    private static final String DELETION_INDEX = "vm_lifecycle_cache_deletion";
    /** Keys per statement of {@link #getAll}: well inside both databases' limits on bind parameters. */
    static final int KEYS_PER_LOOKUP = 500;

    private final JdbcDatabase db;
    private final Dialect dialect;
    private final int batchSize;
    private final String byVcenter;
    private final String get;
    private final String upsert;
    private final String refresh;
    // the read statements, public so that a plugin's tests can check their plans
    /** The live entries of a vCenter. */
    public final String live;
    /** The entries of a vCenter live or deleted since a time: vCenter, vCenter, time. */
    public final String liveOrDeletedSince;
    /** Look-ups by identity in all vCenters: the value. */
    public final Map<VmLookup.By, String> findAll;
    /** Look-ups by identity in one vCenter: the value, the vCenter. */
    public final Map<VmLookup.By, String> findInVcenter;
    /**
     * Name-prefix candidates, an index range on {@code "Name"}: [bounded (the prefix has an end)][in one
     * vCenter]; parameters: the prefix, the end if bounded, the vCenter if one, the limit.
     */
    private final String[][] byNamePrefix = new String[2][2];
    private final String deleteVcenter;

    public JdbcLifecycleStore(JdbcDatabase db, Dialect dialect, int batchSize) {
        this.db = db;
        this.dialect = dialect;
        this.batchSize = batchSize;
        this.byVcenter = dialect.sql("""
                SELECT %s
                  FROM vm_lifecycle_cache
                 WHERE "Vcenter" = ?
                 ORDER BY "VmKey\"""".formatted(COLUMNS));
        this.get = dialect.sql("""
                SELECT %s
                  FROM vm_lifecycle_cache
                 WHERE "Vcenter" = ? AND "VmKey" = ?""".formatted(COLUMNS));
        this.upsert = dialect.sql("""
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
        // refreshes an entry whose identities and deletion are unchanged, the common case of each hour; only
        // unindexed columns are set, so no store rewrites the look-up and deletion indexes (SQLite rewrites
        // the index entries of every column an UPDATE sets, even to the same value)
        this.refresh = dialect.sql("""
                UPDATE vm_lifecycle_cache
                   SET "FirstSeen"      = ?,
                       "LastSeen"       = ?,
                       "CreationTime"   = ?,
                       "DeletionSource" = ?
                 WHERE "Vcenter" = ? AND "VmKey" = ?
                   AND "VmId" IS NOT DISTINCT FROM ? AND "VmUuid" IS NOT DISTINCT FROM ?
                   AND "Name" IS NOT DISTINCT FROM ? AND "DeletionTime" IS NOT DISTINCT FROM ?""");
        String from = "vm_lifecycle_cache" + dialect.indexedBy(DELETION_INDEX);
        this.live = dialect.sql("""
                SELECT %s
                  FROM %s
                 WHERE "Vcenter" = ? AND "DeletionTime" IS NULL""".formatted(COLUMNS, from));
        // two ranges of the deletion index: live entries, and those deleted at or after the time
        this.liveOrDeletedSince = dialect.sql("""
                SELECT %1$s
                  FROM %2$s
                 WHERE "Vcenter" = ? AND "DeletionTime" IS NULL
                UNION ALL
                SELECT %1$s
                  FROM %2$s
                 WHERE "Vcenter" = ? AND "DeletionTime" >= ?""".formatted(COLUMNS, from));
        // a look-up by one indexed identity column, in all vCenters or in one: two statements rather than
        // (? IS NULL OR ...), so that each has a plan that uses the index
        String find = """
                SELECT %s
                  FROM vm_lifecycle_cache
                 WHERE "%s" = ?%s
                 ORDER BY "Vcenter", "FirstSeen", "VmKey\"""";
        this.findAll = Map.of(
                VmLookup.By.VM_ID, dialect.sql(find.formatted(COLUMNS, CanonicalSchema.VM_ID, "")),
                VmLookup.By.VM_UUID, dialect.sql(find.formatted(COLUMNS, CanonicalSchema.VM_UUID, "")),
                VmLookup.By.NAME, dialect.sql(find.formatted(COLUMNS, CanonicalSchema.NAME, "")));
        String inVcenter = " AND \"Vcenter\" = ?";
        this.findInVcenter = Map.of(
                VmLookup.By.VM_ID, dialect.sql(find.formatted(COLUMNS, CanonicalSchema.VM_ID, inVcenter)),
                VmLookup.By.VM_UUID, dialect.sql(find.formatted(COLUMNS, CanonicalSchema.VM_UUID, inVcenter)),
                VmLookup.By.NAME, dialect.sql(find.formatted(COLUMNS, CanonicalSchema.NAME, inVcenter)));
        for (int bounded = 0; bounded < 2; bounded++) {
            for (int one = 0; one < 2; one++) {
                byNamePrefix[bounded][one] = dialect.sql("""
                        SELECT %s
                          FROM vm_lifecycle_cache
                         WHERE "Name" >= ?%s%s
                         ORDER BY "Name", "Vcenter", "VmKey"
                         LIMIT ?""".formatted(COLUMNS, bounded == 1 ? " AND \"Name\" < ?" : "", one == 1 ? inVcenter : ""));
            }
        }
        this.deleteVcenter = dialect.sql("""
                DELETE FROM vm_lifecycle_cache
                 WHERE "Vcenter" = ?""");
    }

    @Override
    public Map<String, LifecycleEntry> forVcenter(String vcenter) {
        return byVcenter("read the lifecycle of " + vcenter, byVcenter, vcenter);
    }

    @Override
    public Map<String, LifecycleEntry> liveForVcenter(String vcenter) {
        return byVcenter("read the live lifecycle of " + vcenter, live, vcenter);
    }

    @Override
    public Map<String, LifecycleEntry> liveOrDeletedSince(String vcenter, long time) {
        return db.read("read the lifecycle of " + vcenter + " since " + time, c -> {
            try (PreparedStatement ps = dialect.prepareRead(c, liveOrDeletedSince, 5_000)) {
                ps.setString(1, vcenter);
                ps.setString(2, vcenter);
                ps.setLong(3, time);
                return readMap(ps);
            }
        });
    }

    private Map<String, LifecycleEntry> byVcenter(String what, String sql, String vcenter) {
        return db.read(what, c -> {
            try (PreparedStatement ps = dialect.prepareRead(c, sql, 5_000)) {
                ps.setString(1, vcenter);
                return readMap(ps);
            }
        });
    }

    private static Map<String, LifecycleEntry> readMap(PreparedStatement ps) throws SQLException {
        Map<String, LifecycleEntry> out = new LinkedHashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                LifecycleEntry e = read(rs);
                out.put(e.vmKey(), e);
            }
        }
        return out;
    }

    @Override
    public Optional<LifecycleEntry> get(String vcenter, String vmKey) {
        return db.read("read the lifecycle of " + vcenter + " " + vmKey, c -> {
            try (PreparedStatement ps = c.prepareStatement(get)) {
                ps.setString(1, vcenter);
                ps.setString(2, vmKey);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Statements of up to {@value #KEYS_PER_LOOKUP} keys ({@code "VmKey" IN (...)}), on one connection. */
    @Override
    public Map<String, LifecycleEntry> getAll(String vcenter, Collection<String> vmKeys) {
        if (vmKeys.isEmpty()) {
            return Map.of();
        }
        List<String> keys = List.copyOf(new LinkedHashSet<>(vmKeys));
        return db.read("read the lifecycle of " + keys.size() + " VMs of " + vcenter, c -> {
            Map<String, LifecycleEntry> out = new LinkedHashMap<>();
            for (int from = 0; from < keys.size(); from += KEYS_PER_LOOKUP) {
                List<String> chunk = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_LOOKUP));
                try (PreparedStatement ps = c.prepareStatement(byKeys(chunk.size()))) {
                    ps.setString(1, vcenter);
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(2 + i, chunk.get(i));
                    }
                    out.putAll(readMap(ps));
                }
            }
            return out;
        });
    }

    private String byKeys(int keys) {
        return dialect.sql("""
                SELECT %s
                  FROM vm_lifecycle_cache
                 WHERE "Vcenter" = ? AND "VmKey" IN (%s)""".formatted(COLUMNS, String.join(", ", Collections.nCopies(keys, "?"))));
    }

    /** Entries that mostly exist unchanged (a rebuild) are refreshed where they can be, the others upserted. */
    @Override
    public void upsert(Collection<LifecycleEntry> entries) {
        write(entries, List.of(), true);
    }

    /**
     * Upserts {@code upserts} and sets only {@code LastSeen} of {@code seen}, in one transaction. The upserts of
     * a reconciliation are new VMs or entries whose identity or deletion changed (those whose only change is
     * {@code LastSeen} come as {@code seen}), so they go straight to the upsert: a refresh would miss nearly
     * every time, for every VM of a vCenter at its first capture.
     */
    @Override
    public void applyReconciliation(Collection<LifecycleEntry> upserts, Collection<LifecycleEntry> seen) {
        write(upserts, seen, false);
    }

    private void write(Collection<LifecycleEntry> upserts, Collection<LifecycleEntry> seen, boolean refreshFirst) {
        if (upserts.isEmpty() && seen.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        int[] inserted = new int[1];
        db.write("write " + upserts.size() + " lifecycle entries and " + seen.size() + " sightings", c -> {
            List<LifecycleEntry> unique = unique(upserts);
            inserted[0] = refreshFirst ? upsert(c, unique) : insertOrReplace(c, unique);
            List<LifecycleEntry> missing = seen.isEmpty() ? List.of()
                    : dialect.updateLastSeen(c, List.copyOf(seen), batchSize);
            if (!missing.isEmpty()) {
                inserted[0] += insertOrReplace(c, missing);
            }
            return null;
        });
        LOG.log(System.Logger.Level.DEBUG, "vm_lifecycle_cache: {0} upserts ({1} new or changed identity or"
                        + " deletion), {2} seen, in {3} ms", upserts.size(), inserted[0], seen.size(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** One entry per key, the last one given: a multi-row statement may name a key only once. */
    private static List<LifecycleEntry> unique(Collection<LifecycleEntry> entries) {
        Map<List<String>, LifecycleEntry> byKey = new LinkedHashMap<>();
        for (LifecycleEntry e : entries) {
            byKey.put(List.of(e.vcenter(), e.vmKey()), e);
        }
        return List.copyOf(byKey.values());
    }

    /** Writes entries: a refresh when identities and deletion are unchanged, else an upsert; returns the upserts. */
    private int upsert(Connection c, List<LifecycleEntry> list) throws SQLException {
        List<LifecycleEntry> unmatched = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(refresh)) {
            for (int from = 0; from < list.size(); from += batchSize) {
                List<LifecycleEntry> batch = list.subList(from, Math.min(list.size(), from + batchSize));
                for (LifecycleEntry e : batch) {
                    ps.setLong(1, e.firstSeen());
                    ps.setLong(2, e.lastSeen());
                    Parameters.setLong(ps, 3, e.creationTime());
                    ps.setString(4, e.deletionSource() == null ? null : e.deletionSource().wire());
                    ps.setString(5, e.vcenter());
                    ps.setString(6, e.vmKey());
                    ps.setString(7, e.vmId());
                    ps.setString(8, e.vmUuid());
                    ps.setString(9, e.name());
                    Parameters.setLong(ps, 10, e.deletionTime());
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] == 0) {
                        unmatched.add(batch.get(i));
                    }
                }
            }
        }
        return insertOrReplace(c, unmatched);
    }

    /** {@code INSERT ... ON CONFLICT DO UPDATE} of every entry, in batches; returns their number. */
    private int insertOrReplace(Connection c, List<LifecycleEntry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement(upsert)) {
            Sql.batches(ps, entries, batchSize, (s, e) -> {
                s.setString(1, e.vcenter());
                s.setString(2, e.vmKey());
                s.setString(3, e.vmId());
                s.setString(4, e.vmUuid());
                s.setString(5, e.name());
                s.setLong(6, e.firstSeen());
                s.setLong(7, e.lastSeen());
                Parameters.setLong(s, 8, e.creationTime());
                Parameters.setLong(s, 9, e.deletionTime());
                s.setString(10, e.deletionSource() == null ? null : e.deletionSource().wire());
            });
        }
        return entries.size();
    }

    @Override
    public List<LifecycleEntry> find(VmLookup lookup) {
        return db.read("look up " + lookup.by() + " " + lookup.value(), c -> {
            boolean inVcenter = lookup.vcenter() != null;
            try (PreparedStatement ps = c.prepareStatement((inVcenter ? findInVcenter : findAll).get(lookup.by()))) {
                ps.setString(1, lookup.value());
                if (inVcenter) {
                    ps.setString(2, lookup.vcenter());
                }
                return all(ps);
            }
        });
    }

    @Override
    public List<LifecycleEntry> findByNamePrefix(String prefix, String vcenter, int limit) {
        String end = VmLookup.prefixEnd(prefix);
        String sql = byNamePrefix[end == null ? 0 : 1][vcenter == null ? 0 : 1];
        return db.read("look up names starting with " + prefix, c -> {
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
                return all(ps);
            }
        });
    }

    private static List<LifecycleEntry> all(PreparedStatement ps) throws SQLException {
        List<LifecycleEntry> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(read(rs));
            }
        }
        return out;
    }

    @Override
    public int deleteVcenter(String vcenter) {
        return db.write("delete the lifecycle of " + vcenter, c -> {
            try (PreparedStatement ps = c.prepareStatement(deleteVcenter)) {
                ps.setString(1, vcenter);
                return ps.executeUpdate();
            }
        });
    }

    private static LifecycleEntry read(ResultSet rs) throws SQLException {
        String source = rs.getString(10);
        return new LifecycleEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getLong(6), rs.getLong(7), Sql.nullableLong(rs, 8), Sql.nullableLong(rs, 9),
                source == null ? null : DeletionSource.fromWire(source));
    }
}
