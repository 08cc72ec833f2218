package io.vmledger.storage.spi.golden;

import io.vmledger.api.DeletionSource;
import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.PowerState;
import io.vmledger.api.VmSample;
import io.vmledger.api.VmSummary;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;

import static io.vmledger.api.PowerState.POWERED_OFF;
import static io.vmledger.api.PowerState.POWERED_ON;

/**
 * A small hand-built hourly dataset covering every edge case of semantics section 7, with the daily
 * and monthly rows every aggregation path must produce, worked out by hand (the comments show the
 * arithmetic). Report time zone UTC, tiers Tin, Bronze, Silver, Gold.
 *
 * <p>Day {@link #DAY} (2024-03-14): vCenter {@code vc-a} has 24 hourly snapshots (00:00..23:00),
 * vCenter {@code vc-b} 23 (its 10:00 capture was missed). The next day {@link #NEXT_DAY} holds the
 * beginning of the 15th (vc-a 00:00..02:00, vc-b 00:00..01:00), which is where the deletions of the
 * 14th's last hour were learnt. vCenter {@code vc-c} holds the cases of a day's rollup that must not
 * depend on when it is computed: it has every hour of the 14th and the 15th and the beginning of
 * {@link #THIRD_DAY}, the 16th (00:00..05:00). The lifecycle cache is in its state after the last
 * capture ({@link #lifecycle()}); {@link #lifecycleAtScheduledRun()} is its state when the 14th was
 * aggregated on schedule, right after the 15th's first capture.
 *
 * <p>A plain class in the aggregation test-jar so that every storage plugin's SQL aggregation can be
 * checked against it (see {@code AbstractSqlAggregationGoldenTest}).
 */
public final class GoldenDataset {
    public static final String A = "vc-a";
    public static final String B = "vc-b";
    public static final String C = "vc-c";
    public static final LocalDate DAY = LocalDate.of(2024, 3, 14);
    public static final LocalDate NEXT_DAY = LocalDate.of(2024, 3, 15);
    public static final LocalDate THIRD_DAY = LocalDate.of(2024, 3, 16);
    public static final YearMonth MONTH = YearMonth.of(2024, 3);
    public static final long D0 = epoch("2024-03-14T00:00");
    public static final long D1 = epoch("2024-03-15T00:00");
    public static final long D2 = epoch("2024-03-16T00:00");
    public static final long MONTH_START = epoch("2024-03-01T00:00");

    // creation dates reported by vCenter (config.createDate) or known to the lifecycle cache
    static final long JAN10 = epoch("2024-01-10T00:00");
    static final long FEB01 = epoch("2024-02-01T00:00");
    static final long FEB02 = epoch("2024-02-02T00:00");
    static final long FEB03 = epoch("2024-02-03T00:00");
    static final long FEB04 = epoch("2024-02-04T00:00");
    static final long FEB05 = epoch("2024-02-05T00:00");
    static final long FEB06 = epoch("2024-02-06T00:00");
    static final long FEB07 = epoch("2024-02-07T00:00");
    static final long FEB08 = epoch("2024-02-08T00:00");
    static final long FEB09 = epoch("2024-02-09T00:00");
    static final long FEB10 = epoch("2024-02-10T00:00");
    static final long FEB11 = epoch("2024-02-11T00:00");
    static final long FEB12 = epoch("2024-02-12T00:00");
    static final long MAR01 = epoch("2024-03-01T00:00");

    private GoldenDataset() {
    }

    /** Snapshot time of hour {@code h} of the 14th. */
    public static long at(int h) {
        return D0 + h * 3600L;
    }

    /** Snapshot time of hour {@code h} of the 15th. */
    public static long next(int h) {
        return D1 + h * 3600L;
    }

    /** Snapshot time of hour {@code h} of the 16th. */
    public static long third(int h) {
        return D2 + h * 3600L;
    }

    static long epoch(String localUtc) {
        return Instant.parse(localUtc + ":00Z").getEpochSecond();
    }

    /** Snapshot times of each vCenter, every day. */
    public static Map<String, List<Long>> snapshotTimes() {
        Map<String, List<Long>> out = new TreeMap<>();
        List<Long> a = new ArrayList<>();
        IntStream.rangeClosed(0, 23).forEach(h -> a.add(at(h)));
        IntStream.rangeClosed(0, 2).forEach(h -> a.add(next(h)));
        List<Long> b = new ArrayList<>();
        IntStream.rangeClosed(0, 23).filter(h -> h != 10).forEach(h -> b.add(at(h)));
        IntStream.rangeClosed(0, 1).forEach(h -> b.add(next(h)));
        List<Long> c = new ArrayList<>();
        IntStream.rangeClosed(0, 23).forEach(h -> c.add(at(h)));
        IntStream.rangeClosed(0, 23).forEach(h -> c.add(next(h)));
        IntStream.rangeClosed(0, 5).forEach(h -> c.add(third(h)));
        out.put(A, a);
        out.put(B, b);
        out.put(C, c);
        return out;
    }

    // ------------------------------------------------------------------ hourly rows

