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

    /** Ends the subscription; never throws. */
    @Override
    void close();
}
