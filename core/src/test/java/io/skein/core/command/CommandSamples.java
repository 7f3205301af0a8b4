package io.skein.core.command;

import io.skein.core.api.AddExecutionToFlowArgs;
import io.skein.core.api.AddExecutionToFlowResult;
import io.skein.core.api.AdditionalWaitpoint;
import io.skein.core.api.AppendFrameOutcome;
import io.skein.core.api.ApplyDependencyToChildArgs;
import io.skein.core.api.ApplyDependencyToChildResult;
import io.skein.core.api.BackendTag;
import io.skein.core.api.CancelFlowArgs;
import io.skein.core.api.CancelFlowHeaderResult;
import io.skein.core.api.CancelFlowPolicy;
import io.skein.core.api.CancelSource;
import io.skein.core.api.CapabilitySet;
import io.skein.core.api.CheckAdmissionArgs;
import io.skein.core.api.CheckAdmissionResult;
import io.skein.core.api.CountKind;
import io.skein.core.api.CreateBudgetArgs;
import io.skein.core.api.CreateBudgetResult;
import io.skein.core.api.CreateFlowArgs;
import io.skein.core.api.CreateFlowResult;
import io.skein.core.api.CreateQuotaPolicyArgs;
import io.skein.core.api.CreateQuotaPolicyResult;
import io.skein.core.api.DeliverApprovalSignalArgs;
import io.skein.core.api.DeliverSignalArgs;
import io.skein.core.api.DeliverSignalResult;
import io.skein.core.api.DependencyKind;
import io.skein.core.api.EdgeDependencyPolicy;
import io.skein.core.api.FailOutcome;
import io.skein.core.api.FailureClass;
import io.skein.core.api.FailureReason;
import io.skein.core.api.Frame;
import io.skein.core.api.FrameKind;
import io.skein.core.api.Handle;
import io.skein.core.api.HandleKind;
import io.skein.core.api.LeaseFence;
import io.skein.core.api.LeaseRenewal;
import io.skein.core.api.OnSatisfied;
import io.skein.core.api.PendingWaitpoint;
import io.skein.core.api.ReclaimGrant;
import io.skein.core.api.ReclaimToken;
import io.skein.core.api.RecordSpendArgs;
import io.skein.core.api.ReleaseAdmissionArgs;
import io.skein.core.api.ReleaseAdmissionResult;
import io.skein.core.api.ReleaseBudgetArgs;
import io.skein.core.api.ReportUsageAdminArgs;
import io.skein.core.api.ReportUsageResult;
import io.skein.core.api.ResetBudgetArgs;
import io.skein.core.api.ResetBudgetResult;
import io.skein.core.api.ResumeCondition;
import io.skein.core.api.ResumeGrant;
import io.skein.core.api.ResumePolicy;
import io.skein.core.api.ResumeToken;
import io.skein.core.api.RotateWaitpointHmacSecretAllArgs;
import io.skein.core.api.RotateWaitpointHmacSecretAllResult;
import io.skein.core.api.SeedWaitpointHmacSecretArgs;
import io.skein.core.api.SeedWaitpointHmacSecretResult;
import io.skein.core.api.SetEdgeGroupPolicyResult;
import io.skein.core.api.SignalEffect;
import io.skein.core.api.SignalMatcher;
import io.skein.core.api.StageDependencyEdgeArgs;
import io.skein.core.api.StageDependencyEdgeResult;
import io.skein.core.api.StreamMode;
import io.skein.core.api.SuspendArgs;
import io.skein.core.api.SuspendOutcome;
import io.skein.core.api.SuspendOutcomeDetails;
import io.skein.core.api.SuspensionReasonCode;
import io.skein.core.api.SuspensionRequester;
import io.skein.core.api.TimeoutBehavior;
import io.skein.core.api.UsageDimensions;
import io.skein.core.api.WaitpointBinding;
import io.skein.core.api.WaitpointHmacRotation;
import io.skein.core.api.WaitpointHmacRotationEntry;
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
import io.skein.core.api.policy.ExecutionPolicy;
import io.skein.core.api.scheduler.BlockExecutionForAdmissionArgs;
import io.skein.core.api.scheduler.BlockExecutionForAdmissionResult;
import io.skein.core.api.scheduler.BlockRouteArgs;
import io.skein.core.api.scheduler.BlockRouteResult;
import io.skein.core.api.scheduler.ClaimExecutionArgs;
import io.skein.core.api.scheduler.ClaimExecutionResult;
import io.skein.core.api.scheduler.ClaimGrantOutcome;
import io.skein.core.api.scheduler.ClaimResumedExecutionArgs;
import io.skein.core.api.scheduler.ClaimResumedExecutionResult;
import io.skein.core.api.scheduler.ClaimedExecution;
import io.skein.core.api.scheduler.CloseWaitpointArgs;
import io.skein.core.api.scheduler.ExpireClaimGrantArgs;
import io.skein.core.api.scheduler.ExpireExecutionArgs;
import io.skein.core.api.scheduler.ExpirePhase;
import io.skein.core.api.scheduler.IssueClaimGrantArgs;
import io.skein.core.api.scheduler.IssueClaimGrantResult;
import io.skein.core.api.scheduler.IssueGrantAndClaimArgs;
import io.skein.core.api.scheduler.ReleaseGrantArgs;
import io.skein.core.api.scheduler.ReleaseGrantReason;
import io.skein.core.api.scheduler.ReleaseGrantResult;
import io.skein.core.api.scheduler.ResetDueBudgetArgs;
import io.skein.core.api.scheduler.TimerArgs;
import io.skein.core.api.scheduler.UnblockExecutionArgs;
import io.skein.core.api.worker.HeartbeatWorkerArgs;
import io.skein.core.api.worker.HeartbeatWorkerResult;
import io.skein.core.api.worker.MarkWorkerDeadArgs;
import io.skein.core.api.worker.MarkWorkerDeadResult;
import io.skein.core.api.worker.RegisterWorkerArgs;
import io.skein.core.api.worker.RegisterWorkerResult;
import io.skein.core.handle.HandleCodec;
import io.skein.core.handle.HandleFields;
import io.skein.core.handle.HandleKey;
import io.skein.core.id.AttemptId;
import io.skein.core.id.BudgetId;
import io.skein.core.id.EdgeId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.LaneId;
import io.skein.core.id.LeaseId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import io.skein.core.api.scheduler.PartitionSweepArgs;
import io.skein.core.id.PartitionKey;
import io.skein.core.id.QuotaPolicyId;
import io.skein.core.id.SignalId;
import io.skein.core.id.SuspensionId;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WaitpointKey;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.state.AttemptType;
import io.skein.core.state.BlockingReason;
import io.skein.core.state.PublicState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/** One valid sample of every command and of every result type a command returns. */
final class CommandSamples {