    /** Every hourly row of every day, templates included, ordered by vCenter, VM key and time. */
    public static List<VmSample> hourlyRows() {
        List<VmSample> rows = new ArrayList<>();
        Vm app01 = new Vm(A, "vm-100", "uuid-100", "app-01").pool("Gold").size(2, 8, 100).created(JAN10);
        rows.addAll(app01.day(0, 23));
        rows.addAll(app01.next(0, 2));
        // created at 08:40, first captured at 09:00
        Vm db01 = new Vm(A, "vm-101", "uuid-101", "db-01").pool("Silver").size(4, 16, 200).created(at(9) - 1200);
        rows.addAll(db01.day(9, 23));
        rows.addAll(db01.next(0, 2));
        // removed at 13:25 (VmRemovedEvent), missing from 14:00
        rows.addAll(new Vm(A, "vm-102", "uuid-102", "web-tmp").pool("Bronze").size(1, 2, 20).created(FEB01).day(0, 13));
        // missing from 16:00, no event
        rows.addAll(new Vm(A, "vm-103", "uuid-103", "batch-07").pool("Tin").size(2, 4, 50).created(FEB02).day(0, 15));
        // in the day's last snapshot, removed at 23:40: learnt at the 15th's first capture (event)
        rows.addAll(new Vm(A, "vm-104", "uuid-104", "report-01").pool("Gold").size(1, 2, 10).created(FEB03).day(0, 23));
        // in the day's last snapshot, missing from the 15th's first snapshot, no event
        rows.addAll(new Vm(A, "vm-105", "uuid-105", "cache-02").pool("Silver").size(2, 8, 40).created(FEB04).day(0, 23));
        // missing from the day's last snapshot (23:00) only
        rows.addAll(new Vm(A, "vm-106", "uuid-106", "queue-01").pool("Tin").size(1, 1, 10).created(FEB05).day(0, 22));
        // pool moves: Tin 00-05, "bronze" (other case) 06-17, Dev (no tier) 18-23, Gold on the 15th
        Vm etl03 = new Vm(A, "vm-107", "uuid-107", "etl-03").size(2, 4, 60).created(FEB06);
        rows.addAll(etl03.pool("Tin").day(0, 5));
        rows.addAll(etl03.pool("bronze").day(6, 17));
        rows.addAll(etl03.pool("Dev").day(18, 23));
        rows.addAll(etl03.pool("Gold").next(0, 2));
        // vCPU and RAM double at 12:00, disk grows at 18:00, powered off at 20:00
        Vm sql02 = new Vm(A, "vm-108", "uuid-108", "sql-02").pool("Gold").created(FEB07);
        rows.addAll(sql02.size(4, 16, 200).day(0, 11));
        rows.addAll(sql02.size(8, 32, 200).day(12, 17));
        rows.addAll(sql02.size(8, 32, 260).day(18, 19));
        rows.addAll(sql02.power(POWERED_OFF).day(20, 23));
        rows.addAll(sql02.next(0, 2));
        // vCenter never reports a creation date; the lifecycle knows none either: FirstSeen
        Vm legacyBox = new Vm(A, "vm-109", "uuid-109", "legacy-box").pool("Silver").size(1, 2, 30);
        rows.addAll(legacyBox.day(0, 23));
        rows.addAll(legacyBox.next(0, 2));
        // gone from 08:00, back on the 15th with the same VmId (deletion cleared)
        Vm scratch = new Vm(A, "vm-110", "uuid-110", "scratch-01").pool("Tin").size(1, 1, 5).created(FEB09);
        rows.addAll(scratch.day(0, 7));
        rows.addAll(scratch.next(0, 2));
        // no creation date reported; the lifecycle has the creation event's time (01:50)
        Vm evt = new Vm(A, "vm-111", "uuid-111", "evt-created").pool("Bronze").size(2, 4, 40);
        rows.addAll(evt.day(2, 23));
        rows.addAll(evt.next(0, 2));
        // away 10:00-12:00, back the same day
        Vm flap = new Vm(A, "vm-112", "uuid-112", "flap-01").pool("Gold").size(1, 2, 10).created(FEB10);
        rows.addAll(flap.day(0, 9));
        rows.addAll(flap.day(13, 23));
        rows.addAll(flap.next(0, 2));
        // legacy rows: keyed by VmUuid (no VmId), and by Name (neither), no lifecycle entries
        Vm uuidOnly = new Vm(A, null, "4210-aaaa", "uuid-only").pool("Silver").size(2, 4, 25).created(FEB11);
        rows.addAll(uuidOnly.day(0, 23));
        rows.addAll(uuidOnly.next(0, 2));
        Vm nameOnly = new Vm(A, null, null, "name-only").pool(null).size(1, 1, 8);
        rows.addAll(nameOnly.day(4, 23));
        rows.addAll(nameOnly.next(0, 2));
        // re-registered at 12:00 under a new VmId (same UUID and name)
        rows.addAll(new Vm(A, "vm-120", "u-file", "file-srv").pool("Gold").size(4, 8, 80).created(FEB12).day(0, 11));
        Vm file2 = new Vm(A, "vm-121", "u-file", "file-srv").pool("Gold").size(4, 8, 80);
        rows.addAll(file2.day(12, 23));
        rows.addAll(file2.next(0, 2));
        // a template: captured, never summarised
        Vm tmpl = new Vm(A, "vm-130", "uuid-130", "tmpl-linux").pool("Gold").size(2, 4, 16).template();
        rows.addAll(tmpl.day(0, 23));
        rows.addAll(tmpl.next(0, 2));

        // vCenter B: no 10:00 snapshot
        Vm bApp = new Vm(B, "vm-100", "uuid-b100", "b-app").pool("Bronze").size(1, 2, 40).created(MAR01).place("dc-2", "cl-2", "/b");
        rows.addAll(bApp.day(0, 23));
        rows.addAll(bApp.next(0, 1));
        Vm bNew = new Vm(B, "vm-200", "uuid-b200", "b-new").pool("Tin").size(2, 4, 20).created(at(12) - 900).place("dc-2", "cl-2", "/b");
        rows.addAll(bNew.day(12, 23));
        rows.addAll(bNew.next(0, 1));
        // last seen 09:00; B's next snapshot is 11:00; unknown to the lifecycle cache
        rows.addAll(new Vm(B, "vm-201", "uuid-b201", "b-old").pool("Gold").size(1, 1, 10).place("dc-2", "cl-2", "/b").day(0, 9));
        // its lifecycle entry still records a deletion from February (never cleared): it describes an
        // earlier life and is ignored, so the creation time falls back to the first sample
        Vm stale = new Vm(B, "vm-202", "uuid-b202", "b-stale").pool("Silver").size(1, 2, 15).place("dc-2", "cl-2", "/b");
        rows.addAll(stale.day(0, 23));
        rows.addAll(stale.next(0, 1));
        rows.addAll(new Vm(B, "vm-230", "uuid-b230", "b-tmpl").pool("Gold").size(1, 1, 10).place("dc-2", "cl-2", "/b").template().day(0, 23));

        // vCenter C: removed at 03:20 on the 16th (VmRemovedEvent), two days after the 14th
        Vm later = new Vm(C, "vm-301", "uuid-c301", "c-later").pool("Gold").size(2, 4, 50).created(FEB01).place("dc-3", "cl-3", "/c");
        rows.addAll(later.day(0, 23));
        rows.addAll(later.next(0, 23));
        rows.addAll(later.third(0, 3));
        // in the 14th's last snapshot, missing from the 15th's first one (no event), back from 01:00
        Vm blink = new Vm(C, "vm-302", "uuid-c302", "c-blink").pool("Silver").size(1, 2, 20).created(FEB02).place("dc-3", "cl-3", "/c");
        rows.addAll(blink.day(0, 23));
        rows.addAll(blink.next(1, 23));
        rows.addAll(blink.third(0, 5));

        rows.sort(Comparator.comparing(VmSample::vcenter).thenComparing(VmSample::key)
                .thenComparingLong(VmSample::snapshotTime));
        return rows;
    }

