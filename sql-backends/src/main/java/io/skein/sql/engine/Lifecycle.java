package io.skein.sql.engine;

import io.skein.core.state.AttemptLifecycle;
import io.skein.core.state.AttemptState;
import io.skein.core.state.StateVector;
import io.skein.core.state.TerminalOutcome;
import io.skein.sql.stream.StreamKey;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The side effects the transition table of spec 01 §8 names again and again: release a lease, end an attempt,
 * close its stream, and finish an execution terminally (completion event, grants and quota admission released,
 * flow resolution through {@link TerminalListener}s in the same unit, D2).
 */
public final class Lifecycle {

    /** Work that must happen in the unit of every terminal transition (flow resolution, D2). */
    @FunctionalInterface
    public interface TerminalListener {
        void onTerminal(Tx tx, ExecCore execution);
    }

    private final List<TerminalListener> terminalListeners = new CopyOnWriteArrayList<>();

    public void addTerminalListener(TerminalListener listener) {
        terminalListeners.add(listener);
    }

    /**
     * "Release lease": the attempt keeps lease id/epoch/worker as history, loses its expiry and armed attempt
     * timeout; a {@code released} lease event records why.
     */
    public static void releaseLease(Tx tx, ExecCore e, Attempt a, String reason) {
        boolean hadLease = a.leaseExpiresAtMs != null;
        a.leaseExpiresAtMs = null;
        a.attemptTimeoutAtMs = null;
        if (hadLease) {
            OutboxStore.lease(tx, e, a.leaseId, a.leaseEpoch, a.workerInstanceId, "released", reason);
        }
        // an attempt ends (endAttempt) right before its lease is released: time the run it had
        if (a.lifecycle.isFinal() && a.startedAtMs != null && a.terminalAtMs != null) {
            tx.countAttemptEnded(e.laneId, a.lifecycle.wire(), Math.max(0, a.terminalAtMs - a.startedAtMs));
        }
    }

    /** Ends the attempt with a final lifecycle. */
    public static void endAttempt(Tx tx, Attempt a, AttemptLifecycle finalLifecycle) {
        a.lifecycle = finalLifecycle;
        a.terminalAtMs = tx.now();
    }

    /**
     * Closes the attempt's stream with {@code reason} (spec 04 §3.4); creates the meta row when no frame was ever
     * appended, so readers always learn that the stream ended. Closing twice keeps the first reason. Parked tails wake
     * after the commit.
     */
    public static void closeStream(Tx tx, ExecCore e, Attempt a, String reason) {
        tx.updateLater("INSERT INTO ff_stream_meta (partition_key, execution_id, attempt_index, attempt_id, created_at_ms, "
                        + "closed_at_ms, closed_reason) VALUES (?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (partition_key, execution_id, attempt_index) DO UPDATE SET "
                        + "closed_at_ms = COALESCE(ff_stream_meta.closed_at_ms, excluded.closed_at_ms), "
                        + "closed_reason = COALESCE(ff_stream_meta.closed_reason, excluded.closed_reason)",
                e.executionId.partition(), e.executionId.uuid(), a.attemptIndex, a.attemptId, tx.now(), tx.now(), reason);
        tx.publishStreamClosed(new StreamKey(e.executionId.partition(), e.executionId.uuid(), a.attemptIndex));
    }

    /**
     * Makes the execution terminal with {@code outcome}: vector, completion time, grants deleted, quota admission
     * released, completion event, then the terminal listeners (flow resolution) in the same unit.
     * {@code attemptTerminal} false keeps {@code attempt_state} (no attempt ever existed).
     */
    public void finishTerminal(Tx tx, ExecCore e, TerminalOutcome outcome, boolean attemptTerminal) {
        AttemptState att = attemptTerminal ? AttemptState.ATTEMPT_TERMINAL : e.state.attemptState();
        e.transition(StateVector.terminal(outcome, att), tx.now());
        e.terminalAtMs = tx.now();
        e.delayUntilMs = null;
        e.currentSuspensionId = null;
        e.currentWaitpointId = null;
        GrantStore.deleteAll(tx, e.executionId);
        releaseQuotaAdmission(tx, e);
        ExecCoreStore.save(tx, e);
        OutboxStore.completion(tx, e, outcome.wire(), e.flowId == null);
        for (TerminalListener l : terminalListeners) {
            l.onTerminal(tx, e);
        }
    }

    /** The engine frees an execution's quota slot in the unit of its terminal transition (spec 04 §5.3). */
    static void releaseQuotaAdmission(Tx tx, ExecCore e) {
        if (e.quotaPolicyId == null) {
            return;
        }
        String id = e.executionId.toString();
        tx.query("SELECT partition_key FROM ff_quota_admitted WHERE quota_policy_id = ? AND execution_id = ?",
                rs -> rs.getInt(1), e.quotaPolicyId, id).forEach(partition -> {
            tx.update("DELETE FROM ff_quota_admitted WHERE partition_key = ? AND quota_policy_id = ? AND execution_id = ?",
                    partition, e.quotaPolicyId, id);
            tx.update("UPDATE ff_quota_policy SET active_concurrency = CASE WHEN active_concurrency > 0 THEN active_concurrency - 1 ELSE 0 END, updated_at_ms = ? "
                    + "WHERE partition_key = ? AND quota_policy_id = ?", tx.now(), partition, e.quotaPolicyId);
        });
    }
}
