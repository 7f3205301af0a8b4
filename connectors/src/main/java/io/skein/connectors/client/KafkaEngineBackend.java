package io.skein.connectors.client;

import io.skein.core.api.AddExecutionToFlowArgs;
import io.skein.core.api.AddExecutionToFlowResult;
import io.skein.core.api.AppendFrameOutcome;
import io.skein.core.api.ApplyDependencyToChildArgs;
import io.skein.core.api.ApplyDependencyToChildResult;
import io.skein.core.api.BackendIdentity;
import io.skein.core.api.BudgetStatus;
import io.skein.core.api.BudgetUsageAndLimits;
import io.skein.core.api.CancelFlowArgs;
import io.skein.core.api.CancelFlowHeaderResult;
import io.skein.core.api.CancelFlowPolicy;
import io.skein.core.api.CancelFlowResult;
import io.skein.core.api.CancelFlowWait;
import io.skein.core.api.Capabilities;
import io.skein.core.api.CapabilitySet;
import io.skein.core.api.CheckAdmissionArgs;
import io.skein.core.api.CheckAdmissionResult;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.CreateBudgetArgs;
import io.skein.core.api.CreateBudgetResult;
import io.skein.core.api.CreateFlowArgs;
import io.skein.core.api.CreateFlowResult;
import io.skein.core.api.CreateQuotaPolicyArgs;
import io.skein.core.api.CreateQuotaPolicyResult;
import io.skein.core.api.DeliverApprovalSignalArgs;
import io.skein.core.api.DeliverSignalArgs;
import io.skein.core.api.DeliverSignalResult;
import io.skein.core.api.EdgeDependencyPolicy;
import io.skein.core.api.EdgeDirection;
import io.skein.core.api.EdgeSnapshot;
import io.skein.core.api.EngineBackend;
import io.skein.core.api.EvaluateFlowEligibilityArgs;
import io.skein.core.api.EvaluateFlowEligibilityResult;
import io.skein.core.api.ExecutionContext;
import io.skein.core.api.ExecutionInfo;
import io.skein.core.api.ExecutionSnapshot;
import io.skein.core.api.FailOutcome;
import io.skein.core.api.FailureClass;
import io.skein.core.api.FailureReason;
import io.skein.core.api.FlowSnapshot;
import io.skein.core.api.Frame;
import io.skein.core.api.Handle;
import io.skein.core.api.LeaseFence;
import io.skein.core.api.LeaseRenewal;
import io.skein.core.api.ListExecutionsPage;
import io.skein.core.api.ListFlowsPage;
import io.skein.core.api.ListPendingWaitpointsArgs;
import io.skein.core.api.ListPendingWaitpointsPage;
import io.skein.core.api.PendingWaitpoint;
import io.skein.core.api.PrepareOutcome;
import io.skein.core.api.QuotaPolicyLimits;
import io.skein.core.api.ReclaimToken;
import io.skein.core.api.RecordSpendArgs;
import io.skein.core.api.ReleaseAdmissionArgs;
import io.skein.core.api.ReleaseAdmissionResult;
import io.skein.core.api.ReleaseBudgetArgs;
import io.skein.core.api.ReportUsageAdminArgs;
import io.skein.core.api.ReportUsageResult;
import io.skein.core.api.ResetBudgetArgs;
import io.skein.core.api.ResetBudgetResult;
import io.skein.core.api.ResumeSignal;
import io.skein.core.api.ResumeToken;
import io.skein.core.api.RotateWaitpointHmacSecretAllArgs;
import io.skein.core.api.RotateWaitpointHmacSecretAllResult;
import io.skein.core.api.ScannerFilter;
import io.skein.core.api.SeedWaitpointHmacSecretArgs;
import io.skein.core.api.SeedWaitpointHmacSecretResult;
import io.skein.core.api.SetEdgeGroupPolicyResult;
import io.skein.core.api.StageDependencyEdgeArgs;
import io.skein.core.api.StageDependencyEdgeResult;
import io.skein.core.api.StreamCursor;
import io.skein.core.api.StreamFrames;
import io.skein.core.api.SummaryDocument;
import io.skein.core.api.SuspendArgs;
import io.skein.core.api.SuspendOutcome;
import io.skein.core.api.TailVisibility;
import io.skein.core.api.UsageDimensions;
import io.skein.core.api.WaitpointHmacKids;
import io.skein.core.api.execution.CancelExecutionArgs;
import io.skein.core.api.execution.CancelExecutionResult;
import io.skein.core.api.execution.ChangePriorityArgs;
import io.skein.core.api.execution.ChangePriorityResult;
import io.skein.core.api.execution.CompleteExecutionArgs;
import io.skein.core.api.execution.CompleteExecutionResult;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.api.execution.CreateExecutionResult;
import io.skein.core.api.execution.ExecutionDetail;
import io.skein.core.api.execution.ExecutionQuery;
import io.skein.core.api.execution.ExecutionSummaryPage;
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
import io.skein.core.api.execution.RevokeLeaseArgs;
import io.skein.core.api.execution.RevokeLeaseResult;
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
import io.skein.core.api.scheduler.CloseWaitpointArgs;
import io.skein.core.api.scheduler.ExpireClaimGrantArgs;
import io.skein.core.api.scheduler.ExpireExecutionArgs;
import io.skein.core.api.scheduler.IssueClaimGrantArgs;
import io.skein.core.api.scheduler.IssueClaimGrantResult;
import io.skein.core.api.scheduler.IssueGrantAndClaimArgs;
import io.skein.core.api.scheduler.PartitionSweepArgs;
import io.skein.core.api.scheduler.ReleaseGrantArgs;
import io.skein.core.api.scheduler.ReleaseGrantResult;
import io.skein.core.api.scheduler.ResetDueBudgetArgs;
import io.skein.core.api.scheduler.TimerArgs;
import io.skein.core.api.scheduler.TrimRetentionArgs;
import io.skein.core.api.scheduler.UnblockExecutionArgs;
import io.skein.core.api.worker.CompletionEvent;
import io.skein.core.api.worker.EventCursor;
import io.skein.core.api.worker.EventSubscription;
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
import io.skein.core.api.worker.SignalDeliveryEvent;
import io.skein.core.command.EngineCommand;
import io.skein.core.error.EngineError;
import io.skein.core.id.BudgetId;
import io.skein.core.id.EdgeId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionKey;
import io.skein.core.id.QuotaPolicyId;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WaitpointKey;
import io.skein.core.state.PublicState;
import io.skein.sql.engine.SqlEngineBackend;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Kafka-mode {@link EngineBackend} (ARCHITECTURE "Two ways to run the same contract"), one method per operation:
 * every state-changing operation sends its command record and returns its reply; reads, tails, retention and the
 * lifecycle calls go to the SQL backend directly (spec 05 §7); {@code claim}, {@code claimForWorker},
 * {@code cancelFlow} and the event subscriptions are the client's ({@link KafkaEngineClient}). After
 * {@code shutdownPrepare} every operation answers {@code Unavailable(backend_shutting_down)}.
 *
 * <p>A new operation with a command record needs its method here: {@code KafkaEngineBackendTest} fails while one of
 * {@link EngineBackend}'s methods is not overridden.
 */
