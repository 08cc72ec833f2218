package io.vmledger.maintenance.migration;

import io.vmledger.aggregation.ScheduledAggregation;
import io.vmledger.api.JobRun;
import io.vmledger.api.JobStatus;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.settings.Settings;
import io.vmledger.capture.CapturePipeline;
import io.vmledger.capture.simulated.SimulatedInventorySource;
import io.vmledger.storage.postgres.PgTestDatabase;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageProviders;
import io.vmledger.storage.spi.StoreTables;
import io.vmledger.storage.spi.SummaryQuery;
import io.vmledger.storage.spi.StoreTables.Kind;
import io.vmledger.storage.spi.StoreTables.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code migrate-store} from SQLite to PostgreSQL: a store seeded as production fills one (three days of hourly
 * captures across the end of a month, lifecycle removals, daily and monthly aggregation, compatibility tables, job
 * history) is copied, and every table of the target is then read back and found equal to the source's, row for
 * row; an interrupted copy goes on after its last committed page. PostgreSQL is the test server of
 * {@code VMLEDGER_TEST_PG_*} ({@code bin/test}); the tests fail without it, never skip.
 */
class StoreMigrationTest {
    private static final long START = Instant.parse("2026-10-30T00:00:00Z").getEpochSecond();
    private static final int HOURS = 72;
    private static final String SOURCE_ID = "sqlite storage.sqlite.{path=seeded.db}";

    @TempDir
    static Path dir;
    private static Storage sqlite;
    private static Settings settings;
    private final List<Storage> opened = new ArrayList<>();

    @BeforeAll
    static void seed() {
        settings = Settings.defaults().toBuilder().retry(new Settings.RetrySettings(1, 0, 0))
                .asyncReportGeneration(false).build();
        sqlite = StorageProviders.open(settings, Map.of("path", dir.resolve("seeded.db").toString()));
        try (CapturePipeline capture = new CapturePipeline(sqlite, new SimulatedInventorySource(3, 60, 21L), settings)) {
            for (int h = 0; h < HOURS; h++) {
                assertTrue(capture.captureAll(START + h * 3600L).allSucceeded());
            }
        }
        // every complete day and October, as the service's catch-up does on 2 November
        new ScheduledAggregation(sqlite, settings, Clock.fixed(Instant.ofEpochSecond(START + HOURS * 3600L + 1800),
                ZoneOffset.UTC)).catchUp(false);
        long failed = sqlite.jobs().start("repair", "2026-10-31", START * 1000 + 5);
        sqlite.jobs().finish(failed, JobStatus.FAILED, START * 1000 + 900, 0, "failed: disk full\twith a tab");
        sqlite.jobs().start("report", null, START * 1000 + 7); // never ended
        sqlite.instances().tryAcquire("capture");
        sqlite.instances().release("capture", START + (HOURS - 1) * 3600L); // a lease's progress mark
    }

    @AfterAll
    static void closeSource() {
        sqlite.close();
    }

    @AfterEach
    void dropTarget() {
        opened.forEach(Storage::close);
        PgTestDatabase.dropSchemas();
    }

    private Storage postgres() {
        Storage s = PgTestDatabase.openIn(PgTestDatabase.newSchema("migrate"), settings, Map.of());
        opened.add(s);
        return s;
    }

    private static StoreMigration.Options options(boolean overwrite) {
        return new StoreMigration.Options(true, overwrite, 97, ZoneOffset.UTC);
    }

