package io.vmledger.maintenance.migration;

import io.vmledger.storage.spi.StoreTables;
import io.vmledger.storage.spi.StoreTables.Kind;
import io.vmledger.storage.spi.StoreTables.Table;

import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Moves a store to another, generically over the storage SPI ({@link StoreTables}), whatever the two plugins:
 * every canonical table (hourly facts and their catalog, lifecycle cache, totals, registry, daily rollups, job
 * history, lease progress marks), every monthly summary and, when asked, the compatibility tables (never the store's
 * record of its own processes, {@code service_instances}), copied in key order one page at a
 * time (a reader thread fetches the next page while the target writes one, so memory holds two or three pages).
 *
 * <p><b>Resumable.</b> Each page is written in one target transaction together with a marker saying how many rows
 * of its table are copied and the key of the last one; a run that stops at any point (a crash, Ctrl-C, a lost
 * server) is started again with the same source and goes on after the last page the target committed. The markers
 * are removed once the copy is verified.
 *
 * <p><b>Safe.</b> A target that holds rows (and no migration of the same source in progress) is refused unless
 * {@link Options#overwrite()} is set, which empties it first. At the end every table is read again from both
 * stores and compared month by month: row counts and checksums ({@link TableDigest}).
 */
public final class StoreMigration {

    /**
     * How to migrate.
     *
     * @param compatibility copy the compatibility tables ({@code inventory_hourly_*}, {@code inventory_daily_summary_*})
     * @param overwrite     empty a target that holds rows, or another migration's progress, and start over
     * @param pageRows      rows per page read and per target transaction
     * @param zone          the report time zone: the months the verification groups rows by
     */
    public record Options(boolean compatibility, boolean overwrite, int pageRows, ZoneId zone) {
        public static final int DEFAULT_PAGE_ROWS = 10_000;

        public Options {
            if (pageRows < 1) {
                throw new IllegalArgumentException("pageRows must be at least 1");
            }
            Objects.requireNonNull(zone, "zone");
        }
    }

    /** What a migration tells while it runs (the command prints it). */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        /** The target holds this migration's progress from an earlier run, which goes on. */
        default void resuming(long rowsCopiedBefore) {
        }

        /** The target held rows and was emptied ({@link Options#overwrite()}). */
        default void emptied(long rows) {
        }

        /** A group of tables starts: {@code done} of {@code total} rows are copied already. */
        default void groupStarted(String group, int tables, long done, long total) {
        }

        /** After each page: {@code done} of {@code total} rows of the group are copied. */
        default void copied(String group, long done, long total) {
        }

        /** A group is copied: {@code rows} copied by this run in {@code seconds}. */
        default void groupDone(String group, long rows, long total, double seconds) {
        }

        /** Verification of a group starts. */
        default void verifying(String group) {
        }
    }

    /**
     * One line of the verification: a group of tables (a canonical table, or a family such as
     * {@code inventory_hourly_*}) in one month, in both stores.
     */
    public record Check(String group, int tables, YearMonth month, long sourceRows, long targetRows, long sourceChecksum,
                        long targetChecksum, List<String> differingTables) {
        public boolean equal() {
            return sourceRows == targetRows && sourceChecksum == targetChecksum;
        }
    }

    /**
     * What a migration did.
     *
     * @param resumed       whether it went on after an earlier run
     * @param rowsCopied    rows this run copied
     * @param rowsTotal     rows of the source (of the tables copied)
     * @param copySeconds   time of the copy
     * @param verifySeconds time of the verification
     * @param checks        the verification, by group and month (without a month for an empty group)
     */
    public record Result(boolean resumed, long rowsCopied, long rowsTotal, double copySeconds, double verifySeconds,
                         List<Check> checks) {
        public boolean verified() {
            return checks.stream().allMatch(Check::equal);
        }

        /** The verification as a table: one line per table (or family) and month, and a last line of totals. */
        public String verificationTable() {
            String[] head = {"table", "month", "source rows", "target rows", "checksum", "result"};
            List<String[]> lines = new ArrayList<>();
            long sourceRows = 0;
            long targetRows = 0;
            int differing = 0;
            for (Check c : checks) {
                sourceRows += c.sourceRows();
                targetRows += c.targetRows();
                differing += c.equal() ? 0 : 1;
                String group = c.tables() > 1 || !c.group().equals(c.group().replace("*", ""))
                        ? c.group() + " (" + c.tables() + (c.tables() == 1 ? " table)" : " tables)") : c.group();
                lines.add(new String[] {group, c.month() == null ? "-" : c.month().toString(),
                        String.format(Locale.ROOT, "%,d", c.sourceRows()), String.format(Locale.ROOT, "%,d", c.targetRows()),
                        c.sourceChecksum() == c.targetChecksum() ? hex(c.sourceChecksum())
                                : hex(c.sourceChecksum()) + " <> " + hex(c.targetChecksum()),
                        c.equal() ? "equal" : "DIFFERENT" + (c.differingTables().isEmpty() || c.tables() == 1 ? ""
                                : ": " + String.join(", ", c.differingTables()))});
            }
            lines.add(new String[] {"all tables", "", String.format(Locale.ROOT, "%,d", sourceRows),
                    String.format(Locale.ROOT, "%,d", targetRows), "",
                    differing == 0 ? "equal" : differing + (differing == 1 ? " month differs" : " months differ")});
            int[] width = new int[head.length];
            for (String[] l : concat(head, lines)) {
                for (int i = 0; i < l.length; i++) {
                    width[i] = Math.max(width[i], l[i].length());
                }
            }
            StringBuilder b = new StringBuilder();
            for (String[] l : concat(head, lines)) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < l.length; i++) {
                    boolean number = i == 2 || i == 3;
                    String cell = number ? " ".repeat(width[i] - l[i].length()) + l[i]
                            : l[i] + " ".repeat(width[i] - l[i].length());
                    line.append(i == 0 ? "" : "  ").append(cell);
                }
                b.append(line.toString().stripTrailing()).append('\n');
            }
            return b.toString();
        }

        private static List<String[]> concat(String[] head, List<String[]> lines) {
            List<String[]> all = new ArrayList<>(lines.size() + 1);
            all.add(head);
            all.addAll(lines);
            return all;
        }

        private static String hex(long checksum) {
            return String.format(Locale.ROOT, "%016x", checksum);
        }
    }

    /** Tables copied and verified together: a canonical table alone, or the members of a family. */
    private record Group(String name, List<Table> tables) {
    }

    private final StoreTables source;
    private final StoreTables target;
    private final String sourceIdentity;
    private final Options options;
    private final Listener listener;

    /**
     * @param sourceIdentity names the source store and what is copied (plugin, location, options); a resumed run must
     *                       give the same
     */
    public StoreMigration(StoreTables source, StoreTables target, String sourceIdentity, Options options,
                          Listener listener) {
        this.source = Objects.requireNonNull(source, "source");
        this.target = Objects.requireNonNull(target, "target");
        this.sourceIdentity = Objects.requireNonNull(sourceIdentity, "sourceIdentity") + (options.compatibility()
                ? " with the compatibility tables" : "");
        this.options = options;
        this.listener = listener;
    }

    /**
     * Copies, then verifies; the markers are removed when every table is equal.
     *
     * @throws MigrationRefused when the target holds rows or another migration and {@link Options#overwrite()} is off
     */
    public Result run() {
        refuseTheSameStore();
        List<Table> tables = moved(source.tables(options.compatibility()));
        if (tables.stream().allMatch(t -> source.read(t, null, 1).isEmpty())) {
            throw new MigrationRefused("the source store holds no rows: nothing to migrate (does --from name the store"
                    + " the service runs on?)");
        }
        Map<String, String> markers = target.markers();
        boolean resumed = prepare(markers);
        if (!resumed) {
            markers = Map.of();
        }
        List<Group> groups = groups(tables);
        long t0 = System.nanoTime();
        long copied = 0;
        long total = 0;
        if (resumed) {
            long before = 0;
            for (Group g : groups) {
                for (Table t : g.tables()) {
                    before += Progress.of(markers, t).rows();
                }
            }
            listener.resuming(before);
        }
        for (Group g : groups) {
            long[] figures = copy(g, markers);
            copied += figures[0];
            total += figures[1];
        }
        double copySeconds = seconds(t0);
        long t1 = System.nanoTime();
        List<Check> checks = verify(groups);
        Result result = new Result(resumed, copied, total, copySeconds, seconds(t1), checks);
        if (result.verified()) {
            target.clearMarkers();
        }
        return result;
    }

    /**
     * Whether the two are one store (the same file or schema named twice) is asked of the stores themselves: a
     * marker set in the target must not show in the source. Emptying the target would empty the source.
     */
    private void refuseTheSameStore() {
        String probe = "probe " + UUID.randomUUID();
        target.mark(probe, "same store?");
        try {
            if (source.markers().containsKey(probe)) {
                throw new MigrationRefused("the source and the target are the same store");
            }
        } finally {
            target.mark(probe, null);
        }
    }

    /** Refuses, empties or resumes the target; returns whether this run resumes an earlier one. */
    private boolean prepare(Map<String, String> markers) {
        String earlier = markers.get(Progress.SOURCE);
        if (earlier != null && earlier.equals(sourceIdentity) && !options.overwrite()) {
            return true;
        }
        if (earlier != null && !options.overwrite()) {
            throw new MigrationRefused("the target holds an unfinished migration from " + earlier
                    + "; run it again with that source to resume it, or with --overwrite to start over");
        }
        Map<String, Long> held = new LinkedHashMap<>();
        List<Table> ledger = moved(target.tables(true));
        for (Table t : ledger) {
            long n = target.count(t);
            if (n > 0) {
                held.put(t.name(), n);
            }
        }
        if (!held.isEmpty() && !options.overwrite()) {
            throw new MigrationRefused("the target is not empty (" + describe(held)
                    + "); migrate into an empty store, or pass --overwrite to delete its rows first");
        }
        if (options.overwrite()) {
            long rows = 0;
            for (Table t : ledger) {
                rows += held.getOrDefault(t.name(), 0L);
                target.clear(t);
            }
            target.clearMarkers();
            if (rows > 0) {
                listener.emptied(rows);
            }
        }
        target.mark(Progress.SOURCE, sourceIdentity);
        return false;
    }

    /**
     * The tables a migration moves: all but the store's record of its own processes ({@code service_instances}),
     * which each store keeps for itself. The target's holds this very process, so it is no sign of an earlier use.
     */
    private static List<Table> moved(List<Table> tables) {
        return tables.stream().filter(t -> t.kind() != Kind.PROCESSES).toList();
    }

    private static String describe(Map<String, Long> held) {
        List<String> parts = new ArrayList<>();
        held.forEach((t, n) -> parts.add(String.format(Locale.ROOT, "%s: %,d rows", t, n)));
        return parts.size() <= 4 ? String.join(", ", parts)
                : String.join(", ", parts.subList(0, 4)) + " and " + (parts.size() - 4) + " more tables";
    }

    /** The canonical tables one by one, the members of each family together. */
    private static List<Group> groups(List<Table> tables) {
        Map<String, List<Table>> byName = new LinkedHashMap<>();
        for (Table t : tables) {
            String group = t.kind() == Kind.CANONICAL ? t.name() : t.name().replaceFirst("\\d+$", "*");
            byName.computeIfAbsent(group, k -> new ArrayList<>()).add(t);
        }
        List<Group> out = new ArrayList<>();
        byName.forEach((name, list) -> out.add(new Group(name, List.copyOf(list))));
        return out;
    }

    /** Copies a group's tables; returns the rows this run copied and the group's rows. */
    private long[] copy(Group g, Map<String, String> markers) {
        long total = 0;
        long done = 0;
        Map<Table, Long> counts = new LinkedHashMap<>();
        for (Table t : g.tables()) {
            long n = source.count(t);
            counts.put(t, n);
            total += n;
            done += Progress.of(markers, t).rows();
        }
        listener.groupStarted(g.name(), g.tables().size(), done, total);
        long t0 = System.nanoTime();
        long copied = 0;
        for (Table t : g.tables()) {
            Progress.TableState state = Progress.of(markers, t);
            if (state.done()) {
                continue;
            }
            long n = copyTable(t, state, g, done, total);
            copied += n;
            done += n;
        }
        listener.groupDone(g.name(), copied, total, seconds(t0));
        return new long[] {copied, total};
    }

    /** The end of a table's pages, for the reader thread. */
    private static final List<Object[]> END = List.of();

    /** Copies one table from where its marker says; returns the rows copied. */
    private long copyTable(Table t, Progress.TableState state, Group g, long groupDone, long groupTotal) {
        Object[] startAfter = state.lastKey() == null ? null : Progress.rowOf(t, state.lastKey());
        BlockingQueue<List<Object[]>> pages = new ArrayBlockingQueue<>(1);
        ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
            Thread th = new Thread(r, "migrate-read-" + t.name());
            th.setDaemon(true);
            return th;
        });
        Future<?> reading = reader.submit(() -> {
            Object[] after = startAfter;
            while (true) {
                List<Object[]> page = source.read(t, after, options.pageRows());
                pages.put(page.isEmpty() ? END : page);
                if (page.isEmpty()) {
                    return null;
                }
                after = page.get(page.size() - 1);
            }
        });
        long rows = state.rows();
        long copied = 0;
        try {
            while (true) {
                List<Object[]> page = nextPage(pages, reading);
                if (page == END) {
                    break;
                }
                rows += page.size();
                copied += page.size();
                Object[] last = Progress.key(t, page.get(page.size() - 1));
                target.append(t, page, Progress.marker(t),
                        Progress.encode(new Progress.TableState(rows, false, last)));
                listener.copied(g.name(), groupDone + copied, groupTotal);
            }
            target.mark(Progress.marker(t), Progress.encode(new Progress.TableState(rows, true, null)));
            return copied;
        } finally {
            reading.cancel(true);
            reader.shutdownNow();
        }
    }

    /** The reader's next page; its failure is this thread's. */
    private static List<Object[]> nextPage(BlockingQueue<List<Object[]>> pages, Future<?> reading) {
        try {
            while (true) {
                List<Object[]> page = pages.poll(200, TimeUnit.MILLISECONDS);
                if (page != null) {
                    return page;
                }
                if (reading.isDone()) {
                    reading.get(); // throws the reader's failure
                    page = pages.poll();
                    if (page != null) {
                        return page;
                    }
                    throw new IllegalStateException("the reader ended without the end of the table");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while copying", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** Reads every group from both stores at once (two threads) and compares them month by month. */
    private List<Check> verify(List<Group> groups) {
        ExecutorService two = Executors.newFixedThreadPool(2, r -> {
            Thread th = new Thread(r, "migrate-verify");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Check> checks = new ArrayList<>();
            for (Group g : groups) {
                listener.verifying(g.name());
                Future<Map<String, Map<YearMonth, TableDigest.Month>>> fromSource = two.submit(() -> digest(source, g));
                Future<Map<String, Map<YearMonth, TableDigest.Month>>> fromTarget = two.submit(() -> digest(target, g));
                checks.addAll(compare(g, fromSource.get(), fromTarget.get()));
            }
            return checks;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while verifying", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            two.shutdownNow();
        }
    }

    private Map<String, Map<YearMonth, TableDigest.Month>> digest(StoreTables store, Group g) {
        TableDigest digest = new TableDigest(options.zone());
        Map<String, Map<YearMonth, TableDigest.Month>> out = new LinkedHashMap<>();
        for (Table t : g.tables()) {
            out.put(t.name(), digest.digest(store, t, options.pageRows()));
        }
        return out;
    }

    /** One check per month of the group: its tables' rows and checksums summed, the differing tables named. */
    private static List<Check> compare(Group g, Map<String, Map<YearMonth, TableDigest.Month>> source,
                                       Map<String, Map<YearMonth, TableDigest.Month>> target) {
        Set<YearMonth> months = new TreeSet<>();
        source.values().forEach(m -> months.addAll(m.keySet()));
        target.values().forEach(m -> months.addAll(m.keySet()));
        List<Check> out = new ArrayList<>();
        if (months.isEmpty()) {
            // an empty table is compared too: one line without a month
            return List.of(new Check(g.name(), g.tables().size(), null, 0, 0, 0, 0, List.of()));
        }
        TableDigest.Month none = new TableDigest.Month(0, 0);
        for (YearMonth month : months) {
            TableDigest.Month s = none;
            TableDigest.Month t = none;
            List<String> differing = new ArrayList<>();
            for (String table : source.keySet()) {
                TableDigest.Month a = source.get(table).getOrDefault(month, none);
                TableDigest.Month b = target.get(table).getOrDefault(month, none);
                s = s.plus(a);
                t = t.plus(b);
                if (!a.equals(b)) {
                    differing.add(table);
                }
            }
            out.add(new Check(g.name(), g.tables().size(), month, s.rows(), t.rows(), s.checksum(), t.checksum(),
                    List.copyOf(differing)));
        }
        return out;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
