package io.vmledger.maintenance;

import io.vmledger.aggregation.AggregationHandoff;
import io.vmledger.aggregation.DailyAggregationJob;
import io.vmledger.aggregation.MonthlyAggregationJob;
import io.vmledger.api.DeletionSource;
import io.vmledger.api.Granularity;
import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSample;
import io.vmledger.api.settings.Settings;
import io.vmledger.capture.SnapshotRegistration;
import io.vmledger.storage.spi.JobRecorder;
import io.vmledger.storage.spi.SnapshotQuery;
import io.vmledger.storage.spi.Storage;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds and mends the vCenter snapshots that versions before atomic snapshots left incomplete. Those
 * versions wrote a snapshot's rows, lifecycle, totals and registry record in separate transactions, so a
 * crash (or a full disk) could leave:
 * <ul>
 *   <li>rows without their registry record, totals and perhaps lifecycle step (a crash after {@code persist}
 *       or {@code lifecycle});</li>
 *   <li>a registry record without its compatibility table (a crash between {@code register} and
 *       {@code compat}).</li>
 * </ul>
 * Since then a snapshot is one transaction, so only stores written by earlier versions have them; start-up
 * looks for them every time (cheaply: two listings), and mends them:
 * <ol>
 *   <li>each incomplete snapshot that a later complete snapshot of its vCenter follows, in time order, in one
 *       transaction: its rows are folded into the lifecycle cache (first and last sightings, creation times,
 *       entries of VMs only it saw, and an observed deletion moved back to it when the VM was already missing
 *       from it), without touching a deletion learnt from a removal event; then its totals, hourly aggregate
 *       totals, registry record and, in compatibility mode, its compatibility table;</li>
 *   <li>each registry record without its compatibility table: the table, then the record naming it;</li>
 *   <li>the days and months already aggregated that hold a mended snapshot are aggregated again (and their
 *       reports handed over).</li>
 * </ol>
 * An incomplete snapshot that no complete one follows (the newest of its vCenter) is left alone: the next
 * capture of that vCenter reads the removal events since the last complete snapshot, which only it can do;
 * a backfill captures that hour again, and the service mends it after its next capture.
 *
 * <p>What cannot be recovered: a VM seen only by the incomplete snapshot gets an observed deletion at the
 * next snapshot, as no removal event of it was stored.
 */
public final class IncompleteSnapshots {
    /** Job type of a mend, recorded only when something was incomplete. */
    public static final String JOB_TYPE = "snapshot-recovery";
    private static final System.Logger LOG = System.getLogger(IncompleteSnapshots.class.getName());

    private final Storage storage;
    private final Settings settings;
    private final ReportCalendar calendar;
    private final Clock clock;
    private final SnapshotRegistration registration;
    private final DailyAggregationJob daily;
    private final MonthlyAggregationJob monthly;

    /** @param handoff where the re-aggregated periods go (their reports) */
    public IncompleteSnapshots(Storage storage, Settings settings, Clock clock, AggregationHandoff handoff) {
        this.storage = storage;
        this.settings = settings;
        this.calendar = settings.calendar();
        this.clock = clock;
        this.registration = new SnapshotRegistration(storage, calendar);
        this.daily = new DailyAggregationJob(storage, settings, clock, handoff);
        this.monthly = new MonthlyAggregationJob(storage, settings, clock, handoff);
    }

    /** One vCenter snapshot. */
    public record Snapshot(String vcenter, long time) implements Comparable<Snapshot> {
        @Override
        public int compareTo(Snapshot o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : vcenter.compareTo(o.vcenter);
        }

        @Override
        public String toString() {
            return vcenter + "@" + Instant.ofEpochSecond(time);
        }
    }

    /**
     * What start-up found.
     *
     * @param mendable     rows without a registry record, followed by a complete snapshot of their vCenter
     * @param trailing     rows without a registry record after the vCenter's newest complete snapshot
     * @param withoutTable registry records that should name a compatibility table and do not
     */
    public record Found(List<Snapshot> mendable, List<Snapshot> trailing, List<Snapshot> withoutTable) {
        public boolean nothingToMend() {
            return mendable.isEmpty() && withoutTable.isEmpty();
        }

        public String describe() {
            return mendable.size() + " snapshots without their registry record (" + trailing.size()
                    + " more left to the next capture), " + withoutTable.size() + " without their compatibility table";
        }
    }

    /** What a mend did. */
    public record Result(Found found, int lifecycleEntries, List<LocalDate> days, List<YearMonth> months) {
        public String describe() {
            return found.describe() + "; " + lifecycleEntries + " lifecycle entries folded in; " + days.size()
                    + " days and " + months.size() + " months aggregated again";
        }
    }