    @Test
    void aSeededSqliteStoreMovesToPostgresWithEveryTableEqual() {
        Storage pg = postgres();
        StoreTables from = sqlite.tables().orElseThrow();
        StoreTables to = pg.tables().orElseThrow();
        List<String> groups = new ArrayList<>();
        StoreMigration.Result result = new StoreMigration(from, to, SOURCE_ID, options(false), new StoreMigration.Listener() {
            @Override
            public void groupDone(String group, long rows, long total, double seconds) {
                groups.add(group + " " + rows + "/" + total);
            }
        }).run();

        assertTrue(result.verified(), result.verificationTable());
        assertFalse(result.resumed());
        List<Table> tables = from.tables(true);
        assertEquals(10 + 1 + HOURS + 3 + 1, tables.size(),
                "canonical, October's summary, hourly and daily compatibility, the store's instances");
        assertEquals(Kind.PROCESSES, tables.get(tables.size() - 1).kind());
        long rows = 0;
        for (Table t : tables) {
            if (t.kind() == Kind.PROCESSES) {
                // each store records its own processes: the target's holds this one, never the source's
                List<String> instances = all(to, t).stream().map(r -> (String) r.get(0)).toList();
                assertEquals(List.of(pg.instances().self().id()), instances, t.name());
                continue;
            }
            List<List<Object>> expected = all(from, t);
            assertFalse(expected.isEmpty(), t.name() + " is seeded");
            assertEquals(expected, all(to, t), t.name());
            rows += expected.size();
        }
        assertEquals(rows, result.rowsCopied());
        assertEquals(rows, result.rowsTotal());
        assertEquals(tables, to.tables(true), "the same tables, no others");
        assertEquals(Map.of(), to.markers(), "the progress markers are gone");
        assertTrue(groups.contains("vm_hourly_stats " + from.count(tables.get(0)) + "/" + from.count(tables.get(0))),
                groups.toString());
        long compat = countFamily(from, tables, "inventory_hourly_");
        assertTrue(groups.contains("inventory_hourly_* " + compat + "/" + compat), groups.toString());

        // the verification table: a line per table and month, every one equal, months in the report time zone
        String report = result.verificationTable();
        assertTrue(report.lines().anyMatch(l -> l.matches("vm_hourly_stats +2026-10 .* equal")), report);
        assertTrue(report.lines().anyMatch(l -> l.matches("vm_hourly_stats +2026-11 .* equal")), report);
        assertTrue(report.lines().anyMatch(l -> l.matches("inventory_hourly_\\* \\(72 tables\\) +2026-10 .* equal")),
                report);
        assertTrue(report.lines().anyMatch(l -> l.startsWith("all tables") && l.endsWith("equal")), report);
        assertEquals(result.checks().size() + 2, report.lines().count());

        // the target is a working store: its reads agree, its next job id is new
        assertEquals(sqlite.hourly().snapshot("vc02.sim.example.com", START + 50 * 3600L),
                pg.hourly().snapshot("vc02.sim.example.com", START + 50 * 3600L));
        assertEquals(sqlite.lifecycle().forVcenter("vc03.sim.example.com"),
                pg.lifecycle().forVcenter("vc03.sim.example.com"));
        assertEquals(sqlite.rollups().monthly(YearMonth.of(2026, 10), SummaryQuery.all()),
                pg.rollups().monthly(YearMonth.of(2026, 10), SummaryQuery.all()));
        List<JobRun> jobs = sqlite.jobs().recent(null, 1000, 0).items();
        assertEquals(jobs, pg.jobs().recent(null, 1000, 0).items());
        long next = pg.jobs().start("capture", "vc01.sim.example.com", System.currentTimeMillis());
        assertTrue(jobs.stream().allMatch(j -> j.id() < next), "ids go on after the copied ones");
        assertEquals(List.of(START + 71 * 3600L), pg.hourly().snapshotTimes("vc01.sim.example.com",
                new TimeWindow(START + 71 * 3600L, START + 72 * 3600L)));
        assertEquals(START + 71 * 3600L, pg.instances().tryAcquire("capture").progress(), "the progress mark moved");
    }

    @Test
    void anInterruptedMigrationResumesAfterItsLastCommittedPage() {
        Storage pg = postgres();
        StoreTables from = sqlite.tables().orElseThrow();
        long hourlyRows = from.count(from.tables(false).get(0));
        // the first run dies after 40 pages: inside vm_hourly_stats, after 40 committed transactions
        Failing crashing = new Failing(pg.tables().orElseThrow(), 40);
        RuntimeException crash = assertThrows(RuntimeException.class,
                () -> new StoreMigration(from, crashing, SOURCE_ID, options(false), StoreMigration.Listener.NONE).run());
        assertEquals("the target went away", crash.getMessage());
        assertTrue(hourlyRows > 40 * 97, "the crash is inside vm_hourly_stats");
        assertEquals(40 * 97, pg.tables().orElseThrow().count(from.tables(false).get(0)), "40 pages committed");
        assertTrue(pg.tables().orElseThrow().markers().get("table vm_hourly_stats").startsWith("copying 3880 "));

        // a run from another store is refused: it would mix two sources
        MigrationRefused other = assertThrows(MigrationRefused.class, () -> new StoreMigration(from,
                pg.tables().orElseThrow(), "sqlite storage.sqlite.{path=other.db}", options(false),
                StoreMigration.Listener.NONE).run());
        assertTrue(other.getMessage().contains("unfinished migration from " + SOURCE_ID), other.getMessage());

        // the second run goes on: it copies only what the first did not commit
        Failing counting = new Failing(pg.tables().orElseThrow(), Integer.MAX_VALUE);
        AtomicLong before = new AtomicLong(-1);
        StoreMigration.Result result = new StoreMigration(from, counting, SOURCE_ID, options(false),
                new StoreMigration.Listener() {
                    @Override
                    public void resuming(long rowsCopiedBefore) {
                        before.set(rowsCopiedBefore);
                    }
                }).run();
        assertTrue(result.verified(), result.verificationTable());
        assertTrue(result.resumed());
        assertEquals(40 * 97, before.get());
        assertEquals(result.rowsTotal() - 40 * 97, counting.rows.get(), "no row copied twice");
        assertEquals(result.rowsTotal() - 40 * 97, result.rowsCopied());
        for (Table t : from.tables(true)) {
            if (t.kind() != Kind.PROCESSES) {
                assertEquals(all(from, t), all(pg.tables().orElseThrow(), t), t.name());
            }
        }
        assertEquals(Map.of(), pg.tables().orElseThrow().markers());
    }

