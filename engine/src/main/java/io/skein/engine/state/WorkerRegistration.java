package io.skein.engine.state;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One row of the worker registry (spec 05 {@code ff_worker_registry}): identity is (namespace, instance id); lanes
 * and capabilities are kept sorted.
 */
public record WorkerRegistration(
        String namespace,
        String workerInstanceId,
        String workerId,
        SortedSet<String> lanes,
        SortedSet<String> capabilities,
        long lastHeartbeatMs,
        long livenessTtlMs,
        long registeredAtMs) {

    public WorkerRegistration {
        lanes = Collections.unmodifiableSortedSet(new TreeSet<>(lanes));
        capabilities = Collections.unmodifiableSortedSet(new TreeSet<>(capabilities));
    }

    /** When the registration lapses unless heartbeated: {@code last_heartbeat_ms + liveness_ttl_ms}. */
    public long expiresAtMs() {
        return lastHeartbeatMs + livenessTtlMs;
    }

    /** Whether the registration is live at {@code now} (spec 02 §10: while {@code last_heartbeat + ttl > now}). */
    public boolean liveAt(long now) {
        return expiresAtMs() > now;
    }

    /** Whether the TTL sweep removes it at {@code now} (spec 05 §4 row 16: {@code last_heartbeat + ttl < now}). */
    public boolean lapsedBefore(long now) {
        return expiresAtMs() < now;
    }

    /** The same registration heartbeated at {@code now}. */
    public WorkerRegistration heartbeatAt(long now) {
        return new WorkerRegistration(namespace, workerInstanceId, workerId, lanes, capabilities, now, livenessTtlMs,
                registeredAtMs);
    }
}
