package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.AddExecutionToFlowArgs;
import io.skein.core.api.CancelFlowPolicy;
import io.skein.core.api.CancelFlowWait;
import io.skein.core.api.CreateFlowArgs;
import io.skein.core.api.FlowSummary;
import io.skein.core.api.FlowSummaryStatus;
import io.skein.core.api.ListFlowsPage;
import io.skein.core.api.execution.CancelExecutionArgs;
import io.skein.core.api.execution.ListSuspendedPage;
import io.skein.core.api.execution.SuspendedEntry;
import io.skein.core.api.scheduler.PartitionSweepArgs;
import io.skein.core.error.EngineError;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.LaneId;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.PartitionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The admin reads and sweeps of spec 02 §4, §5 and §9 (T2) on every backend: listFlows with the roll-up of
 * projectFlowSummary (04 §4.5), listSuspended, readExecCoreFields, scanEligibleExecutions, repairDependencies and
 * the log-only reconcileExecutionIndex; bad input is a typed error that changes nothing.
 */
class AdminReadsConformance extends SignalConformance {

    private static final PartitionKey SOLO = PartitionKey.flow(soloId().partition());

    // ------------------------------------------------------------------------------------------ flows

    private FlowId flowOn(int partition) {
        while (true) {
            FlowId id = FlowId.random();
            if (PartitionConfig.DEFAULT.flowPartition(id) == partition) {
                backend.createFlow(new CreateFlowArgs(id, "dag", NAMESPACE, clock.millis()));
                return id;
            }
        }
    }

    private ExecutionId memberOf(FlowId flow) {
        ExecutionId id = PartitionConfig.DEFAULT.memberExecutionId(flow, UUID.randomUUID());
        backend.createExecution(createArgs(id));
        backend.addExecutionToFlow(new AddExecutionToFlowArgs(flow, id, clock.millis()));
        return id;
    }

    private void cancelled(ExecutionId id) {
        backend.cancelExecution(new CancelExecutionArgs(id, "not needed", null, null, null, null, clock.millis()));
    }

    @Test
    void listFlowsPagesAPartitionInIdOrderWithEachFlowsStatus() {
        int partition = 17;
        List<FlowId> flows = new ArrayList<>(List.of(flowOn(partition), flowOn(partition), flowOn(partition)));
        flows.sort(java.util.Comparator.comparing(FlowId::uuid, AdminReadsConformance::uuidBytesOrder));
        PartitionKey key = PartitionKey.flow(partition);

        ListFlowsPage first = backend.listFlows(key, null, 2);
        assertEquals(flows.subList(0, 2), first.flows().stream().map(FlowSummary::flowId).toList());
        assertEquals(flows.get(1), first.nextCursor());
        ListFlowsPage last = backend.listFlows(key, first.nextCursor(), 2);
        assertEquals(List.of(flows.get(2)), last.flows().stream().map(FlowSummary::flowId).toList());
        assertNull(last.nextCursor());
        assertEquals(List.of(), backend.listFlows(key, null, 0).flows());
        for (FlowSummary f : first.flows()) {
            assertEquals(FlowSummaryStatus.ACTIVE, f.status(), "an open flow lists as active");
            assertEquals(clock.millis(), f.createdAt());
        }
    }

    @Test
    void theRollUpDecidesTheListedStatusAndAProjectionReportsOnlyAChange() {
        int partition = 23;
        PartitionKey key = PartitionKey.flow(partition);
        FlowId flow = flowOn(partition);
        ExecutionId a = memberOf(flow);
        ExecutionId b = memberOf(flow);

        assertTrue(backend.projectFlowSummary(key, flow));
        assertFalse(backend.projectFlowSummary(key, flow), "nothing changed");
        assertEquals(2, fx.queryLong("SELECT total_members FROM ff_flow_summary WHERE partition_key = ? "
                + "AND flow_id = ?", partition, flow.uuid()));
        assertEquals(FlowSummaryStatus.ACTIVE, status(key, flow));

        cancelled(a);
        cancelled(b);
        assertTrue(backend.projectFlowSummary(key, flow));
        assertEquals(2, fx.queryLong("SELECT members_cancelled FROM ff_flow_summary WHERE partition_key = ? "
                + "AND flow_id = ?", partition, flow.uuid()));
        assertEquals(FlowSummaryStatus.FAILED, status(key, flow), "every member ended, some cancelled");

        FlowId stopped = flowOn(partition);
        backend.cancelFlow(stopped, CancelFlowPolicy.FLOW_ONLY, new CancelFlowWait.NoWait(), "stop");
        assertEquals(FlowSummaryStatus.CANCELLED, status(key, stopped));
    }