    /** The hourly rows of one snapshot (templates included). */
    public static List<VmSample> snapshot(String vcenter, long time) {
        return hourlyRows().stream().filter(s -> s.vcenter().equals(vcenter) && s.snapshotTime() == time).toList();
    }

    // ------------------------------------------------------------------ lifecycle cache

    /** The lifecycle cache after the 15th's last capture. */
    public static List<LifecycleEntry> lifecycle() {
        return List.of(
                lc(A, "vm-100", "uuid-100", "app-01", JAN10 + 3600, next(2), JAN10, null, null),
                lc(A, "vm-101", "uuid-101", "db-01", at(9), next(2), at(9) - 1200, null, null),
                lc(A, "vm-102", "uuid-102", "web-tmp", FEB01 + 3600, at(13), FEB01, at(13) + 1500, DeletionSource.EVENT),
                lc(A, "vm-103", "uuid-103", "batch-07", FEB02 + 3600, at(15), FEB02, at(16), DeletionSource.OBSERVED),
                lc(A, "vm-104", "uuid-104", "report-01", FEB03 + 3600, at(23), FEB03, at(23) + 2400, DeletionSource.EVENT),
                lc(A, "vm-105", "uuid-105", "cache-02", FEB04 + 3600, at(23), FEB04, next(0), DeletionSource.OBSERVED),
                lc(A, "vm-106", "uuid-106", "queue-01", FEB05 + 3600, at(22), FEB05, at(23), DeletionSource.OBSERVED),
                lc(A, "vm-107", "uuid-107", "etl-03", FEB06 + 3600, next(2), FEB06, null, null),
                lc(A, "vm-108", "uuid-108", "sql-02", FEB07 + 3600, next(2), FEB07, null, null),
                lc(A, "vm-109", "uuid-109", "legacy-box", FEB08, next(2), null, null, null),
                lc(A, "vm-110", "uuid-110", "scratch-01", FEB09 + 3600, next(2), FEB09, null, null),
                lc(A, "vm-111", "uuid-111", "evt-created", at(2), next(2), at(2) - 600, null, null),
                lc(A, "vm-112", "uuid-112", "flap-01", FEB10 + 3600, next(2), FEB10, null, null),
                lc(A, "vm-120", "u-file", "file-srv", FEB12 + 3600, at(11), FEB12, at(12), DeletionSource.OBSERVED),
                lc(A, "vm-121", "u-file", "file-srv", at(12), next(2), at(12) - 300, null, null),
                lc(A, "vm-130", "uuid-130", "tmpl-linux", FEB01, next(2), null, null, null),
                lc(B, "vm-100", "uuid-b100", "b-app", MAR01 + 3600, next(1), MAR01, null, null),
                lc(B, "vm-200", "uuid-b200", "b-new", at(12), next(1), at(12) - 900, null, null),
                lc(B, "vm-202", "uuid-b202", "b-stale", FEB01, FEB12, FEB01, FEB12 + 600, DeletionSource.OBSERVED),
                lc(B, "vm-230", "uuid-b230", "b-tmpl", FEB01, next(1), null, null, null),
                lc(C, "vm-301", "uuid-c301", "c-later", FEB01 + 3600, third(3), FEB01, third(3) + 1200, DeletionSource.EVENT),
                lc(C, "vm-302", "uuid-c302", "c-blink", FEB02 + 3600, third(5), FEB02, null, null));
    }

    /**
     * The lifecycle cache right after the 15th's first capture, when the 14th is aggregated on schedule:
     * vc-c's vm-301 is not deleted yet, and vm-302 is deleted at that capture (it comes back an hour
     * later). The entries of vc-a and vc-b are those of {@link #lifecycle()}: they differ from their
     * state at that time only in {@code LastSeen}, which no aggregation rule reads.
     */
    public static List<LifecycleEntry> lifecycleAtScheduledRun() {
        List<LifecycleEntry> out = new ArrayList<>(lifecycle().stream().filter(e -> !e.vcenter().equals(C)).toList());
        out.add(lc(C, "vm-301", "uuid-c301", "c-later", FEB01 + 3600, next(0), FEB01, null, null));
        out.add(lc(C, "vm-302", "uuid-c302", "c-blink", FEB02 + 3600, at(23), FEB02, next(0), DeletionSource.OBSERVED));
        return out;
    }

    private static LifecycleEntry lc(String vc, String vmId, String uuid, String name, long firstSeen, long lastSeen,
                                     Long creation, Long deletion, DeletionSource source) {
        return new LifecycleEntry(vc, vmId, vmId, uuid, name, firstSeen, lastSeen, creation, deletion, source);
    }

    // ------------------------------------------------------------------ expected rows

