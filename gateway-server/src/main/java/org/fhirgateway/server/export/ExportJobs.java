package org.fhirgateway.server.export;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.fhirgateway.server.store.SqlArrays;

/** The rows of {@code export_job}, {@code export_part}, {@code export_progress} and {@code export_file} (V80). */
final class ExportJobs {

    static final String ACCEPTED = "accepted";
    static final String RUNNING = "running";
    static final String COMPLETED = "completed";
    static final String FAILED = "failed";
    static final String CANCELLED = "cancelled";

    private static final String JOB_COLUMNS = "job_id, client_name, purpose, policy, scopes, request_url, base_url, "
            + "parameters, status, transaction_time, horizon_xid, created_at, completed_at, expires_at, failure";

    /** One job. */
    record Job(String id, String client, String purpose, String policy, Set<String> scopes, String requestUrl,
            String baseUrl, ExportParameters parameters, String status, long transactionTime, long horizonXid,
            long createdAt, Long completedAt, Long expiresAt, String failure) {
    }

    /** One claimed part: its type and, for a Group or patient subset, the patients it covers. */
    record Part(String jobId, int partNo, String type, List<String> members) {
    }

    /** Where a part stands. */
    record Progress(String pageToken, int fileNo, long fileBytes, long fileCount) {
    }

    /** A finished file. */
    record FileRow(String name, String type, boolean error, int partNo, int fileNo, long resources, long bytes) {
    }

    private ExportJobs() {
    }

