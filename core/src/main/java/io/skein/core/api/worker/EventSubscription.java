package io.skein.core.api.worker;

import java.time.Duration;
import java.util.Optional;

/**
 * A live subscription to one event family (spec 02 §11). Delivery is at-least-once in commit order and never skips a
 * committed event. {@link #poll} throws {@code EngineException(StreamDisconnected{cursor})} when the stream is lost
 * (resubscribe from that cursor) and {@code EngineException(StreamBackpressure)} when events were dropped (re-read
 * state).
 */
public interface EventSubscription<E> extends AutoCloseable {

    /** The next event, waiting up to {@code timeout}; empty when none arrived in time. */
    Optional<E> poll(Duration timeout);

    /**
     * Where to resume after the events {@link #poll} has returned so far: the cursor of the last one, or the position
     * the subscription started from (a "from now" subscription's concrete start) before the first.
     */
    EventCursor cursor();

    /** Ends the subscription; never throws. */
    @Override
    void close();
}
