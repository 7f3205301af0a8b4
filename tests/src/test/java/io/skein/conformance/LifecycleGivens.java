package io.skein.conformance;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.Handle;
import io.skein.core.api.LeaseFence;
import io.skein.core.api.policy.ExecutionPolicy;
import io.skein.core.api.scheduler.ClaimExecutionArgs;
import io.skein.core.handle.HandleCodec;
import io.skein.core.handle.HandleFields;
import io.skein.core.id.AttemptId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.LeaseId;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.state.PublicState;
import java.util.UUID;

/**
 * Givens and raw-state readers shared by the lifecycle checklists (C, D, E, F) and the seed scenarios 002 and 003:
 * raw executions and grants staged exactly as the seeds do (partition 0), and readers of the newest attempt row,
 * the outboxes and the stream meta.
 */
abstract class LifecycleGivens extends Conformance {

    // ------------------------------------------------------------------------------------------ raw fixtures

    /** Seed 002/003 {@code seed_runnable}: a raw runnable, eligible row on partition 0 with no attempt yet. */
    ExecutionId seedRunnable(String lane) {
        ExecutionId id = idOnPartition(0);
        fx.exec("INSERT INTO ff_exec_core (partition_key, execution_id, flow_id, lane_id, attempt_index, "
                + "lifecycle_phase, ownership_state, eligibility_state, public_state, attempt_state, priority, "
                + "created_at_ms, raw_fields) VALUES (0, ?, NULL, ?, 0, 'runnable', 'unowned', 'eligible_now', "
                + "'waiting', 'pending_first_attempt', 0, ?, '{}')", id.uuid(), lane, clock.millis());
        return id;
    }

    /** Seed 002 {@code seed_grant}: a raw {@code claim} grant for {@code workerId} (instance {@code wi}). */
    void seedGrant(ExecutionId id, String workerId, long expiresAtMs) {
        seedGrant(id, "claim", workerId, expiresAtMs);
    }

    void seedGrant(ExecutionId id, String kind, String workerId, long expiresAtMs) {
        // a fixture grant replaces a Kafka-mode lane grant of the execution (spec 05 §7 "Tests")
        fx.exec("INSERT INTO ff_claim_grant (partition_key, grant_id, execution_id, kind, worker_id, "
                + "worker_instance_id, lane_id, capability_hash, worker_capabilities, route_snapshot_json, "
                + "admission_summary, grant_ttl_ms, issued_at_ms, expires_at_ms) VALUES (?, ?, ?, ?, ?, 'wi', "
                + "'default', NULL, '[]', NULL, NULL, 60000, ?, ?) ON CONFLICT (partition_key, execution_id, kind) "
                + "DO UPDATE SET grant_id = excluded.grant_id, worker_id = excluded.worker_id, "
                + "worker_instance_id = excluded.worker_instance_id, lane_id = excluded.lane_id, "
                + "worker_capabilities = excluded.worker_capabilities, grant_ttl_ms = excluded.grant_ttl_ms, "
                + "issued_at_ms = excluded.issued_at_ms, expires_at_ms = excluded.expires_at_ms "
                + "WHERE ff_claim_grant.worker_id = '*'", id.partition(), randomGrantId(), id.uuid(),
                kind, workerId, clock.millis(), expiresAtMs);
    }

    /** Internal grants are identified by 16 random bytes (spec 05 §1.4). */
    static byte[] randomGrantId() {
        byte[] id = new byte[16];
        new java.security.SecureRandom().nextBytes(id);
        return id;
    }

    /** Seed 002 {@code fresh_args}: worker-1 / wi-1, TTL 60 000, new lease and attempt ids. */
    ClaimExecutionArgs claimArgs(ExecutionId id, String workerId) {
        return new ClaimExecutionArgs(id, WorkerId.of(workerId), WorkerInstanceId.of(workerId + "-i1"),
                LaneId.of("default"), LeaseId.random(), 60_000, AttemptId.random(), 0, "", null, null,
                clock.millis(), null);
    }

    void setCore(ExecutionId id, String assignments) {
        fx.exec("UPDATE ff_exec_core SET " + assignments + " WHERE partition_key = ? AND execution_id = ?",
                id.partition(), id.uuid());
    }

    // ------------------------------------------------------------------------------------------ givens

    ExecutionId created(String policyJson) {
        return created(0, ExecutionPolicy.parse(policyJson));
    }