    @Test
    void theFlowProjectorRollsUpFlowsWhoseMembersChanged() {
        int partition = 41;
        PartitionKey key = PartitionKey.flow(partition);
        FlowId flow = flowOn(partition);
        ExecutionId member = memberOf(flow);

        under.runDue();
        assertEquals(1, fx.queryLong("SELECT members_waiting FROM ff_flow_summary WHERE partition_key = ? "
                + "AND flow_id = ?", partition, flow.uuid()));

        clock.advance(1_000);
        cancelled(member);
        under.runDue();

        assertEquals(1, fx.queryLong("SELECT members_cancelled FROM ff_flow_summary WHERE partition_key = ? "
                + "AND flow_id = ?", partition, flow.uuid()));
        assertEquals(FlowSummaryStatus.FAILED, status(key, flow));
    }

    @Test
    void aProjectionOnTheWrongPartitionOrOfAMissingFlowIsRefusedAndChangesNothing() {
        FlowId flow = flowOn(5);
        expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.projectFlowSummary(PartitionKey.flow(6), flow));
        expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.projectFlowSummary(PartitionKey.budget(5), flow));
        FlowId missing;
        do {
            missing = FlowId.random();
        } while (PartitionConfig.DEFAULT.flowPartition(missing) != 5);
        FlowId absent = missing;
        expectRejectedUnchanged(EngineError.NotFound.class,
                () -> backend.projectFlowSummary(PartitionKey.flow(5), absent));
    }

    @Test
    void listFlowsRefusesAQuotaPartitionANegativeLimitAndAForeignCursor() {
        FlowId elsewhere = flowOn(9);
        expectError(EngineError.Validation.class, () -> backend.listFlows(PartitionKey.quota(1), null, 10));
        expectError(EngineError.Validation.class, () -> backend.listFlows(PartitionKey.flow(1), null, -1));
        expectError(EngineError.Validation.class, () -> backend.listFlows(PartitionKey.flow(1), elsewhere, 10));
    }

    private FlowSummaryStatus status(PartitionKey key, FlowId flow) {
        return backend.listFlows(key, null, 1000).flows().stream().filter(f -> f.flowId().equals(flow))
                .findFirst().orElseThrow().status();
    }

    /** The stores order uuids by their 16 bytes (BLOB on SQLite, uuid on PostgreSQL). */
    private static int uuidBytesOrder(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    // ------------------------------------------------------------------------------------------ suspended

    @Test
    void listSuspendedOrdersByTimeoutWithNoneLastThenPagesByCursor() {
        long now = clock.millis();
        Claimed late = claimedSolo();
        suspendSingle(late.handle(), "wpk:late", byName("go"), now + 50_000, null);
        Claimed never = claimedSolo();
        suspendSingle(never.handle(), "wpk:never", byName("go"));
        Claimed soon = claimedSolo();
        suspendSingle(soon.handle(), "wpk:soon", byName("go"), now + 10_000, null);
        created(); // waiting, not suspended

        ListSuspendedPage first = backend.listSuspended(SOLO, null, 2);
        assertEquals(List.of(soon.id(), late.id()), first.entries().stream().map(SuspendedEntry::executionId).toList());
        assertEquals(late.id(), first.nextCursor());
        assertEquals(now, first.entries().get(0).suspendedAtMs());
        assertEquals("waiting_for_signal", first.entries().get(0).reason());
        ListSuspendedPage rest = backend.listSuspended(SOLO, first.nextCursor(), 2);
        assertEquals(List.of(never.id()), rest.entries().stream().map(SuspendedEntry::executionId).toList());
        assertNull(rest.nextCursor());
        assertEquals(List.of(), backend.listSuspended(SOLO, null, 0).entries());
    }

    @Test
    void listSuspendedRefusesABadPartitionLimitOrCursor() {
        expectError(EngineError.Validation.class, () -> backend.listSuspended(PartitionKey.budget(0), null, 5));
        expectError(EngineError.Validation.class, () -> backend.listSuspended(SOLO, null, -1));
        expectError(EngineError.Validation.class, () -> backend.listSuspended(SOLO, created(), 5));
    }

    // ------------------------------------------------------------------------------------------ raw fields

    @Test
    void readExecCoreFieldsReturnsTheNamedColumnsAsText() {
        ExecutionId id = created(7, null);

        Map<String, Optional<String>> fields = backend.readExecCoreFields(SOLO, id,
                List.of("lane_id", "namespace", "priority", "public_state", "flow_id", "execution_id"));

        assertEquals(List.of("lane_id", "namespace", "priority", "public_state", "flow_id", "execution_id"),
                List.copyOf(fields.keySet()));
        assertEquals(Optional.of("default"), fields.get("lane_id"));
        assertEquals(Optional.of("default"), fields.get("namespace"));
        assertEquals(Optional.of("7"), fields.get("priority"));
        assertEquals(Optional.of("waiting"), fields.get("public_state"));
        assertEquals(Optional.empty(), fields.get("flow_id"));
        assertEquals(Optional.of(id.uuid().toString()), fields.get("execution_id"));
    }

    @Test
    void readExecCoreFieldsRefusesAnUnknownFieldAWrongPartitionAndAMissingExecution() {
        ExecutionId id = created();

        for (String bad : List.of("no_such_column", "lane_id, payload", "lane_id FROM ff_exec_core --", "",
                "raw_fields; DROP TABLE ff_exec_core")) {
            expectRejectedUnchanged(EngineError.Validation.class,
                    () -> backend.readExecCoreFields(SOLO, id, List.of("lane_id", bad)));
        }
        expectError(EngineError.Validation.class, () -> backend.readExecCoreFields(
                PartitionKey.flow((SOLO.index() + 1) % 256), id, List.of("lane_id")));
        expectError(EngineError.NotFound.class, () -> backend.readExecCoreFields(SOLO, soloId(), List.of("lane_id")));
        assertEquals(Map.of(), backend.readExecCoreFields(SOLO, id, List.of()));
    }

    // ------------------------------------------------------------------------------------------ eligible scan

    @Test
    void scanEligibleExecutionsIsTheTopOfTheLanesClaimOrder() {
        ExecutionId low = created(0, null);
        clock.advance(1);
        ExecutionId high = created(5, null);
        clock.advance(1);
        ExecutionId lowLater = created(0, null);

        assertEquals(List.of(high, low), backend.scanEligibleExecutions(LANE, SOLO, 2));
        assertEquals(List.of(high, low, lowLater), backend.scanEligibleExecutions(LANE, SOLO, 10));
        assertEquals(List.of(), backend.scanEligibleExecutions(LaneId.of("other"), SOLO, 10));
        assertEquals(List.of(), backend.scanEligibleExecutions(LANE, SOLO, 0));

        claimed(); // the best one leaves the eligible order
        assertEquals(List.of(low, lowLater), backend.scanEligibleExecutions(LANE, SOLO, 10));
        expectError(EngineError.Validation.class, () -> backend.scanEligibleExecutions(LANE, SOLO, -1));
        expectError(EngineError.Validation.class,
                () -> backend.scanEligibleExecutions(LANE, PartitionKey.budget(SOLO.index()), 1));
    }

    // ------------------------------------------------------------------------------------------ sweeps

    @Test
    void repairDependenciesDispatchesACompletionACrashLeftUndispatched() {
        int partition = 31;
        FlowId flow = flowOn(partition);
        ExecutionId member = memberOf(flow);
        cancelled(member);
        // as if the engine crashed between the completion and its resolution (D2)
        fx.exec("UPDATE ff_completion_event SET dispatched_at_ms = NULL WHERE partition_key = ? AND execution_id = ?",
                partition, member.uuid());
        clock.advance(16_000);

        int repaired = backend.repairDependencies(new PartitionSweepArgs(PartitionKey.flow(partition),
                clock.millis()));

        assertEquals(1, repaired);
        assertEquals(0, fx.queryLong("SELECT COUNT(*) FROM ff_completion_event WHERE partition_key = ? "
                + "AND execution_id = ? AND dispatched_at_ms IS NULL", partition, member.uuid()));
        assertEquals(0, backend.repairDependencies(new PartitionSweepArgs(PartitionKey.flow(partition),
                clock.millis())));
        expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.repairDependencies(new PartitionSweepArgs(PartitionKey.budget(0), clock.millis())));
    }

    @Test
    void reconcileExecutionIndexCountsInvariantViolationsAndWritesNothing() {
        ExecutionId healthy = created();
        ExecutionId broken = created();
        PartitionSweepArgs sweep = new PartitionSweepArgs(SOLO, clock.millis());
        assertEquals(0, backend.reconcileExecutionIndex(sweep), "a healthy partition");

        // runnable and leased at once breaks 01 §5
        fx.exec("UPDATE ff_exec_core SET ownership_state = 'leased' WHERE partition_key = ? AND execution_id = ?",
                broken.partition(), broken.uuid());
        Map<String, List<String>> before = fx.snapshot();

        assertEquals(1, backend.reconcileExecutionIndex(sweep));
        assertEquals(before, fx.snapshot(), "log-only: nothing is repaired");
        assertEquals(Optional.of("waiting"), backend.readExecCoreFields(SOLO, healthy, List.of("public_state"))
                .get("public_state"));
        expectError(EngineError.Validation.class, () -> backend.reconcileExecutionIndex(
                new PartitionSweepArgs(PartitionKey.quota(0), clock.millis())));
    }

    // ------------------------------------------------------------------------------------------ capabilities

    /**
     * What capabilities() says against what the backend answers: the reserved subscribeInstanceTags is reported
     * unsupported, and every operation of tags and the admin reads answers here (none is {@code Unavailable}).
     */
    @Test
    void everyTagAndAdminOperationAnswersAndCapabilitiesReserveOnlyInstanceTags() {
        assertFalse(backend.capabilities().supports().subscribeInstanceTags());
        ExecutionId id = created();
        FlowId flow = flowOn(3);
        PartitionSweepArgs sweep = new PartitionSweepArgs(SOLO, clock.millis());
        List<Runnable> operations = List.of(
                () -> backend.setExecutionTag(id, "app.k", "v"),
                () -> backend.getExecutionTag(id, "app.k"),
                () -> backend.getExecutionNamespace(id),
                () -> backend.setFlowTag(flow, "app.k", "v"),
                () -> backend.getFlowTag(flow, "app.k"),
                () -> backend.listFlows(PartitionKey.flow(3), null, 10),
                () -> backend.listLanes(null, 10),
                () -> backend.listSuspended(SOLO, null, 10),
                () -> backend.readExecCoreFields(SOLO, id, List.of("lane_id")),
                () -> backend.scanEligibleExecutions(LANE, SOLO, 10),
                () -> backend.projectFlowSummary(PartitionKey.flow(3), flow),
                () -> backend.repairDependencies(sweep),
                () -> backend.reconcileExecutionIndex(sweep),
                () -> backend.listWaitpointHmacKids());
        for (Runnable op : operations) {
            op.run(); // an Unavailable (or any other error) fails the test here
        }
    }
}
