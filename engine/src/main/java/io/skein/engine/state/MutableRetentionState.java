package io.skein.engine.state;

import io.skein.core.id.ExecutionId;

/** Retention's deletes. */
public interface MutableRetentionState extends RetentionState {

    /**
     * Deletes the execution and every row subordinate to it: attempts, grants, stream frames, meta and summary,
     * suspension, waitpoints, signals and their dedup entries, suspend dedup, idempotency, flow-cancel backlog
     * membership, outbox rows, quota rows.
     */
    void purge(ExecutionId id);

    /** Deletes the entries of {@code set} (one that carries an expiry) that expired at or before {@code now}. */
    int deleteExpired(Housekeeping set, long now);

    /** Deletes the events of {@code set} (a history log) that occurred before {@code cutoffMs}. */
    int deleteEventsBefore(Housekeeping set, long cutoffMs);
}