    private CommandSamples() {}

    static final FlowId FLOW = FlowId.parse("11111111-2222-4333-8444-555555555555");
    /** A flow member: minted on the flow's partition, as the engine requires. */
    static final ExecutionId EXEC = PartitionConfig.DEFAULT.memberExecutionId(FLOW,
            UUID.fromString("2f0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5f"));
    static final ExecutionId EXEC2 = PartitionConfig.DEFAULT.memberExecutionId(FLOW,
            UUID.fromString("7a0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5f"));
    static final PartitionKey PART = EXEC.partitionKey();
    static final BudgetId BUDGET = BudgetId.parse("71111111-2222-4333-8444-555555555555");
    static final QuotaPolicyId QUOTA = QuotaPolicyId.parse("81111111-2222-4333-8444-555555555555");
    static final WaitpointId WP = WaitpointId.parse("21111111-2222-4333-8444-555555555555");
    static final SignalId SIG = SignalId.parse("41111111-2222-4333-8444-555555555555");
    static final SuspensionId SUS = SuspensionId.parse("51111111-2222-4333-8444-555555555555");
    static final EdgeId EDGE = EdgeId.parse("61111111-2222-4333-8444-555555555555");
    static final LaneId LANE = LaneId.of("default");
    static final Namespace NS = Namespace.of("tenant-a");
    static final WorkerId WORKER = WorkerId.of("pool-1");
    static final WorkerInstanceId INSTANCE = WorkerInstanceId.of("pool-1-host-3");
    static final LeaseId LEASE = LeaseId.parse("11111111-2222-4333-8444-aaaaaaaaaaaa");
    static final AttemptId ATTEMPT = AttemptId.parse("66666666-7777-4888-9999-000000000000");
    static final LeaseFence FENCE = new LeaseFence(LEASE, 4, ATTEMPT);
    static final CapabilitySet CAPS = CapabilitySet.worker(List.of("gpu", "arm64"));
    static final WaitpointKey KEY = WaitpointKey.of("approval");
    static final String TOKEN = "k1:" + "ab".repeat(32);
    static final String SECRET = "0f".repeat(32);
    static final long NOW = 1_700_000_000_000L;
    /** A real Kafka-issued handle of {@link #EXEC}, so its partition can be read back. */
    static final Handle HANDLE = HandleCodec.encode(HandleKey.random(), BackendTag.KAFKA, HandleKind.FRESH,
            new HandleFields(EXEC, 0, ATTEMPT, LEASE, 4, 30_000, LANE, INSTANCE));
    static final ReclaimGrant RECLAIM_GRANT = new ReclaimGrant(EXEC, PART, "grant-2", NOW + 60_000, LANE);
    static final ResumeGrant RESUME_GRANT = new ResumeGrant(EXEC, PART, "grant-3", NOW + 60_000, LANE);

