package io.vmledger.storage.postgres;

import io.vmledger.api.JobRun;
import io.vmledger.api.JobStatus;
import io.vmledger.api.Page;
import io.vmledger.storage.spi.JobRunStore;
import io.vmledger.storage.spi.StorageException;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.vmledger.storage.postgres.PgSchema.JOB_RUN_COLUMNS;
import static io.vmledger.storage.postgres.PgSchema.quotedList;
import static io.vmledger.storage.postgres.PgSchema.sql;

/** {@code job_runs} on PostgreSQL. */
final class PgJobRunStore implements JobRunStore {

    private static final String COLUMNS = quotedList(JOB_RUN_COLUMNS);

    static final String START = sql("""
            INSERT INTO job_runs ("JobType", "Target", "StartedAt", "Status", "RowCount")
            VALUES (?, ?, ?, ?, 0)
            RETURNING "Id\"""");

    static final String FINISH = sql("""
            UPDATE job_runs
               SET "Status" = ?, "EndedAt" = ?, "RowCount" = ?, "Detail" = ?
             WHERE "Id" = ?""");

    static final String GET = sql("""
            SELECT %s
              FROM job_runs
             WHERE "Id" = ?""".formatted(COLUMNS));

    static final String RECENT = sql("""
            SELECT %s
              FROM job_runs
             WHERE (?::text IS NULL OR "JobType" = ?) AND (?::text IS NULL OR "Status" = ?)
             ORDER BY "StartedAt" DESC, "Id" DESC
             LIMIT ? OFFSET ?""".formatted(COLUMNS));

    static final String COUNT = sql("""
            SELECT count(*)
              FROM job_runs
             WHERE (?::text IS NULL OR "JobType" = ?) AND (?::text IS NULL OR "Status" = ?)""");

    /** Distinct types by one probe of the (JobType, Target, StartedAt) index per type (a loose index scan). */
    static final String TYPES = sql("""
            WITH RECURSIVE types(t) AS (
                SELECT min("JobType") FROM job_runs
                UNION ALL
                SELECT (SELECT min("JobType") FROM job_runs WHERE "JobType" > types.t)
                  FROM types
                 WHERE types.t IS NOT NULL
            )
            SELECT t FROM types WHERE t IS NOT NULL""");

    static final String LATEST = sql("""
            SELECT %s
              FROM job_runs
             WHERE "JobType" = ? AND "Target" IS NOT DISTINCT FROM ?::text
             ORDER BY "StartedAt" DESC, "Id" DESC
             LIMIT 1""".formatted(COLUMNS));

    static final String DELETE_ENDED_BEFORE = sql("""
            DELETE FROM job_runs
             WHERE "EndedAt" IS NOT NULL AND "EndedAt" < ?""");

    private final PgDatabase db;

    PgJobRunStore(PgDatabase db) {
        this.db = db;
    }

    @Override
    public long start(String type, String target, long startedAtMillis) {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("a job type is required");
        }
        return db.inTransaction("record the start of job " + type, c -> {
            try (PreparedStatement ps = c.prepareStatement(START)) {
                ps.setString(1, type);
                ps.setString(2, target);
                ps.setLong(3, startedAtMillis);
                ps.setString(4, JobStatus.RUNNING.wire());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public void finish(long id, JobStatus status, long endedAtMillis, long rows, String detail) {
        int updated = db.inTransaction("record the end of job run " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(FINISH)) {
                ps.setString(1, status.wire());
                ps.setLong(2, endedAtMillis);
                ps.setLong(3, rows);
                ps.setString(4, detail);
                ps.setLong(5, id);
                return ps.executeUpdate();
            }
        });
        if (updated == 0) {
            throw new StorageException("no job run with id " + id);
        }
    }

    @Override
    public Optional<JobRun> get(long id) {
        return db.inTransaction("read job run " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(GET)) {
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
        return db.inTransaction("list job runs", c -> {
            String wireStatus = status == null ? null : status.wire();
            long total;
            try (PreparedStatement ps = c.prepareStatement(COUNT)) {
                ps.setString(1, type);
                ps.setString(2, type);
                ps.setString(3, wireStatus);
                ps.setString(4, wireStatus);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<JobRun> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(RECENT)) {
                ps.setString(1, type);
                ps.setString(2, type);
                ps.setString(3, wireStatus);
                ps.setString(4, wireStatus);
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

    @Override
    public List<String> types() {
        return db.inTransaction("list job types", c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(TYPES); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    @Override
    public Optional<JobRun> latest(String type, String target) {
        return db.inTransaction("read the latest job run of " + type, c -> {
            try (PreparedStatement ps = c.prepareStatement(LATEST)) {
                ps.setString(1, type);
                ps.setString(2, target);
                return first(ps);
            }
        });
    }

    @Override
    public long deleteEndedBefore(long millis) {
        return db.inTransaction("apply job run retention", c -> {
            try (PreparedStatement ps = c.prepareStatement(DELETE_ENDED_BEFORE)) {
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
        return new JobRun(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), HourlyRows.getLong(rs, 5),
                JobStatus.fromWire(rs.getString(6)), rs.getLong(7), rs.getString(8));
    }
}
