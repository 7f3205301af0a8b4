package io.skein.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.execution.CancelExecutionArgs;
import io.skein.core.api.execution.CancelExecutionResult;
import io.skein.core.api.execution.ChangePriorityArgs;
import io.skein.core.api.execution.ChangePriorityResult;
import io.skein.core.api.execution.CompleteExecutionArgs;
import io.skein.core.api.execution.CompleteExecutionResult;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.api.execution.CreateExecutionResult;
import io.skein.core.api.execution.FailExecutionArgs;
import io.skein.core.api.execution.FailExecutionResult;
import io.skein.core.api.execution.IssueReclaimGrantArgs;
import io.skein.core.api.execution.IssueReclaimGrantResult;
import io.skein.core.api.execution.ListLanesPage;
import io.skein.core.api.execution.ListSuspendedPage;
import io.skein.core.api.execution.ReclaimExecutionArgs;
import io.skein.core.api.execution.ReclaimExecutionResult;
import io.skein.core.api.execution.RenewLeaseArgs;
import io.skein.core.api.execution.RenewLeaseResult;
import io.skein.core.api.execution.ReplayExecutionArgs;
import io.skein.core.api.execution.ReplayExecutionResult;
import io.skein.core.api.execution.ResumeExecutionArgs;
import io.skein.core.api.execution.ResumeExecutionResult;
import io.skein.core.api.execution.ResumeTriggerType;
import io.skein.core.api.execution.RevokeLeaseArgs;
import io.skein.core.api.execution.RevokeLeaseResult;
import io.skein.core.api.execution.SuspendedEntry;
import io.skein.core.api.policy.ExecutionPolicy;
import io.skein.core.api.scheduler.BlockExecutionForAdmissionArgs;
import io.skein.core.api.scheduler.BlockExecutionForAdmissionResult;
import io.skein.core.api.scheduler.BlockRouteArgs;
import io.skein.core.api.scheduler.BlockRouteResult;
import io.skein.core.api.scheduler.ClaimExecutionArgs;
import io.skein.core.api.scheduler.ClaimExecutionResult;
import io.skein.core.api.scheduler.ClaimForWorkerArgs;
import io.skein.core.api.scheduler.ClaimForWorkerResult;
import io.skein.core.api.scheduler.ClaimGrantOutcome;
import io.skein.core.api.scheduler.ClaimResumedExecutionArgs;
import io.skein.core.api.scheduler.ClaimResumedExecutionResult;
import io.skein.core.api.scheduler.ClaimedExecution;
import io.skein.core.api.scheduler.ClaimedInput;
import io.skein.core.api.scheduler.CloseWaitpointArgs;
import io.skein.core.api.scheduler.ExpireClaimGrantArgs;
import io.skein.core.api.scheduler.ExpireExecutionArgs;
import io.skein.core.api.scheduler.ExpirePhase;
import io.skein.core.api.scheduler.IssueClaimGrantArgs;
import io.skein.core.api.scheduler.IssueClaimGrantResult;
import io.skein.core.api.scheduler.IssueGrantAndClaimArgs;
import io.skein.core.api.scheduler.PartitionSweepArgs;
import io.skein.core.api.scheduler.ReleaseGrantArgs;
import io.skein.core.api.scheduler.ReleaseGrantReason;
import io.skein.core.api.scheduler.ReleaseGrantResult;
import io.skein.core.api.scheduler.ResetDueBudgetArgs;
import io.skein.core.api.scheduler.TimerArgs;
import io.skein.core.api.scheduler.TrimRetentionArgs;
import io.skein.core.api.scheduler.UnblockExecutionArgs;
import io.skein.core.api.worker.CompletionEvent;
import io.skein.core.api.worker.CompletionOutcome;
import io.skein.core.api.worker.EventCursor;
import io.skein.core.api.worker.ExpiredLeaseCursor;
import io.skein.core.api.worker.ExpiredLeaseInfo;
import io.skein.core.api.worker.HeartbeatWorkerArgs;
import io.skein.core.api.worker.HeartbeatWorkerResult;
import io.skein.core.api.worker.LeaseHistoryEvent;
import io.skein.core.api.worker.ListExpiredLeasesArgs;
import io.skein.core.api.worker.ListExpiredLeasesPage;
import io.skein.core.api.worker.ListWorkersArgs;
import io.skein.core.api.worker.ListWorkersPage;
import io.skein.core.api.worker.MarkWorkerDeadArgs;
import io.skein.core.api.worker.MarkWorkerDeadResult;
import io.skein.core.api.worker.RegisterWorkerArgs;
import io.skein.core.api.worker.RegisterWorkerResult;
import io.skein.core.api.worker.SignalDeliveryEffect;
import io.skein.core.api.worker.SignalDeliveryEvent;
import io.skein.core.api.worker.WorkerInfo;
import io.skein.core.id.AttemptId;
import io.skein.core.id.BudgetId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.LaneId;
import io.skein.core.id.LeaseId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionKey;
import io.skein.core.id.SignalId;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.state.AttemptType;
import io.skein.core.state.BlockingReason;
import io.skein.core.state.PublicState;
import io.skein.core.state.StateVector;
import io.skein.core.wire.SkeinJson;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every argument record and every result variant of the execution, worker and scheduler APIs survives JSON. */
class ApiJsonRoundTripTest {

