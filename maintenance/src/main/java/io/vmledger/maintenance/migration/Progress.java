package io.vmledger.maintenance.migration;

import io.vmledger.storage.spi.StoreTables.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The progress of a migration as the target's markers keep it: one marker names the source (a resumed run
 * must read the same store), and one per table says how many rows are copied, whether it is done, and the key
 * of the last row copied, so that a resumed run goes on after it. A table's marker is written in the transaction
 * of the rows it counts ({@link io.vmledger.storage.spi.StoreTables#append}).
 */
final class Progress {
    static final String SOURCE = "source";

    /** A table's state: rows copied, done or not, and the last row's key values (null before the first). */
    record TableState(long rows, boolean done, Object[] lastKey) {
        static final TableState NEW = new TableState(0, false, null);
    }

    private Progress() {
    }

    /** The marker name of a table. */
    static String marker(Table t) {
        return "table " + t.name();
    }

    /** {@code copying 1200 i1796169600 s4:vc01 s6:vm-102} or {@code done 1200}. */
    static String encode(TableState s) {
        StringBuilder b = new StringBuilder(s.done() ? "done " : "copying ").append(s.rows());
        if (s.lastKey() != null) {
            for (Object v : s.lastKey()) {
                b.append(' ');
                switch (v) {
                    case Long l -> b.append('i').append(l);
                    case String t -> b.append('s').append(t.length()).append(':').append(t);
                    default -> throw new IllegalArgumentException("a key value of type " + v.getClass().getSimpleName());
                }
            }
        }
        return b.toString();
    }

    /** The state a marker value gives, or empty when the value is not one this class wrote. */
    static Optional<TableState> decode(String value) {
        try {
            boolean done = value.startsWith("done ");
            if (!done && !value.startsWith("copying ")) {
                return Optional.empty();
            }
            int i = value.indexOf(' ') + 1;
            int end = value.indexOf(' ', i);
            long rows = Long.parseLong(value.substring(i, end < 0 ? value.length() : end));
            if (end < 0) {
                return Optional.of(new TableState(rows, done, null));
            }
            List<Object> key = new ArrayList<>();
            i = end + 1;
            while (i < value.length()) {
                char kind = value.charAt(i);
                if (kind == 'i') {
                    int next = value.indexOf(' ', i);
                    next = next < 0 ? value.length() : next;
                    key.add(Long.parseLong(value.substring(i + 1, next)));
                    i = next + 1;
                } else if (kind == 's') {
                    int colon = value.indexOf(':', i);
                    int length = Integer.parseInt(value.substring(i + 1, colon));
                    key.add(value.substring(colon + 1, colon + 1 + length));
                    i = colon + 1 + length + 1;
                } else {
                    return Optional.empty();
                }
            }
            return Optional.of(new TableState(rows, done, key.toArray()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The state of a table in the markers; {@link TableState#NEW} when it has none. */
    static TableState of(Map<String, String> markers, Table t) {
        String v = markers.get(marker(t));
        if (v == null) {
            return TableState.NEW;
        }
        return decode(v).orElseThrow(() -> new MigrationRefused("the target's progress marker of " + t.name()
                + " is not readable ('" + v + "'); start over with --overwrite"));
    }

    /** The key values of a row of {@code t}. */
    static Object[] key(Table t, Object[] row) {
        Object[] key = new Object[t.key().size()];
        for (int k = 0; k < key.length; k++) {
            key[k] = row[t.index(t.key().get(k))];
        }
        return key;
    }

    /** A row of {@code t} holding {@code key} in its key columns (what {@code read(t, after, n)} needs). */
    static Object[] rowOf(Table t, Object[] key) {
        Object[] row = new Object[t.columns().size()];
        for (int k = 0; k < key.length; k++) {
            row[t.index(t.key().get(k))] = key[k];
        }
        return row;
    }
}