    /** The daily rows of the 14th. vc-a has 24 snapshots, vc-b 23. */
    public static List<VmSummary> expectedDay() {
        long d = D0;
        return List.of(
                // present all day: 24/24
                row(d, A, "vm-100", "vm-100", "uuid-100", "app-01").presence(24, 24, 1.0).avg(2, 8, 100)
                        .pools(0, 0, 0, 100, 0).span(at(0), at(23)).last("Gold", 2, 8, 100, POWERED_ON)
                        .lifecycle(JAN10, null).build(),
                // created mid-day: 09..23 = 15 samples; creation 08:40 reported
                row(d, A, "vm-101", "vm-101", "uuid-101", "db-01").presence(15, 24, 15.0 / 24).avg(4, 16, 200)
                        .pools(0, 0, 100, 0, 0).span(at(9), at(23)).last("Silver", 4, 16, 200, POWERED_ON)
                        .lifecycle(at(9) - 1200, null).build(),
                // deleted by event at 13:25 after its 13:00 sample: 00..13 = 14 samples
                row(d, A, "vm-102", "vm-102", "uuid-102", "web-tmp").presence(14, 24, 14.0 / 24).avg(1, 2, 20)
                        .pools(0, 100, 0, 0, 0).span(at(0), at(13)).last("Bronze", 1, 2, 20, POWERED_ON)
                        .lifecycle(FEB01, at(13) + 1500).build(),
                // deletion observed at 16:00: 00..15 = 16 samples
                row(d, A, "vm-103", "vm-103", "uuid-103", "batch-07").presence(16, 24, 16.0 / 24).avg(2, 4, 50)
                        .pools(100, 0, 0, 0, 0).span(at(0), at(15)).last("Tin", 2, 4, 50, POWERED_ON)
                        .lifecycle(FEB02, at(16)).build(),
                // in the last snapshot, deleted 23:40 (event learnt at the 15th's 00:00 capture)
                row(d, A, "vm-104", "vm-104", "uuid-104", "report-01").presence(24, 24, 1.0).avg(1, 2, 10)
                        .pools(0, 0, 0, 100, 0).span(at(0), at(23)).last("Gold", 1, 2, 10, POWERED_ON)
                        .lifecycle(FEB03, at(23) + 2400).build(),
                // in the last snapshot, missing from the 15th's first snapshot: deleted at its time
                row(d, A, "vm-105", "vm-105", "uuid-105", "cache-02").presence(24, 24, 1.0).avg(2, 8, 40)
                        .pools(0, 0, 100, 0, 0).span(at(0), at(23)).last("Silver", 2, 8, 40, POWERED_ON)
                        .lifecycle(FEB04, D1).build(),
                // missing from 23:00 only: 23 samples
                row(d, A, "vm-106", "vm-106", "uuid-106", "queue-01").presence(23, 24, 23.0 / 24).avg(1, 1, 10)
                        .pools(100, 0, 0, 0, 0).span(at(0), at(22)).last("Tin", 1, 1, 10, POWERED_ON)
                        .lifecycle(FEB05, at(23)).build(),
                // pools: Tin 6/24 = 25 %, bronze 12/24 = 50 %, Dev 6/24 = 25 % other
                row(d, A, "vm-107", "vm-107", "uuid-107", "etl-03").presence(24, 24, 1.0).avg(2, 4, 60)
                        .pools(25, 50, 0, 0, 25).span(at(0), at(23)).last("Dev", 2, 4, 60, POWERED_ON)
                        .lifecycle(FEB06, null).build(),
                // vCPU (12x4 + 12x8)/24 = 6, RAM (12x16 + 12x32)/24 = 24, disk (18x200 + 6x260)/24 = 215
                row(d, A, "vm-108", "vm-108", "uuid-108", "sql-02").presence(24, 24, 1.0).avg(6, 24, 215)
                        .pools(0, 0, 0, 100, 0).span(at(0), at(23)).last("Gold", 8, 32, 260, POWERED_OFF)
                        .lifecycle(FEB07, null).build(),
                // no creation date anywhere: lifecycle FirstSeen
                row(d, A, "vm-109", "vm-109", "uuid-109", "legacy-box").presence(24, 24, 1.0).avg(1, 2, 30)
                        .pools(0, 0, 100, 0, 0).span(at(0), at(23)).last("Silver", 1, 2, 30, POWERED_ON)
                        .lifecycle(FEB08, null).build(),
                // 00..07 = 8 samples; the lifecycle deletion was cleared when it came back, so the deletion
                // is vc-a's first snapshot after 07:00
                row(d, A, "vm-110", "vm-110", "uuid-110", "scratch-01").presence(8, 24, 8.0 / 24).avg(1, 1, 5)
                        .pools(100, 0, 0, 0, 0).span(at(0), at(7)).last("Tin", 1, 1, 5, POWERED_ON)
                        .lifecycle(FEB09, at(8)).build(),
                // 02..23 = 22 samples; creation from the lifecycle (creation event 01:50)
                row(d, A, "vm-111", "vm-111", "uuid-111", "evt-created").presence(22, 24, 22.0 / 24).avg(2, 4, 40)
                        .pools(0, 100, 0, 0, 0).span(at(2), at(23)).last("Bronze", 2, 4, 40, POWERED_ON)
                        .lifecycle(at(2) - 600, null).build(),
                // away 10..12: 21 samples, in the last snapshot
                row(d, A, "vm-112", "vm-112", "uuid-112", "flap-01").presence(21, 24, 21.0 / 24).avg(1, 2, 10)
                        .pools(0, 0, 0, 100, 0).span(at(0), at(23)).last("Gold", 1, 2, 10, POWERED_ON)
                        .lifecycle(FEB10, null).build(),
                row(d, A, "vm-120", "vm-120", "u-file", "file-srv").presence(12, 24, 0.5).avg(4, 8, 80)
                        .pools(0, 0, 0, 100, 0).span(at(0), at(11)).last("Gold", 4, 8, 80, POWERED_ON)
                        .lifecycle(FEB12, at(12)).build(),
                row(d, A, "vm-121", "vm-121", "u-file", "file-srv").presence(12, 24, 0.5).avg(4, 8, 80)
                        .pools(0, 0, 0, 100, 0).span(at(12), at(23)).last("Gold", 4, 8, 80, POWERED_ON)
                        .lifecycle(at(12) - 300, null).build(),
                // keyed by name: 04..23 = 20 samples, no pool (other), no creation anywhere: first sample
                row(d, A, "name:name-only", null, null, "name-only").presence(20, 24, 20.0 / 24).avg(1, 1, 8)
                        .pools(0, 0, 0, 0, 100).span(at(4), at(23)).last(null, 1, 1, 8, POWERED_ON)
                        .lifecycle(at(4), null).build(),
                // keyed by VmUuid; creation from its rows (no lifecycle entry)
                row(d, A, "uuid:4210-aaaa", null, "4210-aaaa", "uuid-only").presence(24, 24, 1.0).avg(2, 4, 25)
                        .pools(0, 0, 100, 0, 0).span(at(0), at(23)).last("Silver", 2, 4, 25, POWERED_ON)
                        .lifecycle(FEB11, null).build(),
                // vc-b: 23 snapshots
                row(d, B, "vm-100", "vm-100", "uuid-b100", "b-app").presence(23, 23, 1.0).avg(1, 2, 40)
                        .pools(0, 100, 0, 0, 0).span(at(0), at(23)).last("Bronze", 1, 2, 40, POWERED_ON)
                        .place("dc-2", "cl-2", "/b").lifecycle(MAR01, null).build(),
                row(d, B, "vm-200", "vm-200", "uuid-b200", "b-new").presence(12, 23, 12.0 / 23).avg(2, 4, 20)
                        .pools(100, 0, 0, 0, 0).span(at(12), at(23)).last("Tin", 2, 4, 20, POWERED_ON)
                        .place("dc-2", "cl-2", "/b").lifecycle(at(12) - 900, null).build(),
                // 00..09 = 10 samples; deleted at vc-b's next snapshot, 11:00 (10:00 was missed);
                // no lifecycle entry and no creation date: first sample
                row(d, B, "vm-201", "vm-201", "uuid-b201", "b-old").presence(10, 23, 10.0 / 23).avg(1, 1, 10)
                        .pools(0, 0, 0, 100, 0).span(at(0), at(9)).last("Gold", 1, 1, 10, POWERED_ON)
                        .place("dc-2", "cl-2", "/b").lifecycle(at(0), at(11)).build(),
                // its lifecycle entry records a deletion before the day: ignored; no creation date: first sample
                row(d, B, "vm-202", "vm-202", "uuid-b202", "b-stale").presence(23, 23, 1.0).avg(1, 2, 15)
                        .pools(0, 0, 100, 0, 0).span(at(0), at(23)).last("Silver", 1, 2, 15, POWERED_ON)
                        .place("dc-2", "cl-2", "/b").lifecycle(at(0), null).build(),
                // vc-c: 24 snapshots. Deleted on the 16th, two days later: it was in the 15th's first
                // snapshot, so the 14th has no deletion, whenever it is computed
                row(d, C, "vm-301", "vm-301", "uuid-c301", "c-later").presence(24, 24, 1.0).avg(2, 4, 50)
                        .pools(0, 0, 0, 100, 0).span(at(0), at(23)).last("Gold", 2, 4, 50, POWERED_ON)
                        .place("dc-3", "cl-3", "/c").lifecycle(FEB01, null).build(),
                // missing from the 15th's first snapshot: deleted at its time, although the lifecycle cache
                // forgot that deletion when the VM came back at 01:00
                row(d, C, "vm-302", "vm-302", "uuid-c302", "c-blink").presence(24, 24, 1.0).avg(1, 2, 20)
                        .pools(0, 0, 100, 0, 0).span(at(0), at(23)).last("Silver", 1, 2, 20, POWERED_ON)
                        .place("dc-3", "cl-3", "/c").lifecycle(FEB02, D1).build());
    }

