package io.skein.engine.processing;

import io.skein.core.api.worker.HeartbeatWorkerArgs;
import io.skein.core.api.worker.HeartbeatWorkerResult;
import io.skein.core.api.worker.MarkWorkerDeadArgs;
import io.skein.core.api.worker.MarkWorkerDeadResult;
import io.skein.core.api.worker.RegisterWorkerArgs;
import io.skein.core.api.worker.RegisterWorkerResult;
import io.skein.core.error.EngineError;
import io.skein.core.id.LaneId;
import io.skein.engine.EngineUnit;
import io.skein.engine.state.MutableWorkerState;
import io.skein.engine.state.MutableWorkerState.EventKind;
import io.skein.engine.state.WorkerRegistration;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The worker registry's decisions (spec 02 §10): register (an idempotent overwrite), heartbeat, mark dead, and the
 * TTL sweep of spec 05 §4 row 16. Identity is (namespace, instance id); each change logs its event in the same unit.
 * The arguments were validated by their records (namespace required, reason length and characters), so the only
 * rejection left is a reassigned instance id, checked before anything is written.
 */
public final class WorkerRegistryHandlers {

    /** Registrations one sweep pass removes at most; the next pass takes the rest. */
    public static final int SWEEP_BATCH = 1_000;

    /**
     * Stores the registration with heartbeat = registered_at = now. {@code Registered} when no live registration
     * existed, {@code Refreshed} when one was overwritten. A live registration of the same instance under another
     * worker id rejects it ({@code InvalidInput("instance_id reassigned")}); a lapsed one is as good as gone.
     */
    public RegisterWorkerResult register(EngineUnit unit, RegisterWorkerArgs args) {
        MutableWorkerState workers = unit.workers();
        String namespace = args.namespace().value();
        String instance = args.workerInstanceId().value();
        long now = unit.now();
        Optional<WorkerRegistration> live = live(unit, namespace, instance);
        if (live.isPresent() && !live.get().workerId().equals(args.workerId().value())) {
            throw EngineError.invalidInput("instance_id reassigned");
        }
        TreeSet<String> lanes = new TreeSet<>();
        for (LaneId lane : args.lanes()) {
            lanes.add(lane.value());
        }
        workers.put(new WorkerRegistration(namespace, instance, args.workerId().value(), lanes,
                args.capabilities().tokens(), now, args.livenessTtlMs(), now));
        workers.logEvent(namespace, instance, now, EventKind.REGISTERED, null);
        return live.isPresent() ? new RegisterWorkerResult.Refreshed() : new RegisterWorkerResult.Registered();
    }

    /** Moves a live registration's heartbeat to now; {@code NotRegistered} (nothing written) when none is live. */
    public HeartbeatWorkerResult heartbeat(EngineUnit unit, HeartbeatWorkerArgs args) {
        MutableWorkerState workers = unit.workers();
        long now = unit.now();
        Optional<WorkerRegistration> live = live(unit, args.namespace().value(), args.workerInstanceId().value());
        if (live.isEmpty()) {
            return new HeartbeatWorkerResult.NotRegistered();
        }
        WorkerRegistration beat = live.get().heartbeatAt(now);
        workers.put(beat);
        workers.logEvent(beat.namespace(), beat.workerInstanceId(), now, EventKind.HEARTBEAT, null);
        return new HeartbeatWorkerResult.Refreshed(beat.expiresAtMs());
    }

    /**
     * Removes a live registration and logs {@code marked_dead} with the reason; its leases are left to expire.
     * {@code NotRegistered} (nothing written) when none is live.
     */
    public MarkWorkerDeadResult markDead(EngineUnit unit, MarkWorkerDeadArgs args) {
        MutableWorkerState workers = unit.workers();
        long now = unit.now();
        Optional<WorkerRegistration> live = live(unit, args.namespace().value(), args.workerInstanceId().value());
        if (live.isEmpty()) {
            return new MarkWorkerDeadResult.NotRegistered();
        }
        WorkerRegistration dead = live.get();
        workers.delete(dead.namespace(), dead.workerInstanceId());
        workers.logEvent(dead.namespace(), dead.workerInstanceId(), now, EventKind.MARKED_DEAD,
                args.reason().isEmpty() ? null : args.reason());
        return new MarkWorkerDeadResult.Marked();
    }

    /** The instance's registration when it is live at the unit's clock. */
    private static Optional<WorkerRegistration> live(EngineUnit unit, String namespace, String instance) {
        return unit.workers().registration(namespace, instance).filter(r -> r.liveAt(unit.now()));
    }

    /**
     * The TTL sweep (spec 05 §4 row 16): deletes up to {@link #SWEEP_BATCH} registrations with
     * {@code last_heartbeat + ttl < now}, logging {@code ttl_swept} for each; returns how many. A registration
     * heartbeated since it was selected is no longer lapsed and stays (the rows are locked by the selection).
     */
    public int sweepLapsed(EngineUnit unit) {
        MutableWorkerState workers = unit.workers();
        long now = unit.now();
        int swept = 0;
        for (WorkerRegistration lapsed : workers.lapsed(now, SWEEP_BATCH)) {
            workers.delete(lapsed.namespace(), lapsed.workerInstanceId());
            workers.logEvent(lapsed.namespace(), lapsed.workerInstanceId(), now, EventKind.TTL_SWEPT, null);
            swept++;
        }
        return swept;
    }
}
