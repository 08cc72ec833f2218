package io.vmledger.storage.jdbc;

import io.vmledger.api.JobRun;
import io.vmledger.api.JobStatus;
import io.vmledger.api.Page;
import io.vmledger.storage.spi.JobRunStore;
import io.vmledger.storage.spi.StorageException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static io.vmledger.storage.jdbc.CanonicalSchema.JOB_RUN_COLUMNS;
import static io.vmledger.storage.jdbc.CanonicalSchema.quotedList;

/**
 * {@code job_runs}: start, end, status and rows of each job run, and the instance that ran it; ids come from
 * the store. Ends that could not be written (the store failed) wait in memory, at most
 * {@value #MAX_PENDING}, and are written before the next job-run write, or at the next heartbeat.
 */
public final class JdbcJobRunStore implements JobRunStore {
    private static final System.Logger LOG = System.getLogger(JdbcJobRunStore.class.getName());
    /** Ends kept while the store cannot write; beyond that the oldest is dropped (and logged). */
    static final int MAX_PENDING = 1_000;
    private static final String COLUMNS = quotedList(JOB_RUN_COLUMNS);
    private static final String FILTER = """
             WHERE (CAST(? AS TEXT) IS NULL OR "JobType" = ?) AND (CAST(? AS TEXT) IS NULL OR "Status" = ?)""";

    private final JdbcDatabase db;
    private final String instanceId;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final List<Consumer<JobRun>> listeners = new CopyOnWriteArrayList<>();
    private final String start;
    private final String insertWhole;
    private final String abandon;
    private final String runningInstances;
    private final String finish;
    private final String get;
    private final String recent;
    private final String count;
    private final String types;
    private final String latest;
    private final String deleteEndedBefore;

    /** @param instanceId the instance whose runs this store starts */
    public JdbcJobRunStore(JdbcDatabase db, Dialect dialect, String instanceId) {
        this.db = db;
        this.instanceId = instanceId;
        this.start = dialect.sql("""
                INSERT INTO job_runs ("JobType", "Target", "StartedAt", "Status", "RowCount", "InstanceId")
                VALUES (?, ?, ?, ?, 0, ?)
                RETURNING "Id\"""");
        this.insertWhole = dialect.sql("""
                INSERT INTO job_runs ("JobType", "Target", "StartedAt", "EndedAt", "Status", "RowCount", "Detail",
                                      "InstanceId")
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                RETURNING "Id\"""");
        // the end of an abandoned run: its instance's last sign of life, never before the run's start
        this.abandon = dialect.sql("""
                UPDATE job_runs
                   SET "Status" = ?,
                       "EndedAt" = CASE WHEN "StartedAt" > ? THEN "StartedAt" ELSE ? END,
                       "Detail" = CASE WHEN "Detail" IS NULL THEN ? ELSE "Detail" || '; ' || ? END
                 WHERE "Status" = ? AND "InstanceId" IS NOT DISTINCT FROM CAST(? AS TEXT)""");
        this.runningInstances = dialect.sql("""
                SELECT DISTINCT "InstanceId"
                  FROM job_runs
                 WHERE "Status" = ?""");
        this.finish = dialect.sql("""
                UPDATE job_runs
                   SET "Status" = ?, "EndedAt" = ?, "RowCount" = ?, "Detail" = ?
                 WHERE "Id" = ?
                RETURNING "JobType", "Target", "StartedAt", "InstanceId\"""");
        this.get = dialect.sql("""
                SELECT %s
                  FROM job_runs
                 WHERE "Id" = ?""".formatted(COLUMNS));
        this.recent = dialect.sql("""
                SELECT %s
                  FROM job_runs
                %s
                 ORDER BY "StartedAt" DESC, "Id" DESC
                 LIMIT ? OFFSET ?""".formatted(COLUMNS, FILTER));
        this.count = dialect.sql("""
                SELECT count(*)
                  FROM job_runs
                %s""".formatted(FILTER));
        // distinct types by one probe of the ("JobType","Target","StartedAt") index per type (a loose index scan)
        this.types = dialect.sql("""
                WITH RECURSIVE types(t) AS (
                    SELECT min("JobType") FROM job_runs
                    UNION ALL
                    SELECT (SELECT min("JobType") FROM job_runs WHERE "JobType" > types.t)
                      FROM types
                     WHERE types.t IS NOT NULL
                )
                SELECT t FROM types WHERE t IS NOT NULL""");
        this.latest = dialect.sql("""
                SELECT %s
                  FROM job_runs
                 WHERE "JobType" = ? AND "Target" IS NOT DISTINCT FROM CAST(? AS TEXT)
                 ORDER BY "StartedAt" DESC, "Id" DESC
                 LIMIT 1""".formatted(COLUMNS));
        this.deleteEndedBefore = dialect.sql("""
                DELETE FROM job_runs
                 WHERE "EndedAt" IS NOT NULL AND "EndedAt" < ?""");
    }

