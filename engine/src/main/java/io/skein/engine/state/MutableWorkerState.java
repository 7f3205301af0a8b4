package io.skein.engine.state;

/** The worker registry's writes: registrations and their event log ({@code ff_worker_registry_event}). */
public interface MutableWorkerState extends WorkerState {

    /** The event kinds of {@code ff_worker_registry_event} (spec 05). */
    enum EventKind {
        REGISTERED("registered"),
        HEARTBEAT("heartbeat"),
        MARKED_DEAD("marked_dead"),
        TTL_SWEPT("ttl_swept");

        private final String wire;

        EventKind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** Stores {@code registration}, replacing the row of the same (namespace, instance id). */
    void put(WorkerRegistration registration);

    /** Deletes the registration of the instance in {@code namespace}, if any. */
    void delete(String namespace, String workerInstanceId);

    /**
     * Logs an event of the instance at {@code atMs} with an optional {@code reason}; an event of the same kind at the
     * same instant is already logged and is kept as it is.
     */
    void logEvent(String namespace, String workerInstanceId, long atMs, EventKind kind, String reason);
}