final class KafkaEngineBackend implements EngineBackend {

    private final KafkaEngineClient client;
    private final SqlEngineBackend reads;
    private volatile boolean shutDown;

    KafkaEngineBackend(KafkaEngineClient client, SqlEngineBackend reads) {
        this.client = client;
        this.reads = reads;
    }

    private void open() {
        if (shutDown) {
            throw EngineError.unavailable("backend_shutting_down");
        }
    }

    /** Sends {@code command} and returns its decoded result (the type its operation declares). */
    @SuppressWarnings("unchecked")
    private <T> T send(EngineCommand command) {
        return (T) client.call(command);
    }

    @Override
    public String toString() {
        return "KafkaEngineClient[" + client.commands().replyTo() + "]";
    }

    // ------------------------------------------------------------------------------------------ BackendLifecycle

    @Override
    public String backendLabel() {
        open();
        return KafkaEngineClient.LABEL;
    }

    @Override
    public Capabilities capabilities() {
        open();
        Capabilities sql = reads.capabilities();
        return new Capabilities(new BackendIdentity(KafkaEngineClient.LABEL,
                sql.identity().version(), sql.identity().rfc017Stage()), sql.supports());
    }

    @Override
    public void ping() {
        open();
        reads.ping();
    }

    @Override
    public PrepareOutcome prepare() {
        open();
        return reads.prepare();
    }