    static final ExecutionId EXEC = ExecutionId.parse("{fp:7}:2f0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5f");
    static final PartitionKey PART = EXEC.partitionKey();
    static final LaneId LANE = LaneId.of("default");
    static final Namespace NS = Namespace.of("tenant-a");
    static final WorkerId WORKER = WorkerId.of("pool-1");
    static final WorkerInstanceId INSTANCE = WorkerInstanceId.of("pool-1-host-3");
    static final LeaseId LEASE = LeaseId.parse("11111111-2222-4333-8444-555555555555");
    static final AttemptId ATTEMPT = AttemptId.parse("66666666-7777-4888-9999-000000000000");
    static final LeaseFence FENCE = new LeaseFence(LEASE, 4, ATTEMPT);
    static final CapabilitySet CAPS = CapabilitySet.worker(List.of("gpu", "arm64"));
    static final Handle HANDLE = new Handle(BackendTag.SQLITE, HandleKind.FRESH, new byte[] {2, 1, 3, 0, (byte) 255});
    static final ClaimGrant CLAIM_GRANT = new ClaimGrant(EXEC, PART, "grant-1", 1_700_000_060_000L);
    static final ReclaimGrant RECLAIM_GRANT = new ReclaimGrant(EXEC, PART, "grant-2", 1_700_000_060_000L, LANE);
    static final ResumeGrant RESUME_GRANT = new ResumeGrant(EXEC, PART, "grant-3", 1_700_000_060_000L, LANE);
    static final EventCursor CURSOR = EventCursor.of(new byte[] {3, 0, 0, 0, 0, 0, 0, 0, 9});
    static final long NOW = 1_700_000_000_000L;

