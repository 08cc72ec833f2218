package io.vmledger.storage.postgres;

import io.vmledger.storage.jdbc.CanonicalSchema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Monthly range partitions of {@code vm_hourly_stats} by {@code "SnapshotTime"}: one partition per
 * UTC calendar month, named {@code vm_hourly_stats_pYYYYMM}. Months are UTC (not the report time
 * zone) so that bounds never depend on a setting that may change; a report month in another zone
 * touches at most two partitions.
 *
 * <p>Partitions are created ahead of time (at open: the current month and
 * {@code storage.postgres.partitions_ahead} more) and on demand before rows of any other month are
 * written. Creation runs in its own short transaction under an advisory lock, so concurrent
 * writers never race on the DDL and the hourly write never holds a DDL lock.
 */
final class HourlyPartitions {
    private static final System.Logger LOG = System.getLogger(HourlyPartitions.class.getName());

    static final String PARENT = CanonicalSchema.VM_HOURLY_STATS;
    static final String PREFIX = PARENT + "_p";
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMM");
    /** Serialises partition DDL of all vmledger processes on this database. */
    private static final long DDL_LOCK = 0x766d6c6564676572L; // "vmledger"
    private static final Pattern RANGE = Pattern.compile("FOR VALUES FROM \\('?(-?\\d+)'?\\) TO \\('?(-?\\d+)'?\\)");

    /** One partition and its bounds {@code [from, to)} in epoch seconds. */
    record Partition(String name, long from, long to) {
    }

    /** Months known to have a partition; only ever a cache, the catalog decides. */
    private final Set<YearMonth> known = ConcurrentHashMap.newKeySet();

    static YearMonth monthOf(long epochSeconds) {
        return YearMonth.from(Instant.ofEpochSecond(epochSeconds).atOffset(ZoneOffset.UTC));
    }

    static long startOf(YearMonth month) {
        return month.atDay(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    }

    static String nameOf(YearMonth month) {
        return PREFIX + SUFFIX.format(month);
    }

    /** DDL of the partition of one month. */
    static String createSql(YearMonth month) {
        return createSql(nameOf(month), startOf(month), startOf(month.plusMonths(1)));
    }

    /** Identifiers and bounds come from code (a YearMonth and two longs), never from input. */
    private static String createSql(String name, long from, long to) {
        return "CREATE TABLE " + name + " PARTITION OF " + PARENT + " FOR VALUES FROM (" + from + ") TO (" + to + ")";
    }

    /** Whether {@code vm_hourly_stats} is a partitioned table. */
    static boolean isPartitioned(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT c.relkind = 'p'
                  FROM pg_class c
                 WHERE c.oid = to_regclass(?)""")) {
            ps.setString(1, PARENT);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The partitions with their bounds, oldest first (a default partition, if any, is left out). */
    static List<Partition> list(Connection c) throws SQLException {
        List<Partition> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT p.relname, pg_get_expr(p.relpartbound, p.oid)
                  FROM pg_inherits i
                  JOIN pg_class p ON p.oid = i.inhrelid
                 WHERE i.inhparent = to_regclass(?)""")) {
            ps.setString(1, PARENT);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Matcher m = RANGE.matcher(rs.getString(2));
                    if (m.find()) {
                        out.add(new Partition(rs.getString(1), Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
                    }
                }
            }
        }
        out.sort((a, b) -> Long.compare(a.from(), b.from()));
        return out;
    }

    /**
     * Makes sure the months of {@code from .. to} (epoch seconds, inclusive) have partitions, in the
     * transaction of {@code c} (one of its own: see {@link PgDatabase#autonomous}).
     *
     * @return partitions created
     */
    int ensure(Connection c, long from, long to) throws SQLException {
        YearMonth first = monthOf(from);
        YearMonth last = monthOf(to);
        boolean allKnown = true;
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            allKnown &= known.contains(m);
        }
        if (allKnown) {
            return 0;
        }
        int created = 0;
        try {
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(" + DDL_LOCK + ")");
            }
            List<Partition> existing = list(c);
            for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
                long lo = startOf(m);
                long hi = startOf(m.plusMonths(1));
                if (covered(existing, lo, hi)) {
                    known.add(m);
                    continue;
                }
                // Clip to neighbours that do not follow the monthly grid (e.g. created by hand).
                for (Partition p : existing) {
                    if (p.to() > lo && p.from() <= lo) {
                        lo = p.to();
                    }
                    if (p.from() < hi && p.to() >= hi) {
                        hi = p.from();
                    }
                }
                if (lo >= hi) {
                    known.add(m);
                    continue;
                }
                String name = nameOf(m);
                try (Statement st = c.createStatement()) {
                    st.execute(createSql(name, lo, hi));
                }
                existing.add(new Partition(name, lo, hi));
                known.add(m);
                created++;
                LOG.log(System.Logger.Level.INFO, "created partition {0} for [{1}, {2})", name, lo, hi);
            }
        } catch (SQLException | RuntimeException e) {
            known.clear();
            throw e;
        }
        return created;
    }

    /** Whether {@code [lo, hi)} lies entirely inside one existing partition. */
    private static boolean covered(List<Partition> existing, long lo, long hi) {
        for (Partition p : existing) {
            if (p.from() <= lo && p.to() >= hi) {
                return true;
            }
        }
        return false;
    }

    /** Forgets what is known (after a failure that may come from a dropped partition). */
    void forget() {
        known.clear();
    }

    /** Forgets the months of dropped partitions. */
    void forget(Partition p) {
        for (YearMonth m = monthOf(p.from()); startOf(m) < p.to(); m = m.plusMonths(1)) {
            known.remove(m);
        }
    }
}
