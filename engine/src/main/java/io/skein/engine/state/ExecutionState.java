package io.skein.engine.state;

import io.skein.core.error.EngineError;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import java.util.List;
import java.util.Optional;

/** Executions and their attempts, read-only: what the decisions ask of {@code ff_exec_core} and {@code ff_attempt}. */
public interface ExecutionState {

    /** An execution and its current attempt (null when it has none), read together. */
    record WithAttempt(ExecCore execution, Attempt current) {}

    /**
     * The execution, or empty. In a unit that may write it the row is also locked (PostgreSQL), so units on one
     * execution serialise.
     */
    Optional<ExecCore> load(ExecutionId id);

    /** The execution (locked as {@link #load} does) and its current attempt. */
    Optional<WithAttempt> loadWithCurrent(ExecutionId id);

    boolean exists(ExecutionId id);

    Optional<Attempt> attempt(ExecutionId id, int attemptIndex);

    /** The highest lease epoch any attempt of the execution ever held (0 before the first claim). */
    long maxEpoch(ExecutionId id);

    /** The execution an unexpired idempotency key of {@code namespace} names on {@code partition}, if any. */
    Optional<ExecutionId> idempotentOriginal(int partition, String namespace, String idempotencyKey, long now);

    /**
     * Claim candidates of {@code lane}: runnable, eligible executions holding no grant that is live at {@code now},
     * in claim order (priority desc, created_at asc, id; spec 01 §9) and after {@code after} when given, at most
     * {@code limit}, with their current attempts. In a unit that may write them the rows are locked, skipping rows
     * other units hold (PostgreSQL {@code SKIP LOCKED}).
     */
    List<WithAttempt> readyCandidates(LaneId lane, long now, ExecCore after, int limit);

    /**
     * Kafka mode's grant candidates: runnable, eligible executions of {@code lane} on {@code partition} that hold no
     * grant row at all, in claim order, at most {@code limit}.
     */
    List<ExecutionId> laneGrantCandidates(int partition, String lane, int limit);

    /** {@link #load}, or {@code NotFound(execution)}. */
    default ExecCore require(ExecutionId id) {
        return load(id).orElseThrow(() -> EngineError.notFound("execution"));
    }

    /** {@link #loadWithCurrent}, or {@code NotFound(execution)}. */
    default WithAttempt requireWithCurrent(ExecutionId id) {
        return loadWithCurrent(id).orElseThrow(() -> EngineError.notFound("execution"));
    }

    /** The current attempt of {@code e}, or null before its first claim. */
    default Attempt currentAttempt(ExecCore e) {
        return e.totalAttemptCount == 0 ? null : attempt(e.executionId, e.attemptIndex).orElse(null);
    }
}
