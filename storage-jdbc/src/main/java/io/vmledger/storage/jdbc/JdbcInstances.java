package io.vmledger.storage.jdbc;

import io.vmledger.api.Instance;
import io.vmledger.storage.spi.InstanceStore;
import io.vmledger.storage.spi.StorageException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.vmledger.storage.jdbc.CanonicalSchema.INSTANCE_COLUMNS;
import static io.vmledger.storage.jdbc.CanonicalSchema.quotedList;

/**
 * {@code service_instances} and {@code instance_leases}: this store's instance, its heartbeat, the sweep of
 * dead instances and the leases (see {@link InstanceStore}).
 *
 * <p>Whether another instance lives is decided here, in one place:
 * <ul>
 *   <li>it recorded its end ({@code stopped}) or was found dead before: no;</li>
 *   <li>it is open in this JVM: yes;</li>
 *   <li>it ran on this machine (same boot id and PID namespace): yes while its process runs (the same process
 *       id, started at the same instant); an instance of this very process that is no longer open (a store
 *       halted by a crash test) is dead;</li>
 *   <li>it ran elsewhere: yes while its heartbeat is younger than the timeout.</li>
 * </ul>
 * So a process killed and restarted on the same machine finds its predecessor dead at once, and an instance
 * on another machine after the heartbeat timeout.
 */