    /**
     * The daily rows of the 15th: vc-a 3 snapshots (so far), vc-b 2, every VM in all of them; vc-c 24,
     * and both its VMs are in the 16th's first snapshot.
     */
    public static List<VmSummary> expectedNextDay() {
        long d = D1;
        return List.of(
                row(d, A, "vm-100", "vm-100", "uuid-100", "app-01").presence(3, 3, 1.0).avg(2, 8, 100)
                        .pools(0, 0, 0, 100, 0).span(next(0), next(2)).last("Gold", 2, 8, 100, POWERED_ON)
                        .lifecycle(JAN10, null).build(),
                row(d, A, "vm-101", "vm-101", "uuid-101", "db-01").presence(3, 3, 1.0).avg(4, 16, 200)
                        .pools(0, 0, 100, 0, 0).span(next(0), next(2)).last("Silver", 4, 16, 200, POWERED_ON)
                        .lifecycle(at(9) - 1200, null).build(),
                row(d, A, "vm-107", "vm-107", "uuid-107", "etl-03").presence(3, 3, 1.0).avg(2, 4, 60)
                        .pools(0, 0, 0, 100, 0).span(next(0), next(2)).last("Gold", 2, 4, 60, POWERED_ON)
                        .lifecycle(FEB06, null).build(),
                row(d, A, "vm-108", "vm-108", "uuid-108", "sql-02").presence(3, 3, 1.0).avg(8, 32, 260)
                        .pools(0, 0, 0, 100, 0).span(next(0), next(2)).last("Gold", 8, 32, 260, POWERED_OFF)
                        .lifecycle(FEB07, null).build(),
                row(d, A, "vm-109", "vm-109", "uuid-109", "legacy-box").presence(3, 3, 1.0).avg(1, 2, 30)
                        .pools(0, 0, 100, 0, 0).span(next(0), next(2)).last("Silver", 1, 2, 30, POWERED_ON)
                        .lifecycle(FEB08, null).build(),
                row(d, A, "vm-110", "vm-110", "uuid-110", "scratch-01").presence(3, 3, 1.0).avg(1, 1, 5)
                        .pools(100, 0, 0, 0, 0).span(next(0), next(2)).last("Tin", 1, 1, 5, POWERED_ON)
                        .lifecycle(FEB09, null).build(),
                row(d, A, "vm-111", "vm-111", "uuid-111", "evt-created").presence(3, 3, 1.0).avg(2, 4, 40)
                        .pools(0, 100, 0, 0, 0).span(next(0), next(2)).last("Bronze", 2, 4, 40, POWERED_ON)
                        .lifecycle(at(2) - 600, null).build(),
                row(d, A, "vm-112", "vm-112", "uuid-112", "flap-01").presence(3, 3, 1.0).avg(1, 2, 10)
                        .pools(0, 0, 0, 100, 0).span(next(0), next(2)).last("Gold", 1, 2, 10, POWERED_ON)
                        .lifecycle(FEB10, null).build(),
                row(d, A, "vm-121", "vm-121", "u-file", "file-srv").presence(3, 3, 1.0).avg(4, 8, 80)
                        .pools(0, 0, 0, 100, 0).span(next(0), next(2)).last("Gold", 4, 8, 80, POWERED_ON)
                        .lifecycle(at(12) - 300, null).build(),
                // no creation anywhere and no lifecycle entry: this day's first sample
                row(d, A, "name:name-only", null, null, "name-only").presence(3, 3, 1.0).avg(1, 1, 8)
                        .pools(0, 0, 0, 0, 100).span(next(0), next(2)).last(null, 1, 1, 8, POWERED_ON)
                        .lifecycle(next(0), null).build(),
                row(d, A, "uuid:4210-aaaa", null, "4210-aaaa", "uuid-only").presence(3, 3, 1.0).avg(2, 4, 25)
                        .pools(0, 0, 100, 0, 0).span(next(0), next(2)).last("Silver", 2, 4, 25, POWERED_ON)
                        .lifecycle(FEB11, null).build(),
                row(d, B, "vm-100", "vm-100", "uuid-b100", "b-app").presence(2, 2, 1.0).avg(1, 2, 40)
                        .pools(0, 100, 0, 0, 0).span(next(0), next(1)).last("Bronze", 1, 2, 40, POWERED_ON)
                        .place("dc-2", "cl-2", "/b").lifecycle(MAR01, null).build(),
                row(d, B, "vm-200", "vm-200", "uuid-b200", "b-new").presence(2, 2, 1.0).avg(2, 4, 20)
                        .pools(100, 0, 0, 0, 0).span(next(0), next(1)).last("Tin", 2, 4, 20, POWERED_ON)
                        .place("dc-2", "cl-2", "/b").lifecycle(at(12) - 900, null).build(),
                row(d, B, "vm-202", "vm-202", "uuid-b202", "b-stale").presence(2, 2, 1.0).avg(1, 2, 15)
                        .pools(0, 0, 100, 0, 0).span(next(0), next(1)).last("Silver", 1, 2, 15, POWERED_ON)
                        .place("dc-2", "cl-2", "/b").lifecycle(next(0), null).build(),
                row(d, C, "vm-301", "vm-301", "uuid-c301", "c-later").presence(24, 24, 1.0).avg(2, 4, 50)
                        .pools(0, 0, 0, 100, 0).span(next(0), next(23)).last("Gold", 2, 4, 50, POWERED_ON)
                        .place("dc-3", "cl-3", "/c").lifecycle(FEB01, null).build(),
                // back at 01:00: 23 samples
                row(d, C, "vm-302", "vm-302", "uuid-c302", "c-blink").presence(23, 24, 23.0 / 24).avg(1, 2, 20)
                        .pools(0, 0, 100, 0, 0).span(next(1), next(23)).last("Silver", 1, 2, 20, POWERED_ON)
                        .place("dc-3", "cl-3", "/c").lifecycle(FEB02, null).build());
    }

