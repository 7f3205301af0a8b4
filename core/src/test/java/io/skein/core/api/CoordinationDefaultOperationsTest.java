package io.skein.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A backend that overrides nothing fails every call with {@code Unavailable{op}} naming the operation (02 §12). */
class CoordinationDefaultOperationsTest {

    private static final SignalOperations SIGNALS = new SignalOperations() {};
    private static final StreamOperations STREAMS = new StreamOperations() {};
    private static final FlowOperations FLOWS = new FlowOperations() {};
    private static final BudgetOperations BUDGETS = new BudgetOperations() {};

    static Stream<Arguments> operations() {
        return Stream.of(
                op("suspend", () -> SIGNALS.suspend(null, null)),
                op("suspend_by_triple", () -> SIGNALS.suspendByTriple(null, null, null)),
                op("create_waitpoint", () -> SIGNALS.createWaitpoint(null, null, null)),
                op("observe_signals", () -> SIGNALS.observeSignals(null)),
                op("deliver_signal", () -> SIGNALS.deliverSignal(null)),
                op("deliver_approval_signal", () -> SIGNALS.deliverApprovalSignal(null)),
                op("read_waitpoint_token", () -> SIGNALS.readWaitpointToken(null, null)),
                op("list_pending_waitpoints", () -> SIGNALS.listPendingWaitpoints(null)),
                op("rotate_waitpoint_hmac_secret_all", () -> SIGNALS.rotateWaitpointHmacSecretAll(null)),
                op("seed_waitpoint_hmac_secret", () -> SIGNALS.seedWaitpointHmacSecret(null)),
                op("list_waitpoint_hmac_kids", SIGNALS::listWaitpointHmacKids),
                op("append_frame", () -> STREAMS.appendFrame(null, null)),
                op("read_stream", () -> STREAMS.readStream(null, 0, null, null, 1)),
                op("tail_stream", () -> STREAMS.tailStream(null, 0, null, 0, 1, null)),
                op("read_summary", () -> STREAMS.readSummary(null, 0)),
                op("create_flow", () -> FLOWS.createFlow(null)),
                op("add_execution_to_flow", () -> FLOWS.addExecutionToFlow(null)),
                op("stage_dependency_edge", () -> FLOWS.stageDependencyEdge(null)),
                op("apply_dependency_to_child", () -> FLOWS.applyDependencyToChild(null)),
                op("set_edge_group_policy", () -> FLOWS.setEdgeGroupPolicy(null, null, null)),
                op("cancel_flow", () -> FLOWS.cancelFlow(null, null, null, null)),
                op("cancel_flow_header", () -> FLOWS.cancelFlowHeader(null)),
                op("ack_cancel_member", () -> FLOWS.ackCancelMember(null, null)),
                op("evaluate_flow_eligibility", () -> FLOWS.evaluateFlowEligibility(null)),
                op("describe_flow", () -> FLOWS.describeFlow(null)),
                op("list_edges", () -> FLOWS.listEdges(null, null)),
                op("describe_edge", () -> FLOWS.describeEdge(null, null)),
                op("resolve_execution_flow_id", () -> FLOWS.resolveExecutionFlowId(null)),
                op("list_flows", () -> FLOWS.listFlows(null, null, 10)),
                op("project_flow_summary", () -> FLOWS.projectFlowSummary(null, null)),
                op("set_flow_tag", () -> FLOWS.setFlowTag(null, null, null)),
                op("get_flow_tag", () -> FLOWS.getFlowTag(null, null)),
                op("report_usage", () -> BUDGETS.reportUsage(null, null, null)),
                op("create_budget", () -> BUDGETS.createBudget(null)),
                op("reset_budget", () -> BUDGETS.resetBudget(null)),
                op("get_budget_status", () -> BUDGETS.getBudgetStatus(null)),
                op("report_usage_admin", () -> BUDGETS.reportUsageAdmin(null, null)),
                op("read_budget_usage_and_limits", () -> BUDGETS.readBudgetUsageAndLimits(null)),
                op("record_spend", () -> BUDGETS.recordSpend(null)),
                op("release_budget", () -> BUDGETS.releaseBudget(null)),
                op("create_quota_policy", () -> BUDGETS.createQuotaPolicy(null)),
                op("read_quota_policy_limits", () -> BUDGETS.readQuotaPolicyLimits(null)),
                op("check_admission", () -> BUDGETS.checkAdmission(null, null, null)),
                op("release_admission", () -> BUDGETS.releaseAdmission(null)));
    }

    private static Arguments op(String name, Executable call) {
        return Arguments.of(name, call);
    }

    @Test
    void everyDefaultMethodIsListedAbove() {
        long defaults = Stream.of(SignalOperations.class, StreamOperations.class, FlowOperations.class,
                        BudgetOperations.class)
                .flatMap(type -> Arrays.stream(type.getDeclaredMethods()))
                .filter(Method::isDefault)
                .count();
        assertEquals(operations().count(), defaults);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void anUnimplementedOperationIsUnavailableUnderItsSnakeCaseName(String op, Executable call) {
        EngineException e = assertThrows(EngineException.class, call);
        EngineError.Unavailable unavailable = assertInstanceOf(EngineError.Unavailable.class, e.error());
        assertEquals(op, unavailable.op());
    }
}
