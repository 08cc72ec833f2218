package io.vmledger.storage.jdbc;

import io.vmledger.api.Instance;
import io.vmledger.api.JobRun;
import io.vmledger.api.JobStatus;
import io.vmledger.storage.spi.InstanceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Instances on every plugin: a store opened twice (two instances, here in one process), the end an instance
 * records, the sweep that finds dead ones (a halted store as a killed process, a process that is gone, a
 * silent instance of another machine) and closes their running job runs as abandoned while it leaves live
 * ones alone, and the leases. A plugin runs it by naming how a store is opened again.
 */
public abstract class AbstractInstancesTest {
    private static final long MS = 1_767_225_600_000L;

    /** One store that can be opened several times (each open is an instance). */
    protected interface Store {
        JdbcStorage open();
    }

    /** A new, empty store. */
    protected abstract Store newStore();

    private final List<JdbcStorage> opened = new ArrayList<>();

    private JdbcStorage open(Store store) {
        JdbcStorage s = store.open();
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeStores() {
        for (JdbcStorage s : opened) {
            s.close();
        }
        opened.clear();
    }

    private static Map<String, Instance> byId(JdbcStorage s) {
        return s.instances().list(100).stream().collect(Collectors.toMap(Instance::id, Function.identity()));
    }

    @Test
    void anInstanceIsRegisteredAsRunningAndItsRunsCarryIt() {
        JdbcStorage a = open(newStore());
        Instance self = a.instances().self();
        assertEquals(ProcessHandle.current().pid(), self.pid());
        assertEquals(Instance.RUNNING, byId(a).get(self.id()).status());
        long id = a.jobs().start("capture", "vc-a", MS);
        assertEquals(self.id(), a.jobs().get(id).orElseThrow().instance());
    }

    @Test
    void aLiveInstanceKeepsItsRunningRunsWhenAnotherStartsAndSweeps() {
        Store store = newStore();
        JdbcStorage a = open(store);
        long running = a.jobs().start("capture", "vc-a", MS);
        JdbcStorage b = open(store);
        assertEquals(InstanceStore.Sweep.NONE, b.instances().sweep());
        assertEquals(JobStatus.RUNNING, b.jobs().get(running).orElseThrow().status());
        Map<String, Instance> all = byId(b);
        assertTrue(all.get(a.instances().self().id()).running());
        assertTrue(all.get(b.instances().self().id()).running());
    }

    @Test
    void aStoppedInstanceRecordsItsEndAndTheRunsItLeftAreAbandoned() {
        Store store = newStore();
        JdbcStorage a = store.open();
        String aId = a.instances().self().id();
        long running = a.jobs().start("daily-aggregation", "2026-01-01", MS);
        a.close();
        JdbcStorage b = open(store);
        JobRun run = b.jobs().get(running).orElseThrow();
        assertEquals(JobStatus.ABANDONED, run.status());
        assertTrue(run.detail().contains("stopped before the run ended"), run.detail());
        assertEquals(Instance.STOPPED, byId(b).get(aId).status());
    }

    @Test
    void aHaltedInstanceIsFoundDeadByTheNextOpenWhichClosesItsRunsAndFreesItsLeases() {
        Store store = newStore();
        JdbcStorage a = store.open();
        String aId = a.instances().self().id();
        long running = a.jobs().start("capture", "vc-a", MS);
        long done = a.jobs().start("capture", "vc-b", MS);
        a.jobs().finish(done, JobStatus.SUCCEEDED, MS + 10, 5, "ok");
        assertTrue(a.instances().tryAcquire("capture").held());
        a.halt(); // as kill -9: no end recorded
        a.close();

        JdbcStorage b = open(store);
        JobRun run = b.jobs().get(running).orElseThrow();
        assertEquals(JobStatus.ABANDONED, run.status());
        assertTrue(run.detail().startsWith("abandoned: its instance " + aId.substring(0, 8)), run.detail());
        assertTrue(run.endedAt() >= run.startedAt());
        assertEquals(JobStatus.SUCCEEDED, b.jobs().get(done).orElseThrow().status(), "an ended run is left as it is");
        Instance dead = byId(b).get(aId);
        assertEquals(Instance.DEAD, dead.status());
        assertTrue(dead.detail().contains("halted"), dead.detail());
        InstanceStore.Lease lease = b.instances().tryAcquire("capture");
        assertTrue(lease.held(), "the dead instance's lease is free");
    }

    @Test
    void anInstanceOfAProcessThatIsGoneIsDead() throws Exception {
        Store store = newStore();
        JdbcStorage b = open(store);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String id = fakeInstance(b, ProcessIdentity.current().machineKey(), gone.pid(), System.currentTimeMillis());
        long run = fakeRun(b, id);

        InstanceStore.Sweep sweep = b.instances().sweep();

        assertEquals(List.of(id), sweep.dead().stream().map(Instance::id).toList());
        assertEquals(1, sweep.abandonedRuns());
        JobRun abandoned = b.jobs().get(run).orElseThrow();
        assertEquals(JobStatus.ABANDONED, abandoned.status());
        assertTrue(abandoned.detail().contains("process " + gone.pid() + " is gone"), abandoned.detail());
    }

    @Test
    void anInstanceOfAnotherMachineIsDeadOnlyAfterTheHeartbeatTimeout() {
        Store store = newStore();
        JdbcStorage b = open(store);
        long now = System.currentTimeMillis();
        String silent = fakeInstance(b, "another-machine", 4242, now - JdbcInstances.DEFAULT_TIMEOUT.toMillis() - 5_000);
        String alive = fakeInstance(b, "another-machine", 4243, now - 2_000);
        long silentRun = fakeRun(b, silent);
        long aliveRun = fakeRun(b, alive);

        b.instances().sweep();

        JobRun abandoned = b.jobs().get(silentRun).orElseThrow();
        assertEquals(JobStatus.ABANDONED, abandoned.status());
        assertTrue(abandoned.detail().contains("no heartbeat since"), abandoned.detail());
        assertEquals(JobStatus.RUNNING, b.jobs().get(aliveRun).orElseThrow().status());
        assertTrue(byId(b).get(alive).running());
    }

    @Test
    void runsOfVersionsWithoutInstancesAreAbandonedWhenAStoreOpens() {
        Store store = newStore();
        JdbcStorage a = store.open();
        long legacy = fakeRun(a, null);
        a.close();
        JdbcStorage b = open(store);
        JobRun run = b.jobs().get(legacy).orElseThrow();
        assertEquals(JobStatus.ABANDONED, run.status());
        assertTrue(run.detail().contains("did not record its instance"), run.detail());
    }

    @Test
    void aLeaseIsHeldByOneLiveInstanceAndItsProgressNeverMovesBack() {
        Store store = newStore();
        JdbcStorage a = open(store);
        JdbcStorage b = open(store);
        InstanceStore.Lease first = a.instances().tryAcquire("capture");
        assertTrue(first.held());
        assertEquals(0, first.progress());
        assertTrue(a.instances().tryAcquire("capture").held(), "taking a lease one holds succeeds again");

        InstanceStore.Lease taken = b.instances().tryAcquire("capture");
        assertFalse(taken.held());
        assertEquals(a.instances().self().id(), taken.holder().id());

        b.instances().release("capture", 99); // not b's: nothing happens
        a.instances().release("capture", 7_200);
        InstanceStore.Lease second = b.instances().tryAcquire("capture");
        assertTrue(second.held());
        assertEquals(7_200, second.progress());
        b.instances().release("capture", 3_600);
        InstanceStore.Lease third = a.instances().tryAcquire("capture");
        assertEquals(7_200, third.progress(), "progress never moves back");
        InstanceStore.Lease other = b.instances().tryAcquire("retention");
        assertTrue(other.held(), "leases are independent");
    }

    /** An instance row as another process would write it. */
    private static String fakeInstance(JdbcStorage s, String machineKey, long pid, long heartbeat) {
        String id = JdbcInstances.newId();
        s.database().write("fake instance", c -> {
            try (PreparedStatement ps = c.prepareStatement(s.dialect().sql("""
                    INSERT INTO service_instances ("InstanceId", "Role", "Host", "HostKey", "Pid", "ProcessStart",
                                                   "StartedAt", "HeartbeatAt", "EndedAt", "Status", "Detail")
                    VALUES (?, 'serve', 'elsewhere', ?, ?, NULL, ?, ?, NULL, 'running', NULL)"""))) {
                ps.setString(1, id);
                ps.setString(2, machineKey);
                ps.setLong(3, pid);
                ps.setLong(4, heartbeat - 60_000);
                ps.setLong(5, heartbeat);
                return ps.executeUpdate();
            }
        });
        return id;
    }

    /** A running job run of {@code instance} (null: written by a version without instances). */
    private static long fakeRun(JdbcStorage s, String instance) {
        s.database().write("fake run", c -> {
            try (PreparedStatement ps = c.prepareStatement(s.dialect().sql("""
                    INSERT INTO job_runs ("JobType", "Target", "StartedAt", "Status", "RowCount", "InstanceId")
                    VALUES ('capture', 'vc-x', ?, 'running', 0, ?)"""))) {
                ps.setLong(1, MS);
                ps.setString(2, instance);
                return ps.executeUpdate();
            }
        });
        return s.jobs().latest("capture", "vc-x").orElseThrow().id();
    }
}
