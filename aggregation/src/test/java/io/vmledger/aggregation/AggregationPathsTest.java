package io.vmledger.aggregation;

import io.vmledger.api.AggregationPath;
import io.vmledger.api.Granularity;
import io.vmledger.api.JobRun;
import io.vmledger.api.JobStatus;
import io.vmledger.api.PoolTiers;
import io.vmledger.api.SnapshotRecord;
import io.vmledger.api.TimeWindow;
import io.vmledger.api.VmSummary;
import io.vmledger.api.settings.AggregationPathSetting;
import io.vmledger.api.settings.Settings;
import io.vmledger.storage.postgres.PgTestDatabase;
import io.vmledger.storage.spi.SqlAggregation;
import io.vmledger.storage.spi.Storage;
import io.vmledger.storage.spi.StorageException;
import io.vmledger.storage.spi.SummaryQuery;
import io.vmledger.storage.spi.golden.GoldenDataset;
import io.vmledger.storage.spi.golden.GoldenLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.vmledger.storage.spi.golden.GoldenAssert.assertRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code settings.aggregation_path}: {@code auto} runs each plugin's recorded default, the one decision 0130
 * records; {@code java} and {@code sql} force a path; a run by the configured SQL path that fails is done by
 * the Java path and its job run says so, while a run that names the SQL path fails as asked.
 */
