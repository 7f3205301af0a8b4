package io.skein.engine.state;

import io.skein.core.id.ExecutionId;

/** Writes of claim grants. */
public interface MutableGrantState extends GrantState {

    void insert(Grant g);

    void delete(Grant g);

    /** Deletes every grant expired at {@code now} (timer 7); returns how many. */
    int deleteExpired(long now);

    /** Deletes the execution's grants expired at {@code now}, {@code grantId}'s alone when given; returns how many. */
    int deleteExpired(ExecutionId id, byte[] grantId, long now);

    /** Deletes every grant of the execution. */
    void deleteAll(ExecutionId id);
}
