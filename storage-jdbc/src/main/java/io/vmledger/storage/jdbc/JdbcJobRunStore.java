package io.vmledger.storage.jdbc;

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

import static io.vmledger.storage.jdbc.CanonicalSchema.JOB_RUN_COLUMNS;
import static io.vmledger.storage.jdbc.CanonicalSchema.quotedList;

/** {@code job_runs}: start, end, status and rows of each job run; ids come from the store. */
public final class JdbcJobRunStore implements JobRunStore {
    private static final String COLUMNS = quotedList(JOB_RUN_COLUMNS);
    private static final String FILTER = """
             WHERE (CAST(? AS TEXT) IS NULL OR "JobType" = ?) AND (CAST(? AS TEXT) IS NULL OR "Status" = ?)""";

    private final JdbcDatabase db;
    private final String start;
    private final String finish;
    private final String get;
    private final String recent;
    private final String count;
    private final String types;
    private final String latest;
    private final String deleteEndedBefore;

    public JdbcJobRunStore(JdbcDatabase db, Dialect dialect) {
        this.db = db;
        this.start = dialect.sql("""
                INSERT INTO job_runs ("JobType", "Target", "StartedAt", "Status", "RowCount")
                VALUES (?, ?, ?, ?, 0)
                RETURNING "Id\"""");
        this.finish = dialect.sql("""
                UPDATE job_runs
                   SET "Status" = ?, "EndedAt" = ?, "RowCount" = ?, "Detail" = ?
                 WHERE "Id" = ?""");
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
        return db.write("record the start of job " + type, c -> {
            try (PreparedStatement ps = c.prepareStatement(start)) {
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
        int updated = db.write("record the end of job run " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(finish)) {
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
                JobStatus.fromWire(rs.getString(6)), rs.getLong(7), rs.getString(8));
    }
}