    /** The daily rows of the 16th (so far): vc-c only, 6 snapshots (00:00..05:00). */
    public static List<VmSummary> expectedThirdDay() {
        long d = D2;
        return List.of(
                // 00..03 = 4 samples; removed at 03:20, between its last sighting and the 04:00 capture
                row(d, C, "vm-301", "vm-301", "uuid-c301", "c-later").presence(4, 6, 4.0 / 6).avg(2, 4, 50)
                        .pools(0, 0, 0, 100, 0).span(third(0), third(3)).last("Gold", 2, 4, 50, POWERED_ON)
                        .place("dc-3", "cl-3", "/c").lifecycle(FEB01, third(3) + 1200).build(),
                // in the day's last snapshot and no later snapshot yet
                row(d, C, "vm-302", "vm-302", "uuid-c302", "c-blink").presence(6, 6, 1.0).avg(1, 2, 20)
                        .pools(0, 0, 100, 0, 0).span(third(0), third(5)).last("Silver", 1, 2, 20, POWERED_ON)
                        .place("dc-3", "cl-3", "/c").lifecycle(FEB02, null).build());
    }

    /**
     * The monthly rows of March 2024 (the 14th to the 16th so far). TotalSamples(vc-a) = 24 + 3 = 27,
     * TotalSamples(vc-b) = 23 + 2 = 25, TotalSamples(vc-c) = 24 + 24 + 6 = 54; means are weighted by
     * each day's SamplesPresent.
     */
    public static List<VmSummary> expectedMonth() {
        long m = MONTH_START;
        return List.of(
                row(m, A, "vm-100", "vm-100", "uuid-100", "app-01").presence(27, 27, 1.0).avg(2, 8, 100)
                        .pools(0, 0, 0, 100, 0).span(at(0), next(2)).last("Gold", 2, 8, 100, POWERED_ON)
                        .lifecycle(JAN10, null).build(),
                row(m, A, "vm-101", "vm-101", "uuid-101", "db-01").presence(18, 27, 18.0 / 27).avg(4, 16, 200)
                        .pools(0, 0, 100, 0, 0).span(at(9), next(2)).last("Silver", 4, 16, 200, POWERED_ON)
                        .lifecycle(at(9) - 1200, null).build(),
                row(m, A, "vm-102", "vm-102", "uuid-102", "web-tmp").presence(14, 27, 14.0 / 27).avg(1, 2, 20)
                        .pools(0, 100, 0, 0, 0).span(at(0), at(13)).last("Bronze", 1, 2, 20, POWERED_ON)
                        .lifecycle(FEB01, at(13) + 1500).build(),
                row(m, A, "vm-103", "vm-103", "uuid-103", "batch-07").presence(16, 27, 16.0 / 27).avg(2, 4, 50)
                        .pools(100, 0, 0, 0, 0).span(at(0), at(15)).last("Tin", 2, 4, 50, POWERED_ON)
                        .lifecycle(FEB02, at(16)).build(),
                row(m, A, "vm-104", "vm-104", "uuid-104", "report-01").presence(24, 27, 24.0 / 27).avg(1, 2, 10)
                        .pools(0, 0, 0, 100, 0).span(at(0), at(23)).last("Gold", 1, 2, 10, POWERED_ON)
                        .lifecycle(FEB03, at(23) + 2400).build(),
                row(m, A, "vm-105", "vm-105", "uuid-105", "cache-02").presence(24, 27, 24.0 / 27).avg(2, 8, 40)
                        .pools(0, 0, 100, 0, 0).span(at(0), at(23)).last("Silver", 2, 8, 40, POWERED_ON)
                        .lifecycle(FEB04, D1).build(),
                row(m, A, "vm-106", "vm-106", "uuid-106", "queue-01").presence(23, 27, 23.0 / 27).avg(1, 1, 10)
                        .pools(100, 0, 0, 0, 0).span(at(0), at(22)).last("Tin", 1, 1, 10, POWERED_ON)
                        .lifecycle(FEB05, at(23)).build(),
                // Tin (25x24)/27 = 600/27, Bronze (50x24)/27 = 1200/27, Gold (100x3)/27 = 300/27, other 600/27
                row(m, A, "vm-107", "vm-107", "uuid-107", "etl-03").presence(27, 27, 1.0).avg(2, 4, 60)
                        .pools(600.0 / 27, 1200.0 / 27, 0, 300.0 / 27, 600.0 / 27).span(at(0), next(2))
                        .last("Gold", 2, 4, 60, POWERED_ON).lifecycle(FEB06, null).build(),
                // vCPU (6x24 + 8x3)/27 = 168/27, RAM (24x24 + 32x3)/27 = 672/27, disk (215x24 + 260x3)/27 = 220
                row(m, A, "vm-108", "vm-108", "uuid-108", "sql-02").presence(27, 27, 1.0).avg(168.0 / 27, 672.0 / 27, 220)
                        .pools(0, 0, 0, 100, 0).span(at(0), next(2)).last("Gold", 8, 32, 260, POWERED_OFF)
                        .lifecycle(FEB07, null).build(),
                row(m, A, "vm-109", "vm-109", "uuid-109", "legacy-box").presence(27, 27, 1.0).avg(1, 2, 30)
                        .pools(0, 0, 100, 0, 0).span(at(0), next(2)).last("Silver", 1, 2, 30, POWERED_ON)
                        .lifecycle(FEB08, null).build(),
                // 8 + 3 samples; the deletion of its last day present (the 15th) is none
                row(m, A, "vm-110", "vm-110", "uuid-110", "scratch-01").presence(11, 27, 11.0 / 27).avg(1, 1, 5)
                        .pools(100, 0, 0, 0, 0).span(at(0), next(2)).last("Tin", 1, 1, 5, POWERED_ON)
                        .lifecycle(FEB09, null).build(),
                row(m, A, "vm-111", "vm-111", "uuid-111", "evt-created").presence(25, 27, 25.0 / 27).avg(2, 4, 40)
                        .pools(0, 100, 0, 0, 0).span(at(2), next(2)).last("Bronze", 2, 4, 40, POWERED_ON)
                        .lifecycle(at(2) - 600, null).build(),
                row(m, A, "vm-112", "vm-112", "uuid-112", "flap-01").presence(24, 27, 24.0 / 27).avg(1, 2, 10)
                        .pools(0, 0, 0, 100, 0).span(at(0), next(2)).last("Gold", 1, 2, 10, POWERED_ON)
                        .lifecycle(FEB10, null).build(),
                row(m, A, "vm-120", "vm-120", "u-file", "file-srv").presence(12, 27, 12.0 / 27).avg(4, 8, 80)
                        .pools(0, 0, 0, 100, 0).span(at(0), at(11)).last("Gold", 4, 8, 80, POWERED_ON)
                        .lifecycle(FEB12, at(12)).build(),
                row(m, A, "vm-121", "vm-121", "u-file", "file-srv").presence(15, 27, 15.0 / 27).avg(4, 8, 80)
                        .pools(0, 0, 0, 100, 0).span(at(12), next(2)).last("Gold", 4, 8, 80, POWERED_ON)
                        .lifecycle(at(12) - 300, null).build(),
                // creation: the earlier of the two days' first samples (04:00 on the 14th)
                row(m, A, "name:name-only", null, null, "name-only").presence(23, 27, 23.0 / 27).avg(1, 1, 8)
                        .pools(0, 0, 0, 0, 100).span(at(4), next(2)).last(null, 1, 1, 8, POWERED_ON)
                        .lifecycle(at(4), null).build(),
                row(m, A, "uuid:4210-aaaa", null, "4210-aaaa", "uuid-only").presence(27, 27, 1.0).avg(2, 4, 25)
                        .pools(0, 0, 100, 0, 0).span(at(0), next(2)).last("Silver", 2, 4, 25, POWERED_ON)
                        .lifecycle(FEB11, null).build(),
                row(m, B, "vm-100", "vm-100", "uuid-b100", "b-app").presence(25, 25, 1.0).avg(1, 2, 40)
                        .pools(0, 100, 0, 0, 0).span(at(0), next(1)).last("Bronze", 1, 2, 40, POWERED_ON)
                        .place("dc-2", "cl-2", "/b").lifecycle(MAR01, null).build(),
                row(m, B, "vm-200", "vm-200", "uuid-b200", "b-new").presence(14, 25, 14.0 / 25).avg(2, 4, 20)
                        .pools(100, 0, 0, 0, 0).span(at(12), next(1)).last("Tin", 2, 4, 20, POWERED_ON)
                        .place("dc-2", "cl-2", "/b").lifecycle(at(12) - 900, null).build(),
                row(m, B, "vm-201", "vm-201", "uuid-b201", "b-old").presence(10, 25, 10.0 / 25).avg(1, 1, 10)
                        .pools(0, 0, 0, 100, 0).span(at(0), at(9)).last("Gold", 1, 1, 10, POWERED_ON)
                        .place("dc-2", "cl-2", "/b").lifecycle(at(0), at(11)).build(),
                // creation: the earlier of the two days' first samples
                row(m, B, "vm-202", "vm-202", "uuid-b202", "b-stale").presence(25, 25, 1.0).avg(1, 2, 15)
                        .pools(0, 0, 100, 0, 0).span(at(0), next(1)).last("Silver", 1, 2, 15, POWERED_ON)
                        .place("dc-2", "cl-2", "/b").lifecycle(at(0), null).build(),
                // 24 + 24 + 4 samples; the deletion of its last day present (the 16th)
                row(m, C, "vm-301", "vm-301", "uuid-c301", "c-later").presence(52, 54, 52.0 / 54).avg(2, 4, 50)
                        .pools(0, 0, 0, 100, 0).span(at(0), third(3)).last("Gold", 2, 4, 50, POWERED_ON)
                        .place("dc-3", "cl-3", "/c").lifecycle(FEB01, third(3) + 1200).build(),
                // 24 + 23 + 6 samples; its last day present (the 16th) has no deletion
                row(m, C, "vm-302", "vm-302", "uuid-c302", "c-blink").presence(53, 54, 53.0 / 54).avg(1, 2, 20)
                        .pools(0, 0, 100, 0, 0).span(at(0), third(5)).last("Silver", 1, 2, 20, POWERED_ON)
                        .place("dc-3", "cl-3", "/c").lifecycle(FEB02, null).build());
    }

