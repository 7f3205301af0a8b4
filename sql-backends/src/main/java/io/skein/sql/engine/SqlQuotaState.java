package io.skein.sql.engine;

import io.skein.core.api.QuotaPolicyLimits;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.QuotaPolicyId;
import io.skein.engine.state.MutableQuotaState;
import java.util.Optional;

/**
 * Quota policies over {@code ff_quota_policy} (limits and the concurrency counter {@code active_concurrency}),
 * {@code ff_quota_window} (the sliding-window log) and {@code ff_quota_admitted} (the admission guards), in one unit
 * of work. Policy and execution ids are stored as text.
 */
final class SqlQuotaState implements MutableQuotaState {

    private final Tx tx;

    SqlQuotaState(Tx tx) {
        this.tx = tx;
    }

    // ------------------------------------------------------------------------------------------ reads

    @Override
    public Optional<QuotaPolicyLimits> limits(int partition, QuotaPolicyId policy) {
        return tx.queryOne("SELECT max_requests_per_window, requests_per_window_seconds, active_concurrency_cap, "
                        + "jitter_ms FROM ff_quota_policy WHERE partition_key = ? AND quota_policy_id = ?"
                        + tx.forUpdate(),
                rs -> new QuotaPolicyLimits(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)), partition,
                policy.toString());
    }

    @Override
    public boolean admitted(int partition, QuotaPolicyId policy, ExecutionId execution, long now) {
        return tx.queryLong("SELECT COUNT(*) FROM ff_quota_admitted WHERE partition_key = ? AND quota_policy_id = ? "
                + "AND execution_id = ? AND expires_at_ms > ?", partition, policy.toString(), execution.toString(),
                now) > 0;
    }

    @Override
    public long windowEntries(int partition, QuotaPolicyId policy, String dimension, long afterMs) {
        return tx.queryLong("SELECT COUNT(*) FROM ff_quota_window WHERE partition_key = ? AND quota_policy_id = ? "
                + "AND dimension = ? AND admitted_at_ms > ?", partition, policy.toString(), dimension, afterMs);
    }

    @Override
    public long oldestWindowEntry(int partition, QuotaPolicyId policy, String dimension) {
        return tx.queryLong("SELECT MIN(admitted_at_ms) FROM ff_quota_window WHERE partition_key = ? "
                + "AND quota_policy_id = ? AND dimension = ?", partition, policy.toString(), dimension);
    }

    @Override
    public long activeConcurrency(int partition, QuotaPolicyId policy) {
        return tx.queryLong("SELECT active_concurrency FROM ff_quota_policy WHERE partition_key = ? "
                + "AND quota_policy_id = ?", partition, policy.toString());
    }

    @Override
    public long admissions(int partition, QuotaPolicyId policy) {
        return tx.queryLong("SELECT COUNT(*) FROM ff_quota_admitted WHERE partition_key = ? AND quota_policy_id = ?",
                partition, policy.toString());
    }

    // ------------------------------------------------------------------------------------------ writes

    @Override
    public void insert(int partition, QuotaPolicyId policy, long windowSeconds, long maxRequestsPerWindow,
                       long maxConcurrent, long now) {
        tx.update("INSERT INTO ff_quota_policy (partition_key, quota_policy_id, requests_per_window_seconds, "
                        + "max_requests_per_window, active_concurrency_cap, active_concurrency, jitter_ms, created_at_ms, "
                        + "updated_at_ms) VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?)",
                partition, policy.toString(), windowSeconds, maxRequestsPerWindow, maxConcurrent, now, now);
    }

    @Override
    public int trimWindow(int partition, QuotaPolicyId policy, String dimension, long cutoffMs) {
        return tx.update("DELETE FROM ff_quota_window WHERE partition_key = ? AND quota_policy_id = ? AND dimension = ? "
                + "AND admitted_at_ms <= ?", partition, policy.toString(), dimension, cutoffMs);
    }

    @Override
    public int trimWindows(int partition, QuotaPolicyId policy, long cutoffMs) {
        return tx.update("DELETE FROM ff_quota_window WHERE partition_key = ? AND quota_policy_id = ? "
                + "AND admitted_at_ms <= ?", partition, policy.toString(), cutoffMs);
    }

    @Override
    public void admit(int partition, QuotaPolicyId policy, String dimension, ExecutionId execution, long now,
                      long expiresAtMs) {
        String id = policy.toString();
        String exec = execution.toString();
        tx.update("DELETE FROM ff_quota_window WHERE partition_key = ? AND quota_policy_id = ? AND dimension = ? "
                + "AND execution_id = ?", partition, id, dimension, exec);
        tx.update("INSERT INTO ff_quota_window (partition_key, quota_policy_id, dimension, admitted_at_ms, "
                + "execution_id) VALUES (?, ?, ?, ?, ?)", partition, id, dimension, now, exec);
        tx.update("INSERT INTO ff_quota_admitted (partition_key, quota_policy_id, execution_id, admitted_at_ms, "
                + "expires_at_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (partition_key, quota_policy_id, execution_id) "
                + "DO UPDATE SET admitted_at_ms = excluded.admitted_at_ms, expires_at_ms = excluded.expires_at_ms",
                partition, id, exec, now, expiresAtMs);
    }

    @Override
    public void takeSlot(int partition, QuotaPolicyId policy, long now) {
        tx.update("UPDATE ff_quota_policy SET active_concurrency = active_concurrency + 1, updated_at_ms = ? "
                + "WHERE partition_key = ? AND quota_policy_id = ?", now, partition, policy.toString());
    }

    @Override
    public boolean releaseAdmission(int partition, QuotaPolicyId policy, ExecutionId execution, long now) {
        return release(partition, policy.toString(), execution.toString(), now);
    }

    @Override
    public void releaseAdmission(String quotaPolicyId, ExecutionId execution, long now) {
        if (quotaPolicyId == null) {
            return;
        }
        String exec = execution.toString();
        tx.query("SELECT partition_key FROM ff_quota_admitted WHERE quota_policy_id = ? AND execution_id = ?",
                rs -> rs.getInt(1), quotaPolicyId, exec).forEach(partition -> release(partition, quotaPolicyId, exec, now));
    }

    /** Deletes the guard and, when there was one, frees its slot (floor 0). */
    private boolean release(int partition, String policy, String execution, long now) {
        int deleted = tx.update("DELETE FROM ff_quota_admitted WHERE partition_key = ? AND quota_policy_id = ? "
                + "AND execution_id = ?", partition, policy, execution);
        if (deleted > 0) {
            tx.update("UPDATE ff_quota_policy SET active_concurrency = CASE WHEN active_concurrency > 0 "
                    + "THEN active_concurrency - 1 ELSE 0 END, updated_at_ms = ? WHERE partition_key = ? "
                    + "AND quota_policy_id = ?", now, partition, policy);
        }
        return deleted > 0;
    }

    @Override
    public int dropExpiredAdmissions(int partition, QuotaPolicyId policy, long now) {
        return tx.update("DELETE FROM ff_quota_admitted WHERE partition_key = ? AND quota_policy_id = ? "
                + "AND expires_at_ms <= ?", partition, policy.toString(), now);
    }

    @Override
    public void setActiveConcurrency(int partition, QuotaPolicyId policy, long active, long now) {
        tx.update("UPDATE ff_quota_policy SET active_concurrency = ?, updated_at_ms = ? WHERE partition_key = ? "
                + "AND quota_policy_id = ?", active, now, partition, policy.toString());
    }
}
