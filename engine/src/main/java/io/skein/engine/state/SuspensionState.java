package io.skein.engine.state;

import io.skein.core.id.ExecutionId;
import io.skein.core.id.WaitpointId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Suspensions, waitpoints and signals, read-only (spec 04 §1–§2). */
public interface SuspensionState {

    /** The execution's latest suspension, open or closed. */
    Optional<Suspension> load(ExecutionId id);

    Optional<Waitpoint> waitpoint(int partition, WaitpointId id);

    boolean waitpointExists(int partition, WaitpointId id);

    List<Waitpoint> waitpointsOf(ExecutionId executionId, UUID suspensionId);

    /** The execution's waitpoints that are not closed, by id after {@code after} (exclusive, null = first). */
    List<Waitpoint> openWaitpoints(ExecutionId executionId, WaitpointId after, int limit);

    boolean signalExists(ExecutionId executionId, UUID signalId);

    Optional<StoredSignal> signal(ExecutionId executionId, UUID signalId);

    /** Signals stored on a waitpoint, oldest first. */
    List<StoredSignal> signalsOf(ExecutionId executionId, UUID waitpointId);

    /** The signal id of a live dedup entry for (waitpoint, idempotency key), if any. */
    Optional<UUID> liveSignalDedup(int partition, UUID waitpointId, String idempotencyKey);

    /** How many signals the execution's waitpoints have recorded in all (the per-execution limit, spec 04 §2.4). */
    long recordedSignalCount(ExecutionId executionId);

    /** The ids of the signals that added a satisfier to the suspension, oldest first. */
    List<UUID> satisfierSignalIds(ExecutionId executionId, UUID suspensionId);

    /**
     * The outcome JSON a suspend with {@code idempotencyKey} stored on the execution, while it lives at {@code now}
     * (spec 04 §2.3 step 8).
     */
    Optional<String> storedSuspendOutcome(ExecutionId executionId, String idempotencyKey, long now);
}
