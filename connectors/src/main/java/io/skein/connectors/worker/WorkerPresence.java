package io.skein.connectors.worker;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.worker.HeartbeatWorkerArgs;
import io.skein.core.api.worker.HeartbeatWorkerResult;
import io.skein.core.api.worker.MarkWorkerDeadArgs;
import io.skein.core.api.worker.RegisterWorkerArgs;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import java.time.Duration;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's entry in the worker registry (spec 02 §10): registered with its lane and capabilities when the worker
 * starts, heartbeated every third of its liveness TTL, registered again when a heartbeat finds it lapsed, and marked
 * dead when the worker closes. The registry is how operators and the route unblocker see the worker; the worker's
 * claims do not depend on it, so a failed call is logged and the next tick tries again.
 */
final class WorkerPresence {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPresence.class);

    private final RegistryOps registry;
    private final WorkerId workerId;
    private final WorkerInstanceId instanceId;
    private final Namespace namespace;
    private final LaneId lane;
    private final CapabilitySet capabilities;
    private final Duration livenessTtl;
    private volatile boolean registered;
    private ScheduledFuture<?> heartbeats;

    WorkerPresence(RegistryOps registry, SkeinWorkerBuilder config) {
        this.registry = registry;
        this.workerId = config.workerId;
        this.instanceId = config.workerInstanceId;
        this.namespace = config.namespace;
        this.lane = config.lane;
        this.capabilities = config.capabilities;
        this.livenessTtl = config.livenessTtl;
    }

    /**
     * Registers at once and heartbeats from then on, all on {@code scheduler}: the worker's start never waits for
     * the engine to answer.
     */
    void start(ScheduledExecutorService scheduler) {
        long every = Math.max(1, livenessTtl.toMillis() / 3);
        heartbeats = scheduler.scheduleAtFixedRate(this::beat, 0, every, TimeUnit.MILLISECONDS);
    }

    private void register() {
        try {
            registry.register(new RegisterWorkerArgs(workerId, instanceId, new TreeSet<>(java.util.Set.of(lane)),
                    capabilities, livenessTtl.toMillis(), namespace, System.currentTimeMillis()));
            registered = true;
        } catch (RuntimeException e) {
            registered = false;
            LOG.warn("registering worker instance {} failed; the next heartbeat tries again: {}", instanceId.value(),
                    e.getMessage());
        }
    }

    private void beat() {
        if (!registered) {
            register();
            return;
        }
        try {
            HeartbeatWorkerResult r = registry.heartbeat(new HeartbeatWorkerArgs(instanceId, namespace,
                    System.currentTimeMillis()));
            if (r instanceof HeartbeatWorkerResult.NotRegistered) {
                // lapsed (a long pause, or swept): come back with a fresh registration
                register();
            }
        } catch (RuntimeException e) {
            LOG.debug("heartbeat of worker instance {} got no answer: {}", instanceId.value(), e.getMessage());
        }
    }

    /** Stops heartbeating and removes the registration (a clean shutdown); never throws. */
    void stop() {
        if (heartbeats != null) {
            heartbeats.cancel(false);
        }
        try {
            registry.markDead(new MarkWorkerDeadArgs(instanceId, namespace, "shutdown", System.currentTimeMillis()));
        } catch (RuntimeException e) {
            LOG.warn("marking worker instance {} dead failed; its registration lapses after its TTL: {}",
                    instanceId.value(), e.getMessage());
        }
    }
}
