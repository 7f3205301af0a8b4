package io.skein.engine.state;

import io.skein.core.id.ExecutionId;
import java.util.UUID;

/** Writes of suspensions, waitpoints and signals. */
public interface MutableSuspensionState extends SuspensionState {

    /** Makes {@code s} the execution's current suspension row (replacing an older, closed one). */
    void replace(Suspension s);

    void save(Suspension s);

    /**
     * Closes the execution's open suspension and every waitpoint not yet closed with {@code reason} at {@code now}
     * (cancel, deadline, skip).
     */
    void closeOpen(ExecutionId executionId, String reason, long now);

    void insert(Waitpoint w);

    void save(Waitpoint w);

    /** Closes every waitpoint of the suspension that is not closed yet with {@code reason}. */
    void closeWaitpointsOf(ExecutionId executionId, UUID suspensionId, String reason);

    void insert(StoredSignal s);

    /** Writes a signal's evaluation back: suspension, effect, matched, satisfier. */
    void saveEvaluation(StoredSignal s);

    /** Keeps the newest {@code maxlen} signals of the waitpoint that satisfied nothing. */
    void trimNonSatisfiers(ExecutionId executionId, UUID waitpointId, int maxlen);

    /** Records (or, over an expired entry, replaces) the dedup entry of a signal. */
    void putSignalDedup(int partition, UUID waitpointId, String idempotencyKey, UUID signalId, long expiresAtMs);

    /**
     * Stores a suspend's outcome JSON under its idempotency key until {@code expiresAtMs}, replacing an older entry
     * of the key.
     */
    void storeSuspendOutcome(ExecutionId executionId, String idempotencyKey, String outcomeJson, long now,
                             long expiresAtMs);
}
