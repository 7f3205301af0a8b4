package io.skein.engine.state.memory;

import io.skein.engine.state.MutableWorkerState;
import io.skein.engine.state.WorkerRegistration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The worker registry in memory, journaled by the {@link InMemoryEngineState} it belongs to: registrations by
 * (namespace, instance id) and the event log, whose rows are kept by their primary key as on SQL.
 */
final class InMemoryWorkerState implements MutableWorkerState {

    private record Key(String namespace, String workerInstanceId) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = namespace.compareTo(o.namespace);
            return c != 0 ? c : workerInstanceId.compareTo(o.workerInstanceId);
        }
    }

    private record EventKey(Key worker, long atMs, String kind) {}

    private final InMemoryEngineState state;
    private final Map<Key, WorkerRegistration> registrations = new TreeMap<>();
    private final Map<EventKey, InMemoryEngineState.WorkerEvent> events = new java.util.LinkedHashMap<>();

    InMemoryWorkerState(InMemoryEngineState state) {
        this.state = state;
    }

    @Override
    public List<Set<String>> liveCapabilities(String namespace, long now) {
        List<Set<String>> live = new ArrayList<>();
        for (WorkerRegistration r : registrations.values()) {
            if (r.namespace().equals(namespace) && r.expiresAtMs() >= now) {
                live.add(r.capabilities());
            }
        }
        return live;
    }

    @Override
    public Optional<WorkerRegistration> registration(String namespace, String workerInstanceId) {
        return Optional.ofNullable(registrations.get(new Key(namespace, workerInstanceId)));
    }

    @Override
    public List<WorkerRegistration> lapsed(long now, int limit) {
        return registrations.values().stream().filter(r -> r.lapsedBefore(now)).limit(limit).toList();
    }

    @Override
    public void put(WorkerRegistration registration) {
        state.put(registrations, new Key(registration.namespace(), registration.workerInstanceId()), registration);
    }

    @Override
    public void delete(String namespace, String workerInstanceId) {
        state.remove(registrations, new Key(namespace, workerInstanceId));
    }

    @Override
    public void logEvent(String namespace, String workerInstanceId, long atMs, EventKind kind, String reason) {
        EventKey key = new EventKey(new Key(namespace, workerInstanceId), atMs, kind.wire());
        if (!events.containsKey(key)) {
            state.put(events, key, new InMemoryEngineState.WorkerEvent(namespace, workerInstanceId, atMs, kind.wire(), reason));
        }
    }

    /** The event log, oldest first. */
    List<InMemoryEngineState.WorkerEvent> events() {
        return List.copyOf(events.values());
    }

    /** Deletes the events that occurred before {@code cutoffMs} (housekeeping); returns how many. */
    int deleteEventsBefore(long cutoffMs) {
        List<EventKey> old = events.keySet().stream().filter(k -> k.atMs() < cutoffMs).toList();
        old.forEach(k -> state.remove(events, k));
        return old.size();
    }
}