    /** Lists the incomplete snapshots of every vCenter. */
    public Found find() {
        List<Snapshot> mendable = new ArrayList<>();
        List<Snapshot> trailing = new ArrayList<>();
        List<Snapshot> withoutTable = new ArrayList<>();
        List<SnapshotRecord> records = storage.registry()
                .list(new SnapshotQuery(Granularity.HOURLY, null, TimeWindow.all(), Integer.MAX_VALUE, 0)).items();
        Map<String, Set<Long>> registered = new HashMap<>();
        long firstNamed = Long.MAX_VALUE;
        for (SnapshotRecord r : records) {
            registered.computeIfAbsent(r.vcenter(), v -> new HashSet<>()).add(r.snapshotTime());
            if (r.tableName() != null) {
                firstNamed = Math.min(firstNamed, r.snapshotTime());
            }
        }
        for (String v : storage.hourly().vcenters()) {
            Set<Long> done = registered.getOrDefault(v, Set.of());
            long newestDone = done.stream().mapToLong(Long::longValue).max().orElse(Long.MIN_VALUE);
            for (long t : storage.hourly().snapshotTimes(v, TimeWindow.all())) {
                if (!done.contains(t)) {
                    (t < newestDone ? mendable : trailing).add(new Snapshot(v, t));
                }
            }
        }
        if (settings.snapshotTableCompatMode()) {
            // from the first record that names a table on, compatibility mode was on: a record without one
            // is a snapshot whose compat stage never ran (before that, the mode was off)
            for (SnapshotRecord r : records) {
                if (r.tableName() == null && r.snapshotTime() >= firstNamed) {
                    withoutTable.add(new Snapshot(r.vcenter(), r.snapshotTime()));
                }
            }
        }
        Collections.sort(mendable);
        Collections.sort(trailing);
        Collections.sort(withoutTable);
        return new Found(List.copyOf(mendable), List.copyOf(trailing), List.copyOf(withoutTable));
    }

    /**
     * Mends what {@link #find} finds, as a {@value #JOB_TYPE} job run when there is anything; returns what it
     * did (nothing done when the store is complete).
     */
    public Result mend() {
        Found found = find();
        if (found.nothingToMend()) {
            if (!found.trailing().isEmpty()) {
                LOG.log(System.Logger.Level.INFO, "incomplete snapshots: " + found.describe());
            }
            return new Result(found, 0, List.of(), List.of());
        }
        LOG.log(System.Logger.Level.WARNING, "incomplete snapshots left by an earlier version: " + found.describe()
                + "; mending them");
        return JobRecorder.run(storage.jobs(), clock::millis, JOB_TYPE, "incomplete snapshots",
                () -> mend(found), r -> new JobRecorder.Outcome(r.lifecycleEntries(), r.describe()));
    }

    private Result mend(Found found) {
        long t0 = System.nanoTime();
        Map<String, List<Snapshot>> byVcenter = new LinkedHashMap<>();
        for (Snapshot s : found.mendable()) {
            byVcenter.computeIfAbsent(s.vcenter(), v -> new ArrayList<>()).add(s);
        }
        boolean compat = settings.snapshotTableCompatMode();
        int entries = 0;
        TreeSet<LocalDate> touchedDays = new TreeSet<>();
        for (Map.Entry<String, List<Snapshot>> e : byVcenter.entrySet()) {
            String v = e.getKey();
            List<Long> times = storage.hourly().snapshotTimes(v, TimeWindow.all());
            Map<String, LifecycleEntry> cache = new HashMap<>(storage.lifecycle().forVcenter(v));
            for (Snapshot s : e.getValue()) {
                entries += storage.inTransaction("mend snapshot " + s, () -> {
                    List<VmSample> rows = storage.hourly().snapshot(v, s.time());
                    List<LifecycleEntry> changed = fold(v, s.time(), rows, cache, times);
                    if (!changed.isEmpty()) {
                        storage.lifecycle().upsert(changed);
                    }
                    registration.register(v, s.time(), rows, rows.size(),
                            compat ? storage.compatibility().hourlyTableName(s.time()) : null);
                    if (compat) {
                        storage.compatibility().writeHourly(s.time(), v, rows);
                    }
                    return changed.size();
                });
                touchedDays.add(calendar.dateOf(s.time()));
                LOG.log(System.Logger.Level.INFO, "mended snapshot " + s);
            }
        }
        for (Snapshot s : found.withoutTable()) {
            storage.inTransaction("write the compatibility table of " + s, () -> {
                List<VmSample> rows = storage.hourly().snapshot(s.vcenter(), s.time());
                storage.compatibility().writeHourly(s.time(), s.vcenter(), rows);
                storage.registry().register(new SnapshotRecord(Granularity.HOURLY, s.time(), s.vcenter(), rows.size(),
                        storage.compatibility().hourlyTableName(s.time())));
                return null;
            });
        }
        List<LocalDate> days = new ArrayList<>();
        TreeSet<YearMonth> months = new TreeSet<>();
        for (LocalDate d : touchedDays) {
            if (storage.registry().get(Granularity.DAILY, calendar.startOf(d), SnapshotRecord.ALL_VCENTERS).isPresent()) {
                daily.runConfigured(d);
                days.add(d);
                months.add(YearMonth.from(d));
            }
        }
        List<YearMonth> monthsDone = new ArrayList<>();
        for (YearMonth m : months) {
            if (storage.registry().get(Granularity.MONTHLY, calendar.startOf(m.atDay(1)), SnapshotRecord.ALL_VCENTERS)
                    .isPresent()) {
                monthly.runConfigured(m, Settings.MonthlyGranularity.DAILY);
                monthsDone.add(m);
            }
        }
        Result r = new Result(found, entries, List.copyOf(days), List.copyOf(monthsDone));
        LOG.log(System.Logger.Level.INFO, "incomplete snapshots mended in " + (System.nanoTime() - t0) / 1_000_000
                + " ms: " + r.describe());
        return r;
    }

