package io.vmledger.storage.jdbc;

import io.vmledger.api.Granularity;
import io.vmledger.api.Page;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.storage.spi.SnapshotQuery;
import io.vmledger.storage.spi.SnapshotRegistry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.vmledger.storage.jdbc.CanonicalSchema.REGISTRY_COLUMNS;
import static io.vmledger.storage.jdbc.CanonicalSchema.placeholders;
import static io.vmledger.storage.jdbc.CanonicalSchema.quotedList;

/** {@code snapshot_registry}, keyed {@code ("SnapshotType","SnapshotTime","Vcenter")}. */
public final class JdbcSnapshotRegistry implements SnapshotRegistry {
    private static final String COLUMNS = quotedList(REGISTRY_COLUMNS);
    /** Filters shared by a page and its count; a NULL type or vCenter disables its filter. */
    private static final String FILTER = """
             WHERE (CAST(? AS TEXT) IS NULL OR "SnapshotType" = ?)
               AND (CAST(? AS TEXT) IS NULL OR "Vcenter" = ?)
               AND "SnapshotTime" >= ? AND "SnapshotTime" < ?""";

    private final JdbcDatabase db;
    private final String upsert;
    private final String get;
    private final String list;
    private final String count;
    private final String deleteBefore;
    private final String deletePeriod;

    public JdbcSnapshotRegistry(JdbcDatabase db, Dialect dialect) {
        this.db = db;
        this.upsert = dialect.sql("""
                INSERT INTO snapshot_registry (%s)
                VALUES (%s)
                ON CONFLICT ("SnapshotType", "SnapshotTime", "Vcenter") DO UPDATE SET
                    "RowCount"  = excluded."RowCount",
                    "TableName" = excluded."TableName\"""".formatted(COLUMNS, placeholders(REGISTRY_COLUMNS)));
        this.get = dialect.sql("""
                SELECT %s
                  FROM snapshot_registry
                 WHERE "SnapshotType" = ? AND "SnapshotTime" = ? AND "Vcenter" = ?""".formatted(COLUMNS));
        this.list = dialect.sql("""
                SELECT %s
                  FROM snapshot_registry
                %s
                 ORDER BY "SnapshotTime" DESC, "SnapshotType", "Vcenter"
                 LIMIT ? OFFSET ?""".formatted(COLUMNS, FILTER));
        this.count = dialect.sql("""
                SELECT count(*)
                  FROM snapshot_registry
                %s""".formatted(FILTER));
        this.deleteBefore = dialect.sql("""
                DELETE FROM snapshot_registry
                 WHERE "SnapshotType" = ? AND "SnapshotTime" < ?""");
        this.deletePeriod = dialect.sql("""
                DELETE FROM snapshot_registry
                 WHERE "SnapshotType" = ? AND "SnapshotTime" = ?""");
    }

    @Override
    public void register(SnapshotRecord record) {
        db.write("register " + record.type().wire() + " snapshot " + record.snapshotTime(), c -> {
            register(c, record);
            return null;
        });
    }

    /** Upserts a record on {@code c}; used by the period writers too. */
    void register(Connection c, SnapshotRecord r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(upsert)) {
            ps.setString(1, r.type().wire());
            ps.setLong(2, r.snapshotTime());
            ps.setString(3, r.vcenter());
            ps.setLong(4, r.rowCount());
            ps.setString(5, r.tableName());
            ps.executeUpdate();
        }
    }

    /** Removes the records of one period (all vCenters) on {@code c}; used by the period writers. */
    void deletePeriod(Connection c, Granularity type, long time) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(deletePeriod)) {
            ps.setString(1, type.wire());
            ps.setLong(2, time);
            ps.executeUpdate();
        }
    }

    @Override
    public Optional<SnapshotRecord> get(Granularity type, long snapshotTime, String vcenter) {
        return db.read("read the registry", c -> {
            try (PreparedStatement ps = c.prepareStatement(get)) {
                ps.setString(1, type.wire());
                ps.setLong(2, snapshotTime);
                ps.setString(3, vcenter);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Page<SnapshotRecord> list(SnapshotQuery q) {
        return db.read("list the registry", c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement(count)) {
                bindFilter(ps, q);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<SnapshotRecord> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(list)) {
                bindFilter(ps, q);
                ps.setInt(7, q.limit());
                ps.setLong(8, q.offset());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(read(rs));
                    }
                }
            }
            return new Page<>(items, total, q.limit(), q.offset());
        });
    }

    @Override
    public long deleteBefore(Granularity type, long time) {
        return db.write("apply registry retention", c -> {
            try (PreparedStatement ps = c.prepareStatement(deleteBefore)) {
                ps.setString(1, type.wire());
                ps.setLong(2, time);
                return ps.executeLargeUpdate();
            }
        });
    }

    private static void bindFilter(PreparedStatement ps, SnapshotQuery q) throws SQLException {
        String type = q.type() == null ? null : q.type().wire();
        ps.setString(1, type);
        ps.setString(2, type);
        ps.setString(3, q.vcenter());
        ps.setString(4, q.vcenter());
        ps.setLong(5, q.window().start());
        ps.setLong(6, q.window().end());
    }

    private static SnapshotRecord read(ResultSet rs) throws SQLException {
        return new SnapshotRecord(Granularity.fromWire(rs.getString(1)), rs.getLong(2), rs.getString(3),
                rs.getLong(4), rs.getString(5));
    }
}