public final class JdbcInstances implements InstanceStore {
    private static final System.Logger LOG = System.getLogger(JdbcInstances.class.getName());
    /** How often an open instance records a heartbeat (and writes waiting job-run ends). */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);
    /** How long an instance on another machine may stay silent before it counts as dead. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** Ended instances are forgotten after this long (their job runs keep the id). */
    private static final Duration KEEP_ENDED = Duration.ofDays(30);
    /** Every third heartbeat also sweeps. */
    private static final int SWEEP_EVERY_BEATS = 3;

    /** Instances open in this JVM: alive whatever their heartbeat says. */
    private static final Set<String> OPEN = ConcurrentHashMap.newKeySet();

    private final JdbcDatabase db;
    private final JdbcJobRunStore jobs;
    private final ProcessIdentity me = ProcessIdentity.current();
    private final Instance self;
    private final Duration heartbeat;
    private final Duration timeout;
    private final ScheduledExecutorService timer;
    private volatile boolean open;
    private volatile boolean beatFailing;
    private long beats;

    private final String insert;
    private final String beat;
    private final String revive;
    private final String selectRunning;
    private final String selectOne;
    private final String list;
    private final String markDead;
    private final String markStopped;
    private final String freeLeasesOf;
    private final String freeOrphanLeases;
    private final String prune;
    private final String leaseInsert;
    private final String leaseTake;
    private final String leaseRead;
    private final String leaseRelease;

    /**
     * @param id   this instance's id ({@link #newId()})
     * @param role what this process runs
     */
    JdbcInstances(JdbcDatabase db, Dialect dialect, JdbcJobRunStore jobs, String id, String role, Duration heartbeat,
                  Duration timeout) {
        this.db = db;
        this.jobs = jobs;
        this.heartbeat = heartbeat;
        this.timeout = timeout;
        long now = System.currentTimeMillis();
        this.self = new Instance(id, role, me.host(), me.pid(), now, now, null, Instance.RUNNING, null);
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("vmledger-heartbeat-" + id.substring(0, 8)).daemon(true).factory());
        String columns = quotedList(INSTANCE_COLUMNS);
        this.insert = dialect.sql("INSERT INTO service_instances (" + columns + ")\nVALUES ("
                + CanonicalSchema.placeholders(INSTANCE_COLUMNS) + ")");
        this.beat = dialect.sql("""
                UPDATE service_instances
                   SET "HeartbeatAt" = ?
                 WHERE "InstanceId" = ? AND "Status" = 'running'""");
        this.revive = dialect.sql("""
                UPDATE service_instances
                   SET "HeartbeatAt" = ?, "Status" = 'running', "EndedAt" = NULL,
                       "Detail" = 'was recorded as ' || "Status" || ' (' || coalesce("Detail", '') || ') while it ran'
                 WHERE "InstanceId" = ?""");
        this.selectRunning = dialect.sql("""
                SELECT %s
                  FROM service_instances
                 WHERE "Status" = 'running'""".formatted(columns));
        this.selectOne = dialect.sql("""
                SELECT %s
                  FROM service_instances
                 WHERE "InstanceId" = ?""".formatted(columns));
        this.list = dialect.sql("""
                SELECT %s
                  FROM service_instances
                 ORDER BY CASE WHEN "Status" = 'running' THEN 0 ELSE 1 END, "StartedAt" DESC, "InstanceId"
                 LIMIT ?""".formatted(columns));
        this.markDead = dialect.sql("""
                UPDATE service_instances
                   SET "Status" = 'dead', "EndedAt" = ?, "Detail" = ?
                 WHERE "InstanceId" = ? AND "Status" = 'running'""");
        this.markStopped = dialect.sql("""
                UPDATE service_instances
                   SET "Status" = 'stopped', "EndedAt" = ?, "HeartbeatAt" = ?, "Detail" = NULL
                 WHERE "InstanceId" = ?""");
        this.freeLeasesOf = dialect.sql("""
                UPDATE instance_leases
                   SET "InstanceId" = NULL
                 WHERE "InstanceId" = ?""");
        this.freeOrphanLeases = dialect.sql("""
                UPDATE instance_leases
                   SET "InstanceId" = NULL
                 WHERE "InstanceId" IS NOT NULL
                   AND "InstanceId" NOT IN (SELECT "InstanceId" FROM service_instances WHERE "Status" = 'running')""");
        this.prune = dialect.sql("""
                DELETE FROM service_instances
                 WHERE "Status" <> 'running' AND "EndedAt" < ?""");
        this.leaseInsert = dialect.sql("""
                INSERT INTO instance_leases ("Name", "InstanceId", "AcquiredAt", "Progress")
                VALUES (?, NULL, 0, 0)
                ON CONFLICT ("Name") DO NOTHING""");
        this.leaseTake = dialect.sql("""
                UPDATE instance_leases
                   SET "InstanceId" = ?, "AcquiredAt" = ?
                 WHERE "Name" = ?
                   AND ("InstanceId" IS NULL OR "InstanceId" = ?
                        OR "InstanceId" NOT IN (SELECT "InstanceId" FROM service_instances WHERE "Status" = 'running'))""");
        this.leaseRead = dialect.sql("""
                SELECT "InstanceId", "Progress"
                  FROM instance_leases
                 WHERE "Name" = ?""");
        this.leaseRelease = dialect.sql("""
                UPDATE instance_leases
                   SET "InstanceId" = NULL,
                       "Progress" = CASE WHEN "Progress" < ? THEN ? ELSE "Progress" END
                 WHERE "Name" = ? AND "InstanceId" = ?""");
    }

    /** A new random instance id. */
    static String newId() {
        return UUID.randomUUID().toString();
    }

    /**
     * Sweeps (closing what dead instances left, runs of versions without instances included), registers this
     * instance and starts its heartbeat.
     *
     * @param exclusive when not null, the store serves one process at a time: another process's live instance
     *                  makes this fail, with this explanation
     */
    void open(String exclusive) {
        sweep(true);
        db.write("register instance " + self.id(), c -> {
            if (exclusive != null) {
                for (Row other : running(c)) {
                    if (!me.isThisProcess(other.machineKey, other.instance.pid(), other.processStart)
                            && whyDead(other, System.currentTimeMillis()) == null) {
                        throw new StorageException("the store is in use by another vmledger process: "
                                + other.instance.describe() + ", started " + Instant.ofEpochMilli(other.instance.startedAt())
                                + ", last heartbeat " + Instant.ofEpochMilli(other.instance.heartbeatAt()) + "; "
                                + exclusive);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                ps.setString(1, self.id());
                ps.setString(2, self.role());
                ps.setString(3, self.host());
                ps.setString(4, me.machineKey());
                ps.setLong(5, self.pid());
                setNullableLong(ps, 6, me.processStart());
                ps.setLong(7, self.startedAt());
                ps.setLong(8, self.heartbeatAt());
                ps.setNull(9, java.sql.Types.BIGINT);
                ps.setString(10, Instance.RUNNING);
                ps.setNull(11, java.sql.Types.VARCHAR);
                ps.executeUpdate();
            }
            return null;
        });
        OPEN.add(self.id());
        open = true;
        long ms = heartbeat.toMillis();
        timer.scheduleWithFixedDelay(this::beat, ms, ms, TimeUnit.MILLISECONDS);
        LOG.log(System.Logger.Level.INFO, "instance {0} ({1}) registered", self.id(), self.describe());
    }

    @Override
    public Instance self() {
        return self;
    }

    @Override
    public List<Instance> list(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        return db.read("list instances", c -> {
            List<Instance> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(list)) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs).instance);
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Sweep sweep() {
        return sweep(false);
    }

    /**
     * @param legacy also close the running runs of versions that did not record their instance (at open
     *               only: while an older version still runs beside this one, its runs are its own)
     */
    private Sweep sweep(boolean legacy) {
        long now = System.currentTimeMillis();
        Map<String, Row> running = new HashMap<>();
        List<String> withRuns = db.read("find dead instances", c -> {
            for (Row r : running(c)) {
                running.put(r.instance.id(), r);
            }
            return jobs.instancesWithRunningRuns(c);
        });
        List<Instance> dead = new ArrayList<>();
        int abandoned = 0;
        for (Row r : running.values()) {
            if (r.instance.id().equals(self.id())) {
                continue;
            }
            String why = whyDead(r, now);
            if (why != null) {
                int runs = buryDead(r, why, now);
                if (runs >= 0) {
                    abandoned += runs;
                    dead.add(r.instance);
                }
            }
        }
        for (String id : withRuns) {
            if (id == null) {
                abandoned += legacy ? abandonRunsOf(null, now) : 0;
            } else if (!id.equals(self.id()) && !dead(dead, id) && !running.containsKey(id)) {
                abandoned += abandonRunsOf(id, now); // its instance stopped, was found dead before, or is unknown
            }
        }
        if (!dead.isEmpty() || abandoned > 0) {
            db.write("free the leases of ended instances", c -> {
                try (PreparedStatement ps = c.prepareStatement(freeOrphanLeases)) {
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement(prune)) {
                    ps.setLong(1, now - KEEP_ENDED.toMillis());
                    ps.executeUpdate();
                }
                return null;
            });
        }
        return new Sweep(List.copyOf(dead), abandoned);
    }

    private static boolean dead(List<Instance> dead, String id) {
        return dead.stream().anyMatch(i -> i.id().equals(id));
    }

    /**
     * Records a dead instance as such, closes its running runs and frees its leases, in one transaction; returns
     * the runs closed, or -1 when another instance did it first.
     */
    private int buryDead(Row r, String why, long now) {
        String detail = "found dead by instance " + shortId(self.id()) + " (" + self.describe() + "): " + why;
        int n = db.write("record instance " + r.instance.id() + " as dead", c -> {
            try (PreparedStatement ps = c.prepareStatement(markDead)) {
                ps.setLong(1, now);
                ps.setString(2, detail);
                ps.setString(3, r.instance.id());
                if (ps.executeUpdate() == 0) {
                    return -1; // another instance did it first
                }
            }
            int runs = jobs.abandon(c, r.instance.id(), r.instance.heartbeatAt(), "abandoned: its instance "
                    + shortId(r.instance.id()) + " (" + r.instance.describe() + ") died: " + why);
            try (PreparedStatement ps = c.prepareStatement(freeLeasesOf)) {
                ps.setString(1, r.instance.id());
                ps.executeUpdate();
            }
            return runs;
        });
        if (n >= 0) {
            LOG.log(System.Logger.Level.WARNING, "instance {0} ({1}) is dead ({2}): {3}", r.instance.id(),
                    r.instance.describe(), why, n == 0 ? "it left no job run running"
                            : n + " job runs it left running are closed as abandoned");
        }
        return n;
    }

    /** Closes the running runs of an instance that is no longer running (stopped, dead, unknown or none). */
    private int abandonRunsOf(String id, long now) {
        int n = db.write("close the running job runs of ended instance " + id, c -> {
            if (id == null) {
                return jobs.abandon(c, null, now, "abandoned: left running by a version of vmledger that did not "
                        + "record its instance, found at the start of instance " + shortId(self.id()));
            }
            Optional<Row> row = one(c, id);
            long lastAlive = row.map(r -> r.instance.heartbeatAt()).orElse(now);
            String why = row.map(r -> "its instance " + shortId(id) + " (" + r.instance.describe() + ") "
                            + r.instance.status() + " before the run ended")
                    .orElse("its instance " + shortId(id) + " is unknown to the store");
            return jobs.abandon(c, id, lastAlive, "abandoned: " + why);
        });
        if (n > 0) {
            LOG.log(System.Logger.Level.WARNING, "{0} job runs left running by {1} closed as abandoned", n,
                    id == null ? "an earlier version" : "ended instance " + id);
        }
        return n;
    }

    /** Why instance {@code r} is no longer alive, or null when it is (or may be). */
    private String whyDead(Row r, long now) {
        if (OPEN.contains(r.instance.id())) {
            return null;
        }
        if (me.sameMachine(r.machineKey)) {
            if (me.isThisProcess(r.machineKey, r.instance.pid(), r.processStart)) {
                return "it was closed without recording its end in this process (halted)";
            }
            return ProcessIdentity.whyGone(r.instance.pid(), r.processStart);
        }
        long silent = now - r.instance.heartbeatAt();
        if (silent > timeout.toMillis()) {
            return "no heartbeat since " + Instant.ofEpochMilli(r.instance.heartbeatAt()) + " (" + silent / 1000
                    + " s, more than " + timeout.toSeconds() + " s)";
        }
        return null;
    }

    @Override
    public Lease tryAcquire(String name) {
        requireName(name);
        sweep();
        long now = System.currentTimeMillis();
        Object[] found = db.write("take lease " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement(leaseInsert)) {
                ps.setString(1, name);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(leaseTake)) {
                ps.setString(1, self.id());
                ps.setLong(2, now);
                ps.setString(3, name);
                ps.setString(4, self.id());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(leaseRead)) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    String holder = rs.getString(1);
                    long progress = rs.getLong(2);
                    Instance h = holder == null ? null
                            : holder.equals(self.id()) ? self : one(c, holder).map(r -> r.instance).orElse(null);
                    return new Object[]{holder, h, progress};
                }
            }
        });
        boolean held = self.id().equals(found[0]);
        return new Lease(name, held, (Instance) found[1], (Long) found[2]);
    }

    @Override
    public void release(String name, long progress) {
        requireName(name);
        db.write("release lease " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement(leaseRelease)) {
                ps.setLong(1, progress);
                ps.setLong(2, progress);
                ps.setString(3, name);
                ps.setString(4, self.id());
                return ps.executeUpdate();
            }
        });
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a lease name is required");
        }
    }

    /** One heartbeat: records it (reviving this instance if another found it dead), writes waiting job-run ends, sweeps now and then. */
    private void beat() {
        if (!open) {
            return;
        }
        try {
            long now = System.currentTimeMillis();
            int updated = db.write("record the heartbeat of instance " + self.id(), c -> {
                try (PreparedStatement ps = c.prepareStatement(beat)) {
                    ps.setLong(1, now);
                    ps.setString(2, self.id());
                    return ps.executeUpdate();
                }
            });
            if (updated == 0) {
                db.write("revive instance " + self.id(), c -> {
                    try (PreparedStatement ps = c.prepareStatement(revive)) {
                        ps.setLong(1, now);
                        ps.setString(2, self.id());
                        return ps.executeUpdate();
                    }
                });
                LOG.log(System.Logger.Level.WARNING, "instance {0} had been recorded as ended by another instance (its "
                        + "heartbeat could not be written for a while); it runs, so it is recorded as running again. "
                        + "Its running job runs were closed as abandoned and are recorded again when they end.", self.id());
            }
            if (beatFailing) {
                beatFailing = false;
                LOG.log(System.Logger.Level.INFO, "instance {0}: heartbeats are written again", self.id());
            }
            jobs.flushPending();
            if (++beats % SWEEP_EVERY_BEATS == 0) {
                sweep();
            }
        } catch (RuntimeException e) {
            if (!beatFailing && open) {
                beatFailing = true;
                LOG.log(System.Logger.Level.WARNING, "instance {0}: cannot record a heartbeat (retried every {1} s): {2}",
                        self.id(), heartbeat.toSeconds(), JdbcDatabase.message(e));
            }
        }
    }

    /**
     * Records this instance's end: its running job runs (work that did not finish before the store closed) are
     * closed as abandoned, its leases freed, its row marked stopped. Failures are logged.
     */
    void close() {
        if (!open) {
            return;
        }
        open = false;
        stopTimer();
        OPEN.remove(self.id());
        if (db.halted()) {
            return;
        }
        long now = System.currentTimeMillis();
        try {
            int runs = db.write("record the end of instance " + self.id(), c -> {
                int n = jobs.abandon(c, self.id(), now, "abandoned: its instance " + shortId(self.id()) + " ("
                        + self.describe() + ") stopped before the run ended");
                try (PreparedStatement ps = c.prepareStatement(freeLeasesOf)) {
                    ps.setString(1, self.id());
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement(markStopped)) {
                    ps.setLong(1, now);
                    ps.setLong(2, now);
                    ps.setString(3, self.id());
                    ps.executeUpdate();
                }
                return n;
            });
            if (runs > 0) {
                LOG.log(System.Logger.Level.WARNING, "instance {0} stopped with {1} job runs still running: closed as "
                        + "abandoned", self.id(), runs);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot record the end of instance {0} (the next start finds it "
                    + "stopped or dead): {1}", self.id(), JdbcDatabase.message(e));
        }
    }

    /** Stops as a killed process would: no heartbeat, no end recorded (crash tests). */
    void halt() {
        open = false;
        stopTimer();
        OPEN.remove(self.id());
    }

    private void stopTimer() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- rows

    /** An instance row with what only liveness checks need. */
    private record Row(Instance instance, String machineKey, Long processStart) {
    }

    private List<Row> running(Connection c) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(selectRunning); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return out;
    }

    private Optional<Row> one(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(selectOne)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** Reads the columns of {@link CanonicalSchema#INSTANCE_COLUMNS}, in order. */
    private static Row row(ResultSet rs) throws SQLException {
        Instance i = new Instance(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(5), rs.getLong(7),
                rs.getLong(8), Sql.nullableLong(rs, 9), rs.getString(10), rs.getString(11));
        return new Row(i, rs.getString(4), Sql.nullableLong(rs, 6));
    }

    private static void setNullableLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, java.sql.Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }
}
