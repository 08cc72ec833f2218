package io.vmledger.storage.spi.contract;

import io.vmledger.api.JobRun;
import io.vmledger.api.JobStatus;
import io.vmledger.api.Page;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code JobRunStore}: recorded runs, newest first. */
public abstract class JobRunStoreContract extends ContractBase {
    static final long MS = 1_700_000_000_000L;

    @Test
    void recordsAStartedRunAndItsEnd() {
        long id = storage.jobs().start("capture", "vc-a", MS);
        JobRun running = storage.jobs().get(id).orElseThrow();
        String instance = storage.instances().self().id();
        assertEquals(new JobRun(id, "capture", "vc-a", MS, null, JobStatus.RUNNING, 0, null, instance), running);
        assertNull(running.durationMillis());

        storage.jobs().finish(id, JobStatus.FAILED, MS + 1500, 42, "connection refused");

        assertEquals(new JobRun(id, "capture", "vc-a", MS, MS + 1500, JobStatus.FAILED, 42, "connection refused",
                instance), storage.jobs().get(id).orElseThrow());
        assertEquals(Optional.empty(), storage.jobs().get(id + 1000));
    }

    @Test
    void recordsAWholeRunWhoseStartWasNotRecorded() {
        storage.jobs().record("capture", "vc-a", MS, MS + 900, JobStatus.FAILED, 0, "persist: disk full");

        JobRun run = storage.jobs().latest("capture", "vc-a").orElseThrow();
        assertEquals(new JobRun(run.id(), "capture", "vc-a", MS, MS + 900, JobStatus.FAILED, 0, "persist: disk full",
                storage.instances().self().id()), run);
    }

    @Test
    void abandonedRunsAreListedByTheirStatus() {
        assertEquals(List.of("running", "succeeded", "failed", "abandoned"), JobStatus.wireNames());
        long id = storage.jobs().start("capture", "vc-a", MS);
        storage.jobs().finish(id, JobStatus.ABANDONED, MS + 5, 0, "abandoned: its instance died");
        assertEquals(List.of(id), storage.jobs().recent(null, JobStatus.ABANDONED, 10, 0).items().stream()
                .map(JobRun::id).toList());
        assertEquals(0, storage.jobs().recent(null, JobStatus.RUNNING, 10, 0).total());
    }

    @Test
    void listenersHearOfEveryEndedRunWithItsTypeTargetAndStart() {
        List<JobRun> heard = new ArrayList<>();
        Consumer<JobRun> listener = heard::add;
        storage.jobs().addEndListener(listener);
        long a = storage.jobs().start("daily-aggregation", "2024-03-10", MS);
        long b = storage.jobs().start("report", null, MS + 5);
        assertEquals(List.of(), heard, "a start is not an end");
        storage.jobs().finish(b, JobStatus.SUCCEEDED, MS + 2_005, 7, "ok");
        storage.jobs().finish(a, JobStatus.FAILED, MS + 3_000, 0, "disk full");
        String self = storage.instances().self().id();
        assertEquals(List.of(new JobRun(b, "report", null, MS + 5, MS + 2_005L, JobStatus.SUCCEEDED, 7, "ok", self),
                new JobRun(a, "daily-aggregation", "2024-03-10", MS, MS + 3_000L, JobStatus.FAILED, 0, "disk full",
                        self)),
                heard);
        assertThrows(RuntimeException.class, () -> storage.jobs().finish(a + b + 1000, JobStatus.SUCCEEDED, MS, 0, null));
        assertEquals(2, heard.size(), "no run, no end");

        storage.jobs().record("capture", "vc-b", MS + 10, MS + 910, JobStatus.FAILED, 0, "persist: disk full");
        JobRun whole = storage.jobs().latest("capture", "vc-b").orElseThrow();
        assertEquals(new JobRun(whole.id(), "capture", "vc-b", MS + 10, MS + 910L, JobStatus.FAILED, 0,
                "persist: disk full", self), heard.get(2), "a run recorded whole is heard with its id");
        heard.clear();

        storage.jobs().removeEndListener(listener);
        storage.jobs().finish(storage.jobs().start("capture", "vc-a", MS), JobStatus.SUCCEEDED, MS + 1, 1, null);
        assertEquals(0, heard.size(), "a removed listener hears nothing");
    }

    @Test
    void idsAreDistinct() {
        long a = storage.jobs().start("capture", "vc-a", MS);
        long b = storage.jobs().start("capture", "vc-a", MS);
        assertNotEquals(a, b);
    }