    @Override
    public long start(String type, String target, long startedAtMillis) {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("a job type is required");
        }
        long id = db.write("record the start of job " + type, c -> {
            try (PreparedStatement ps = c.prepareStatement(start)) {
                ps.setString(1, type);
                ps.setString(2, target);
                ps.setLong(3, startedAtMillis);
                ps.setString(4, JobStatus.RUNNING.wire());
                ps.setString(5, instanceId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        flushIfPending();
        return id;
    }

    @Override
    public void finish(long id, JobStatus status, long endedAtMillis, long rows, String detail) {
        Pending end = new Pending(id, null, null, 0, endedAtMillis, status, rows, detail);
        JobRun ended;
        try {
            ended = write(end);
        } catch (StorageException e) {
            keep(end);
            throw e;
        }
        if (ended == null) {
            flushIfPending();
            throw new StorageException("no job run with id " + id);
        }
        tellListeners(ended);
        flushIfPending();
    }

    /** Tells the listeners of a run whose end is written now. */
    private void tellListeners(JobRun ended) {
        for (Consumer<JobRun> listener : listeners) {
            try {
                listener.accept(ended);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a job run listener failed: " + e, e);
            }
        }
    }

    @Override
    public void addEndListener(Consumer<JobRun> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeEndListener(Consumer<JobRun> listener) {
        listeners.remove(listener);
    }

    @Override
    public void record(String type, String target, long startedAtMillis, long endedAtMillis, JobStatus status,
                       long rows, String detail) {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("a job type is required");
        }
        Pending whole = new Pending(-1, type, target, startedAtMillis, endedAtMillis, status, rows, detail);
        JobRun ended;
        try {
            ended = write(whole);
        } catch (StorageException e) {
            keep(whole);
            throw e;
        }
        tellListeners(ended);
        flushIfPending();
    }

    /** After a write that succeeded: the store writes again, so what waited goes too. */
    private void flushIfPending() {
        if (pendingCount() > 0) {
            flushPending();
        }
    }

    /** An end (or a whole run, {@code id} -1) waiting to be written. */
    private record Pending(long id, String type, String target, long startedAt, long endedAt, JobStatus status,
                           long rows, String detail) {
    }

    /** Writes {@code p}; returns the run as ended, null when there is no run of its id. */
    private JobRun write(Pending p) {
        if (p.id() < 0) {
            return db.write("record the job run " + p.type() + " " + p.target(), c -> {
                try (PreparedStatement ps = c.prepareStatement(insertWhole)) {
                    ps.setString(1, p.type());
                    ps.setString(2, p.target());
                    ps.setLong(3, p.startedAt());
                    ps.setLong(4, p.endedAt());
                    ps.setString(5, p.status().wire());
                    ps.setLong(6, p.rows());
                    ps.setString(7, p.detail());
                    ps.setString(8, instanceId);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return new JobRun(rs.getLong(1), p.type(), p.target(), p.startedAt(), p.endedAt(), p.status(),
                                p.rows(), p.detail(), instanceId);
                    }
                }
            });
        }
        return db.write("record the end of job run " + p.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement(finish)) {
                ps.setString(1, p.status().wire());
                ps.setLong(2, p.endedAt());
                ps.setLong(3, p.rows());
                ps.setString(4, p.detail());
                ps.setLong(5, p.id());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new JobRun(p.id(), rs.getString(1), rs.getString(2), rs.getLong(3),
                            p.endedAt(), p.status(), p.rows(), p.detail(), rs.getString(4)) : null;
                }
            }
        });
    }

    private void keep(Pending p) {
        synchronized (pending) {
            if (pending.size() >= MAX_PENDING) {
                Pending dropped = pending.removeFirst();
                LOG.log(System.Logger.Level.ERROR, "{0} job-run ends wait for the store; the oldest is dropped: {1}",
                        MAX_PENDING, dropped);
            }
            pending.addLast(p);
        }
    }

    /** Job-run ends waiting to be written. */
    public int pendingCount() {
        synchronized (pending) {
            return pending.size();
        }
    }

    /**
     * Writes the job-run ends that could not be written before, oldest first, until one fails again (which
     * stays, with those after it); returns how many were written. Never throws.
     */
    public int flushPending() {
        synchronized (pending) {
            int n = 0;
            while (!pending.isEmpty()) {
                JobRun ended;
                try {
                    ended = write(pending.peekFirst());
                } catch (RuntimeException e) {
                    return n;
                }
                pending.removeFirst();
                if (ended != null) {
                    tellListeners(ended);
                }
                n++;
            }
            if (n > 0) {
                LOG.log(System.Logger.Level.INFO, "{0} job-run ends that had waited for the store are written", n);
            }
            return n;
        }
    }

    /**
     * Closes the running runs of instance {@code instanceId} (null: runs of versions that did not record one)
     * as abandoned, inside the caller's transaction; returns how many.
     *
     * @param lastAliveMillis the instance's last sign of life: the runs' end (not before their start)
     * @param why             appended to their detail
     */
    int abandon(Connection c, String instanceId, long lastAliveMillis, String why) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(abandon)) {
            ps.setString(1, JobStatus.ABANDONED.wire());
            ps.setLong(2, lastAliveMillis);
            ps.setLong(3, lastAliveMillis);
            ps.setString(4, why);
            ps.setString(5, why);
            ps.setString(6, JobStatus.RUNNING.wire());
            ps.setString(7, instanceId);
            return ps.executeUpdate();
        }
    }

    /** The instances (null for versions that did not record one) that have running runs. */
    List<String> instancesWithRunningRuns(Connection c) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(runningInstances)) {
            ps.setString(1, JobStatus.RUNNING.wire());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    @Override
    public Optional<JobRun> get(long id) {
        return db.read("read job run " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(get)) {
                ps.setLong(1, id);
                return first(ps);
            }
        });
    }

    @Override
    public Page<JobRun> recent(String type, JobStatus status, int limit, long offset) {
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException("limit must be at least 1 and offset not negative");
        }
        String wireStatus = status == null ? null : status.wire();
        return db.read("list job runs", c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement(count)) {
                bindFilter(ps, type, wireStatus);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<JobRun> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(recent)) {
                bindFilter(ps, type, wireStatus);
                ps.setInt(5, limit);
                ps.setLong(6, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(read(rs));
                    }
                }
            }
            return new Page<>(items, total, limit, offset);
        });
    }

    private static void bindFilter(PreparedStatement ps, String type, String status) throws SQLException {
        ps.setString(1, type);
        ps.setString(2, type);
        ps.setString(3, status);
        ps.setString(4, status);
    }

    @Override
    public List<String> types() {
        return db.read("list job types", c -> {
            try (PreparedStatement ps = c.prepareStatement(types)) {
                return Sql.strings(ps);
            }
        });
    }

    @Override
    public Optional<JobRun> latest(String type, String target) {
        return db.read("read the latest job run of " + type, c -> {
            try (PreparedStatement ps = c.prepareStatement(latest)) {
                ps.setString(1, type);
                ps.setString(2, target);
                return first(ps);
            }
        });
    }

    @Override
    public long deleteEndedBefore(long millis) {
        return db.write("apply job run retention", c -> {
            try (PreparedStatement ps = c.prepareStatement(deleteEndedBefore)) {
                ps.setLong(1, millis);
                return ps.executeLargeUpdate();
            }
        });
    }

    private static Optional<JobRun> first(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
    }

    private static JobRun read(ResultSet rs) throws SQLException {
        return new JobRun(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), Sql.nullableLong(rs, 5),
                JobStatus.fromWire(rs.getString(6)), rs.getLong(7), rs.getString(8), rs.getString(9));
    }
}
