package io.vmledger.storage.sqlite;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.vmledger.storage.sqlite.SqliteSchema.LIFECYCLE_COLUMNS;
import static io.vmledger.storage.sqlite.SqliteSchema.placeholders;
import static io.vmledger.storage.sqlite.SqliteSchema.quotedList;
import static io.vmledger.storage.sqlite.SqliteSchema.sql;

/** {@code vm_lifecycle_cache} on SQLite; it carries the VmId, VmUuid and Name indexes of trace look-ups. */
final class SqliteLifecycleStore implements LifecycleStore {
    private static final System.Logger LOG = System.getLogger(SqliteLifecycleStore.class.getName());

    private static final String COLUMNS = quotedList(LIFECYCLE_COLUMNS);

    private static final String BY_VCENTER = sql("""
            SELECT %s
              FROM vm_lifecycle_cache
             WHERE "Vcenter" = ?
             ORDER BY "VmKey\"""".formatted(COLUMNS));

    private static final String GET = sql("""
            SELECT %s
              FROM vm_lifecycle_cache
             WHERE "Vcenter" = ? AND "VmKey" = ?""".formatted(COLUMNS));

    private static final String UPSERT = sql("""
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
     * Refreshes an entry whose identities and deletion are unchanged: the common case of each hour
     * (LastSeen moves). Only non-indexed columns are set, so SQLite leaves the look-up and deletion
     * indexes alone; entries it does not match (new VMs, renames, deletions) go through {@link #UPSERT}.
     */
    private static final String REFRESH = sql("""
            UPDATE vm_lifecycle_cache
               SET "FirstSeen"      = ?,
                   "LastSeen"       = ?,
                   "CreationTime"   = ?,
                   "DeletionSource" = ?
             WHERE "Vcenter" = ? AND "VmKey" = ?
               AND "VmId" IS ? AND "VmUuid" IS ? AND "Name" IS ? AND "DeletionTime" IS ?""");

    /** An existing entry whose only change is LastSeen (applyReconciliation's {@code seen}). */
    private static final String SEEN = sql("""
            UPDATE vm_lifecycle_cache
               SET "LastSeen" = ?
             WHERE "Vcenter" = ? AND "VmKey" = ?""");

    /**
     * Live entries through the deletion index. Without statistics the planner prefers scanning the
     * vCenter's primary-key range, which reads every deletion ever recorded; the index keeps the cost
     * proportional to the live VMs as deletions accumulate.
     */
    private static final String LIVE = sql("""
            SELECT %s
              FROM vm_lifecycle_cache INDEXED BY vm_lifecycle_cache_deletion
             WHERE "Vcenter" = ? AND "DeletionTime" IS NULL""".formatted(COLUMNS));

    /** Two ranges of the deletion index: live entries, and those deleted at or after the time. */
    private static final String LIVE_OR_DELETED_SINCE = sql("""
            SELECT %1$s
              FROM vm_lifecycle_cache INDEXED BY vm_lifecycle_cache_deletion
             WHERE "Vcenter" = ?1 AND "DeletionTime" IS NULL
            UNION ALL
            SELECT %1$s
              FROM vm_lifecycle_cache INDEXED BY vm_lifecycle_cache_deletion
             WHERE "Vcenter" = ?1 AND "DeletionTime" >= ?2""".formatted(COLUMNS));

    /** Look-ups by one indexed identity column, optionally within one vCenter ({@code ? IS NULL} matches all). */
    private static final String FIND = """
            SELECT %s
              FROM vm_lifecycle_cache
             WHERE "%s" = ? AND (? IS NULL OR "Vcenter" = ?)
             ORDER BY "Vcenter", "FirstSeen", "VmKey\"""";

    private static final Map<VmLookup.By, String> FIND_BY = Map.of(
            VmLookup.By.VM_ID, sql(FIND.formatted(COLUMNS, SqliteSchema.VM_ID)),
            VmLookup.By.VM_UUID, sql(FIND.formatted(COLUMNS, SqliteSchema.VM_UUID)),
            VmLookup.By.NAME, sql(FIND.formatted(COLUMNS, SqliteSchema.NAME)));

    /**
     * Name-prefix candidates: an index range on "Name" ({@code ?2} the end of the prefix's range, see
     * {@link VmLookup#prefixEnd}; the unbounded form for a prefix without one).
     */
    private static final String BY_PREFIX = """
            SELECT %s
              FROM vm_lifecycle_cache
             WHERE "Name" >= ?1%s AND (?3 IS NULL OR "Vcenter" = ?3)
             ORDER BY "Name", "Vcenter", "VmKey"
             LIMIT ?4""";
    private static final String BY_PREFIX_BOUNDED = sql(BY_PREFIX.formatted(COLUMNS, " AND \"Name\" < ?2"));
    private static final String BY_PREFIX_UNBOUNDED = sql(BY_PREFIX.formatted(COLUMNS, " AND ?2 IS NULL"));

    private static final String DELETE_VCENTER = sql("""
            DELETE FROM vm_lifecycle_cache
             WHERE "Vcenter" = ?""");

    private final SqliteDatabase db;
    private final int batchSize;

    SqliteLifecycleStore(SqliteDatabase db, int batchSize) {
        this.db = db;
        this.batchSize = batchSize;
    }

    @Override
    public Map<String, LifecycleEntry> forVcenter(String vcenter) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(BY_VCENTER)) {
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
        return db.read(c -> {
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
    public Map<String, LifecycleEntry> liveForVcenter(String vcenter) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(LIVE)) {
                ps.setString(1, vcenter);
                return readMap(ps);
            }
        });
    }

    @Override
    public Map<String, LifecycleEntry> liveOrDeletedSince(String vcenter, long time) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(LIVE_OR_DELETED_SINCE)) {
                ps.setString(1, vcenter);
                ps.setLong(2, time);
                return readMap(ps);
            }
        });
    }

    @Override
    public void upsert(Collection<LifecycleEntry> entries) {
        applyReconciliation(entries, List.of());
    }

    @Override
    public void applyReconciliation(Collection<LifecycleEntry> upserts, Collection<LifecycleEntry> seen) {
        if (upserts.isEmpty() && seen.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        int inserted = db.write(c -> {
            int n = upsert(c, upserts);
            markSeen(c, seen);
            return n;
        });
        LOG.log(System.Logger.Level.DEBUG, "vm_lifecycle_cache: {0} upserts ({1} new or changed identity or"
                        + " deletion), {2} seen, in {3} ms", upserts.size(), inserted, seen.size(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** Writes entries: a refresh when identities and deletion are unchanged, else an upsert; returns the upserts. */
    private int upsert(Connection c, Collection<LifecycleEntry> entries) throws SQLException {
        List<LifecycleEntry> list = List.copyOf(entries);
        List<LifecycleEntry> unmatched = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(REFRESH)) {
            for (int from = 0; from < list.size(); from += batchSize) {
                List<LifecycleEntry> batch = list.subList(from, Math.min(list.size(), from + batchSize));
                for (LifecycleEntry e : batch) {
                    ps.setLong(1, e.firstSeen());
                    ps.setLong(2, e.lastSeen());
                    Rows.setLong(ps, 3, e.creationTime());
                    ps.setString(4, e.deletionSource() == null ? null : e.deletionSource().wire());
                    ps.setString(5, e.vcenter());
                    ps.setString(6, e.vmKey());
                    ps.setString(7, e.vmId());
                    ps.setString(8, e.vmUuid());
                    ps.setString(9, e.name());
                    Rows.setLong(ps, 10, e.deletionTime());
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
        if (unmatched.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            int pending = 0;
            for (LifecycleEntry e : unmatched) {
                ps.setString(1, e.vcenter());
                ps.setString(2, e.vmKey());
                ps.setString(3, e.vmId());
                ps.setString(4, e.vmUuid());
                ps.setString(5, e.name());
                ps.setLong(6, e.firstSeen());
                ps.setLong(7, e.lastSeen());
                Rows.setLong(ps, 8, e.creationTime());
                Rows.setLong(ps, 9, e.deletionTime());
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
        return unmatched.size();
    }

    /** Sets LastSeen of existing entries; entries that turn out not to exist are upserted whole. */
    private void markSeen(Connection c, Collection<LifecycleEntry> seen) throws SQLException {
        if (seen.isEmpty()) {
            return;
        }
        List<LifecycleEntry> missing = new ArrayList<>();
        List<LifecycleEntry> list = List.copyOf(seen);
        try (PreparedStatement ps = c.prepareStatement(SEEN)) {
            for (int from = 0; from < list.size(); from += batchSize) {
                List<LifecycleEntry> batch = list.subList(from, Math.min(list.size(), from + batchSize));
                for (LifecycleEntry e : batch) {
                    ps.setLong(1, e.lastSeen());
                    ps.setString(2, e.vcenter());
                    ps.setString(3, e.vmKey());
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] == 0) {
                        missing.add(batch.get(i));
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            upsert(c, missing);
        }
    }

    @Override
    public List<LifecycleEntry> find(VmLookup lookup) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(FIND_BY.get(lookup.by()))) {
                ps.setString(1, lookup.value());
                ps.setString(2, lookup.vcenter());
                ps.setString(3, lookup.vcenter());
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
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(end == null ? BY_PREFIX_UNBOUNDED : BY_PREFIX_BOUNDED)) {
                ps.setString(1, prefix);
                ps.setString(2, end);
                ps.setString(3, vcenter);
                ps.setInt(4, limit);
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
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(DELETE_VCENTER)) {
                ps.setString(1, vcenter);
                return ps.executeUpdate();
            }
        });
    }

    private static LifecycleEntry read(ResultSet rs) throws SQLException {
        String source = rs.getString(10);
        return new LifecycleEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getLong(6), rs.getLong(7), Rows.getLong(rs, 8), Rows.getLong(rs, 9),
                source == null ? null : DeletionSource.fromWire(source));
    }
}
