package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.Capabilities;
import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.Handle;
import io.skein.core.api.worker.ExpiredLeaseInfo;
import io.skein.core.api.worker.HeartbeatWorkerArgs;
import io.skein.core.api.worker.HeartbeatWorkerResult;
import io.skein.core.api.worker.ListExpiredLeasesArgs;
import io.skein.core.api.worker.ListExpiredLeasesPage;
import io.skein.core.api.worker.ListWorkersArgs;
import io.skein.core.api.worker.ListWorkersPage;
import io.skein.core.api.worker.MarkWorkerDeadArgs;
import io.skein.core.api.worker.MarkWorkerDeadResult;
import io.skein.core.api.worker.RegisterWorkerArgs;
import io.skein.core.api.worker.RegisterWorkerResult;
import io.skein.core.api.worker.WorkerInfo;
import io.skein.core.error.EngineError;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Checklist item 9 of spec 06 §T2 (worker registry, spec 02 §10) on every backend: register / refresh / reassign,
 * heartbeat while live and after the TTL, mark dead, list workers by namespace with paging, list expired leases in
 * (expiry, id) order with a cursor and without writing, the TTL sweep (spec 05 §4 row 16) through {@code runDue},
 * and the capability flags of these operations.
 */
class WorkerRegistryConformance extends Conformance {

    private static final long TTL = 10_000;
    private static final Namespace OTHER = Namespace.of("other-ns");

    private RegisterWorkerArgs registration(String worker, String instance, Namespace ns, long ttl) {
        TreeSet<LaneId> lanes = new TreeSet<>(Set.of(LANE, LaneId.of("batch")));
        return new RegisterWorkerArgs(WorkerId.of(worker), WorkerInstanceId.of(instance), lanes,
                CapabilitySet.worker(List.of("cpu", "gpu")), ttl, ns, clock.millis());
    }

    private RegisterWorkerResult register(String worker, String instance) {
        return backend.registerWorker(registration(worker, instance, NAMESPACE, TTL));
    }

    private HeartbeatWorkerResult heartbeat(String instance) {
        return backend.heartbeatWorker(new HeartbeatWorkerArgs(WorkerInstanceId.of(instance), NAMESPACE,
                clock.millis()));
    }

    private MarkWorkerDeadResult markDead(String instance, String reason) {
        return backend.markWorkerDead(new MarkWorkerDeadArgs(WorkerInstanceId.of(instance), NAMESPACE, reason,
                clock.millis()));
    }

    private List<String> events(String instance) {
        return fx.queryStrings("SELECT event_kind FROM ff_worker_registry_event WHERE namespace = ? "
                + "AND worker_instance_id = ? ORDER BY event_at_ms, event_kind", NAMESPACE.value(), instance);
    }

    private long registrations(String instance) {
        return fx.queryLong("SELECT COUNT(*) FROM ff_worker_registry WHERE namespace = ? AND worker_instance_id = ?",
                NAMESPACE.value(), instance);
    }

    private static List<String> instances(ListWorkersPage page) {
        return page.entries().stream().map(w -> w.workerInstanceId().value()).toList();
    }

    @Test
    void t9_registerIsRegisteredThenRefreshedThenRegisteredAgainAfterTheTtl() {
        assertInstanceOf(RegisterWorkerResult.Registered.class, register("w", "w-1"));
        clock.advance(1);
        assertInstanceOf(RegisterWorkerResult.Refreshed.class, register("w", "w-1"));
        clock.advance(TTL);
        assertInstanceOf(RegisterWorkerResult.Registered.class, register("w", "w-1"));

        assertEquals(List.of("registered", "registered", "registered"), events("w-1"));
        assertEquals(1, registrations("w-1"));
        assertEquals(clock.millis(), fx.queryLong("SELECT last_heartbeat_ms FROM ff_worker_registry "
                + "WHERE worker_instance_id = ?", "w-1"));
        assertEquals(clock.millis(), fx.queryLong("SELECT registered_at_ms FROM ff_worker_registry "
                + "WHERE worker_instance_id = ?", "w-1"));
        assertEquals("cpu,gpu", fx.queryString("SELECT capabilities_csv FROM ff_worker_registry "
                + "WHERE worker_instance_id = ?", "w-1"));
    }