    @Override
    public long serverTimeMs() {
        open();
        return reads.serverTimeMs();
    }

    @Override
    public void shutdownPrepare(Duration a0) {
        shutDown = true;
        reads.shutdownPrepare(a0);
    }

    // ------------------------------------------------------------------------------------------ BudgetOperations

    @Override
    public CheckAdmissionResult checkAdmission(QuotaPolicyId a0, String a1, CheckAdmissionArgs a2) {
        open();
        return send(new EngineCommand.CheckAdmission(a0, a1, a2));
    }

    @Override
    public CreateBudgetResult createBudget(CreateBudgetArgs a0) {
        open();
        return send(new EngineCommand.CreateBudget(a0));
    }

    @Override
    public CreateQuotaPolicyResult createQuotaPolicy(CreateQuotaPolicyArgs a0) {
        open();
        return send(new EngineCommand.CreateQuotaPolicy(a0));
    }

    @Override
    public BudgetStatus getBudgetStatus(BudgetId a0) {
        open();
        return reads.getBudgetStatus(a0);
    }

    @Override
    public BudgetUsageAndLimits readBudgetUsageAndLimits(BudgetId a0) {
        open();
        return reads.readBudgetUsageAndLimits(a0);
    }

    @Override
    public Optional<QuotaPolicyLimits> readQuotaPolicyLimits(QuotaPolicyId a0) {
        open();
        return reads.readQuotaPolicyLimits(a0);
    }

    @Override
    public ReportUsageResult recordSpend(RecordSpendArgs a0) {
        open();
        return send(new EngineCommand.RecordSpend(a0));
    }

    @Override
    public ReleaseAdmissionResult releaseAdmission(ReleaseAdmissionArgs a0) {
        open();
        return send(new EngineCommand.ReleaseAdmission(a0));
    }

    @Override
    public void releaseBudget(ReleaseBudgetArgs a0) {
        open();
        send(new EngineCommand.ReleaseBudget(a0));
    }

    @Override
    public ReportUsageResult reportUsage(Handle a0, BudgetId a1, UsageDimensions a2) {
        open();
        return send(new EngineCommand.ReportUsage(a0, a1, a2));
    }

    @Override
    public ReportUsageResult reportUsageAdmin(BudgetId a0, ReportUsageAdminArgs a1) {
        open();
        return send(new EngineCommand.ReportUsageAdmin(a0, a1));
    }

    @Override
    public ResetBudgetResult resetBudget(ResetBudgetArgs a0) {
        open();
        return send(new EngineCommand.ResetBudget(a0));
    }

    // ------------------------------------------------------------------------------------------ ExecutionOperations

    @Override
    public CancelExecutionResult cancelExecution(CancelExecutionArgs a0) {
        open();
        return send(new EngineCommand.CancelExecution(a0));
    }

    @Override
    public ChangePriorityResult changePriority(ChangePriorityArgs a0) {
        open();
        return send(new EngineCommand.ChangePriority(a0));
    }

    @Override
    public CompleteExecutionResult completeExecution(CompleteExecutionArgs a0) {
        open();
        return send(new EngineCommand.CompleteExecution(a0));
    }

    @Override
    public CreateExecutionResult createExecution(CreateExecutionArgs a0) {
        open();
        return send(new EngineCommand.CreateExecution(a0));
    }

    @Override
    public Optional<ExecutionSnapshot> describeExecution(ExecutionId a0) {
        open();
        return reads.describeExecution(a0);
    }

    @Override
    public FailExecutionResult failExecution(FailExecutionArgs a0) {
        open();
        return send(new EngineCommand.FailExecution(a0));
    }

    @Override
    public Optional<Namespace> getExecutionNamespace(ExecutionId a0) {
        open();
        return reads.getExecutionNamespace(a0);
    }

    @Override
    public Optional<byte[]> getExecutionResult(ExecutionId a0) {
        open();
        return reads.getExecutionResult(a0);
    }

