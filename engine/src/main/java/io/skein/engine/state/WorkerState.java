package io.skein.engine.state;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The worker registry (spec 02 §10), read-only. */
public interface WorkerState {

    /** The capabilities of each worker of {@code namespace} whose heartbeat is live at {@code now}, one set each. */
    List<Set<String>> liveCapabilities(String namespace, long now);

    /** The stored registration of the instance in {@code namespace}, live or lapsed; empty when there is none. */
    Optional<WorkerRegistration> registration(String namespace, String workerInstanceId);

    /**
     * Registrations the TTL sweep removes at {@code now} ({@code last_heartbeat + ttl < now}), by namespace and
     * instance id, at most {@code limit}; a write unit locks them (other units pass them over).
     */
    List<WorkerRegistration> lapsed(long now, int limit);
}