    static final SuspendArgs SUSPEND_ARGS = new SuspendArgs(SUS, List.of(new WaitpointBinding.Fresh(WP, KEY)),
            new ResumeCondition.Count(1, CountKind.DISTINCT_SOURCES, new SignalMatcher.ByName("approved"),
                    List.of(KEY)),
            new ResumePolicy(null, false, true, 250L, null), SuspensionReasonCode.WAITING_FOR_APPROVAL,
            SuspensionRequester.WORKER, NOW + 60_000, TimeoutBehavior.AUTO_RESUME_WITH_TIMEOUT_SIGNAL, "ptr", NOW,
            "idem");

    /** One sample per command record, in declaration order of {@link EngineCommand}. */
    static List<EngineCommand> commands() {
        ExecutionPolicy policy = ExecutionPolicy.parse("{\"priority\":5,\"retry_policy\":{\"max_retries\":1}}");
        return List.of(
                new EngineCommand.CreateExecution(new CreateExecutionArgs(EXEC, NS, LANE, "email",
                        new byte[] {'{', '}'}, "json", 5, "tester", "idem-1", Map.of("app.k", "v"), policy,
                        NOW + 10, NOW + 60_000, 7, NOW)),
                new EngineCommand.CompleteExecution(new CompleteExecutionArgs(EXEC, FENCE, 0, new byte[] {9}, "bin",
                        CancelSource.LEASE_HOLDER, NOW)),
                new EngineCommand.FailExecution(new FailExecutionArgs(EXEC, FENCE, 1, "boom", "timeout",
                        "{\"max_retries\":1}", "", CancelSource.LEASE_HOLDER, NOW)),
                new EngineCommand.RenewLease(new RenewLeaseArgs(EXEC, 0, FENCE, 30_000, null)),
                new EngineCommand.ResumeExecution(new ResumeExecutionArgs(EXEC, ResumeTriggerType.AUTO_RESUME, 500)),
                new EngineCommand.CancelExecution(new CancelExecutionArgs(EXEC, "user asked", null, LEASE, 4L,
                        ATTEMPT, NOW)),
                new EngineCommand.RevokeLease(new RevokeLeaseArgs(EXEC, LEASE, "", null)),
                new EngineCommand.ChangePriority(new ChangePriorityArgs(EXEC, 12_000, LANE, NOW)),
                new EngineCommand.ReplayExecution(new ReplayExecutionArgs(EXEC, NOW)),
                new EngineCommand.IssueReclaimGrant(new IssueReclaimGrantArgs(EXEC, WORKER, INSTANCE, LANE, "h",
                        5000, "{}", "ok", CAPS)),
                new EngineCommand.ReclaimExecution(new ReclaimExecutionArgs(EXEC, WORKER, INSTANCE, LANE, null,
                        LEASE, 30_000, ATTEMPT, "", 5, WorkerInstanceId.of("old-host"), 2)),
                new EngineCommand.SetExecutionTag(EXEC, "app.owner", "me"),
                new EngineCommand.SetFlowTag(FLOW, "app.owner", "me"),
                new EngineCommand.ProjectFlowSummary(PartitionConfig.DEFAULT.flowKey(FLOW), FLOW),
                new EngineCommand.RepairDependencies(new PartitionSweepArgs(PART, NOW)),
                new EngineCommand.Renew(HANDLE),
                new EngineCommand.Progress(HANDLE, 40, "halfway"),
                new EngineCommand.Complete(HANDLE, new byte[] {0, 1, (byte) 255}),
                new EngineCommand.Fail(HANDLE, new FailureReason("boom", new byte[] {'i', 'o'}),
                        FailureClass.INFRA_CRASH),
                new EngineCommand.Cancel(HANDLE, "no longer needed"),
                new EngineCommand.Delay(HANDLE, NOW + 5_000),
                new EngineCommand.WaitChildren(HANDLE),
                new EngineCommand.ClaimFromResumeGrant(new ResumeToken(RESUME_GRANT, WORKER, INSTANCE, 30_000)),
                new EngineCommand.ClaimFromReclaim(new ReclaimToken(RECLAIM_GRANT, WORKER, INSTANCE, 30_000)),
                new EngineCommand.Suspend(HANDLE, SUSPEND_ARGS),
                new EngineCommand.SuspendByTriple(EXEC, FENCE, SUSPEND_ARGS),
                new EngineCommand.CreateWaitpoint(HANDLE, KEY, Duration.ofMillis(90_000)),
                new EngineCommand.AppendFrame(HANDLE, new Frame(new byte[] {'h', 'i'}, FrameKind.STDOUT, null, "c1",
                        new StreamMode.DurableSummary())),
                new EngineCommand.ReportUsage(HANDLE, BUDGET, new UsageDimensions(10, 0, 5L,
                        Map.of("usd_micros", 7L), "d1")),
                new EngineCommand.RegisterWorker(new RegisterWorkerArgs(WORKER, INSTANCE,
                        new TreeSet<>(List.of(LANE, LaneId.of("b"))), CAPS, 30_000, NS, NOW)),
                new EngineCommand.HeartbeatWorker(new HeartbeatWorkerArgs(INSTANCE, NS, NOW)),
                new EngineCommand.MarkWorkerDead(new MarkWorkerDeadArgs(INSTANCE, NS, "oom", NOW)),
                new EngineCommand.IssueClaimGrant(new IssueClaimGrantArgs(EXEC, LANE, WORKER, INSTANCE, PART, null,
                        null, null, CAPS, 5000, NOW)),
                new EngineCommand.ClaimExecution(new ClaimExecutionArgs(EXEC, WORKER, INSTANCE, LANE, LEASE, 30_000,
                        ATTEMPT, 0, "", 60_000L, null, NOW, "grant-1")),
                new EngineCommand.ClaimResumedExecution(new ClaimResumedExecutionArgs(EXEC, WORKER, INSTANCE, LANE,
                        LEASE, 30_000, 0, 1000L, NOW, null)),
                new EngineCommand.ReleaseGrant(new ReleaseGrantArgs(EXEC, "grant-1", WORKER, INSTANCE,
                        ReleaseGrantReason.CAPABILITY_MISMATCH)),
                new EngineCommand.IssueGrantAndClaim(new IssueGrantAndClaimArgs(EXEC, LANE, 30_000)),
                new EngineCommand.BlockRoute(new BlockRouteArgs(EXEC, LANE, PART, "no_capable_worker", "gpu", NOW)),
                new EngineCommand.BlockExecutionForAdmission(new BlockExecutionForAdmissionArgs(EXEC, LANE, PART,
                        BlockingReason.WAITING_FOR_BUDGET, null, NOW)),
                new EngineCommand.MarkLeaseExpiredIfDue(new TimerArgs(PART, EXEC, 12L, NOW)),
                new EngineCommand.RequeueReclaimable(new TimerArgs(PART, EXEC, 13L, NOW)),
                new EngineCommand.PromoteDelayed(new TimerArgs(PART, EXEC, null, NOW)),
                new EngineCommand.ExpireExecution(new ExpireExecutionArgs(PART, EXEC, ExpirePhase.EXECUTION_DEADLINE,
                        null, NOW)),
                new EngineCommand.ExpireSuspension(new TimerArgs(PART, EXEC, 14L, NOW)),
                new EngineCommand.CloseWaitpoint(new CloseWaitpointArgs(PART, EXEC, WP, NOW)),
                new EngineCommand.ExpireClaimGrant(new ExpireClaimGrantArgs(PART, EXEC, "grant-1", NOW)),
                new EngineCommand.UnblockExecution(new UnblockExecutionArgs(PART, EXEC,
                        BlockingReason.WAITING_FOR_CAPABLE_WORKER, NOW)),
                new EngineCommand.ResetDueBudget(new ResetDueBudgetArgs(PartitionConfig.DEFAULT.budgetKey(BUDGET),
                        BUDGET, NOW)),
                new EngineCommand.DeliverSignal(new DeliverSignalArgs(EXEC, WP, SIG, "approved", "approval", "user",
                        "alice", new byte[] {0, (byte) 255}, "json", "corr", "idem", null, 12L, null, 100L, null, 5,
                        TOKEN, 50)),
                new EngineCommand.DeliverApprovalSignal(new DeliverApprovalSignalArgs(EXEC, LANE, WP, "approved",
                        "ui-1", 60_000, null, 20)),
                new EngineCommand.RotateWaitpointHmacSecretAll(new RotateWaitpointHmacSecretAllArgs("k2", SECRET,
                        0)),
                new EngineCommand.SeedWaitpointHmacSecret(new SeedWaitpointHmacSecretArgs("k1", SECRET)),
                new EngineCommand.CreateFlow(new CreateFlowArgs(FLOW, "dag", NS, NOW)),
                new EngineCommand.AddExecutionToFlow(new AddExecutionToFlowArgs(FLOW, EXEC, NOW)),
                new EngineCommand.StageDependencyEdge(new StageDependencyEdgeArgs(FLOW, EDGE, EXEC, EXEC2, null,
                        "ref", 4, NOW)),
                new EngineCommand.ApplyDependencyToChild(new ApplyDependencyToChildArgs(FLOW, EDGE, EXEC2, EXEC, 5,
                        DependencyKind.SUCCESS_ONLY, null, NOW)),
                new EngineCommand.SetEdgeGroupPolicy(FLOW, EXEC2, new EdgeDependencyPolicy.Quorum(2,
                        OnSatisfied.LET_RUN)),
                new EngineCommand.CancelFlowHeader(new CancelFlowArgs(FLOW, "stop", CancelFlowPolicy.CANCEL_PENDING,
                        NOW)),
                new EngineCommand.AckCancelMember(FLOW, EXEC),
                new EngineCommand.CreateBudget(new CreateBudgetArgs(BUDGET, "tenant", "t1", "strict", "fail", "warn",
                        0, List.of("input_tokens"), List.of(100L), List.of(80L), NOW)),
                new EngineCommand.ResetBudget(new ResetBudgetArgs(BUDGET, NOW)),
                new EngineCommand.ReportUsageAdmin(BUDGET, new ReportUsageAdminArgs(List.of("a", "b"),
                        List.of(1L, 2L), null, NOW)),
                new EngineCommand.RecordSpend(new RecordSpendArgs(BUDGET, EXEC, new TreeMap<>(Map.of("a", 3L)),
                        "s1")),
                new EngineCommand.ReleaseBudget(new ReleaseBudgetArgs(BUDGET, EXEC)),
                new EngineCommand.CreateQuotaPolicy(new CreateQuotaPolicyArgs(QUOTA, 60, 10, 2, NOW)),
                new EngineCommand.CheckAdmission(QUOTA, "default", new CheckAdmissionArgs(EXEC, NOW, 60, 10, 2,
                        null)),
                new EngineCommand.ReleaseAdmission(new ReleaseAdmissionArgs(QUOTA, EXEC)));
    }