    @Override
    public Optional<String> getExecutionTag(ExecutionId a0, String a1) {
        open();
        return reads.getExecutionTag(a0, a1);
    }

    @Override
    public IssueReclaimGrantResult issueReclaimGrant(IssueReclaimGrantArgs a0) {
        open();
        return send(new EngineCommand.IssueReclaimGrant(a0));
    }

    @Override
    public ListExecutionsPage listExecutions(PartitionKey a0, ExecutionId a1, int a2) {
        open();
        return reads.listExecutions(a0, a1, a2);
    }

    @Override
    public ListLanesPage listLanes(LaneId a0, int a1) {
        open();
        return reads.listLanes(a0, a1);
    }

    @Override
    public ListSuspendedPage listSuspended(PartitionKey a0, ExecutionId a1, int a2) {
        open();
        return reads.listSuspended(a0, a1, a2);
    }

    @Override
    public int readCurrentAttemptIndex(ExecutionId a0) {
        open();
        return reads.readCurrentAttemptIndex(a0);
    }

    @Override
    public Map<String, Optional<String>> readExecCoreFields(PartitionKey a0, ExecutionId a1, List<String> a2) {
        open();
        return reads.readExecCoreFields(a0, a1, a2);
    }

    @Override
    public ExecutionContext readExecutionContext(ExecutionId a0) {
        open();
        return reads.readExecutionContext(a0);
    }

    @Override
    public Optional<ExecutionDetail> readExecutionDetail(ExecutionId a0) {
        open();
        return reads.readExecutionDetail(a0);
    }

    @Override
    public Optional<ExecutionInfo> readExecutionInfo(ExecutionId a0) {
        open();
        return reads.readExecutionInfo(a0);
    }

    @Override
    public Optional<PublicState> readExecutionState(ExecutionId a0) {
        open();
        return reads.readExecutionState(a0);
    }

    @Override
    public int readTotalAttemptCount(ExecutionId a0) {
        open();
        return reads.readTotalAttemptCount(a0);
    }

    @Override
    public ReclaimExecutionResult reclaimExecution(ReclaimExecutionArgs a0) {
        open();
        return send(new EngineCommand.ReclaimExecution(a0));
    }

    @Override
    public RenewLeaseResult renewLease(RenewLeaseArgs a0) {
        open();
        return send(new EngineCommand.RenewLease(a0));
    }

    @Override
    public ReplayExecutionResult replayExecution(ReplayExecutionArgs a0) {
        open();
        return send(new EngineCommand.ReplayExecution(a0));
    }

    @Override
    public ResumeExecutionResult resumeExecution(ResumeExecutionArgs a0) {
        open();
        return send(new EngineCommand.ResumeExecution(a0));
    }

    @Override
    public RevokeLeaseResult revokeLease(RevokeLeaseArgs a0) {
        open();
        return send(new EngineCommand.RevokeLease(a0));
    }

    @Override
    public ExecutionSummaryPage searchExecutions(ExecutionQuery a0) {
        open();
        return reads.searchExecutions(a0);
    }

    @Override
    public void setExecutionTag(ExecutionId a0, String a1, String a2) {
        open();
        send(new EngineCommand.SetExecutionTag(a0, a1, a2));
    }

    // ------------------------------------------------------------------------------------------ FlowOperations

    @Override
    public void ackCancelMember(FlowId a0, ExecutionId a1) {
        open();
        send(new EngineCommand.AckCancelMember(a0, a1));
    }

    @Override
    public AddExecutionToFlowResult addExecutionToFlow(AddExecutionToFlowArgs a0) {
        open();
        return send(new EngineCommand.AddExecutionToFlow(a0));
    }

    @Override
    public ApplyDependencyToChildResult applyDependencyToChild(ApplyDependencyToChildArgs a0) {
        open();
        return send(new EngineCommand.ApplyDependencyToChild(a0));
    }

    @Override
    public CancelFlowResult cancelFlow(FlowId a0, CancelFlowPolicy a1, CancelFlowWait a2, String a3) {
        open();
        return client.cancelFlow(a0, a1, a2, a3);
    }

