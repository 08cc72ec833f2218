package io.vmledger.storage.postgres;

import io.vmledger.storage.jdbc.ColumnSink;
import io.vmledger.storage.jdbc.RowCodec;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Rows in the text format of {@code COPY ... FROM STDIN (FORMAT text)}, sent in chunks of about 256 KB:
 * the PostgreSQL plugin's bulk ingestion (decision 0050).
 */
final class CopyText implements ColumnSink {
    private static final int CHUNK = 1 << 18;

    private final StringBuilder sb = new StringBuilder(CHUNK);
    private boolean first = true;

    /** Sends {@code rows} with {@code copySql} ({@code COPY t (columns) FROM STDIN (FORMAT text)}). */
    static <T> void copy(Connection c, String copySql, RowCodec<T> codec, List<T> rows) throws SQLException {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        try {
            CopyText text = new CopyText();
            for (T row : rows) {
                text.first = true;
                codec.write(row, text);
                text.sb.append('\n');
                if (text.sb.length() >= CHUNK - 1024) {
                    text.flush(in);
                }
            }
            if (!text.sb.isEmpty()) {
                text.flush(in);
            }
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    private void flush(CopyIn in) throws SQLException {
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        in.writeToCopy(bytes, 0, bytes.length);
        sb.setLength(0);
    }

    private StringBuilder next() {
        if (!first) {
            sb.append('\t');
        }
        first = false;
        return sb;
    }

    @Override
    public void integer(long value) {
        next().append(value);
    }

    @Override
    public void nullableInteger(Long value) {
        StringBuilder b = next();
        if (value == null) {
            b.append("\\N");
        } else {
            b.append(value.longValue());
        }
    }

    /**
     * Double.toString is the shortest text that reads back to the same double; PostgreSQL's float8 input is
     * exact, so the stored value is bit-identical to the given one.
     */
    @Override
    public void real(double value) {
        StringBuilder b = next();
        if (Double.isNaN(value)) {
            b.append("NaN");
        } else if (Double.isInfinite(value)) {
            b.append(value > 0 ? "Infinity" : "-Infinity");
        } else {
            b.append(value);
        }
    }

    /** COPY text escaping: backslash, tab, newline and carriage return; null is {@code \N}. */
    @Override
    public void text(String value) {
        StringBuilder b = next();
        if (value == null) {
            b.append("\\N");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\0' -> throw new IllegalArgumentException("text values cannot contain NUL characters: "
                        + value.replace('\0', '?'));
                default -> b.append(c);
            }
        }
    }

    @Override
    public void bool(boolean value) {
        next().append(value ? 't' : 'f');
    }
}
