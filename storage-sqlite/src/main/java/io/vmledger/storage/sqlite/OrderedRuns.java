package io.vmledger.storage.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Streams rows in {@code (Vcenter, VmKey, run)} order by merging runs that each come from the store
 * ordered by {@code (Vcenter, VmKey)}: one run per snapshot time (or per day for rollups). The tables
 * are keyed time first so that writes append; this merge gives readers the per-VM order without a sort
 * of the window (it holds one row per run in memory).
 */
final class OrderedRuns<T> {

    /** Reads one row of a run. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Extracts the merge keys of a row. */
    interface Keys<T> {
        String vcenter(T row);

        String vmKey(T row);
    }

    private final RowReader<T> reader;
    private final Keys<T> keys;

    OrderedRuns(RowReader<T> reader, Keys<T> keys) {
        this.reader = reader;
        this.keys = keys;
    }

    /**
     * Runs the statement once per run value (bound as its only parameter; each result must be ordered by
     * Vcenter, VmKey) and merges the results into {@code sink}, runs ascending on ties. All statements
     * stay open together, so the caller should hold one read transaction.
     *
     * @return rows emitted
     */
    long merge(PreparedStatement[] statements, long[] runValues, Consumer<? super T> sink) throws SQLException {
        if (statements.length != runValues.length) {
            throw new IllegalArgumentException("one statement per run is needed");
        }
        long rows = 0;
        List<Run<T>> runs = new ArrayList<>(runValues.length);
        try {
            PriorityQueue<Run<T>> heads = new PriorityQueue<>(Math.max(1, runValues.length), this::compare);
            for (int i = 0; i < runValues.length; i++) {
                statements[i].setLong(1, runValues[i]);
                Run<T> run = new Run<>(statements[i].executeQuery(), i);
                runs.add(run);
                if (advance(run)) {
                    heads.add(run);
                }
            }
            Run<T> run;
            while ((run = heads.poll()) != null) {
                sink.accept(run.head);
                rows++;
                if (advance(run)) {
                    heads.add(run);
                }
            }
        } finally {
            for (Run<T> r : runs) {
                r.rs.close();
            }
        }
        return rows;
    }

    private boolean advance(Run<T> run) throws SQLException {
        if (!run.rs.next()) {
            run.head = null;
            return false;
        }
        T row = reader.read(run.rs);
        String vcenter = keys.vcenter(row);
        String vmKey = keys.vmKey(row);
        if (run.head != null && compareKeys(run.vcenter, run.vmKey, vcenter, vmKey) > 0) {
            // a run out of key order would silently break the per-VM grouping of every reader
            throw new IllegalStateException("a run is not ordered by Vcenter, VmKey at " + vcenter + "/" + vmKey);
        }
        run.head = row;
        run.vcenter = vcenter;
        run.vmKey = vmKey;
        return true;
    }

    private int compare(Run<T> a, Run<T> b) {
        int c = compareKeys(a.vcenter, a.vmKey, b.vcenter, b.vmKey);
        return c != 0 ? c : Integer.compare(a.index, b.index);
    }

    private static int compareKeys(String vcenterA, String keyA, String vcenterB, String keyB) {
        int c = Rows.compareCodePoints(vcenterA, vcenterB);
        return c != 0 ? c : Rows.compareCodePoints(keyA, keyB);
    }

    private static final class Run<T> {
        final ResultSet rs;
        final int index;
        T head;
        String vcenter;
        String vmKey;

        Run(ResultSet rs, int index) {
            this.rs = rs;
            this.index = index;
        }
    }
}
