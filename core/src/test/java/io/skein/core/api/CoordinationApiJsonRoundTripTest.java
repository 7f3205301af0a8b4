package io.skein.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.skein.core.id.BudgetId;
import io.skein.core.id.EdgeId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.QuotaPolicyId;
import io.skein.core.id.SignalId;
import io.skein.core.id.SuspensionId;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WaitpointKey;
import io.skein.core.wire.SkeinJson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every argument record and result variant of the four interfaces survives the strict mapper unchanged. */
class CoordinationApiJsonRoundTripTest {

    private static final ExecutionId EXEC = ExecutionId.parse("{fp:3}:2f0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5f");
    private static final ExecutionId EXEC2 = ExecutionId.parse("{fp:3}:7a0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5f");
    private static final FlowId FLOW = FlowId.parse("11111111-2222-4333-8444-555555555555");
    private static final WaitpointId WP = WaitpointId.parse("21111111-2222-4333-8444-555555555555");
    private static final WaitpointId WP2 = WaitpointId.parse("31111111-2222-4333-8444-555555555555");
    private static final SignalId SIG = SignalId.parse("41111111-2222-4333-8444-555555555555");
    private static final SuspensionId SUS = SuspensionId.parse("51111111-2222-4333-8444-555555555555");
    private static final EdgeId EDGE = EdgeId.parse("61111111-2222-4333-8444-555555555555");
    private static final BudgetId BUDGET = BudgetId.parse("71111111-2222-4333-8444-555555555555");
    private static final QuotaPolicyId QUOTA = QuotaPolicyId.parse("81111111-2222-4333-8444-555555555555");
    private static final WaitpointKey KEY = WaitpointKey.of("approval");
    private static final WaitpointKey KEY2 = WaitpointKey.of("callback");
    private static final String TOKEN = "k1:" + "ab".repeat(32);
    private static final String SECRET = "0f".repeat(32);
    private static final Handle HANDLE = new Handle(BackendTag.SQLITE, HandleKind.SUSPENDED, new byte[] {1, 2, -3});

    private static Arguments sample(Class<?> type, Object value) {
        return Arguments.of(value.getClass().getName().replaceFirst("^.*\\.", ""), type, value);
    }