    /**
     * Folds the rows of the incomplete snapshot {@code (vcenter, t)} into the vCenter's lifecycle entries
     * {@code cache} (updated in place) as its lifecycle step would have, had it run; returns the entries that
     * changed. Removal-event deletions are kept: the events are not stored, and the next capture after the
     * incomplete snapshot read them (its previous complete snapshot was the one before).
     *
     * @param times every snapshot time of the vCenter, ascending
     */
    static List<LifecycleEntry> fold(String vcenter, long t, List<VmSample> rows, Map<String, LifecycleEntry> cache,
                                     List<Long> times) {
        Long next = firstAfter(times, t);
        Map<String, LifecycleEntry> changed = new TreeMap<>();
        Set<String> present = new HashSet<>(rows.size() * 2);
        for (VmSample r : rows) {
            present.add(r.key());
            LifecycleEntry e = cache.get(r.key());
            LifecycleEntry n;
            if (e == null) {
                // seen by no complete snapshot: gone by the next one, or still here when this is the newest
                n = new LifecycleEntry(vcenter, r.key(), r.vmId(), r.vmUuid(), r.name(), t, t, r.creationTime(),
                        next, next == null ? null : DeletionSource.OBSERVED);
            } else if (t > e.lastSeen()) {
                Long deletion = e.deletionTime();
                DeletionSource source = e.deletionSource();
                if (deletion != null && deletion <= t) {
                    // present after its recorded deletion and seen by no complete snapshot since: it went
                    // again by the next snapshot
                    deletion = next;
                    source = next == null ? null : DeletionSource.OBSERVED;
                } else if (source == DeletionSource.OBSERVED && next != null && next < deletion) {
                    deletion = next;
                }
                n = new LifecycleEntry(vcenter, r.key(), e.vmId() != null ? e.vmId() : r.vmId(),
                        r.vmUuid() != null ? r.vmUuid() : e.vmUuid(), r.name() != null ? r.name() : e.name(),
                        Math.min(e.firstSeen(), t), t, earliest(e.creationTime(), r.creationTime()), deletion, source);
            } else {
                n = new LifecycleEntry(vcenter, r.key(), e.vmId() != null ? e.vmId() : r.vmId(), e.vmUuid(), e.name(),
                        Math.min(e.firstSeen(), t), e.lastSeen(), earliest(e.creationTime(), r.creationTime()),
                        e.deletionTime(), e.deletionSource());
            }
            if (!n.equals(e)) {
                cache.put(n.vmKey(), n);
                changed.put(n.vmKey(), n);
            }
        }
        for (LifecycleEntry e : new ArrayList<>(cache.values())) {
            // missing from this snapshot after its last sighting, but recorded as observed missing only later:
            // this snapshot is where it was first missing
            if (!present.contains(e.vmKey()) && e.lastSeen() < t && e.deletionSource() == DeletionSource.OBSERVED
                    && e.deletionTime() > t) {
                LifecycleEntry n = new LifecycleEntry(vcenter, e.vmKey(), e.vmId(), e.vmUuid(), e.name(),
                        e.firstSeen(), e.lastSeen(), e.creationTime(), t, DeletionSource.OBSERVED);
                cache.put(n.vmKey(), n);
                changed.put(n.vmKey(), n);
            }
        }
        return List.copyOf(changed.values());
    }

    private static Long firstAfter(List<Long> sortedTimes, long t) {
        int i = Collections.binarySearch(sortedTimes, t + 1);
        int idx = i >= 0 ? i : -i - 1;
        return idx < sortedTimes.size() ? sortedTimes.get(idx) : null;
    }

    private static Long earliest(Long a, Long b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Math.min(a, b);
    }
}
