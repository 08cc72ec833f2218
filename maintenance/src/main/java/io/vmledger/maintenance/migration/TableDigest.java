package io.vmledger.maintenance.migration;

import io.vmledger.storage.spi.StoreTables;
import io.vmledger.storage.spi.StoreTables.Table;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The row count and checksum of each month of a table, as one store holds it: the rows are read in key order,
 * a row's month is that of its dating column in the report time zone, and a month's checksum is the sum (modulo
 * 2<sup>64</sup>) of the first 64 bits of each row's SHA-256 over its values and its table's name. The sum does not
 * depend on the order rows are read in, and the encoding of a value depends on its type and value only, not on the
 * store (a boolean is a boolean on SQLite too), so equal tables give equal checksums on any two plugins.
 */
final class TableDigest {

    /** One month of a table: its rows and their checksum. */
    record Month(long rows, long checksum) {
        Month plus(Month o) {
            return new Month(rows + o.rows, checksum + o.checksum);
        }
    }

    private final MessageDigest sha;
    private final ZoneId zone;
    private ByteBuffer buffer = ByteBuffer.allocate(4096);
    private long monthStart = Long.MAX_VALUE;
    private long monthEnd = Long.MIN_VALUE;
    private YearMonth month;

    TableDigest(ZoneId zone) {
        this.zone = zone;
        try {
            this.sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Every month of {@code t} in {@code store}, read in pages of {@code pageRows}. */
    Map<YearMonth, Month> digest(StoreTables store, Table t, int pageRows) {
        Map<YearMonth, long[]> acc = new TreeMap<>();
        int time = t.index(t.timeColumn());
        byte[] name = t.name().getBytes(StandardCharsets.UTF_8);
        Object[] after = null;
        for (List<Object[]> page; !(page = store.read(t, after, pageRows)).isEmpty(); after = page.get(page.size() - 1)) {
            for (Object[] row : page) {
                long[] m = acc.computeIfAbsent(monthOf((Long) row[time], t.millis()), k -> new long[2]);
                m[0]++;
                m[1] += hash(name, row);
            }
        }
        Map<YearMonth, Month> out = new TreeMap<>();
        acc.forEach((k, v) -> out.put(k, new Month(v[0], v[1])));
        return out;
    }

    private YearMonth monthOf(Long time, boolean millis) {
        if (time == null) {
            throw new IllegalStateException("a row without its dating column");
        }
        long seconds = millis ? Math.floorDiv(time, 1000L) : time;
        if (seconds < monthStart || seconds >= monthEnd) {
            ZonedDateTime at = Instant.ofEpochSecond(seconds).atZone(zone);
            month = YearMonth.from(at);
            monthStart = month.atDay(1).atStartOfDay(zone).toEpochSecond();
            monthEnd = month.plusMonths(1).atDay(1).atStartOfDay(zone).toEpochSecond();
        }
        return month;
    }

    /** The first 64 bits of the SHA-256 of the table's name and the row's values, each tagged with its type. */
    long hash(byte[] table, Object[] row) {
        buffer.clear();
        put(table.length + 4).putInt(table.length).put(table);
        for (Object v : row) {
            switch (v) {
                case null -> put(1).put((byte) 0);
                case Long l -> put(9).put((byte) 1).putLong(l);
                case Double d -> put(9).put((byte) 2).putLong(Double.doubleToLongBits(d));
                case Boolean b -> put(2).put((byte) 3).put((byte) (b ? 1 : 0));
                case String s -> {
                    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                    put(5 + utf8.length).put((byte) 4).putInt(utf8.length).put(utf8);
                }
                default -> throw new IllegalArgumentException("a value of type " + v.getClass().getSimpleName());
            }
        }
        sha.reset();
        sha.update(buffer.array(), 0, buffer.position());
        return ByteBuffer.wrap(sha.digest()).getLong();
    }

    private ByteBuffer put(int bytes) {
        if (buffer.remaining() < bytes) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes));
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
        return buffer;
    }
}