    /** One sample per (raw) result class a command returns; void commands have none. */
    static Map<Class<?>, Object> results() {
        SuspendOutcomeDetails details = new SuspendOutcomeDetails(SUS, WP, KEY, TOKEN, List.of(
                new AdditionalWaitpoint(WaitpointId.parse("31111111-2222-4333-8444-555555555555"),
                        WaitpointKey.of("callback"), TOKEN)));
        List<Object> samples = List.of(
                new CreateExecutionResult.Created(EXEC, PublicState.WAITING),
                new CompleteExecutionResult.Completed(EXEC, PublicState.COMPLETED),
                new FailExecutionResult.RetryScheduled(NOW + 1000, 2),
                new RenewLeaseResult.Renewed(NOW + 30_000),
                new ResumeExecutionResult.Resumed(PublicState.WAITING),
                new CancelExecutionResult.Cancelled(EXEC, PublicState.CANCELLED),
                new RevokeLeaseResult.Revoked(LEASE, 4),
                new ChangePriorityResult.Changed(EXEC),
                new ReplayExecutionResult.Replayed(PublicState.WAITING),
                new IssueReclaimGrantResult.Granted(RECLAIM_GRANT),
                new ReclaimExecutionResult.Claimed(HANDLE),
                new LeaseRenewal(NOW + 30_000, 4),
                new FailOutcome.TerminalFailed(),
                Optional.of(HANDLE),
                new SuspendOutcome.Suspended(details, HANDLE),
                new PendingWaitpoint(WP, TOKEN),
                new AppendFrameOutcome("1700000000000-0", 3, 2L),
                new ReportUsageResult.SoftBreach("input_tokens", 90, 80),
                new RegisterWorkerResult.Registered(),
                new HeartbeatWorkerResult.Refreshed(NOW + 30_000),
                new MarkWorkerDeadResult.Marked(),
                new IssueClaimGrantResult.Granted(EXEC, "gk-1", 1_700_000_030_000L),
                new ClaimExecutionResult.Claimed(new ClaimedExecution(EXEC, LEASE, 1, 0, ATTEMPT, AttemptType.INITIAL,
                        NOW + 30_000, HANDLE)),
                new ClaimResumedExecutionResult.Claimed(EXEC, LEASE, 2, 0, ATTEMPT, NOW + 30_000, HANDLE),
                new ReleaseGrantResult.Released(),
                new ClaimGrantOutcome(LEASE, 3, 1),
                new BlockRouteResult.Blocked(EXEC),
                new BlockExecutionForAdmissionResult.Blocked(EXEC, BlockingReason.WAITING_FOR_QUOTA),
                new DeliverSignalResult.Accepted(SIG, SignalEffect.BUFFERED_FOR_PENDING_WAITPOINT),
                new RotateWaitpointHmacSecretAllResult(List.of(new WaitpointHmacRotationEntry(0,
                        new WaitpointHmacRotation.Rotated("k1", "k2", 3)))),
                new SeedWaitpointHmacSecretResult.Seeded("k1"),
                new CreateFlowResult.Created(FLOW),
                new AddExecutionToFlowResult.Added(EXEC, 1),
                new StageDependencyEdgeResult.Staged(EDGE, 5),
                new ApplyDependencyToChildResult.Applied(1),
                new SetEdgeGroupPolicyResult.Set(),
                new CancelFlowHeaderResult.Cancelled(CancelFlowPolicy.CANCEL_ALL, List.of(EXEC, EXEC2)),
                new CreateBudgetResult.Created(BUDGET),
                new ResetBudgetResult.Reset(0),
                new CreateQuotaPolicyResult.Created(),
                new CheckAdmissionResult.RateExceeded(1200),
                new ReleaseAdmissionResult.Released());
        Map<Class<?>, Object> byResultClass = new LinkedHashMap<>();
        for (Object sample : samples) {
            byResultClass.put(resultClassOf(sample), sample);
        }
        // the primitive results: projectFlowSummary's "changed", repairDependencies' count
        byResultClass.put(boolean.class, true);
        byResultClass.put(int.class, 2);
        return byResultClass;
    }

    /** The declared result class a sample stands for: its sealed interface, or its own class. */
    private static Class<?> resultClassOf(Object sample) {
        if (sample instanceof Optional) {
            return Optional.class;
        }
        for (Class<?> i : sample.getClass().getInterfaces()) {
            if (i.isSealed()) {
                return i;
            }
        }
        return sample.getClass();
    }
}
