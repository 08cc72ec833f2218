package io.vmledger.storage.jdbc;

import io.vmledger.storage.spi.StoreTables;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link StoreTables} over the generic JDBC seam, the same for every plugin: keyset pages in key order with the
 * dialect's fast reads, appends with the dialect's bulk ingestion ({@code COPY} on PostgreSQL), and the markers in
 * a table of their own ({@value CanonicalSchema#STORE_MIGRATION}) written in the append's transaction.
 */
final class JdbcStoreTables implements StoreTables {
    private static final String CREATE_MARKERS = """
            CREATE TABLE IF NOT EXISTS store_migration (
                "Marker" TEXT NOT NULL PRIMARY KEY,
                "Value"  TEXT NOT NULL
            )""";
    private static final String UPSERT_MARKER = """
            INSERT INTO store_migration ("Marker", "Value")
            VALUES (?, ?)
            ON CONFLICT ("Marker") DO UPDATE SET "Value" = excluded."Value\"""";

    private final JdbcDatabase db;
    private final Dialect dialect;
    private final int batchSize;
    private final Map<String, Statements> statements = new ConcurrentHashMap<>();

    JdbcStoreTables(JdbcDatabase db, Dialect dialect, int batchSize) {
        this.db = db;
        this.dialect = dialect;
        this.batchSize = batchSize;
    }

    /** A table's codec and the statements of its first and following pages. */
    private record Statements(Table table, TableRows codec, String first, String after, String count) {
    }

    @Override
    public List<Table> tables(boolean compatibility) {
        List<Table> out = new ArrayList<>();
        LedgerTables.CANONICAL.stream().filter(t -> t.kind() != Kind.PROCESSES).forEach(out::add);
        db.read("list the tables", c -> {
            for (LedgerTables.Family f : LedgerTables.FAMILIES) {
                if (f.kind() == Kind.COMPATIBILITY && !compatibility) {
                    continue;
                }
                List<String> names = new ArrayList<>();
                for (String name : dialect.tables(c, f.prefix())) {
                    if (f.name().matcher(name).matches()) {
                        names.add(name);
                    }
                }
                // numbers of equal length sort as text; hourly times may differ in length
                names.sort(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));
                names.forEach(n -> out.add(f.table(n)));
            }
            return null;
        });
        LedgerTables.CANONICAL.stream().filter(t -> t.kind() == Kind.PROCESSES).forEach(out::add);
        return out;
    }

    @Override
    public long count(Table table) {
        Statements s = statements(table);
        return db.read("count the rows of " + s.table().name(), c -> {
            if (!exists(c, s.table())) {
                return 0L;
            }
            try (PreparedStatement ps = c.prepareStatement(s.count()); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public List<Object[]> read(Table table, Object[] after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        Statements s = statements(table);
        return db.read("read " + s.table().name(), c -> {
            if (!exists(c, s.table())) {
                return List.of();
            }
            try (PreparedStatement ps = dialect.prepareRead(c, after == null ? s.first() : s.after(),
                    Math.min(limit, 5_000))) {
                int p = 1;
                if (after != null) {
                    for (String k : s.table().key()) {
                        Object v = after[s.table().index(k)];
                        switch (v) {
                            case Long l -> ps.setLong(p++, l);
                            case String t -> ps.setString(p++, t);
                            default -> throw new IllegalArgumentException("key column " + k + " of " + s.table().name()
                                    + " holds " + v);
                        }
                    }
                }
                ps.setInt(p, limit);
                RowReader<Object[]> reader = dialect.reader(s.codec());
                List<Object[]> rows = new ArrayList<>(Math.min(limit, 10_000));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(reader.read(rs));
                    }
                }
                return rows;
            }
        });
    }

    @Override
    public void append(Table table, List<Object[]> rows, String marker, String value) {
        Statements s = statements(table);
        Table t = s.table();
        if (t.name().equals(CanonicalSchema.VM_HOURLY_STATS) && !rows.isEmpty()) {
            int time = t.index(CanonicalSchema.SNAPSHOT_TIME);
            long from = Long.MAX_VALUE;
            long to = Long.MIN_VALUE;
            for (Object[] r : rows) {
                from = Math.min(from, (Long) r[time]);
                to = Math.max(to, (Long) r[time]);
            }
            dialect.beforeHourlyWrite(from, to); // partitions, outside the transaction
        }
        db.write("copy " + rows.size() + " rows into " + t.name(), c -> {
            Optional<LedgerTables.Family> family = LedgerTables.family(t.name());
            if (family.isPresent()) {
                dialect.createTableLike(c, t.name(), family.get().template(), t.key());
            }
            dialect.insert(c, t.name(), s.codec(), rows, batchSize);
            if (t.name().equals(LedgerTables.IDENTITY_TABLE) && !rows.isEmpty()) {
                dialect.identityInserted(c, t.name(), LedgerTables.IDENTITY_COLUMN);
            }
            putMarker(c, marker, value);
            return null;
        });
    }

    @Override
    public void clear(Table table) {
        Table t = statements(table).table();
        db.write("clear " + t.name(), c -> {
            if (t.kind() == Kind.CANONICAL || t.kind() == Kind.PROCESSES) {
                Sql.exec(c, "DELETE FROM " + t.name());
            } else {
                Sql.exec(c, "DROP TABLE IF EXISTS " + t.name());
            }
            return null;
        });
    }

    @Override
    public Map<String, String> markers() {
        return db.read("read the migration markers", c -> {
            Map<String, String> out = new LinkedHashMap<>();
            if (!dialect.exists(c, CanonicalSchema.STORE_MIGRATION)) {
                return out;
            }
            try (PreparedStatement ps = c.prepareStatement(dialect.sql("""
                    SELECT "Marker", "Value"
                      FROM store_migration
                     ORDER BY "Marker\""""));
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
            return out;
        });
    }

    @Override
    public void mark(String marker, String value) {
        db.write("set the migration marker " + marker, c -> {
            if (value != null) {
                putMarker(c, marker, value);
            } else if (dialect.exists(c, CanonicalSchema.STORE_MIGRATION)) {
                try (PreparedStatement ps = c.prepareStatement(dialect.sql("""
                        DELETE FROM store_migration
                         WHERE "Marker" = ?"""))) {
                    ps.setString(1, marker);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM store_migration LIMIT 1");
                     ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        Sql.exec(c, "DROP TABLE store_migration"); // the last marker: leave no table behind
                    }
                }
            }
            return null;
        });
    }

    @Override
    public void clearMarkers() {
        db.write("remove the migration markers", c -> {
            Sql.exec(c, "DROP TABLE IF EXISTS " + CanonicalSchema.STORE_MIGRATION);
            return null;
        });
    }

    private void putMarker(Connection c, String marker, String value) throws SQLException {
        Sql.exec(c, dialect.sql(CREATE_MARKERS));
        try (PreparedStatement ps = c.prepareStatement(dialect.sql(UPSERT_MARKER))) {
            ps.setString(1, marker);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }

    private boolean exists(Connection c, Table t) throws SQLException {
        return t.kind() == Kind.CANONICAL || t.kind() == Kind.PROCESSES || dialect.exists(c, t.name());
    }

    /**
     * The statements of a table this store knows by that name; the table's description comes from this store, never
     * from the caller, and a name that is no ledger table is refused (it is spliced into SQL).
     */
    private Statements statements(Table table) {
        return statements.computeIfAbsent(table.name(), name -> {
            Table t = LedgerTables.named(name).orElseThrow(() -> new IllegalArgumentException(
                    "not a table of the ledger: " + name));
            TableRows codec = new TableRows(t);
            String keys = CanonicalSchema.quotedList(t.key());
            String select = "SELECT " + dialect.selectList(codec, null) + "\n  FROM " + name;
            String order = "\n ORDER BY " + keys + "\n LIMIT ?";
            String after = select + "\n WHERE (" + keys + ") > (" + CanonicalSchema.placeholders(t.key()) + ")" + order;
            return new Statements(t, codec, dialect.sql(select + order), dialect.sql(after),
                    dialect.sql("SELECT count(*) FROM " + name));
        });
    }
}