    static Stream<Arguments> samples() {
        ExecutionPolicy policy = ExecutionPolicy.parse("{\"priority\":5,\"retry_policy\":{\"max_retries\":1},"
                + "\"routing_requirements\":{\"required_capabilities\":[\"gpu\"]},"
                + "\"budget_ids\":[\"2f0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5f\"]}");
        return Stream.of(
                // shared records (02 §1)
                sample(ClaimPolicy.class, new ClaimPolicy(WORKER, INSTANCE, 30_000, 2000L)),
                sample(ClaimPolicy.class, ClaimPolicy.of(WORKER, INSTANCE)),
                sample(CapabilitySet.class, CAPS),
                sample(ClaimGrant.class, CLAIM_GRANT),
                sample(ResumeGrant.class, RESUME_GRANT),
                sample(ReclaimGrant.class, RECLAIM_GRANT),
                sample(ResumeToken.class, new ResumeToken(RESUME_GRANT, WORKER, INSTANCE, 30_000)),
                sample(ReclaimToken.class, new ReclaimToken(RECLAIM_GRANT, WORKER, INSTANCE, 30_000)),
                sample(LeaseRenewal.class, new LeaseRenewal(NOW + 30_000, 4)),
                sample(FailureReason.class, new FailureReason("boom", new byte[] {'i', 'o'})),
                sample(FailureReason.class, FailureReason.of("boom")),
                sample(FailureClass.class, FailureClass.INFRA_CRASH),
                sample(FailOutcome.class, new FailOutcome.RetryScheduled(NOW + 1000)),
                sample(FailOutcome.class, new FailOutcome.TerminalFailed()),
                sample(CancelSource.class, CancelSource.of("my_tool")),
                sample(ExecutionSnapshot.class, new ExecutionSnapshot(EXEC, FlowId.random(), LANE, NS,
                        PublicState.ACTIVE, BlockingReason.NONE, "", new CurrentAttempt(ATTEMPT, 0),
                        new CurrentLease(4, INSTANCE, NOW + 30_000, LEASE, 0, NOW), WaitpointId.random(), NOW, NOW + 5,
                        1, Map.of("app.owner", "me"), 40, "halfway")),
                sample(ExecutionSnapshot.class, new ExecutionSnapshot(EXEC, null, LANE, NS, PublicState.WAITING, null,
                        null, null, null, null, NOW, NOW, 0, null, null, null)),
                sample(ExecutionInfo.class, new ExecutionInfo(EXEC, NS, LANE, 10, "email",
                        StateVectorView.of(StateVector.WAITING_FIRST), PublicState.WAITING, NOW, null, null, 0, null,
                        "")),
                sample(ExecutionContext.class, new ExecutionContext(new byte[] {1, 2}, "email", Map.of("a.b", "c"))),
                sample(ListExecutionsPage.class, new ListExecutionsPage(List.of(EXEC), EXEC)),
                sample(ListExecutionsPage.class, new ListExecutionsPage(List.of(), null)),
                sample(PrepareOutcome.class, new PrepareOutcome.NoOp()),
                sample(PrepareOutcome.class, new PrepareOutcome.Applied("migrations 1..4")),
                sample(Capabilities.class, Capabilities.unknown()),
                sample(Capabilities.class, new Capabilities(new BackendIdentity("sqlite", new BackendVersion(0, 1, 0),
                        BackendIdentity.STAGE_E_SHIPPED), Supports.complete())),
                sample(ScannerFilter.class, new ScannerFilter(NS, new InstanceTag("app.region", "eu"))),
                sample(ExecutionPolicy.class, policy),
                // ingress and service layer (02 §3, §4)
                sample(CreateExecutionArgs.class, new CreateExecutionArgs(EXEC, NS, LANE, "email",
                        new byte[] {'{', '}'}, "json", 5, "tester", "idem-1", Map.of("app.k", "v"), policy, NOW + 10,
                        NOW + 60_000, 7, NOW)),
                sample(CreateExecutionArgs.class, new CreateExecutionArgs(EXEC, NS, LANE, "email", new byte[0], null,
                        0, "tester", null, null, null, null, null, 7, NOW)),
                sample(CreateExecutionResult.class, new CreateExecutionResult.Created(EXEC, PublicState.WAITING)),
                sample(CreateExecutionResult.class, new CreateExecutionResult.Duplicate(EXEC)),
                sample(CompleteExecutionArgs.class, new CompleteExecutionArgs(EXEC, FENCE, 0, new byte[] {9}, "bin",
                        CancelSource.LEASE_HOLDER, NOW)),
                sample(CompleteExecutionArgs.class, new CompleteExecutionArgs(EXEC, null, 0, null, null, null, NOW)),
                sample(CompleteExecutionResult.class, new CompleteExecutionResult.Completed(EXEC,
                        PublicState.COMPLETED)),
                sample(FailExecutionArgs.class, new FailExecutionArgs(EXEC, FENCE, 1, "boom", "timeout",
                        "{\"max_retries\":1}", "", CancelSource.LEASE_HOLDER, NOW)),
                sample(FailExecutionResult.class, new FailExecutionResult.RetryScheduled(NOW + 1000, 2)),
                sample(FailExecutionResult.class, new FailExecutionResult.TerminalFailed()),
                sample(RenewLeaseArgs.class, new RenewLeaseArgs(EXEC, 0, FENCE, 30_000, null)),
                sample(RenewLeaseResult.class, new RenewLeaseResult.Renewed(NOW + 30_000)),
                sample(ResumeExecutionArgs.class, new ResumeExecutionArgs(EXEC, ResumeTriggerType.AUTO_RESUME, 500)),
                sample(ResumeExecutionResult.class, new ResumeExecutionResult.Resumed(PublicState.DELAYED)),
                sample(CancelExecutionArgs.class, new CancelExecutionArgs(EXEC, "user asked", null, LEASE, 4L,
                        ATTEMPT, NOW)),
                sample(CancelExecutionResult.class, new CancelExecutionResult.Cancelled(EXEC, PublicState.CANCELLED)),
                sample(RevokeLeaseArgs.class, new RevokeLeaseArgs(EXEC, LEASE, "", null)),
                sample(RevokeLeaseResult.class, new RevokeLeaseResult.Revoked(LEASE, 4)),
                sample(RevokeLeaseResult.class, new RevokeLeaseResult.AlreadySatisfied(
                        RevokeLeaseResult.AlreadySatisfied.NO_ACTIVE_LEASE)),
                sample(ChangePriorityArgs.class, new ChangePriorityArgs(EXEC, 12_000, LANE, NOW)),
                sample(ChangePriorityResult.class, new ChangePriorityResult.Changed(EXEC)),
                sample(ReplayExecutionArgs.class, new ReplayExecutionArgs(EXEC, NOW)),
                sample(ReplayExecutionResult.class, new ReplayExecutionResult.Replayed(PublicState.WAITING)),
                sample(IssueReclaimGrantArgs.class, new IssueReclaimGrantArgs(EXEC, WORKER, INSTANCE, LANE, "h", 5000,
                        "{}", "ok", CAPS)),
                sample(IssueReclaimGrantResult.class, new IssueReclaimGrantResult.Granted(RECLAIM_GRANT)),
                sample(IssueReclaimGrantResult.class, new IssueReclaimGrantResult.NotReclaimable(EXEC, "cuda,gpu")),
                sample(IssueReclaimGrantResult.class, new IssueReclaimGrantResult.ReclaimCapExceeded(EXEC, 1000)),
                sample(ReclaimExecutionArgs.class, new ReclaimExecutionArgs(EXEC, WORKER, INSTANCE, LANE, null, LEASE,
                        30_000, ATTEMPT, "", 5, WorkerInstanceId.of("old-host"), 2)),
                sample(ReclaimExecutionResult.class, new ReclaimExecutionResult.Claimed(HANDLE)),
                sample(ReclaimExecutionResult.class, new ReclaimExecutionResult.NotReclaimable(EXEC, "leased")),
                sample(ReclaimExecutionResult.class, new ReclaimExecutionResult.ReclaimCapExceeded(EXEC, 5)),
                sample(ReclaimExecutionResult.class, new ReclaimExecutionResult.GrantNotFound(EXEC)),
                sample(ListLanesPage.class, new ListLanesPage(List.of(LANE, LaneId.of("z")), LaneId.of("z"))),
                sample(ListSuspendedPage.class, new ListSuspendedPage(List.of(new SuspendedEntry(EXEC, NOW,
                        "waiting_for_signal")), null)),
                // scheduler (02 §6, §8, §9)
                sample(ClaimForWorkerArgs.class, new ClaimForWorkerArgs(LANE, WORKER, INSTANCE, CAPS, 5000)),
                sample(ClaimForWorkerResult.class, new ClaimForWorkerResult.NoWork()),
                sample(ClaimForWorkerResult.class, new ClaimForWorkerResult.Granted(CLAIM_GRANT)),
                sample(IssueClaimGrantArgs.class, new IssueClaimGrantArgs(EXEC, LANE, WORKER, INSTANCE, PART, null,
                        null, null, CAPS, 5000, NOW)),
                sample(IssueClaimGrantResult.class, new IssueClaimGrantResult.Granted(EXEC, "gk-1", 1_700_000_030_000L)),
                sample(ClaimExecutionArgs.class, new ClaimExecutionArgs(EXEC, WORKER, INSTANCE, LANE, LEASE, 30_000,
                        ATTEMPT, 0, "", 60_000L, null, NOW, "grant-1")),
                sample(ClaimExecutionResult.class, new ClaimExecutionResult.Claimed(new ClaimedExecution(EXEC, LEASE, 1,
                        0, ATTEMPT, AttemptType.INITIAL, NOW + 30_000, HANDLE))),
                sample(ClaimExecutionResult.class, new ClaimExecutionResult.Claimed(new ClaimedExecution(EXEC, LEASE, 1,
                        0, ATTEMPT, AttemptType.INITIAL, NOW + 30_000, HANDLE, new ClaimedInput("resize",
                                "{\"w\":2}".getBytes(java.nio.charset.StandardCharsets.UTF_8), "json",
                                Map.of("team", "img"), ExecutionPolicy.defaults())))),
                sample(ClaimResumedExecutionResult.class, new ClaimResumedExecutionResult.Claimed(EXEC, LEASE, 2, 0,
                        ATTEMPT, NOW + 30_000, HANDLE, new ClaimedInput("resize", new byte[] {1, 2}, null, Map.of(),
                                null))),
                sample(ClaimResumedExecutionArgs.class, new ClaimResumedExecutionArgs(EXEC, WORKER, INSTANCE, LANE,
                        LEASE, 30_000, 0, 1000L, NOW, null)),
                sample(ClaimResumedExecutionResult.class, new ClaimResumedExecutionResult.Claimed(EXEC, LEASE, 2, 0,
                        ATTEMPT, NOW + 30_000, HANDLE)),
                sample(ReleaseGrantArgs.class, new ReleaseGrantArgs(EXEC, "grant-1", WORKER, INSTANCE,
                        ReleaseGrantReason.CAPABILITY_MISMATCH)),
                sample(ReleaseGrantResult.class, new ReleaseGrantResult.Released()),
                sample(ReleaseGrantResult.class, new ReleaseGrantResult.AlreadyGone()),
                sample(IssueGrantAndClaimArgs.class, new IssueGrantAndClaimArgs(EXEC, LANE, 30_000)),
                sample(ClaimGrantOutcome.class, new ClaimGrantOutcome(LEASE, 3, 1)),
                sample(BlockRouteArgs.class, new BlockRouteArgs(EXEC, LANE, PART, "no_capable_worker", "gpu", NOW)),
                sample(BlockRouteResult.class, new BlockRouteResult.Blocked(EXEC)),
                sample(BlockExecutionForAdmissionArgs.class, new BlockExecutionForAdmissionArgs(EXEC, LANE, PART,
                        BlockingReason.WAITING_FOR_BUDGET, null, NOW)),
                sample(BlockExecutionForAdmissionResult.class, new BlockExecutionForAdmissionResult.Blocked(EXEC,
                        BlockingReason.WAITING_FOR_QUOTA)),
                sample(TimerArgs.class, new TimerArgs(PART, EXEC, 12L, NOW)),
                sample(ExpireExecutionArgs.class, new ExpireExecutionArgs(PART, EXEC, ExpirePhase.EXECUTION_DEADLINE,
                        null, NOW)),
                sample(CloseWaitpointArgs.class, new CloseWaitpointArgs(PART, EXEC, WaitpointId.random(), NOW)),
                sample(ExpireClaimGrantArgs.class, new ExpireClaimGrantArgs(PART, EXEC, "grant-1", NOW)),
                sample(UnblockExecutionArgs.class, new UnblockExecutionArgs(PART, EXEC,
                        BlockingReason.WAITING_FOR_CAPABLE_WORKER, NOW)),
                sample(ResetDueBudgetArgs.class, new ResetDueBudgetArgs(PartitionKey.budget(3), BudgetId.random(),
                        NOW)),
                sample(TrimRetentionArgs.class, new TrimRetentionArgs(PART, LANE, 86_400_000L, 100,
                        new ScannerFilter(NS, null), NOW)),
                sample(PartitionSweepArgs.class, new PartitionSweepArgs(PartitionKey.quota(1), NOW)),
                // worker registry and subscriptions (02 §10, §11)
                sample(RegisterWorkerArgs.class, new RegisterWorkerArgs(WORKER, INSTANCE,
                        new TreeSet<>(List.of(LANE, LaneId.of("b"))), CAPS, 30_000, NS, NOW)),
                sample(RegisterWorkerResult.class, new RegisterWorkerResult.Registered()),
                sample(RegisterWorkerResult.class, new RegisterWorkerResult.Refreshed()),
                sample(HeartbeatWorkerArgs.class, new HeartbeatWorkerArgs(INSTANCE, NS, NOW)),
                sample(HeartbeatWorkerResult.class, new HeartbeatWorkerResult.Refreshed(NOW + 30_000)),
                sample(HeartbeatWorkerResult.class, new HeartbeatWorkerResult.NotRegistered()),
                sample(MarkWorkerDeadArgs.class, new MarkWorkerDeadArgs(INSTANCE, NS, "oom", NOW)),
                sample(MarkWorkerDeadResult.class, new MarkWorkerDeadResult.Marked()),
                sample(MarkWorkerDeadResult.class, new MarkWorkerDeadResult.NotRegistered()),
                sample(ListWorkersArgs.class, new ListWorkersArgs(NS, INSTANCE, null)),
                sample(ListWorkersPage.class, new ListWorkersPage(List.of(new WorkerInfo(WORKER, INSTANCE, NS,
                        new TreeSet<>(List.of(LANE)), CAPS, NOW, 30_000, NOW - 5)), INSTANCE)),
                sample(ListExpiredLeasesArgs.class, new ListExpiredLeasesArgs(NOW, new ExpiredLeaseCursor(NOW - 1,
                        EXEC), 50, null, NS)),
                sample(ListExpiredLeasesPage.class, new ListExpiredLeasesPage(List.of(new ExpiredLeaseInfo(EXEC, LEASE,
                        4, INSTANCE, NOW - 1, 0)), new ExpiredLeaseCursor(NOW - 1, EXEC))),
                sample(LeaseHistoryEvent.class, new LeaseHistoryEvent.Acquired(CURSOR, EXEC, LEASE, INSTANCE, NOW)),
                sample(LeaseHistoryEvent.class, new LeaseHistoryEvent.Expired(CURSOR, EXEC, LEASE, null, NOW,
                        INSTANCE)),
                sample(LeaseHistoryEvent.class, new LeaseHistoryEvent.Reclaimed(CURSOR, EXEC, LEASE, INSTANCE, NOW,
                        LeaseId.random(), WorkerInstanceId.of("new-host"))),
                sample(LeaseHistoryEvent.class, new LeaseHistoryEvent.Revoked(CURSOR, EXEC, LEASE, INSTANCE, NOW,
                        "operator")),
                sample(CompletionEvent.class, new CompletionEvent(CURSOR, EXEC, new CompletionOutcome.Success(), NOW)),
                sample(CompletionEvent.class, new CompletionEvent(CURSOR, EXEC, new CompletionOutcome.Other("skipped"),
                        NOW)),
                sample(SignalDeliveryEvent.class, new SignalDeliveryEvent(CURSOR, EXEC, SignalId.random(),
                        WaitpointId.random(), "webhook", new SignalDeliveryEffect.Buffered(), NOW)),
                sample(SignalDeliveryEvent.class, new SignalDeliveryEvent(CURSOR, EXEC, SignalId.random(), null, null,
                        new SignalDeliveryEffect.Other("no_op"), NOW)));
    }

