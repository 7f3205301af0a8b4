package io.skein.sql.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.AddExecutionToFlowArgs;
import io.skein.core.api.ApplyDependencyToChildArgs;
import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.CreateBudgetArgs;
import io.skein.core.api.CreateFlowArgs;
import io.skein.core.api.CreateQuotaPolicyArgs;
import io.skein.core.api.FailureClass;
import io.skein.core.api.FailureReason;
import io.skein.core.api.Handle;
import io.skein.core.api.StageDependencyEdgeArgs;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.id.BudgetId;
import io.skein.core.id.EdgeId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.QuotaPolicyId;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.state.PublicState;
import io.skein.core.time.ManualClock;
import io.skein.sql.sqlite.SqliteBackend;
import io.skein.sql.sqlite.SqliteOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's reads answer what the store holds, and each is one index scan: the live counts and the list by
 * state read the state index, completions per minute the terminal-time index, recent flows the flows' creation
 * index (SQLite's plans; migration V0005).
 */
class DashboardReadsTest {

    private static final long T0 = 1_700_000_080_000L; // a minute boundary plus 40 s

    private final ManualClock clock = new ManualClock(T0);
    private final SqliteBackend backend = SqliteBackend.open(SqliteOptions
            .of("file:dashboard-" + UUID.randomUUID() + "?mode=memory&cache=shared")
            .withEnv(Map.of("FF_DEV_MODE", "1")::get).withClock(clock));
    private final DashboardReads reads = new DashboardReads(backend);

    @AfterEach
    void close() {
        backend.close();
    }

    private ExecutionId create(String lane, String kind, ExecutionId id) {
        backend.createExecution(new CreateExecutionArgs(id, Namespace.of("default"), LaneId.of(lane), kind,
                new byte[0], null, 0, "test", null, Map.of(), null, null, null, id.partition(), clock.millis()));
        return id;
    }

    private ExecutionId create(String lane, String kind) {
        return create(lane, kind, PartitionConfig.DEFAULT.mintedExecutionId(UUID.randomUUID()));
    }

    private Handle claim(String lane) {
        return backend.claim(LaneId.of(lane), CapabilitySet.EMPTY,
                new ClaimPolicy(WorkerId.of("w"), WorkerInstanceId.of("w-1"), 30_000, null)).orElseThrow();
    }

    @Test
    void liveCountsPerLaneAndStateLeaveEndedExecutionsOut() {
        create("images", "resize");
        create("images", "resize");
        create("images", "resize");
        create("mail", "send");
        claim("images");
        backend.complete(claim("images"), new byte[0]);

        Map<String, Map<PublicState, Long>> counts = reads.liveCounts();

        assertEquals(Map.of(PublicState.WAITING, 1L, PublicState.ACTIVE, 1L), counts.get("images"),
                counts.toString());
        assertEquals(Map.of(PublicState.WAITING, 1L), counts.get("mail"), counts.toString());
        backend.complete(claim("mail"), new byte[0]);
        assertEquals(null, reads.liveCounts().get("mail"), "a lane whose executions all ended has no live count");
    }

    @Test
    void terminalExecutionsCountPerLaneMinuteAndOutcome() {
        for (int i = 0; i < 3; i++) {
            create("images", "resize");
        }
        backend.complete(claim("images"), new byte[0]);
        clock.advance(30_000); // into the next minute
        backend.complete(claim("images"), new byte[0]);
        backend.fail(claim("images"), new FailureReason("boom", null), FailureClass.PERMANENT);

        List<DashboardReads.MinuteCount> minutes = reads.terminalPerMinute(T0 - 60_000);

        long minute0 = T0 / 60_000 * 60_000;
        assertTrue(minutes.contains(new DashboardReads.MinuteCount("images", minute0, PublicState.COMPLETED, 1)),
                minutes.toString());
        assertTrue(minutes.contains(new DashboardReads.MinuteCount("images", minute0 + 60_000,
                PublicState.COMPLETED, 1)), minutes.toString());
        assertTrue(minutes.contains(new DashboardReads.MinuteCount("images", minute0 + 60_000, PublicState.FAILED,
                1)), minutes.toString());
        assertEquals(3, minutes.size(), minutes.toString());
        assertEquals(2, reads.terminalPerMinute(minute0 + 60_000).size(), "the window starts where it is asked to");
    }

    @Test
    void flowsNewestFirstWithMembersAndEdges() {
        FlowId older = FlowId.random();
        backend.createFlow(new CreateFlowArgs(older, "etl", Namespace.of("default"), clock.millis()));
        clock.advance(1_000);
        FlowId flow = FlowId.random();
        backend.createFlow(new CreateFlowArgs(flow, "dag", Namespace.of("default"), clock.millis()));
        List<ExecutionId> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ExecutionId id = create("default", "step" + i,
                    PartitionConfig.DEFAULT.memberExecutionId(flow, UUID.randomUUID()));
            backend.addExecutionToFlow(new AddExecutionToFlowArgs(flow, id, clock.millis()));
            members.add(id);
            clock.advance(5);
        }
        edge(flow, members.get(0), members.get(1));
        edge(flow, members.get(0), members.get(2));

        List<DashboardReads.FlowRow> flows = reads.recentFlows(10);
        assertEquals(List.of(flow, older), flows.stream().map(DashboardReads.FlowRow::flowId).toList());
        assertEquals(3, flows.get(0).nodeCount());
        assertEquals(List.of(members.get(0), members.get(1), members.get(2)),
                reads.flowMembers(flow).stream().map(DashboardReads.Member::executionId).toList());
        assertEquals(List.of("step0", "step1", "step2"),
                reads.flowMembers(flow).stream().map(DashboardReads.Member::executionKind).toList());
        List<DashboardReads.Edge> edges = reads.flowEdges(flow);
        assertEquals(2, edges.size(), edges.toString());
        assertTrue(edges.stream().allMatch(e -> e.upstream().equals(members.get(0))), edges.toString());
        assertTrue(reads.flowMembers(older).isEmpty());
    }

    private void edge(FlowId flow, ExecutionId up, ExecutionId down) {
        EdgeId edge = EdgeId.random();
        long rev = backend.describeFlow(flow).orElseThrow().graphRevision();
        backend.stageDependencyEdge(new StageDependencyEdgeArgs(flow, edge, up, down, null, null, rev, 0));
        backend.applyDependencyToChild(new ApplyDependencyToChildArgs(flow, edge, down, up, rev + 1, null, null, 0));
    }

    @Test
    void budgetsAndQuotasWithTheirUse() {
        BudgetId budget = BudgetId.random();
        backend.createBudget(new CreateBudgetArgs(budget, "lane", "default", "strict", "fail", "warn", 0,
                List.of("tokens"), List.of(100L), List.of(50L), clock.millis()));
        QuotaPolicyId quota = QuotaPolicyId.random();
        backend.createQuotaPolicy(new CreateQuotaPolicyArgs(quota, 60, 10, 2, clock.millis()));

        assertEquals(List.of(budget), reads.budgets(10));
        List<DashboardReads.QuotaRow> quotas = reads.quotas(10, clock.millis());
        assertEquals(1, quotas.size());
        assertEquals(quota.toString(), quotas.get(0).quotaPolicyId());
        assertEquals(60, quotas.get(0).windowSeconds());
        assertEquals(10, quotas.get(0).maxPerWindow());
        assertEquals(2, quotas.get(0).concurrencyCap());
        assertEquals(0, quotas.get(0).admittedInWindow());
    }

    @Test
    void eachReadIsOneIndexScan() {
        assertPlan(DashboardReads.LIVE_COUNTS, List.of(), "ff_exec_core_state_created_idx");
        assertPlan(DashboardReads.TERMINAL_PER_MINUTE, List.of(T0), "ff_exec_core_terminal_at_idx");
        assertPlan(DashboardReads.RECENT_FLOWS, List.of(50), "ff_flow_core_created_idx");
        String failures = ExecutionListing.statement(new io.skein.core.api.execution.ExecutionQuery(null,
                PublicState.FAILED, null, null, null, null, 10)).sql();
        assertPlan(failures, List.of(PublicState.FAILED.wire(), 11), "ff_exec_core_state_created_idx");
    }

    private void assertPlan(String sql, List<Object> params, String index) {
        String plan = SqlitePlans.plan(backend, sql, params);
        assertTrue(SqlitePlans.uses(plan, index), sql + " → " + plan);
        assertFalse(plan.contains("SCAN ff_exec_core") && !plan.contains("INDEX"), sql + " → " + plan);
    }
}