class AggregationPathsTest {
    private static final Settings AUTO = Settings.defaults().toBuilder().snapshotTableCompatMode(false).build();
    private static final Clock AFTER_THE_DAY = Clock.fixed(Instant.parse("2024-03-15T00:05:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @AfterAll
    static void dropSchemas() {
        PgTestDatabase.dropSchemas();
    }

    /**
     * The defaults table of docs/decisions/0130-*.md: one row per plugin, its name and the path {@code auto}
     * runs, each in backquotes ({@code | `sqlite` | `java` | why |}).
     */
    static Map<String, AggregationPath> recordedInTheDecision() throws IOException {
        Path decision;
        try (Stream<Path> files = Files.list(Path.of("..", "docs", "decisions"))) {
            decision = files.filter(f -> f.getFileName().toString().startsWith("0130-")).findFirst()
                    .orElseThrow(() -> new AssertionError("no decision 0130 in docs/decisions"));
        }
        Map<String, AggregationPath> out = new TreeMap<>();
        boolean inDefaults = false;
        Pattern row = Pattern.compile("^\\|\\s*`([a-z]+)`\\s*\\|\\s*`([a-z]+)`\\s*\\|");
        for (String line : Files.readAllLines(decision)) {
            if (line.startsWith("## ")) {
                inDefaults = line.startsWith("## Defaults");
            }
            Matcher m = row.matcher(line);
            if (inDefaults && m.find()) {
                out.put(m.group(1), AggregationPath.parse(m.group(2)));
            }
        }
        return out;
    }

    @Test
    void autoRunsTheDefaultDecision0130RecordsForEachPlugin() throws IOException {
        Map<String, AggregationPath> recorded = recordedInTheDecision();
        assertEquals(List.of("postgres", "sqlite"), List.copyOf(recorded.keySet()), "one default per plugin");
        try (Storage sqlite = SqliteStores.open(dir, AUTO)) {
            assertScheduledRunTakes(recorded.get("sqlite"), sqlite);
        }
        try (Storage pg = PgTestDatabase.openIn(PgTestDatabase.newSchema("auto"), AUTO, Map.of())) {
            assertScheduledRunTakes(recorded.get("postgres"), pg);
        }
    }

    private static void assertScheduledRunTakes(AggregationPath expected, Storage storage) {
        assertEquals(expected, AggregationPaths.recorded(storage), storage.providerName());
        assertEquals(expected, AggregationPaths.configured(AUTO, storage), storage.providerName());
        GoldenLoader.load(storage, false);
        List<AggregationResult> runs = new ScheduledAggregation(storage, AUTO, AFTER_THE_DAY)
                .afterCapture(GoldenDataset.next(0));
        assertEquals(1, runs.size());
        assertEquals(expected, runs.get(0).path(), storage.providerName());
        assertFalse(runs.get(0).fellBack());
        assertRows(storage.providerName() + " scheduled day", GoldenDataset.expectedDay(),
                storage.rollups().daily(GoldenDataset.D0, SummaryQuery.all()).items());
    }

    @Test
    void javaAndSqlForceAPathWhateverThePluginRecords() {
        try (Storage sqlite = SqliteStores.open(dir, AUTO)) {
            Storage promoting = withSql(sqlite, true, false);
            assertEquals(AggregationPath.SQL, AggregationPaths.configured(AUTO, promoting));
            assertEquals(AggregationPath.JAVA, AggregationPaths.configured(
                    AUTO.toBuilder().aggregationPath(AggregationPathSetting.JAVA).build(), promoting));
            assertEquals(AggregationPath.SQL, AggregationPaths.configured(
                    AUTO.toBuilder().aggregationPath(AggregationPathSetting.SQL).build(), sqlite));
            // a plugin without SQL aggregation has nothing to promote
            Storage noSql = new DelegatingStorage(sqlite) {
                @Override
                public Optional<SqlAggregation> sqlAggregation() {
                    return Optional.empty();
                }
            };
            assertEquals(AggregationPath.JAVA, AggregationPaths.configured(AUTO, noSql));
        }
    }

    @Test
    void autoRunsThePromotedSqlOfAPlugin() {
        try (Storage sqlite = SqliteStores.open(dir, AUTO)) {
            GoldenLoader.load(sqlite, false);
            List<AggregationResult> runs = new ScheduledAggregation(withSql(sqlite, true, false), AUTO, AFTER_THE_DAY)
                    .afterCapture(GoldenDataset.next(0));
            assertEquals(AggregationPath.SQL, runs.get(0).path());
            assertFalse(runs.get(0).fellBack());
            assertRows("promoted sql day", GoldenDataset.expectedDay(),
                    sqlite.rollups().daily(GoldenDataset.D0, SummaryQuery.all()).items());
        }
    }

    @Test
    void aScheduledRunWhoseSqlPathFailsFallsBackToJavaAndItsJobRunSaysSo() {
        for (AggregationPathSetting setting : List.of(AggregationPathSetting.AUTO, AggregationPathSetting.SQL)) {
            Path store = dir.resolve(setting.wire());
            Settings settings = AUTO.toBuilder().aggregationPath(setting).build();
            try (Storage sqlite = SqliteStores.open(store, settings)) {
                GoldenLoader.load(sqlite, true);
                Storage failing = withSql(sqlite, true, true);
                Clock aprilFirst = Clock.fixed(Instant.parse("2024-04-01T00:05:00Z"), ZoneOffset.UTC);
                List<AggregationResult> runs = new ScheduledAggregation(failing, settings, aprilFirst)
                        .aggregateMonth(GoldenDataset.MONTH);

                assertEquals(List.of("daily 2024-03-14", "daily 2024-03-15", "daily 2024-03-16", "monthly 2024-03"),
                        runs.stream().map(r -> r.granularity().wire() + " " + r.period()).toList(), setting.wire());
                for (AggregationResult r : runs) {
                    assertEquals(AggregationPath.JAVA, r.path(), r.describe());
                    assertTrue(r.fellBack(), r.describe());
                }
                assertRows("day after the fallback", GoldenDataset.expectedDay(),
                        sqlite.rollups().daily(GoldenDataset.D0, SummaryQuery.all()).items());
                assertRows("month after the fallback", GoldenDataset.expectedMonth(),
                        sqlite.rollups().monthly(GoldenDataset.MONTH, SummaryQuery.all()).items());
                for (String[] job : List.of(new String[] {DailyAggregationJob.JOB_TYPE, "2024-03-14"},
                        new String[] {MonthlyAggregationJob.JOB_TYPE, "2024-03"})) {
                    JobRun run = sqlite.jobs().latest(job[0], job[1]).orElseThrow();
                    assertEquals(JobStatus.SUCCEEDED, run.status(), run.toString());
                    assertTrue(run.detail().contains("path=java"), run.detail());
                    assertTrue(run.detail().contains("fell back to java: the sql path failed: the SQL broke"), run.detail());
                }
                // one job run per period: the failed attempt is part of the run that fell back
                assertEquals(1, sqlite.jobs().recent(DailyAggregationJob.JOB_TYPE, 100, 0).items().stream()
                        .filter(j -> j.target().equals("2024-03-14")).count());
            }
        }
    }

    @Test
    void aRunThatNamesTheSqlPathFailsWithItAndWritesNothing() {
        try (Storage sqlite = SqliteStores.open(dir, AUTO)) {
            GoldenLoader.load(sqlite, false);
            DailyAggregationJob job = new DailyAggregationJob(withSql(sqlite, true, true), AUTO, AFTER_THE_DAY);
            StorageException e = assertThrows(StorageException.class, () -> job.run(GoldenDataset.DAY, AggregationPath.SQL));
            assertEquals("the SQL broke", e.getMessage());
            JobRun run = sqlite.jobs().latest(DailyAggregationJob.JOB_TYPE, GoldenDataset.DAY.toString()).orElseThrow();
            assertEquals(JobStatus.FAILED, run.status());
            assertTrue(sqlite.registry().get(Granularity.DAILY, GoldenDataset.D0, SnapshotRecord.ALL_VCENTERS).isEmpty());
            assertEquals(0, sqlite.rollups().daily(GoldenDataset.D0, SummaryQuery.all()).total());
        }
    }

    /**
     * {@code storage} with its SQL aggregation reporting {@code promoted}; with {@code failing} every SQL
     * method emits one row and then throws, as a statement that breaks halfway does.
     */
    static Storage withSql(Storage storage, boolean promoted, boolean failing) {
        SqlAggregation real = storage.sqlAggregation().orElseThrow();
        SqlAggregation sql = new SqlAggregation() {
            @Override
            public boolean promoted() {
                return promoted;
            }

            @Override
            public void dailyCanonical(TimeWindow day, PoolTiers tiers, Consumer<VmSummary> sink) {
                real.dailyCanonical(day, tiers, breakable(sink));
            }

            @Override
            public void dailyLegacyUnion(TimeWindow day, PoolTiers tiers, Consumer<VmSummary> sink) {
                real.dailyLegacyUnion(day, tiers, breakable(sink));
            }

            @Override
            public void monthlyFromDaily(TimeWindow month, Consumer<VmSummary> sink) {
                real.monthlyFromDaily(month, breakable(sink));
            }

            @Override
            public void monthlyFromHourly(TimeWindow month, List<TimeWindow> days, PoolTiers tiers,
                                          Consumer<VmSummary> sink) {
                real.monthlyFromHourly(month, days, tiers, breakable(sink));
            }

            private Consumer<VmSummary> breakable(Consumer<VmSummary> sink) {
                if (!failing) {
                    return sink;
                }
                int[] rows = {0};
                return s -> {
                    if (++rows[0] > 1) {
                        throw new StorageException("the SQL broke");
                    }
                    sink.accept(s);
                };
            }
        };
        return new DelegatingStorage(storage) {
            @Override
            public Optional<SqlAggregation> sqlAggregation() {
                return Optional.of(sql);
            }
        };
    }
}