    @Override
    public CancelFlowHeaderResult cancelFlowHeader(CancelFlowArgs a0) {
        open();
        return send(new EngineCommand.CancelFlowHeader(a0));
    }

    @Override
    public CreateFlowResult createFlow(CreateFlowArgs a0) {
        open();
        return send(new EngineCommand.CreateFlow(a0));
    }

    @Override
    public Optional<EdgeSnapshot> describeEdge(FlowId a0, EdgeId a1) {
        open();
        return reads.describeEdge(a0, a1);
    }

    @Override
    public Optional<FlowSnapshot> describeFlow(FlowId a0) {
        open();
        return reads.describeFlow(a0);
    }

    @Override
    public EvaluateFlowEligibilityResult evaluateFlowEligibility(EvaluateFlowEligibilityArgs a0) {
        open();
        return reads.evaluateFlowEligibility(a0);
    }

    @Override
    public Optional<String> getFlowTag(FlowId a0, String a1) {
        open();
        return reads.getFlowTag(a0, a1);
    }

    @Override
    public List<EdgeSnapshot> listEdges(FlowId a0, EdgeDirection a1) {
        open();
        return reads.listEdges(a0, a1);
    }

    @Override
    public ListFlowsPage listFlows(PartitionKey a0, FlowId a1, int a2) {
        open();
        return reads.listFlows(a0, a1, a2);
    }

    @Override
    public boolean projectFlowSummary(PartitionKey a0, FlowId a1) {
        open();
        return send(new EngineCommand.ProjectFlowSummary(a0, a1));
    }

    @Override
    public Optional<FlowId> resolveExecutionFlowId(ExecutionId a0) {
        open();
        return reads.resolveExecutionFlowId(a0);
    }

    @Override
    public SetEdgeGroupPolicyResult setEdgeGroupPolicy(FlowId a0, ExecutionId a1, EdgeDependencyPolicy a2) {
        open();
        return send(new EngineCommand.SetEdgeGroupPolicy(a0, a1, a2));
    }

    @Override
    public void setFlowTag(FlowId a0, String a1, String a2) {
        open();
        send(new EngineCommand.SetFlowTag(a0, a1, a2));
    }

    @Override
    public StageDependencyEdgeResult stageDependencyEdge(StageDependencyEdgeArgs a0) {
        open();
        return send(new EngineCommand.StageDependencyEdge(a0));
    }

    // ------------------------------------------------------------------------------------------ SchedulerOperations

    @Override
    public BlockExecutionForAdmissionResult blockExecutionForAdmission(BlockExecutionForAdmissionArgs a0) {
        open();
        return send(new EngineCommand.BlockExecutionForAdmission(a0));
    }

    @Override
    public BlockRouteResult blockRoute(BlockRouteArgs a0) {
        open();
        return send(new EngineCommand.BlockRoute(a0));
    }

    @Override
    public ClaimExecutionResult claimExecution(ClaimExecutionArgs a0) {
        open();
        return send(new EngineCommand.ClaimExecution(a0));
    }

    @Override
    public ClaimForWorkerResult claimForWorker(ClaimForWorkerArgs a0) {
        open();
        return client.claimForWorker(a0);
    }

    @Override
    public ClaimResumedExecutionResult claimResumedExecution(ClaimResumedExecutionArgs a0) {
        open();
        return send(new EngineCommand.ClaimResumedExecution(a0));
    }

    @Override
    public void closeWaitpoint(CloseWaitpointArgs a0) {
        open();
        send(new EngineCommand.CloseWaitpoint(a0));
    }

    @Override
    public void expireClaimGrant(ExpireClaimGrantArgs a0) {
        open();
        send(new EngineCommand.ExpireClaimGrant(a0));
    }

    @Override
    public void expireExecution(ExpireExecutionArgs a0) {
        open();
        send(new EngineCommand.ExpireExecution(a0));
    }

    @Override
    public void expireSuspension(TimerArgs a0) {
        open();
        send(new EngineCommand.ExpireSuspension(a0));
    }

    @Override
    public IssueClaimGrantResult issueClaimGrant(IssueClaimGrantArgs a0) {
        open();
        return send(new EngineCommand.IssueClaimGrant(a0));
    }