    private static Arguments sample(Class<?> type, Object value) {
        return Arguments.of(type.getName().substring(type.getPackageName().length() + 1)
                + (value.getClass() == type ? "" : "." + value.getClass().getSimpleName()), type, value);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void writesAndReadsBackAnEqualValue(String name, Class<?> type, Object value) throws Exception {
        String json = SkeinJson.strict().writeValueAsString(value);

        Object back = SkeinJson.strict().readValue(json, type);

        assertEquals(value, back, json);
        assertEquals(json, SkeinJson.strict().writeValueAsString(back));
    }

    @Test
    void resultsUseExternalTaggingAndSnakeCaseFields() throws Exception {
        assertEquals("{\"Created\":{\"execution_id\":\"" + EXEC + "\",\"public_state\":\"waiting\"}}",
                SkeinJson.strict().writeValueAsString(new CreateExecutionResult.Created(EXEC, PublicState.WAITING)));
        assertEquals("\"TerminalFailed\"",
                SkeinJson.strict().writeValueAsString(new FailExecutionResult.TerminalFailed()));
        assertEquals("{\"RetryScheduled\":{\"delay_until\":5,\"next_attempt_index\":2}}",
                SkeinJson.strict().writeValueAsString(new FailExecutionResult.RetryScheduled(5, 2)));
        assertEquals("{\"Revoked\":{\"lease_id\":\"" + LEASE + "\",\"lease_epoch\":4}}",
                SkeinJson.strict().writeValueAsString(new RevokeLeaseResult.Revoked(LEASE, 4)));
        assertEquals("\"NoOp\"", SkeinJson.strict().writeValueAsString(new PrepareOutcome.NoOp()));
    }

    @Test
    void enumsAndOpenStringsUseTheirWireStrings() throws Exception {
        assertEquals("\"infra_crash\"", SkeinJson.strict().writeValueAsString(FailureClass.INFRA_CRASH));
        assertEquals("\"operator_override\"", SkeinJson.strict().writeValueAsString(CancelSource.OPERATOR_OVERRIDE));
        assertEquals("\"auto_resume\"", SkeinJson.strict().writeValueAsString(ResumeTriggerType.AUTO_RESUME));
    }

    @Test
    void anHttpCancelBodyWithoutSourceDefaultsToOperatorOverride() throws Exception {
        CancelExecutionArgs args = SkeinJson.strict().readValue(
                "{\"execution_id\":\"" + EXEC + "\",\"reason\":\"stop\",\"now\":1}", CancelExecutionArgs.class);

        assertEquals(CancelSource.OPERATOR_OVERRIDE, args.source());
        assertEquals(null, args.leaseId());
    }

    @Test
    void aClaimResultWithoutTheInputStillReadsAndAnOlderReaderSkipsIt() throws Exception {
        ClaimedExecution withInput = new ClaimedExecution(EXEC, LEASE, 1, 0, ATTEMPT, AttemptType.INITIAL,
                NOW + 30_000, HANDLE, new ClaimedInput("k", new byte[] {7}, "json", Map.of(), null));
        String json = SkeinJson.strict().writeValueAsString(withInput);
        assertTrue(json.contains("\"input\":{\"execution_kind\":\"k\",\"input_payload\":[7]"), json);

        // a reply written before the field existed
        String older = json.replaceFirst(",\"input\":\\{.*\\}\\}$", "}");
        assertEquals(new ClaimedExecution(EXEC, LEASE, 1, 0, ATTEMPT, AttemptType.INITIAL, NOW + 30_000, HANDLE),
                SkeinJson.strict().readValue(older, ClaimedExecution.class), older);
        // a reader built before the field, reading replies leniently as Kafka envelopes are read, skips it
        OlderClaimedExecution old = SkeinJson.lenient().readValue(json, OlderClaimedExecution.class);
        assertEquals(HANDLE, old.handle());
        assertEquals(1, old.leaseEpoch());
    }

    /** {@link ClaimedExecution} as it was before {@code input}. */
    record OlderClaimedExecution(ExecutionId executionId, LeaseId leaseId, long leaseEpoch, int attemptIndex,
                                 AttemptId attemptId, AttemptType attemptType, long leaseExpiresAt, Handle handle) {}
}