    /** vCenters and snapshot times that have rows, for loaders. */
    public static Set<String> vcenters() {
        return new TreeSet<>(snapshotTimes().keySet());
    }

    // ------------------------------------------------------------------ builders

    static RowBuilder row(long period, String vcenter, String key, String vmId, String uuid, String name) {
        return new RowBuilder(period, vcenter, key, vmId, uuid, name);
    }

    /** An expected summary row, column group by column group. */
    static final class RowBuilder {
        private final long period;
        private final String vcenter;
        private final String key;
        private final String vmId;
        private final String uuid;
        private final String name;
        private long present;
        private long total;
        private double avgIsPresent;
        private double vcpu;
        private double ram;
        private double disk;
        private double[] pools;
        private long first;
        private long last;
        private String pool;
        private int lastVcpu;
        private double lastRam;
        private double lastDisk;
        private PowerState power;
        private String dc = "dc-1";
        private String cluster = "cl-1";
        private String folder = "/prod";
        private Long creation;
        private Long deletion;

        RowBuilder(long period, String vcenter, String key, String vmId, String uuid, String name) {
            this.period = period;
            this.vcenter = vcenter;
            this.key = key;
            this.vmId = vmId;
            this.uuid = uuid;
            this.name = name;
        }

        RowBuilder presence(long samplesPresent, long totalSamples, double avgIsPresent) {
            present = samplesPresent;
            total = totalSamples;
            this.avgIsPresent = avgIsPresent;
            return this;
        }