    @Test
    void aTargetWithRowsIsRefusedUnlessOverwritten() {
        Storage pg = postgres();
        StoreTables from = sqlite.tables().orElseThrow();
        StoreTables to = pg.tables().orElseThrow();
        long id = pg.jobs().start("capture", "vc09", 1);
        pg.jobs().finish(id, JobStatus.SUCCEEDED, 2, 5, null);
        MigrationRefused refused = assertThrows(MigrationRefused.class,
                () -> new StoreMigration(from, to, SOURCE_ID, options(false), StoreMigration.Listener.NONE).run());
        assertEquals("the target is not empty (job_runs: 1 rows); migrate into an empty store, or pass --overwrite"
                + " to delete its rows first", refused.getMessage());
        assertEquals(Map.of(), to.markers(), "a refused run leaves nothing behind");

        AtomicLong emptied = new AtomicLong();
        StoreMigration.Result result = new StoreMigration(from, to, SOURCE_ID,
                new StoreMigration.Options(false, true, 5_000, ZoneOffset.UTC), new StoreMigration.Listener() {
                    @Override
                    public void emptied(long rows) {
                        emptied.set(rows);
                    }
                }).run();
        assertTrue(result.verified(), result.verificationTable());
        assertEquals(1, emptied.get());
        assertEquals(from.tables(false), to.tables(true), "without --compat, no compatibility table");
        assertTrue(pg.jobs().recent("capture", 10, 0).items().stream().noneMatch(j -> j.target().equals("vc09")));
    }

    @Test
    void aStoreIsNotMigratedIntoItself() {
        StoreTables self = sqlite.tables().orElseThrow();
        Table hourly = self.tables(false).get(0);
        long rows = self.count(hourly);
        MigrationRefused refused = assertThrows(MigrationRefused.class, () -> new StoreMigration(self,
                sqlite.tables().orElseThrow(), SOURCE_ID, options(true), StoreMigration.Listener.NONE).run());
        assertEquals("the source and the target are the same store", refused.getMessage());
        assertEquals(rows, self.count(hourly), "--overwrite emptied nothing");
        assertEquals(Map.of(), self.markers());
    }

    /** Target tables that fail after a number of appends (a crash) and count the rows they took. */
    private static final class Failing implements StoreTables {
        private final StoreTables delegate;
        private final int appendsBeforeFailing;
        private final AtomicInteger appends = new AtomicInteger();
        final AtomicLong rows = new AtomicLong();

        Failing(StoreTables delegate, int appendsBeforeFailing) {
            this.delegate = delegate;
            this.appendsBeforeFailing = appendsBeforeFailing;
        }

        @Override
        public void append(Table table, List<Object[]> page, String marker, String value) {
            if (appends.incrementAndGet() > appendsBeforeFailing) {
                throw new IllegalStateException("the target went away");
            }
            delegate.append(table, page, marker, value);
            rows.addAndGet(page.size());
        }

        @Override
        public List<Table> tables(boolean compatibility) {
            return delegate.tables(compatibility);
        }

        @Override
        public long count(Table table) {
            return delegate.count(table);
        }

        @Override
        public List<Object[]> read(Table table, Object[] after, int limit) {
            return delegate.read(table, after, limit);
        }

        @Override
        public void clear(Table table) {
            delegate.clear(table);
        }

        @Override
        public Map<String, String> markers() {
            return delegate.markers();
        }

        @Override
        public void mark(String marker, String value) {
            delegate.mark(marker, value);
        }

        @Override
        public void clearMarkers() {
            delegate.clearMarkers();
        }
    }

    private static long countFamily(StoreTables store, List<Table> tables, String prefix) {
        return tables.stream().filter(t -> t.name().startsWith(prefix)).mapToLong(store::count).sum();
    }

    /** Every row of a table, in key order. */
    private static List<List<Object>> all(StoreTables store, Table t) {
        List<List<Object>> out = new ArrayList<>();
        Object[] after = null;
        for (List<Object[]> page; !(page = store.read(t, after, 1000)).isEmpty(); after = page.get(page.size() - 1)) {
            page.forEach(r -> out.add(Arrays.asList(r)));
        }
        return out;
    }
}