    @Override
    public ClaimGrantOutcome issueGrantAndClaim(IssueGrantAndClaimArgs a0) {
        open();
        return send(new EngineCommand.IssueGrantAndClaim(a0));
    }

    @Override
    public void markLeaseExpiredIfDue(TimerArgs a0) {
        open();
        send(new EngineCommand.MarkLeaseExpiredIfDue(a0));
    }

    @Override
    public void promoteDelayed(TimerArgs a0) {
        open();
        send(new EngineCommand.PromoteDelayed(a0));
    }

    @Override
    public int reconcileBudgetCounters(PartitionSweepArgs a0) {
        open();
        return reads.reconcileBudgetCounters(a0);
    }

    @Override
    public int reconcileExecutionIndex(PartitionSweepArgs a0) {
        open();
        return reads.reconcileExecutionIndex(a0);
    }

    @Override
    public int reconcileQuotaCounters(PartitionSweepArgs a0) {
        open();
        return reads.reconcileQuotaCounters(a0);
    }

    @Override
    public ReleaseGrantResult releaseGrant(ReleaseGrantArgs a0) {
        open();
        return send(new EngineCommand.ReleaseGrant(a0));
    }

    @Override
    public int repairDependencies(PartitionSweepArgs a0) {
        open();
        return send(new EngineCommand.RepairDependencies(a0));
    }

    @Override
    public void requeueReclaimable(TimerArgs a0) {
        open();
        send(new EngineCommand.RequeueReclaimable(a0));
    }

    @Override
    public void resetDueBudget(ResetDueBudgetArgs a0) {
        open();
        send(new EngineCommand.ResetDueBudget(a0));
    }

    @Override
    public List<ExecutionId> scanEligibleExecutions(LaneId a0, PartitionKey a1, int a2) {
        open();
        return reads.scanEligibleExecutions(a0, a1, a2);
    }

    @Override
    public int trimRetention(TrimRetentionArgs a0) {
        open();
        return reads.trimRetention(a0);
    }

    @Override
    public void unblockExecution(UnblockExecutionArgs a0) {
        open();
        send(new EngineCommand.UnblockExecution(a0));
    }

    // ------------------------------------------------------------------------------------------ SignalOperations

    @Override
    public PendingWaitpoint createWaitpoint(Handle a0, WaitpointKey a1, Duration a2) {
        open();
        return send(new EngineCommand.CreateWaitpoint(a0, a1, a2));
    }

    @Override
    public DeliverSignalResult deliverApprovalSignal(DeliverApprovalSignalArgs a0) {
        open();
        return send(new EngineCommand.DeliverApprovalSignal(a0));
    }

    @Override
    public DeliverSignalResult deliverSignal(DeliverSignalArgs a0) {
        open();
        return send(new EngineCommand.DeliverSignal(a0));
    }

    @Override
    public ListPendingWaitpointsPage listPendingWaitpoints(ListPendingWaitpointsArgs a0) {
        open();
        return reads.listPendingWaitpoints(a0);
    }

    @Override
    public WaitpointHmacKids listWaitpointHmacKids() {
        open();
        return reads.listWaitpointHmacKids();
    }

    @Override
    public List<ResumeSignal> observeSignals(Handle a0) {
        open();
        return reads.observeSignals(a0);
    }

    @Override
    public Optional<String> readWaitpointToken(PartitionKey a0, WaitpointId a1) {
        open();
        return reads.readWaitpointToken(a0, a1);
    }

    @Override
    public RotateWaitpointHmacSecretAllResult rotateWaitpointHmacSecretAll(RotateWaitpointHmacSecretAllArgs a0) {
        open();
        return send(new EngineCommand.RotateWaitpointHmacSecretAll(a0));
    }

    @Override
    public SeedWaitpointHmacSecretResult seedWaitpointHmacSecret(SeedWaitpointHmacSecretArgs a0) {
        open();
        return send(new EngineCommand.SeedWaitpointHmacSecret(a0));
    }

    @Override
    public SuspendOutcome suspend(Handle a0, SuspendArgs a1) {
        open();
        return send(new EngineCommand.Suspend(a0, a1));
    }