        RowBuilder avg(double avgVcpu, double avgRam, double avgDisk) {
            vcpu = avgVcpu;
            ram = avgRam;
            disk = avgDisk;
            return this;
        }

        RowBuilder pools(double tin, double bronze, double silver, double gold, double other) {
            pools = new double[] {tin, bronze, silver, gold, other};
            return this;
        }

        RowBuilder span(long firstSample, long lastSample) {
            first = firstSample;
            last = lastSample;
            return this;
        }

        RowBuilder last(String resourcePool, int vcpuCount, double ramGb, double provisionedDisk, PowerState state) {
            pool = resourcePool;
            lastVcpu = vcpuCount;
            lastRam = ramGb;
            lastDisk = provisionedDisk;
            power = state;
            return this;
        }

        RowBuilder place(String datacenter, String clusterName, String folderName) {
            dc = datacenter;
            cluster = clusterName;
            folder = folderName;
            return this;
        }

        RowBuilder lifecycle(Long creationTime, Long deletionTime) {
            creation = creationTime;
            deletion = deletionTime;
            return this;
        }

        VmSummary build() {
            return new VmSummary(period, vcenter, key, vmId, uuid, name, present, total, avgIsPresent, vcpu, ram, disk,
                    pools[0], pools[1], pools[2], pools[3], pools[4], first, last, pool, lastVcpu, lastRam, lastDisk,
                    power, dc, cluster, folder, creation, deletion);
        }
    }

    /** Generates a VM's hourly rows over hour ranges; the attribute setters apply to later ranges. */
    static final class Vm {
        private final String vcenter;
        private final String vmId;
        private final String uuid;
        private final String name;
        private String pool;
        private int vcpu;
        private double ram;
        private double disk;
        private PowerState power = POWERED_ON;
        private Long created;
        private boolean template;
        private String dc = "dc-1";
        private String cluster = "cl-1";
        private String folder = "/prod";

        Vm(String vcenter, String vmId, String uuid, String name) {
            this.vcenter = vcenter;
            this.vmId = vmId;
            this.uuid = uuid;
            this.name = name;
        }

        Vm pool(String p) {
            pool = p;
            return this;
        }

        Vm size(int cpus, double ramGb, double diskGb) {
            vcpu = cpus;
            ram = ramGb;
            disk = diskGb;
            return this;
        }

        Vm power(PowerState state) {
            power = state;
            return this;
        }

        Vm created(long time) {
            created = time;
            return this;
        }

        Vm template() {
            template = true;
            return this;
        }

        Vm place(String datacenter, String clusterName, String folderName) {
            dc = datacenter;
            cluster = clusterName;
            folder = folderName;
            return this;
        }

        /** Rows at the vCenter's snapshots of the 14th from hour {@code from} to {@code to}, inclusive. */
        List<VmSample> day(int from, int to) {
            return rows(D0, from, to);
        }

        /** Rows at the vCenter's snapshots of the 15th from hour {@code from} to {@code to}, inclusive. */
        List<VmSample> next(int from, int to) {
            return rows(D1, from, to);
        }

        /** Rows at the vCenter's snapshots of the 16th from hour {@code from} to {@code to}, inclusive. */
        List<VmSample> third(int from, int to) {
            return rows(D2, from, to);
        }

        private List<VmSample> rows(long dayStart, int from, int to) {
            List<Long> times = snapshotTimes().get(vcenter);
            List<VmSample> out = new ArrayList<>();
            for (int h = from; h <= to; h++) {
                long t = dayStart + h * 3600L;
                if (times.contains(t)) {
                    out.add(new VmSample(t, vcenter, vmId, uuid, name, created, null, pool, dc, cluster, folder, vcpu,
                            ram, disk, power, template));
                }
            }
            return out;
        }
    }

    /** The zone the dataset's days are in. */
    public static ZoneOffset zone() {
        return ZoneOffset.UTC;
    }
}