    @Test
    void recentListsNewestFirstByTypeWithPages() {
        long c1 = storage.jobs().start("capture", "vc-a", MS);
        long d1 = storage.jobs().start("daily-aggregation", "2024-03-10", MS + 10);
        long c2 = storage.jobs().start("capture", "vc-b", MS + 20);
        long c3 = storage.jobs().start("capture", "vc-a", MS + 30);

        Page<JobRun> all = storage.jobs().recent(null, 10, 0);
        assertEquals(4, all.total());
        assertEquals(List.of(c3, c2, d1, c1), all.items().stream().map(JobRun::id).toList());

        Page<JobRun> captures = storage.jobs().recent("capture", 2, 1);
        assertEquals(3, captures.total());
        assertEquals(List.of(c2, c1), captures.items().stream().map(JobRun::id).toList());
    }

    @Test
    void recentFiltersByStatusAndTypeTogether() {
        long c1 = storage.jobs().start("capture", "vc-a", MS);
        storage.jobs().finish(c1, JobStatus.FAILED, MS + 5, 0, "refused");
        long c2 = storage.jobs().start("capture", "vc-b", MS + 10);
        storage.jobs().finish(c2, JobStatus.SUCCEEDED, MS + 15, 3, null);
        long d1 = storage.jobs().start("daily-aggregation", "2024-03-10", MS + 20);
        storage.jobs().finish(d1, JobStatus.FAILED, MS + 25, 0, "no input");
        long c3 = storage.jobs().start("capture", "vc-a", MS + 30);

        Page<JobRun> failed = storage.jobs().recent(null, JobStatus.FAILED, 10, 0);
        assertEquals(2, failed.total());
        assertEquals(List.of(d1, c1), failed.items().stream().map(JobRun::id).toList());
        assertEquals(List.of(c1), storage.jobs().recent("capture", JobStatus.FAILED, 10, 0).items().stream()
                .map(JobRun::id).toList());
        assertEquals(List.of(c3), storage.jobs().recent("capture", JobStatus.RUNNING, 10, 0).items().stream()
                .map(JobRun::id).toList());
        assertEquals(0, storage.jobs().recent("repair", JobStatus.SUCCEEDED, 10, 0).total());
    }

    @Test
    void typesListsEachTypeOnceSorted() {
        assertEquals(List.of(), storage.jobs().types());
        storage.jobs().start("repair", "2024-03-10", MS);
        storage.jobs().start("capture", "vc-a", MS);
        storage.jobs().start("capture", "vc-b", MS + 1);
        storage.jobs().start("daily-aggregation", "2024-03-10", MS + 2);
        assertEquals(List.of("capture", "daily-aggregation", "repair"), storage.jobs().types());
    }

    @Test
    void latestIsTheNewestRunOfATypeAndTarget() {
        storage.jobs().start("capture", "vc-a", MS);
        long newest = storage.jobs().start("capture", "vc-a", MS + 60_000);
        storage.jobs().start("capture", "vc-b", MS + 120_000);

        assertEquals(newest, storage.jobs().latest("capture", "vc-a").orElseThrow().id());
        assertEquals(Optional.empty(), storage.jobs().latest("capture", "vc-c"));
        assertEquals(Optional.empty(), storage.jobs().latest("report", "vc-a"));
    }

    @Test
    void deleteEndedBeforeKeepsRunningAndRecentRuns() {
        long old = storage.jobs().start("capture", "vc-a", MS);
        storage.jobs().finish(old, JobStatus.SUCCEEDED, MS + 1000, 10, null);
        long stuck = storage.jobs().start("capture", "vc-b", MS);
        long recent = storage.jobs().start("capture", "vc-a", MS + 10_000);
        storage.jobs().finish(recent, JobStatus.SUCCEEDED, MS + 11_000, 10, null);

        assertEquals(1, storage.jobs().deleteEndedBefore(MS + 5000));

        assertEquals(Optional.empty(), storage.jobs().get(old));
        assertEquals(JobStatus.RUNNING, storage.jobs().get(stuck).orElseThrow().status());
        assertEquals(JobStatus.SUCCEEDED, storage.jobs().get(recent).orElseThrow().status());
    }

    @Test
    void finishingAnUnknownRunFails() {
        assertThrows(RuntimeException.class, () -> storage.jobs().finish(12345, JobStatus.SUCCEEDED, MS, 0, null));
    }
}
