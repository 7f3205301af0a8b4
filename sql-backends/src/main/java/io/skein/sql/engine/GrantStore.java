package io.skein.sql.engine;

import io.skein.engine.state.Grant;

import io.skein.core.id.ExecutionId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Reads and writes {@code ff_claim_grant}: at most one grant of a kind per execution. */
public final class GrantStore {

    private static final String COLUMNS = "partition_key, grant_id, execution_id, kind, worker_id, worker_instance_id, "
            + "lane_id, capability_hash, worker_capabilities, route_snapshot_json, admission_summary, grant_ttl_ms, "
            + "issued_at_ms, expires_at_ms";

    private GrantStore() {}

    public static Optional<Grant> find(Tx tx, ExecutionId id, String kind) {
        return tx.queryOne("SELECT " + COLUMNS + " FROM ff_claim_grant WHERE partition_key = ? AND execution_id = ? "
                + "AND kind = ?", rs -> map(tx, id, rs), id.partition(), id.uuid(), kind);
    }

    public static Optional<Grant> findById(Tx tx, ExecutionId id, byte[] grantId) {
        return tx.queryOne("SELECT " + COLUMNS + " FROM ff_claim_grant WHERE partition_key = ? AND grant_id = ?",
                rs -> map(tx, id, rs), id.partition(), grantId);
    }

    /** Any grant of any kind for the execution. */
    public static Optional<Grant> any(Tx tx, ExecutionId id) {
        return tx.queryOne("SELECT " + COLUMNS + " FROM ff_claim_grant WHERE partition_key = ? AND execution_id = ? "
                + "ORDER BY kind LIMIT 1", rs -> map(tx, id, rs), id.partition(), id.uuid());
    }

    public static void insert(Tx tx, Grant g) {
        tx.touched(g.executionId());
        tx.updateLater("INSERT INTO ff_claim_grant (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                g.executionId().partition(), g.grantId(), g.executionId().uuid(), g.kind(), g.workerId(),
                g.workerInstanceId(), g.laneId(), g.capabilityHash(), g.workerCapabilities(), g.routeSnapshotJson(),
                g.admissionSummary(), g.grantTtlMs(), g.issuedAtMs(), g.expiresAtMs());
    }

    public static void delete(Tx tx, Grant g) {
        tx.touched(g.executionId());
        tx.updateLater("DELETE FROM ff_claim_grant WHERE partition_key = ? AND grant_id = ?",
                g.executionId().partition(), g.grantId());
    }

    /** Deletes every grant of the execution (terminal transitions, cancellation). */
    public static void deleteAll(Tx tx, ExecutionId id) {
        tx.touched(id);
        tx.updateLater("DELETE FROM ff_claim_grant WHERE partition_key = ? AND execution_id = ?", id.partition(), id.uuid());
    }

    private static Grant map(Tx tx, ExecutionId requested, ResultSet rs) throws SQLException {
        ExecutionId id = new ExecutionId(rs.getInt("partition_key"), tx.uuid(rs, "execution_id"));
        return new Grant(id, rs.getBytes("grant_id"), rs.getString("kind"), rs.getString("worker_id"),
                rs.getString("worker_instance_id"), rs.getString("lane_id"), rs.getString("capability_hash"),
                rs.getString("worker_capabilities"), rs.getString("route_snapshot_json"),
                rs.getString("admission_summary"), rs.getLong("grant_ttl_ms"), rs.getLong("issued_at_ms"),
                rs.getLong("expires_at_ms"));
    }
}