    @Override
    public SuspendOutcome suspendByTriple(ExecutionId a0, LeaseFence a1, SuspendArgs a2) {
        open();
        return send(new EngineCommand.SuspendByTriple(a0, a1, a2));
    }

    // ------------------------------------------------------------------------------------------ StreamOperations

    @Override
    public AppendFrameOutcome appendFrame(Handle a0, Frame a1) {
        open();
        return send(new EngineCommand.AppendFrame(a0, a1));
    }

    @Override
    public StreamFrames readStream(ExecutionId a0, int a1, StreamCursor a2, StreamCursor a3, int a4) {
        open();
        return reads.readStream(a0, a1, a2, a3, a4);
    }

    @Override
    public Optional<SummaryDocument> readSummary(ExecutionId a0, int a1) {
        open();
        return reads.readSummary(a0, a1);
    }

    @Override
    public StreamFrames tailStream(ExecutionId a0, int a1, StreamCursor a2, long a3, int a4, TailVisibility a5) {
        open();
        return reads.tailStream(a0, a1, a2, a3, a4, a5);
    }

    // ------------------------------------------------------------------------------------------ WorkerOperations

    @Override
    public void cancel(Handle a0, String a1) {
        open();
        send(new EngineCommand.Cancel(a0, a1));
    }

    @Override
    public Optional<Handle> claim(LaneId a0, CapabilitySet a1, ClaimPolicy a2) {
        open();
        return client.claim(a0, a1, a2);
    }

    @Override
    public Optional<Handle> claimFromReclaim(ReclaimToken a0) {
        open();
        return send(new EngineCommand.ClaimFromReclaim(a0));
    }

    @Override
    public Optional<Handle> claimFromResumeGrant(ResumeToken a0) {
        open();
        return send(new EngineCommand.ClaimFromResumeGrant(a0));
    }

    @Override
    public void complete(Handle a0, byte[] a1) {
        open();
        send(new EngineCommand.Complete(a0, a1));
    }

    @Override
    public void delay(Handle a0, long a1) {
        open();
        send(new EngineCommand.Delay(a0, a1));
    }

    @Override
    public FailOutcome fail(Handle a0, FailureReason a1, FailureClass a2) {
        open();
        return send(new EngineCommand.Fail(a0, a1, a2));
    }

    @Override
    public HeartbeatWorkerResult heartbeatWorker(HeartbeatWorkerArgs a0) {
        open();
        return send(new EngineCommand.HeartbeatWorker(a0));
    }

    @Override
    public ListExpiredLeasesPage listExpiredLeases(ListExpiredLeasesArgs a0) {
        open();
        return reads.listExpiredLeases(a0);
    }

    @Override
    public ListWorkersPage listWorkers(ListWorkersArgs a0) {
        open();
        return reads.listWorkers(a0);
    }

    @Override
    public MarkWorkerDeadResult markWorkerDead(MarkWorkerDeadArgs a0) {
        open();
        return send(new EngineCommand.MarkWorkerDead(a0));
    }

    @Override
    public void progress(Handle a0, Integer a1, String a2) {
        open();
        send(new EngineCommand.Progress(a0, a1, a2));
    }

    @Override
    public RegisterWorkerResult registerWorker(RegisterWorkerArgs a0) {
        open();
        return send(new EngineCommand.RegisterWorker(a0));
    }

    @Override
    public LeaseRenewal renew(Handle a0) {
        open();
        return send(new EngineCommand.Renew(a0));
    }

    @Override
    public EventSubscription<CompletionEvent> subscribeCompletion(EventCursor a0, ScannerFilter a1) {
        open();
        return client.subscribeCompletion(a0, a1);
    }

    @Override
    public EventSubscription<LeaseHistoryEvent> subscribeLeaseHistory(EventCursor a0, ScannerFilter a1) {
        open();
        return client.subscribeLeaseHistory(a0, a1);
    }

    @Override
    public EventSubscription<SignalDeliveryEvent> subscribeSignalDelivery(EventCursor a0, ScannerFilter a1) {
        open();
        return client.subscribeSignalDelivery(a0, a1);
    }

    @Override
    public void waitChildren(Handle a0) {
        open();
        send(new EngineCommand.WaitChildren(a0));
    }
}