    static Stream<Arguments> samples() {
        ResumeCondition condition = new ResumeCondition.AllOf(List.of(
                new ResumeCondition.Single(KEY, new SignalMatcher.ByName("approved")),
                new ResumeCondition.Count(1, CountKind.DISTINCT_SOURCES, new SignalMatcher.Wildcard(), List.of(KEY2)),
                new ResumeCondition.OperatorOnly(), new ResumeCondition.TimeoutOnly()));
        SuspendOutcomeDetails details = new SuspendOutcomeDetails(SUS, WP, KEY, TOKEN,
                List.of(new AdditionalWaitpoint(WP2, KEY2, TOKEN)));
        PendingWaitpointInfo info = new PendingWaitpointInfo(WP, KEY, WaitpointState.ACTIVE, List.of("approved"),
                10, 20L, null, EXEC, "k1", "0123456789abcdef");
        EdgeSnapshot edge = new EdgeSnapshot(EDGE, FLOW, EXEC, EXEC2, DependencyKind.SUCCESS_ONLY, null, "ref",
                EdgeState.UNSATISFIED, 5, null);
        TreeMap<String, String> fields = new TreeMap<>(Map.of("frame_type", "stdout", "payload", "hi",
                "mode", "durable"));
        return Stream.of(
                // Signals
                sample(SuspendArgs.class, new SuspendArgs(SUS, List.of(new WaitpointBinding.Fresh(WP, KEY),
                        new WaitpointBinding.UsePending(WP2)), condition,
                        new ResumePolicy(null, false, true, 250L, null), SuspensionReasonCode.WAITING_FOR_APPROVAL,
                        SuspensionRequester.OPERATOR, 99L, TimeoutBehavior.AUTO_RESUME_WITH_TIMEOUT_SIGNAL, "ptr",
                        7, "idem")),
                sample(SuspendOutcome.class, new SuspendOutcome.Suspended(details, HANDLE)),
                sample(SuspendOutcome.class, new SuspendOutcome.AlreadySatisfied(details)),
                sample(PendingWaitpoint.class, new PendingWaitpoint(WP, TOKEN)),
                sample(ResumeSignal.class, new ResumeSignal(SIG, "approved", "approval", "operator", "alice", null,
                        30, new byte[] {'{', '}'})),
                sample(DeliverSignalArgs.class, new DeliverSignalArgs(EXEC, WP, SIG, "approved", "approval", "user",
                        "alice", new byte[] {0, (byte) 255}, "json", "corr", "idem", null, 12L, null, 100L, null, 5,
                        TOKEN, 50)),
                sample(DeliverSignalResult.class, new DeliverSignalResult.Accepted(SIG,
                        SignalEffect.BUFFERED_FOR_PENDING_WAITPOINT)),
                sample(DeliverSignalResult.class, new DeliverSignalResult.Duplicate(SIG)),
                sample(DeliverApprovalSignalArgs.class, new DeliverApprovalSignalArgs(EXEC, LaneId.of("default"), WP,
                        "approved", "ui-1", 60_000, null, 20)),
                sample(ListPendingWaitpointsArgs.class, new ListPendingWaitpointsArgs(EXEC, WP, 50)),
                sample(ListPendingWaitpointsPage.class, new ListPendingWaitpointsPage(List.of(info), WP)),
                sample(RotateWaitpointHmacSecretAllArgs.class, new RotateWaitpointHmacSecretAllArgs("k2", SECRET, 0)),
                sample(RotateWaitpointHmacSecretAllResult.class, new RotateWaitpointHmacSecretAllResult(List.of(
                        new WaitpointHmacRotationEntry(0, new WaitpointHmacRotation.Rotated("k1", "k2", 3))))),
                sample(WaitpointHmacRotation.class, new WaitpointHmacRotation.Rotated(null, "k1", 0)),
                sample(WaitpointHmacRotation.class, new WaitpointHmacRotation.Noop("k1")),
                sample(WaitpointHmacRotation.class, new WaitpointHmacRotation.Failed("conflict",
                        "rotation_conflict: k1")),
                sample(SeedWaitpointHmacSecretArgs.class, new SeedWaitpointHmacSecretArgs("k1", SECRET)),
                sample(SeedWaitpointHmacSecretResult.class, new SeedWaitpointHmacSecretResult.Seeded("k1")),
                sample(SeedWaitpointHmacSecretResult.class, new SeedWaitpointHmacSecretResult.AlreadySeeded("k1",
                        true)),
                sample(WaitpointHmacKids.class, new WaitpointHmacKids("k2", List.of(new VerifyingKid("k1", 99)))),
                // Streams
                sample(Frame.class, new Frame(new byte[] {'h', 'i'}, FrameKind.STDOUT, null, "c1",
                        new StreamMode.DurableSummary())),
                sample(Frame.class, new Frame(new byte[0], FrameKind.EVENT, "progress", null,
                        new StreamMode.BestEffort(5_000, 32, null, 0.5))),
                sample(Frame.class, new Frame(new byte[] {1}, FrameKind.BLOB, null, null, null)),
                sample(AppendFrameOutcome.class, new AppendFrameOutcome("1700000000000-0", 3, 2L)),
                sample(StreamFrames.class, new StreamFrames(List.of(new StreamFrame(StreamFrameId.parse("5-1"),
                        fields)), 77L, StreamClosedReason.LEASE_REVOKED)),
                sample(SummaryDocument.class, new SummaryDocument("{\"a\":1}".getBytes(), 2, null, 9, 8)),
                // Flows
                sample(CreateFlowArgs.class, new CreateFlowArgs(FLOW, "dag", Namespace.of("ns"), 1)),
                sample(CreateFlowResult.class, new CreateFlowResult.Created(FLOW)),
                sample(CreateFlowResult.class, new CreateFlowResult.AlreadySatisfied(FLOW)),
                sample(AddExecutionToFlowArgs.class, new AddExecutionToFlowArgs(FLOW, EXEC, 1)),
                sample(AddExecutionToFlowResult.class, new AddExecutionToFlowResult.Added(EXEC, 1)),
                sample(AddExecutionToFlowResult.class, new AddExecutionToFlowResult.AlreadyMember(EXEC, 2)),
                sample(StageDependencyEdgeArgs.class, new StageDependencyEdgeArgs(FLOW, EDGE, EXEC, EXEC2, null,
                        "ref", 4, 1)),
                sample(StageDependencyEdgeResult.class, new StageDependencyEdgeResult.Staged(EDGE, 5)),
                sample(ApplyDependencyToChildArgs.class, new ApplyDependencyToChildArgs(FLOW, EDGE, EXEC2, EXEC, 5,
                        DependencyKind.SUCCESS_ONLY, null, 1)),
                sample(ApplyDependencyToChildResult.class, new ApplyDependencyToChildResult.Applied(1)),
                sample(ApplyDependencyToChildResult.class, new ApplyDependencyToChildResult.AlreadyApplied()),
                sample(EdgeDependencyPolicy.class, new EdgeDependencyPolicy.AllOf()),
                sample(EdgeDependencyPolicy.class, new EdgeDependencyPolicy.AnyOf(OnSatisfied.CANCEL_REMAINING)),
                sample(EdgeDependencyPolicy.class, new EdgeDependencyPolicy.Quorum(2, OnSatisfied.LET_RUN)),
                sample(SetEdgeGroupPolicyResult.class, new SetEdgeGroupPolicyResult.Set()),
                sample(SetEdgeGroupPolicyResult.class, new SetEdgeGroupPolicyResult.AlreadySet()),
                sample(CancelFlowWait.class, new CancelFlowWait.NoWait()),
                sample(CancelFlowWait.class, new CancelFlowWait.WaitTimeout(Duration.ofMillis(1500))),
                sample(CancelFlowWait.class, new CancelFlowWait.WaitIndefinite()),
                sample(CancelFlowArgs.class, new CancelFlowArgs(FLOW, "stop", CancelFlowPolicy.CANCEL_PENDING, 1)),
                sample(CancelFlowHeaderResult.class, new CancelFlowHeaderResult.Cancelled(CancelFlowPolicy.CANCEL_ALL,
                        List.of(EXEC))),
                sample(CancelFlowHeaderResult.class, new CancelFlowHeaderResult.AlreadyTerminal(null, null,
                        List.of())),
                sample(CancelFlowResult.class, new CancelFlowResult.Cancelled(CancelFlowPolicy.FLOW_ONLY, List.of())),
                sample(CancelFlowResult.class, new CancelFlowResult.CancellationScheduled(CancelFlowPolicy.CANCEL_ALL,
                        300, List.of(EXEC, EXEC2))),
                sample(CancelFlowResult.class, new CancelFlowResult.PartiallyCancelled(CancelFlowPolicy.CANCEL_ALL,
                        List.of(EXEC), List.of(EXEC2))),
                sample(EvaluateFlowEligibilityArgs.class, new EvaluateFlowEligibilityArgs(EXEC)),
                sample(EvaluateFlowEligibilityResult.class, new EvaluateFlowEligibilityResult.Status(
                        FlowEligibility.BLOCKED_BY_DEPENDENCIES)),
                sample(EdgeDirection.class, new EdgeDirection.Outgoing(EXEC)),
                sample(EdgeDirection.class, new EdgeDirection.Incoming(EXEC2)),
                sample(FlowSnapshot.class, new FlowSnapshot(FLOW, "dag", Namespace.of("ns"), PublicFlowState.CANCELLED,
                        3, 2, 1, 10, 11, 12L, "stop", CancelFlowPolicy.CANCEL_ALL, Map.of("app.owner", "me"),
                        List.of(new EdgeGroupSnapshot(EXEC2, new EdgeDependencyPolicy.Quorum(1, OnSatisfied.LET_RUN),
                                1, 0, 0, 0, 1, EdgeGroupState.PENDING)))),
                sample(EdgeSnapshot.class, edge),
                sample(ListFlowsPage.class, new ListFlowsPage(List.of(new FlowSummary(FLOW, 3,
                        FlowSummaryStatus.ACTIVE)), FLOW)),
                // Budgets
                sample(UsageDimensions.class, new UsageDimensions(10, 0, 5L, Map.of("usd_micros", 7L), "d1")),
                sample(ReportUsageResult.class, new ReportUsageResult.Ok()),
                sample(ReportUsageResult.class, new ReportUsageResult.SoftBreach("input_tokens", 90, 80)),
                sample(ReportUsageResult.class, new ReportUsageResult.HardBreach("input_tokens", 90, 100)),
                sample(ReportUsageResult.class, new ReportUsageResult.AlreadyApplied()),
                sample(CreateBudgetArgs.class, new CreateBudgetArgs(BUDGET, "tenant", "t1", "strict", "fail",
                        "warn", 0, List.of("input_tokens"), List.of(100L), List.of(80L), 1)),
                sample(CreateBudgetResult.class, new CreateBudgetResult.Created(BUDGET)),
                sample(CreateBudgetResult.class, new CreateBudgetResult.AlreadySatisfied(BUDGET)),
                sample(ResetBudgetArgs.class, new ResetBudgetArgs(BUDGET, 1)),
                sample(ResetBudgetResult.class, new ResetBudgetResult.Reset(0)),
                sample(BudgetStatus.class, new BudgetStatus(BUDGET, "tenant", "t1", "strict", Map.of("a", 1L),
                        Map.of("a", 10L), Map.of(), 1, 0, 5L, "a", null, 2L)),
                sample(ReportUsageAdminArgs.class, new ReportUsageAdminArgs(List.of("a", "b"), List.of(1L, 2L), null,
                        1)),
                sample(BudgetUsageAndLimits.class, new BudgetUsageAndLimits(Map.of("hard:a", "10"), Map.of("a", 1L))),
                sample(RecordSpendArgs.class, new RecordSpendArgs(BUDGET, EXEC, new TreeMap<>(Map.of("a", 3L)), "s1")),
                sample(ReleaseBudgetArgs.class, new ReleaseBudgetArgs(BUDGET, EXEC)),
                sample(CreateQuotaPolicyArgs.class, new CreateQuotaPolicyArgs(QUOTA, 60, 10, 2, 1)),
                sample(CreateQuotaPolicyResult.class, new CreateQuotaPolicyResult.Created()),
                sample(CreateQuotaPolicyResult.class, new CreateQuotaPolicyResult.AlreadySatisfied()),
                sample(QuotaPolicyLimits.class, new QuotaPolicyLimits(10, 60, 2, 0)),
                sample(CheckAdmissionArgs.class, new CheckAdmissionArgs(EXEC, 1, 60, 10, 2, null)),
                sample(CheckAdmissionResult.class, new CheckAdmissionResult.Admitted()),
                sample(CheckAdmissionResult.class, new CheckAdmissionResult.AlreadyAdmitted()),
                sample(CheckAdmissionResult.class, new CheckAdmissionResult.RateExceeded(1200)),
                sample(CheckAdmissionResult.class, new CheckAdmissionResult.ConcurrencyExceeded()),
                sample(ReleaseAdmissionArgs.class, new ReleaseAdmissionArgs(QUOTA, EXEC)),
                sample(ReleaseAdmissionResult.class, new ReleaseAdmissionResult.Released()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void roundTripsThroughTheStrictMapper(String name, Class<?> type, Object value) throws Exception {
        String json = SkeinJson.strict().writeValueAsString(value);

        assertEquals(value, SkeinJson.strict().readValue(json, type), json);
    }

    @Test
    void resultsAreExternallyTaggedWithSnakeCaseFields() throws Exception {
        assertEquals("{\"Accepted\":{\"signal_id\":\"" + SIG + "\",\"effect\":\"resume_condition_satisfied\"}}",
                SkeinJson.strict().writeValueAsString(new DeliverSignalResult.Accepted(SIG,
                        SignalEffect.RESUME_CONDITION_SATISFIED)));
        assertEquals("\"AlreadyApplied\"",
                SkeinJson.strict().writeValueAsString(new ReportUsageResult.AlreadyApplied()));
        assertEquals("{\"WaitTimeout\":{\"timeout\":1500}}",
                SkeinJson.strict().writeValueAsString(new CancelFlowWait.WaitTimeout(Duration.ofMillis(1500))));
        assertEquals("{\"Quorum\":{\"k\":2,\"on_satisfied\":\"let_run\"}}",
                SkeinJson.strict().writeValueAsString(new EdgeDependencyPolicy.Quorum(2, OnSatisfied.LET_RUN)));
    }

    @Test
    void inputAliasesAreAcceptedAndOptionalFieldsDefault() throws Exception {
        String suspend = "{\"suspension_id\":\"" + SUS + "\",\"waitpoints\":[{\"Fresh\":{\"waitpoint_id\":\"" + WP
                + "\",\"waitpoint_key\":\"approval\"}}],\"resume_condition\":{\"Single\":{\"waitpoint_key\":"
                + "\"approval\",\"matcher\":\"Wildcard\"}},\"timeout_behavior\":\"auto_resume\",\"now\":5}";
        SuspendArgs args = SkeinJson.strict().readValue(suspend, SuspendArgs.class);
        assertEquals(TimeoutBehavior.AUTO_RESUME_WITH_TIMEOUT_SIGNAL, args.timeoutBehavior());
        assertEquals(ResumePolicy.defaults(), args.resumePolicy());
        assertEquals(SuspensionRequester.WORKER, args.requestedBy());

        CancelFlowArgs cancel = SkeinJson.strict().readValue("{\"flow_id\":\"" + FLOW
                + "\",\"cancellation_policy\":\"cancel_flow_only\",\"now\":1}", CancelFlowArgs.class);
        assertEquals(CancelFlowPolicy.FLOW_ONLY, cancel.cancellationPolicy());
        assertEquals("", cancel.reason());

        DeliverSignalArgs deliver = SkeinJson.strict().readValue("{\"execution_id\":\"" + EXEC
                + "\",\"waitpoint_id\":\"" + WP + "\",\"signal_id\":\"" + SIG + "\",\"signal_name\":\"s\","
                + "\"waitpoint_token\":\"" + TOKEN + "\",\"now\":1}", DeliverSignalArgs.class);
        assertEquals("waitpoint", deliver.targetScope());
        assertEquals(86_400_000L, deliver.dedupTtlMs());
        assertEquals(10_000, deliver.maxSignalsPerExecution());
        assertEquals(1_000, deliver.signalMaxlen());
    }

    @Test
    void unknownLiteralsAreRejected() {
        assertThrows(JsonProcessingException.class, () -> SkeinJson.strict().readValue("{\"flow_id\":\"" + FLOW
                + "\",\"cancellation_policy\":\"cancel_some\",\"now\":1}", CancelFlowArgs.class));
        assertThrows(JsonProcessingException.class,
                () -> SkeinJson.strict().readValue("{\"Quorum\":{\"k\":0,\"on_satisfied\":\"let_run\"}}",
                        EdgeDependencyPolicy.class));
        assertThrows(JsonProcessingException.class,
                () -> SkeinJson.strict().readValue("{\"WaitTimeout\":{\"timeout\":\"5s\"}}", CancelFlowWait.class));
    }

    @Test
    void secretsNeverAppearInToString() {
        assertEquals(false, new PendingWaitpoint(WP, TOKEN).toString().contains("abab"));
        assertEquals(true, new PendingWaitpoint(WP, TOKEN).toString().contains("k1:<REDACTED:len=64>"));
        assertEquals(false, new SeedWaitpointHmacSecretArgs("k1", SECRET).toString().contains(SECRET));
        assertEquals(false, new RotateWaitpointHmacSecretAllArgs("k1", SECRET, 1).toString().contains(SECRET));
    }
}