    static void insert(Connection c, Job j) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO export_job (" + JOB_COLUMNS + ") VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL)")) {
            ps.setString(1, j.id());
            ps.setString(2, j.client());
            ps.setString(3, j.purpose());
            ps.setString(4, j.policy());
            ps.setArray(5, c.createArrayOf("text", j.scopes().toArray()));
            ps.setString(6, j.requestUrl());
            ps.setString(7, j.baseUrl());
            ps.setString(8, j.parameters().toJson());
            ps.setString(9, j.status());
            ps.setLong(10, j.transactionTime());
            ps.setLong(11, j.horizonXid());
            ps.setLong(12, j.createdAt());
            ps.executeUpdate();
        }
    }

    static Optional<Job> find(Connection c, String jobId) throws SQLException {
        return one(c, "SELECT " + JOB_COLUMNS + " FROM export_job WHERE job_id = ?", jobId);
    }

    /** The oldest accepted job no other node is planning, locked until the caller's transaction ends. */
    static Optional<Job> claimAccepted(Connection c) throws SQLException {
        return one(c, "SELECT " + JOB_COLUMNS + " FROM export_job WHERE status = '" + ACCEPTED + "' ORDER BY "
                + "created_at LIMIT 1 FOR UPDATE SKIP LOCKED", null);
    }

    private static Optional<Job> one(Connection c, String sql, String bind) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (bind != null) {
                ps.setString(1, bind);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(job(rs)) : Optional.empty();
            }
        }
    }

    private static Job job(ResultSet rs) throws SQLException {
        long completed = rs.getLong(13);
        Long completedAt = rs.wasNull() ? null : completed;
        long expires = rs.getLong(14);
        Long expiresAt = rs.wasNull() ? null : expires;
        return new Job(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Set.copyOf(SqlArrays.strings(rs.getArray(5))), rs.getString(6), rs.getString(7),
                ExportParameters.fromJson(rs.getString(8)), rs.getString(9), rs.getLong(10), rs.getLong(11),
                rs.getLong(12), completedAt, expiresAt, rs.getString(15));
    }

    static void addPart(Connection c, String jobId, int partNo, String type, List<String> members)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO export_part (job_id, part_no, res_type, members) "
                + "VALUES (?, ?, ?, ?)");
                PreparedStatement pr = c.prepareStatement("INSERT INTO export_progress (job_id, part_no, page_token, "
                        + "file_no, file_bytes, file_count) VALUES (?, ?, NULL, 1, 0, 0)")) {
            ps.setString(1, jobId);
            ps.setInt(2, partNo);
            ps.setString(3, type);
            ps.setArray(4, members == null ? null : c.createArrayOf("text", members.toArray()));
            ps.executeUpdate();
            pr.setString(1, jobId);
            pr.setInt(2, partNo);
            pr.executeUpdate();
        }
    }

    /**
     * The first open part of a running job that no other node holds, locked by the caller's transaction (kept open
     * while the part runs: the lock is the claim, released by commit, rollback or a lost connection).
     */
    static Optional<Part> claimPart(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT p.job_id, p.part_no, p.res_type, p.members FROM "
                + "export_part p JOIN export_job j ON j.job_id = p.job_id WHERE NOT p.done AND j.status = '"
                + RUNNING + "' ORDER BY j.created_at, p.part_no LIMIT 1 FOR UPDATE OF p SKIP LOCKED");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            Array members = rs.getArray(4);
            return Optional.of(new Part(rs.getString(1), rs.getInt(2), rs.getString(3),
                    members == null ? null : SqlArrays.strings(members)));
        }
    }

    static Progress progress(Connection c, Part p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT page_token, file_no, file_bytes, file_count FROM "
                + "export_progress WHERE job_id = ? AND part_no = ?")) {
            ps.setString(1, p.jobId());
            ps.setInt(2, p.partNo());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Progress(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getLong(4));
            }
        }
    }

    /**
     * Commits a page's progress with the files it finished, unless the job is no longer running (cancelled):
     * false then, and the part stops.
     */
    static boolean saveProgress(Connection c, Part p, Progress progress, List<FileRow> finished) throws SQLException {
        c.setAutoCommit(false);
        try {
            try (PreparedStatement ps = c.prepareStatement("UPDATE export_progress SET page_token = ?, file_no = ?, "
                    + "file_bytes = ?, file_count = ? WHERE job_id = ? AND part_no = ? AND EXISTS (SELECT 1 FROM "
                    + "export_job j WHERE j.job_id = ? AND j.status = '" + RUNNING + "')")) {
                ps.setString(1, progress.pageToken());
                ps.setInt(2, progress.fileNo());
                ps.setLong(3, progress.fileBytes());
                ps.setLong(4, progress.fileCount());
                ps.setString(5, p.jobId());
                ps.setInt(6, p.partNo());
                ps.setString(7, p.jobId());
                if (ps.executeUpdate() == 0) {
                    c.rollback();
                    return false;
                }
            }
            addFiles(c, p.jobId(), finished);
            c.commit();
            return true;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    static void addFiles(Connection c, String jobId, List<FileRow> files) throws SQLException {
        if (files.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO export_file (job_id, file_name, res_type, "
                + "is_error, part_no, file_no, resources, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (job_id, file_name) DO UPDATE SET resources = EXCLUDED.resources, "
                + "bytes = EXCLUDED.bytes")) {
            for (FileRow f : files) {
                ps.setString(1, jobId);
                ps.setString(2, f.name());
                ps.setString(3, f.type());
                ps.setBoolean(4, f.error());
                ps.setInt(5, f.partNo());
                ps.setInt(6, f.fileNo());
                ps.setLong(7, f.resources());
                ps.setLong(8, f.bytes());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Marks the claimed part done (in the claim's transaction) and, when it was the job's last, the job completed.
     * The job row is locked first, so of two nodes finishing the last two parts at once the second sees the first's.
     */
    static void finishPart(Connection claim, Part p, long now, long lifetimeMillis) throws SQLException {
        try (PreparedStatement ps = claim.prepareStatement("UPDATE export_part SET done = TRUE WHERE job_id = ? AND "
                + "part_no = ?")) {
            ps.setString(1, p.jobId());
            ps.setInt(2, p.partNo());
            ps.executeUpdate();
        }
        completeIfDone(claim, p.jobId(), now, lifetimeMillis);
    }

    static void completeIfDone(Connection c, String jobId, long now, long lifetimeMillis) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT status FROM export_job WHERE job_id = ? FOR UPDATE")) {
            lock.setString(1, jobId);
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next() || !RUNNING.equals(rs.getString(1))) {
                    return;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE export_job SET status = '" + COMPLETED + "', "
                + "completed_at = ?, expires_at = ? WHERE job_id = ? AND NOT EXISTS (SELECT 1 FROM export_part p "
                + "WHERE p.job_id = export_job.job_id AND NOT p.done)")) {
            ps.setLong(1, now);
            ps.setLong(2, now + lifetimeMillis);
            ps.setString(3, jobId);
            ps.executeUpdate();
        }
    }

    static void setStatus(Connection c, String jobId, String status, String failure, Long expiresAt)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE export_job SET status = ?, failure = ?, "
                + "expires_at = COALESCE(?, expires_at) WHERE job_id = ?")) {
            ps.setString(1, status);
            ps.setString(2, failure);
            ps.setObject(3, expiresAt);
            ps.setString(4, jobId);
            ps.executeUpdate();
        }
    }

    /** Done parts, all parts and resources written so far (committed), for {@code X-Progress}. */
    static long[] progressCounts(Connection c, String jobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT COUNT(*) FROM export_part WHERE job_id = ? "
                + "AND done), (SELECT COUNT(*) FROM export_part WHERE job_id = ?), (SELECT COALESCE(SUM(resources), 0) "
                + "FROM export_file WHERE job_id = ? AND NOT is_error) + (SELECT COALESCE(SUM(file_count), 0) FROM "
                + "export_progress WHERE job_id = ? AND page_token IS DISTINCT FROM '')")) {
            for (int i = 1; i <= 4; i++) {
                ps.setString(i, jobId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
            }
        }
    }

    static List<FileRow> files(Connection c, String jobId) throws SQLException {
        List<FileRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT file_name, res_type, is_error, part_no, file_no, "
                + "resources, bytes FROM export_file WHERE job_id = ? ORDER BY res_type, part_no, file_no")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new FileRow(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getInt(4),
                            rs.getInt(5), rs.getLong(6), rs.getLong(7)));
                }
            }
        }
        return out;
    }

    /** Jobs to remove: cancelled ones, and finished ones past their expiry. */
    static List<String> sweepable(Connection c, long now) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT job_id FROM export_job WHERE status = '" + CANCELLED
                + "' OR (expires_at IS NOT NULL AND expires_at < ?) LIMIT 100")) {
            ps.setLong(1, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Deletes a job's rows unless a node still holds one of its parts (then false: the next sweep takes it). */
    static boolean delete(Connection c, String jobId) throws SQLException {
        c.setAutoCommit(false);
        try {
            try (PreparedStatement lock = c.prepareStatement("SELECT 1 FROM export_part WHERE job_id = ? FOR UPDATE "
                    + "SKIP LOCKED"); PreparedStatement all = c.prepareStatement("SELECT COUNT(*) FROM export_part "
                    + "WHERE job_id = ?")) {
                lock.setString(1, jobId);
                int locked = 0;
                try (ResultSet rs = lock.executeQuery()) {
                    while (rs.next()) {
                        locked++;
                    }
                }
                all.setString(1, jobId);
                try (ResultSet rs = all.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) != locked) {
                        c.rollback();
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM export_job WHERE job_id = ?")) {
                ps.setString(1, jobId);
                ps.executeUpdate();
            }
            c.commit();
            return true;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