    @Test
    void t9_aReassignedInstanceIdIsInvalidInputAndChangesNothing() {
        register("w", "w-1");
        clock.advance(1);

        EngineError.Validation e = expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.registerWorker(registration("intruder", "w-1", NAMESPACE, TTL)));

        assertTrue(e.toString().contains("instance_id reassigned"), e.toString());
        // the same instance id in another namespace is another worker
        assertInstanceOf(RegisterWorkerResult.Registered.class,
                backend.registerWorker(registration("intruder", "w-1", OTHER, TTL)));
    }

    @Test
    void t9_aHeartbeatRefreshesWhileLiveAndIsNotRegisteredOnceLapsed() {
        register("w", "w-1");
        clock.advance(TTL - 1);

        assertEquals(new HeartbeatWorkerResult.Refreshed(clock.millis() + TTL), heartbeat("w-1"));
        assertEquals(List.of("heartbeat", "registered"), events("w-1").stream().sorted().toList());

        clock.advance(TTL);
        Map<String, List<String>> before = fx.snapshot();
        assertInstanceOf(HeartbeatWorkerResult.NotRegistered.class, heartbeat("w-1"));
        assertInstanceOf(HeartbeatWorkerResult.NotRegistered.class, heartbeat("never-registered"));
        assertEquals(before, fx.snapshot(), "a heartbeat without a live registration writes nothing");
    }

    @Test
    void t9_markDeadRemovesTheRegistrationThenIsNotRegistered() {
        register("w", "w-1");
        clock.advance(1);

        assertInstanceOf(MarkWorkerDeadResult.Marked.class, markDead("w-1", "drained"));

        assertEquals(0, registrations("w-1"));
        assertEquals(List.of("registered", "marked_dead"), events("w-1"));
        assertEquals("drained", fx.queryString("SELECT reason FROM ff_worker_registry_event "
                + "WHERE worker_instance_id = ? AND event_kind = 'marked_dead'", "w-1"));
        assertInstanceOf(MarkWorkerDeadResult.NotRegistered.class, markDead("w-1", "again"));
        assertInstanceOf(HeartbeatWorkerResult.NotRegistered.class, heartbeat("w-1"));
    }

    @Test
    void t9_aBadReasonIsInvalidInputAndChangesNothing() {
        register("w", "w-1");

        expectRejectedUnchanged(EngineError.Validation.class, () -> markDead("w-1", "x".repeat(257)));
        expectRejectedUnchanged(EngineError.Validation.class, () -> markDead("w-1", "bell\u0007"));
        assertInstanceOf(MarkWorkerDeadResult.Marked.class, markDead("w-1", "x".repeat(256)));
    }

    @Test
    void t9_listWorkersPagesLiveWorkersOfOneNamespaceByInstanceId() {
        for (String instance : List.of("w-3", "w-1", "w-4", "w-2")) {
            register("w", instance);
        }
        backend.registerWorker(registration("w", "w-0", OTHER, TTL));
        backend.registerWorker(registration("w", "w-5", NAMESPACE, 1));
        clock.advance(1); // w-5 lapsed: not listed

        ListWorkersPage first = backend.listWorkers(new ListWorkersArgs(NAMESPACE, null, 3));
        assertEquals(List.of("w-1", "w-2", "w-3"), instances(first));
        assertEquals(WorkerInstanceId.of("w-3"), first.cursor());
        ListWorkersPage second = backend.listWorkers(new ListWorkersArgs(NAMESPACE, first.cursor(), 3));
        assertEquals(List.of("w-4"), instances(second));
        assertNull(second.cursor());

        WorkerInfo w1 = first.entries().get(0);
        assertEquals(WorkerId.of("w"), w1.workerId());
        assertEquals(NAMESPACE, w1.namespace());
        assertEquals(new TreeSet<>(Set.of(LaneId.of("batch"), LANE)), w1.lanes());
        assertEquals(CapabilitySet.worker(List.of("cpu", "gpu")), w1.capabilities());
        assertEquals(TTL, w1.livenessTtlMs());
        assertEquals(clock.millis() - 1, w1.lastHeartbeatMs());
        assertEquals(clock.millis() - 1, w1.registeredAtMs());

        assertEquals(List.of("w-0"), instances(backend.listWorkers(new ListWorkersArgs(OTHER, null, null))));
        assertEquals(List.of(), backend.listWorkers(new ListWorkersArgs(NAMESPACE, null, 0)).entries());
        expectError(EngineError.Validation.class, () -> backend.listWorkers(new ListWorkersArgs(null, null, null)));
        expectError(EngineError.Validation.class, () -> backend.listWorkers(null));
    }

    private Handle claimedWithTtl(String worker, int ttlMs) {
        return backend.claim(LANE, CapabilitySet.EMPTY, new ClaimPolicy(WorkerId.of(worker),
                WorkerInstanceId.of(worker + "-i1"), ttlMs, null))
                .orElseThrow(() -> new AssertionError("expected an execution to claim"));
    }

    private static final Comparator<ExpiredLeaseInfo> EXPIRY_ORDER = Comparator
            .comparingLong(ExpiredLeaseInfo::expiresAtMs)
            .thenComparingInt(l -> l.executionId().partition())
            .thenComparing((a, b) -> {
                int c = Long.compareUnsigned(a.executionId().uuid().getMostSignificantBits(),
                        b.executionId().uuid().getMostSignificantBits());
                return c != 0 ? c : Long.compareUnsigned(a.executionId().uuid().getLeastSignificantBits(),
                        b.executionId().uuid().getLeastSignificantBits());
            });

    @Test
    void t9_listExpiredLeasesOrdersByExpiryThenIdPagesWithACursorAndWritesNothing() {
        for (int i = 0; i < 4; i++) {
            created();
        }
        long start = clock.millis();
        claimedWithTtl("late", 2_000);
        claimedWithTtl("tie-a", 1_000);
        claimedWithTtl("tie-b", 1_000);
        claimedWithTtl("live", 60_000);
        clock.advance(2_000);

        Map<String, List<String>> before = fx.snapshot();
        ListExpiredLeasesPage first = backend.listExpiredLeases(new ListExpiredLeasesArgs(clock.millis(), null, 2,
                null, null));
        assertEquals(2, first.entries().size());
        assertEquals(new io.skein.core.api.worker.ExpiredLeaseCursor(first.entries().get(1).expiresAtMs(),
                first.entries().get(1).executionId()), first.cursor());
        ListExpiredLeasesPage second = backend.listExpiredLeases(new ListExpiredLeasesArgs(clock.millis(),
                first.cursor(), 2, null, null));
        assertEquals(1, second.entries().size());
        assertNull(second.cursor());
        assertEquals(before, fx.snapshot(), "listExpiredLeases is read-only");

        List<ExpiredLeaseInfo> all = new ArrayList<>(first.entries());
        all.addAll(second.entries());
        assertEquals(all.stream().sorted(EXPIRY_ORDER).toList(), all, "ordered by (expiry, id)");
        assertEquals(List.of(start + 1_000, start + 1_000, start + 2_000),
                all.stream().map(ExpiredLeaseInfo::expiresAtMs).toList());
        assertEquals(Set.of("tie-a-i1", "tie-b-i1"), Set.of(all.get(0).workerInstanceId().value(),
                all.get(1).workerInstanceId().value()));
        ExpiredLeaseInfo late = all.get(2);
        assertEquals("late-i1", late.workerInstanceId().value());
        assertEquals(1, late.leaseEpoch());
        assertEquals(0, late.attemptIndex());

        // as of an earlier instant only the ties had expired; another namespace has none
        assertEquals(2, backend.listExpiredLeases(new ListExpiredLeasesArgs(start + 1_000, null, null, null, null))
                .entries().size());
        assertEquals(List.of(), backend.listExpiredLeases(new ListExpiredLeasesArgs(clock.millis(), null, null,
                null, OTHER)).entries());
        assertEquals(3, backend.listExpiredLeases(new ListExpiredLeasesArgs(clock.millis(), null, null, null,
                NAMESPACE)).entries().size());
        expectError(EngineError.Validation.class, () -> backend.listExpiredLeases(new ListExpiredLeasesArgs(
                clock.millis(), null, 10_001, null, null)));
    }

    @Test
    void t9_theTtlSweepDeletesLapsedRegistrationsAndLogsTtlSwept() {
        backend.registerWorker(registration("w", "short", NAMESPACE, 1_000));
        register("w", "long");

        clock.advance(1_000);
        under.runDue();
        assertEquals(1, registrations("short"), "at exactly last_heartbeat + ttl it is not swept yet");

        clock.advance(1);
        under.runDue();
        assertEquals(0, registrations("short"));
        assertEquals(List.of("registered", "ttl_swept"), events("short"));
        assertEquals(1, registrations("long"));
        assertEquals(List.of("long"), instances(backend.listWorkers(new ListWorkersArgs(NAMESPACE, null, null))));
    }

    @Test
    void t9_theRegistryFlagsAreTrueAndTheirOperationsAnswer() {
        Capabilities caps = backend.capabilities();
        assertTrue(caps.supports().registerWorker());
        assertTrue(caps.supports().heartbeatWorker());
        assertTrue(caps.supports().markWorkerDead());
        assertTrue(caps.supports().listWorkers());
        assertTrue(caps.supports().listExpiredLeases());

        // each flagged operation answers on this backend instead of Unavailable
        assertInstanceOf(RegisterWorkerResult.Registered.class, register("w", "w-1"));
        assertInstanceOf(HeartbeatWorkerResult.Refreshed.class, heartbeat("w-1"));
        assertEquals(1, backend.listWorkers(new ListWorkersArgs(NAMESPACE, null, null)).entries().size());
        assertEquals(List.of(), backend.listExpiredLeases(new ListExpiredLeasesArgs(clock.millis(), null, null, null,
                null)).entries());
        assertInstanceOf(MarkWorkerDeadResult.Marked.class, markDead("w-1", ""));
    }

    @Test
    void t9_aRouteBlockLiftsWhenACapableWorkerRegistersThroughTheApi() {
        // given (spec 06 C22) a live cpu worker registered through the API, and an execution needing tpu
        register("cpu", "cpu-1");
        ExecutionId id = created(0, io.skein.core.api.policy.ExecutionPolicy.parse(
                "{\"routing_requirements\":{\"required_capabilities\":[\"tpu\"]}}"));
        backend.blockRoute(new io.skein.core.api.scheduler.BlockRouteArgs(id, LANE, id.partitionKey(), "", "",
                clock.millis()));
        under.runDue();
        assertEquals("blocked_by_route", fx.queryString("SELECT eligibility_state FROM ff_exec_core "
                + "WHERE partition_key = ? AND execution_id = ?", id.partition(), id.uuid()));

        backend.registerWorker(new RegisterWorkerArgs(WorkerId.of("t"), WorkerInstanceId.of("t-1"), null,
                CapabilitySet.worker(List.of("tpu")), TTL, NAMESPACE, clock.millis()));
        under.runDue();

        assertEquals("eligible_now", fx.queryString("SELECT eligibility_state FROM ff_exec_core "
                + "WHERE partition_key = ? AND execution_id = ?", id.partition(), id.uuid()));
    }
}