    Handle claimedBy(String worker) {
        return backend.claim(LANE, CapabilitySet.EMPTY, workerPolicy(worker))
                .orElseThrow(() -> new AssertionError("expected an execution to claim"));
    }

    Handle claimedWithTtl(String worker, int ttlMs) {
        return backend.claim(LANE, CapabilitySet.EMPTY, new ClaimPolicy(WorkerId.of(worker),
                WorkerInstanceId.of(worker + "-i1"), ttlMs, null))
                .orElseThrow(() -> new AssertionError("expected an execution to claim"));
    }

    static HandleFields fields(Handle h) {
        return HandleCodec.peek(h);
    }

    static LeaseFence fence(Handle h) {
        HandleFields f = fields(h);
        return new LeaseFence(f.leaseId(), f.leaseEpoch(), f.attemptId());
    }

    static LeaseFence fenceWithEpoch(Handle h, long epoch) {
        HandleFields f = fields(h);
        return new LeaseFence(f.leaseId(), epoch, f.attemptId());
    }

    // ------------------------------------------------------------------------------------------ raw readers

    private static final String SQL_NULL = "<sql null>";

    /** The fixture port has no SQL NULL for a present row, so NULL columns are read through a marker. */
    private static String nullable(String column) {
        return "COALESCE(CAST(" + column + " AS TEXT), '" + SQL_NULL + "')";
    }

    private static String orNull(String value) {
        return SQL_NULL.equals(value) ? null : value;
    }

    /** The current attempt's id, as {@code describeExecution} reports it. */
    AttemptId currentAttemptId(ExecutionId id) {
        return backend.describeExecution(id).orElseThrow().currentAttempt().attemptId();
    }

    String core(ExecutionId id, String column) {
        return orNull(fx.queryString("SELECT " + nullable(column) + " FROM ff_exec_core WHERE partition_key = ? "
                + "AND execution_id = ?", id.partition(), id.uuid()));
    }

    /** A column of the newest {@code ff_attempt} row (text, or null when SQL NULL). */
    String latestAttempt(ExecutionId id, String column) {
        return orNull(fx.queryString("SELECT " + nullable(column) + " FROM ff_attempt WHERE partition_key = ? "
                + "AND execution_id = ? ORDER BY attempt_index DESC LIMIT 1", id.partition(), id.uuid()));
    }

    String attempt(ExecutionId id, int index, String column) {
        return orNull(fx.queryString("SELECT " + nullable(column) + " FROM ff_attempt WHERE partition_key = ? "
                + "AND execution_id = ? AND attempt_index = ?", id.partition(), id.uuid(), index));
    }

    String streamClosedReason(ExecutionId id, int attemptIndex) {
        return orNull(fx.queryString("SELECT " + nullable("closed_reason") + " FROM ff_stream_meta WHERE "
                + "partition_key = ? AND execution_id = ? AND attempt_index = ?", id.partition(), id.uuid(),
                attemptIndex));
    }

    long completionEvents(ExecutionId id, String outcome) {
        return fx.queryLong("SELECT COUNT(*) FROM ff_completion_event WHERE partition_key = ? AND execution_id = ? "
                + "AND outcome = ?", id.partition(), id.uuid(), outcome);
    }

    long leaseEvents(ExecutionId id, String type, String reason) {
        return reason == null
                ? fx.queryLong("SELECT COUNT(*) FROM ff_lease_event WHERE partition_key = ? AND execution_id = ? "
                        + "AND event_type = ?", id.partition(), id.uuid(), type)
                : fx.queryLong("SELECT COUNT(*) FROM ff_lease_event WHERE partition_key = ? AND execution_id = ? "
                        + "AND event_type = ? AND reason = ?", id.partition(), id.uuid(), type, reason);
    }

    long grants(ExecutionId id, String kind) {
        // Kafka mode's lane grants (worker '*', spec 05 §7) are dispatch bookkeeping, not grants a caller made.
        return fx.queryLong("SELECT COUNT(*) FROM ff_claim_grant WHERE partition_key = ? AND execution_id = ? "
                + "AND kind = ? AND worker_id <> '*'", id.partition(), id.uuid(), kind);
    }

    PublicState state(ExecutionId id) {
        return backend.readExecutionState(id).orElseThrow(() -> new AssertionError("no execution " + id));
    }

    /** Runs the due timers after moving the clock, as the manual-clock harness does. */
    void advanceAndRunDue(long ms) {
        clock.advance(ms);
        under.runDue();
    }
}
