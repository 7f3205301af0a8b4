package io.skein.engine;

import io.skein.core.handle.HandleIssuer;
import io.skein.core.api.StreamFrameId;
import io.skein.core.id.ExecutionId;
import io.skein.engine.state.MutableEngineState;

/**
 * One unit of work as the engine sees it: the clock reading it decides at, the state it reads and writes, and the
 * effects that wait for its commit. Everything it writes commits together or not at all (spec 01 §1).
 */
public interface EngineUnit extends MutableEngineState {

    /** The clock reading of this unit: every timestamp it writes uses it. */
    long now();

    /** The same unit at another clock reading (one operation of a long unit sees the time of its own call). */
    EngineUnit at(long now);

    /** How this unit issues and reads handles: its backend's tag and the key it tags them with (spec 01 §12). */
    HandleIssuer handles();

    /**
     * A fresh id for what the decision mints (leases, attempts, internal grants). Passed in rather than drawn here,
     * so the same state, command and id source decide the same way.
     */
    java.util.UUID newId();

    /** Fills {@code bytes} from the unit's source of unguessable bytes (keyless grant keys, internal grant ids). */
    void randomBytes(byte[] bytes);

    /** A uniform draw in {@code [0, bound)} from {@link #randomBytes} (admission jitter). */
    default long randomBelow(long bound) {
        byte[] b = new byte[8];
        randomBytes(b);
        long bits = java.nio.ByteBuffer.wrap(b).getLong() >>> 1;
        return bits % bound;
    }

    /**
     * Counts a claim (a new or resumed lease) of an execution of {@code lane} that waited {@code waitedMs} since it
     * became claimable (schedule-to-start), once the unit commits.
     */
    void countClaim(String lane, long waitedMs);

    /** Times an attempt of {@code lane} that ended with {@code outcome} after {@code ranMs}, once the unit commits. */
    void countAttemptEnded(String lane, String outcome, long ranMs);

    /** Counts a lease the timers found expired once the unit commits. */
    void countLeaseExpiry();

    /** Wakes the tails of the stream once the unit has committed: frame {@code id} is readable then. */
    void frameAppended(ExecutionId id, int attemptIndex, StreamFrameId frameId);

    /** Wakes the tails of the stream once the unit has committed: it closed, so they re-read and return. */
    void streamClosed(ExecutionId id, int attemptIndex);

    /** Runs {@code action} once the unit has committed, never if it rolls back (e.g. asking for a follow-up unit). */
    void afterCommit(Runnable action);
}
