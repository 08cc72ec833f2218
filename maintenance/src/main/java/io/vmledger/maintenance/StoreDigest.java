package io.vmledger.maintenance;

import io.vmledger.api.Granularity;
import io.vmledger.api.LifecycleEntry;
import io.vmledger.api.ReportCalendar;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.storage.spi.SnapshotQuery;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.SummaryQuery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The content of a store, section by section, as counts and SHA-256 digests read through the storage SPI:
 * two stores with equal digests hold the same ledger, whatever plugin or process wrote them. The crash
 * tests and {@code bin/vmledger chaos} compare a store that was killed again and again with one that never
 * was. Job runs, instances and write times are left out: they record how the ledger was made, not what it
 * holds.
 *
 * <p>Sections: hourly rows ({@code vm_hourly_stats}), lifecycle entries with their deletion sources, registry
 * records (hourly, daily, monthly), snapshot totals, latest totals, aggregate totals, daily rollups, monthly
 * summaries and the hourly compatibility tables.
 */
public final class StoreDigest {
    private final Map<String, Section> sections;

    private StoreDigest(Map<String, Section> sections) {
        this.sections = sections;
    }

    /** One section: how many lines and the digest of their text. */
    public record Section(String name, long lines, String sha256) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %d lines, %s", name, lines, sha256.substring(0, 16));
        }
    }

    /** Reads every section of {@code storage}, whose months begin in {@code calendar}'s time zone. */
    public static StoreDigest of(Storage storage, ReportCalendar calendar) {
        Map<String, Section> out = new LinkedHashMap<>();
        for (String name : SECTIONS) {
            Hasher h = new Hasher();
            lines(storage, calendar, name, h);
            out.put(name, new Section(name, h.lines, h.hex()));
        }
        return new StoreDigest(out);
    }

    /** The section names, in the order they are read. */
    public static final List<String> SECTIONS = List.of("hourly rows", "lifecycle", "registry", "snapshot totals",
            "latest totals", "aggregate totals", "daily rollups", "monthly summaries", "hourly compatibility tables");

    public Map<String, Section> sections() {
        return sections;
    }

    /** The sections that differ from {@code other}'s, empty when the stores hold the same ledger. */
    public List<String> differingSections(StoreDigest other) {
        List<String> out = new ArrayList<>();
        for (String name : SECTIONS) {
            if (!sections.get(name).equals(other.sections.get(name))) {
                out.add(name);
            }
        }
        return out;
    }

    /** Total lines over every section. */
    public long lines() {
        return sections.values().stream().mapToLong(Section::lines).sum();
    }

    /**
     * Says how the stores differ in each differing section: the line counts and the first line that differs
     * (read again from both stores), for the message of a failed comparison.
     */
    public static String explain(Storage a, Storage b, ReportCalendar calendar, List<String> differing) {
        StringBuilder sb = new StringBuilder();
        for (String name : differing) {
            List<String> la = new ArrayList<>();
            List<String> lb = new ArrayList<>();
            lines(a, calendar, name, la::add);
            lines(b, calendar, name, lb::add);
            int i = 0;
            while (i < la.size() && i < lb.size() && la.get(i).equals(lb.get(i))) {
                i++;
            }
            sb.append(String.format(Locale.ROOT, "%s: %d vs %d lines; first difference at line %d:%n  %s%n  %s%n",
                    name, la.size(), lb.size(), i + 1, i < la.size() ? la.get(i) : "(none)",
                    i < lb.size() ? lb.get(i) : "(none)"));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return String.join("; ", sections.values().stream().map(Section::toString).toList());
    }

    /** Streams the lines of one section in a fixed order (the records' own text). */
    static void lines(Storage storage, ReportCalendar calendar, String section, Consumer<String> out) {
        TreeSet<String> vcenters = new TreeSet<>(storage.hourly().vcenters());
        switch (section) {
            case "hourly rows" -> storage.hourly().forEachOrdered(TimeWindow.all(), s -> out.accept(s.toString()));
            case "lifecycle" -> {
                for (String v : vcenters) {
                    storage.lifecycle().forVcenter(v).values().stream()
                            .sorted(Comparator.comparing(LifecycleEntry::vmKey))
                            .forEach(e -> out.accept(e.toString()));
                }
            }
            case "registry" -> {
                for (Granularity g : Granularity.values()) {
                    storage.registry().list(new SnapshotQuery(g, null, TimeWindow.all(), Integer.MAX_VALUE, 0)).items()
                            .stream()
                            .sorted(Comparator.comparingLong(SnapshotRecord::snapshotTime)
                                    .thenComparing(SnapshotRecord::vcenter))
                            .forEach(r -> out.accept(r.toString()));
                }
            }
            case "snapshot totals" -> {
                for (String v : vcenters) {
                    storage.totals().series(v, TimeWindow.all()).forEach(t -> out.accept(t.toString()));
                }
            }
            case "latest totals" -> storage.totals().latest().forEach(t -> out.accept(t.toString()));
            case "aggregate totals" -> {
                for (String v : vcenters) {
                    for (Granularity g : Granularity.values()) {
                        storage.totals().aggregates(v, g, TimeWindow.all()).forEach(t -> out.accept(t.toString()));
                    }
                }
            }
            case "daily rollups" -> storage.rollups().forEachDailyOrdered(TimeWindow.all(), s -> out.accept(s.toString()));
            case "monthly summaries" -> {
                for (SnapshotRecord r : storage.registry().list(new SnapshotQuery(Granularity.MONTHLY, null,
                        TimeWindow.all(), Integer.MAX_VALUE, 0)).items().stream()
                        .sorted(Comparator.comparingLong(SnapshotRecord::snapshotTime)).toList()) {
                    storage.rollups().monthly(calendar.monthOf(r.snapshotTime()), SummaryQuery.all()).items().stream()
                            .map(Object::toString).sorted().forEach(out);
                }
            }
            case "hourly compatibility tables" -> {
                for (long t : storage.compatibility().hourlyTableTimes(TimeWindow.all())) {
                    out.accept("inventory_hourly_" + t);
                    storage.compatibility().readHourly(t).forEach(s -> out.accept(s.toString()));
                }
            }
            default -> throw new IllegalArgumentException("no section " + section);
        }
    }

    /** SHA-256 over lines, each followed by a newline. */
    private static final class Hasher implements Consumer<String> {
        private final MessageDigest md;
        long lines;

        Hasher() {
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void accept(String line) {
            md.update(line.getBytes(StandardCharsets.UTF_8));
            md.update((byte) '\n');
            lines++;
        }

        String hex() {
            return HexFormat.of().formatHex(md.digest());
        }
    }
}
