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
    public void shutdownPrepare(Duration grace) {
        shutDown = true;
        reads.shutdownPrepare(grace);
    }

    // ------------------------------------------------------------------------------------------ BudgetOperations

    @Override
    public CheckAdmissionResult checkAdmission(QuotaPolicyId quotaPolicyId, String dimension, CheckAdmissionArgs args) {
        open();
        return send(new EngineCommand.CheckAdmission(quotaPolicyId, dimension, args));
    }

    @Override
    public CreateBudgetResult createBudget(CreateBudgetArgs args) {
        open();
        return send(new EngineCommand.CreateBudget(args));
    }

    @Override
    public CreateQuotaPolicyResult createQuotaPolicy(CreateQuotaPolicyArgs args) {
        open();
        return send(new EngineCommand.CreateQuotaPolicy(args));
    }

    @Override
    public BudgetStatus getBudgetStatus(BudgetId budgetId) {
        open();
        return reads.getBudgetStatus(budgetId);
    }

    @Override
    public BudgetUsageAndLimits readBudgetUsageAndLimits(BudgetId budgetId) {
        open();
        return reads.readBudgetUsageAndLimits(budgetId);
    }

    @Override
    public Optional<QuotaPolicyLimits> readQuotaPolicyLimits(QuotaPolicyId quotaPolicyId) {
        open();
        return reads.readQuotaPolicyLimits(quotaPolicyId);
    }

    @Override
    public ReportUsageResult recordSpend(RecordSpendArgs args) {
        open();
        return send(new EngineCommand.RecordSpend(args));
    }

    @Override
    public ReleaseAdmissionResult releaseAdmission(ReleaseAdmissionArgs args) {
        open();
        return send(new EngineCommand.ReleaseAdmission(args));
    }

    @Override
    public void releaseBudget(ReleaseBudgetArgs args) {
        open();
        send(new EngineCommand.ReleaseBudget(args));
    }

    @Override
    public ReportUsageResult reportUsage(Handle handle, BudgetId budgetId, UsageDimensions dimensions) {
        open();
        return send(new EngineCommand.ReportUsage(handle, budgetId, dimensions));
    }

    @Override
    public ReportUsageResult reportUsageAdmin(BudgetId budgetId, ReportUsageAdminArgs args) {
        open();
        return send(new EngineCommand.ReportUsageAdmin(budgetId, args));
    }

    @Override
    public ResetBudgetResult resetBudget(ResetBudgetArgs args) {
        open();
        return send(new EngineCommand.ResetBudget(args));
    }

    // ------------------------------------------------------------------------------------------ ExecutionOperations

    @Override
    public CancelExecutionResult cancelExecution(CancelExecutionArgs args) {
        open();
        return send(new EngineCommand.CancelExecution(args));
    }

    @Override
    public ChangePriorityResult changePriority(ChangePriorityArgs args) {
        open();
        return send(new EngineCommand.ChangePriority(args));
    }

    @Override
    public CompleteExecutionResult completeExecution(CompleteExecutionArgs args) {
        open();
        return send(new EngineCommand.CompleteExecution(args));
    }

    @Override
    public CreateExecutionResult createExecution(CreateExecutionArgs args) {
        open();
        return send(new EngineCommand.CreateExecution(args));
    }

    @Override
    public Optional<ExecutionSnapshot> describeExecution(ExecutionId executionId) {
        open();
        return reads.describeExecution(executionId);
    }

    @Override
    public FailExecutionResult failExecution(FailExecutionArgs args) {
        open();
        return send(new EngineCommand.FailExecution(args));
    }

    @Override
    public Optional<Namespace> getExecutionNamespace(ExecutionId executionId) {
        open();
        return reads.getExecutionNamespace(executionId);
    }

    @Override
    public Optional<byte[]> getExecutionResult(ExecutionId executionId) {
        open();
        return reads.getExecutionResult(executionId);
    }

    @Override
    public Optional<String> getExecutionTag(ExecutionId executionId, String key) {
        open();
        return reads.getExecutionTag(executionId, key);
    }

    @Override
    public IssueReclaimGrantResult issueReclaimGrant(IssueReclaimGrantArgs args) {
        open();
        return send(new EngineCommand.IssueReclaimGrant(args));
    }

    @Override
    public ListExecutionsPage listExecutions(PartitionKey partition, ExecutionId cursor, int limit) {
        open();
        return reads.listExecutions(partition, cursor, limit);
    }

    @Override
    public ListLanesPage listLanes(LaneId cursor, int limit) {
        open();
        return reads.listLanes(cursor, limit);
    }

    @Override
    public ListSuspendedPage listSuspended(PartitionKey partition, ExecutionId cursor, int limit) {
        open();
        return reads.listSuspended(partition, cursor, limit);
    }

    @Override
    public int readCurrentAttemptIndex(ExecutionId executionId) {
        open();
        return reads.readCurrentAttemptIndex(executionId);
    }

    @Override
    public Map<String, Optional<String>> readExecCoreFields(PartitionKey partition, ExecutionId executionId,
                                                            List<String> fields) {
        open();
        return reads.readExecCoreFields(partition, executionId, fields);
    }

    @Override
    public ExecutionContext readExecutionContext(ExecutionId executionId) {
        open();
        return reads.readExecutionContext(executionId);
    }

    @Override
    public Optional<ExecutionDetail> readExecutionDetail(ExecutionId executionId) {
        open();
        return reads.readExecutionDetail(executionId);
    }

    @Override
    public Optional<ExecutionInfo> readExecutionInfo(ExecutionId executionId) {
        open();
        return reads.readExecutionInfo(executionId);
    }

    @Override
    public Optional<PublicState> readExecutionState(ExecutionId executionId) {
        open();
        return reads.readExecutionState(executionId);
    }

    @Override
    public int readTotalAttemptCount(ExecutionId executionId) {
        open();
        return reads.readTotalAttemptCount(executionId);
    }

    @Override
    public ReclaimExecutionResult reclaimExecution(ReclaimExecutionArgs args) {
        open();
        return send(new EngineCommand.ReclaimExecution(args));
    }

    @Override
    public RenewLeaseResult renewLease(RenewLeaseArgs args) {
        open();
        return send(new EngineCommand.RenewLease(args));
    }

    @Override
    public ReplayExecutionResult replayExecution(ReplayExecutionArgs args) {
        open();
        return send(new EngineCommand.ReplayExecution(args));
    }

    @Override
    public ResumeExecutionResult resumeExecution(ResumeExecutionArgs args) {
        open();
        return send(new EngineCommand.ResumeExecution(args));
    }

    @Override
    public RevokeLeaseResult revokeLease(RevokeLeaseArgs args) {
        open();
        return send(new EngineCommand.RevokeLease(args));
    }

    @Override
    public ExecutionSummaryPage searchExecutions(ExecutionQuery query) {
        open();
        return reads.searchExecutions(query);
    }

    @Override
    public void setExecutionTag(ExecutionId executionId, String key, String value) {
        open();
        send(new EngineCommand.SetExecutionTag(executionId, key, value));
    }

    // ------------------------------------------------------------------------------------------ FlowOperations

    @Override
    public void ackCancelMember(FlowId flowId, ExecutionId executionId) {
        open();
        send(new EngineCommand.AckCancelMember(flowId, executionId));
    }

    @Override
    public AddExecutionToFlowResult addExecutionToFlow(AddExecutionToFlowArgs args) {
        open();
        return send(new EngineCommand.AddExecutionToFlow(args));
    }

    @Override
    public ApplyDependencyToChildResult applyDependencyToChild(ApplyDependencyToChildArgs args) {
        open();
        return send(new EngineCommand.ApplyDependencyToChild(args));
    }

    @Override
    public CancelFlowResult cancelFlow(FlowId flowId, CancelFlowPolicy policy, CancelFlowWait wait, String reason) {
        open();
        return client.cancelFlow(flowId, policy, wait, reason);
    }

    @Override
    public CancelFlowHeaderResult cancelFlowHeader(CancelFlowArgs args) {
        open();
        return send(new EngineCommand.CancelFlowHeader(args));
    }

    @Override
    public CreateFlowResult createFlow(CreateFlowArgs args) {
        open();
        return send(new EngineCommand.CreateFlow(args));
    }

    @Override
    public Optional<EdgeSnapshot> describeEdge(FlowId flowId, EdgeId edgeId) {
        open();
        return reads.describeEdge(flowId, edgeId);
    }

    @Override
    public Optional<FlowSnapshot> describeFlow(FlowId flowId) {
        open();
        return reads.describeFlow(flowId);
    }

    @Override
    public EvaluateFlowEligibilityResult evaluateFlowEligibility(EvaluateFlowEligibilityArgs args) {
        open();
        return reads.evaluateFlowEligibility(args);
    }

    @Override
    public Optional<String> getFlowTag(FlowId flowId, String key) {
        open();
        return reads.getFlowTag(flowId, key);
    }

    @Override
    public List<EdgeSnapshot> listEdges(FlowId flowId, EdgeDirection direction) {
        open();
        return reads.listEdges(flowId, direction);
    }

    @Override
    public ListFlowsPage listFlows(PartitionKey partition, FlowId cursor, int limit) {
        open();
        return reads.listFlows(partition, cursor, limit);
    }

    @Override
    public boolean projectFlowSummary(PartitionKey partition, FlowId flowId) {
        open();
        return send(new EngineCommand.ProjectFlowSummary(partition, flowId));
    }

    @Override
    public Optional<FlowId> resolveExecutionFlowId(ExecutionId executionId) {
        open();
        return reads.resolveExecutionFlowId(executionId);
    }

    @Override
    public SetEdgeGroupPolicyResult setEdgeGroupPolicy(FlowId flowId, ExecutionId downstreamExecutionId,
                                                       EdgeDependencyPolicy policy) {
        open();
        return send(new EngineCommand.SetEdgeGroupPolicy(flowId, downstreamExecutionId, policy));
    }

    @Override
    public void setFlowTag(FlowId flowId, String key, String value) {
        open();
        send(new EngineCommand.SetFlowTag(flowId, key, value));
    }

    @Override
    public StageDependencyEdgeResult stageDependencyEdge(StageDependencyEdgeArgs args) {
        open();
        return send(new EngineCommand.StageDependencyEdge(args));
    }

    // ------------------------------------------------------------------------------------------ SchedulerOperations

    @Override
    public BlockExecutionForAdmissionResult blockExecutionForAdmission(BlockExecutionForAdmissionArgs args) {
        open();
        return send(new EngineCommand.BlockExecutionForAdmission(args));
    }

    @Override
    public BlockRouteResult blockRoute(BlockRouteArgs args) {
        open();
        return send(new EngineCommand.BlockRoute(args));
    }

    @Override
    public ClaimExecutionResult claimExecution(ClaimExecutionArgs args) {
        open();
        return send(new EngineCommand.ClaimExecution(args));
    }

    @Override
    public ClaimForWorkerResult claimForWorker(ClaimForWorkerArgs args) {
        open();
        return client.claimForWorker(args);
    }

    @Override
    public ClaimResumedExecutionResult claimResumedExecution(ClaimResumedExecutionArgs args) {
        open();
        return send(new EngineCommand.ClaimResumedExecution(args));
    }

    @Override
    public void closeWaitpoint(CloseWaitpointArgs args) {
        open();
        send(new EngineCommand.CloseWaitpoint(args));
    }

    @Override
    public void expireClaimGrant(ExpireClaimGrantArgs args) {
        open();
        send(new EngineCommand.ExpireClaimGrant(args));
    }

    @Override
    public void expireExecution(ExpireExecutionArgs args) {
        open();
        send(new EngineCommand.ExpireExecution(args));
    }

    @Override
    public void expireSuspension(TimerArgs args) {
        open();
        send(new EngineCommand.ExpireSuspension(args));
    }

    @Override
    public IssueClaimGrantResult issueClaimGrant(IssueClaimGrantArgs args) {
        open();
        return send(new EngineCommand.IssueClaimGrant(args));
    }

    @Override
    public ClaimGrantOutcome issueGrantAndClaim(IssueGrantAndClaimArgs args) {
        open();
        return send(new EngineCommand.IssueGrantAndClaim(args));
    }

    @Override
    public void markLeaseExpiredIfDue(TimerArgs args) {
        open();
        send(new EngineCommand.MarkLeaseExpiredIfDue(args));
    }

    @Override
    public void promoteDelayed(TimerArgs args) {
        open();
        send(new EngineCommand.PromoteDelayed(args));
    }

    @Override
    public int reconcileBudgetCounters(PartitionSweepArgs args) {
        open();
        return reads.reconcileBudgetCounters(args);
    }

    @Override
    public int reconcileExecutionIndex(PartitionSweepArgs args) {
        open();
        return reads.reconcileExecutionIndex(args);
    }

    @Override
    public int reconcileQuotaCounters(PartitionSweepArgs args) {
        open();
        return reads.reconcileQuotaCounters(args);
    }

    @Override
    public ReleaseGrantResult releaseGrant(ReleaseGrantArgs args) {
        open();
        return send(new EngineCommand.ReleaseGrant(args));
    }

    @Override
    public int repairDependencies(PartitionSweepArgs args) {
        open();
        return send(new EngineCommand.RepairDependencies(args));
    }

    @Override
    public void requeueReclaimable(TimerArgs args) {
        open();
        send(new EngineCommand.RequeueReclaimable(args));
    }

    @Override
    public void resetDueBudget(ResetDueBudgetArgs args) {
        open();
        send(new EngineCommand.ResetDueBudget(args));
    }

    @Override
    public List<ExecutionId> scanEligibleExecutions(LaneId laneId, PartitionKey partition, int limit) {
        open();
        return reads.scanEligibleExecutions(laneId, partition, limit);
    }

    @Override
    public int trimRetention(TrimRetentionArgs args) {
        open();
        return reads.trimRetention(args);
    }

    @Override
    public void unblockExecution(UnblockExecutionArgs args) {
        open();
        send(new EngineCommand.UnblockExecution(args));
    }

    // ------------------------------------------------------------------------------------------ SignalOperations

    @Override
    public PendingWaitpoint createWaitpoint(Handle handle, WaitpointKey waitpointKey, Duration expiresIn) {
        open();
        return send(new EngineCommand.CreateWaitpoint(handle, waitpointKey, expiresIn));
    }

    @Override
    public DeliverSignalResult deliverApprovalSignal(DeliverApprovalSignalArgs args) {
        open();
        return send(new EngineCommand.DeliverApprovalSignal(args));
    }

    @Override
    public DeliverSignalResult deliverSignal(DeliverSignalArgs args) {
        open();
        return send(new EngineCommand.DeliverSignal(args));
    }

    @Override
    public ListPendingWaitpointsPage listPendingWaitpoints(ListPendingWaitpointsArgs args) {
        open();
        return reads.listPendingWaitpoints(args);
    }

    @Override
    public WaitpointHmacKids listWaitpointHmacKids() {
        open();
        return reads.listWaitpointHmacKids();
    }

    @Override
    public List<ResumeSignal> observeSignals(Handle handle) {
        open();
        return reads.observeSignals(handle);
    }

    @Override
    public Optional<String> readWaitpointToken(PartitionKey partition, WaitpointId waitpointId) {
        open();
        return reads.readWaitpointToken(partition, waitpointId);
    }

    @Override
    public RotateWaitpointHmacSecretAllResult rotateWaitpointHmacSecretAll(RotateWaitpointHmacSecretAllArgs args) {
        open();
        return send(new EngineCommand.RotateWaitpointHmacSecretAll(args));
    }

    @Override
    public SeedWaitpointHmacSecretResult seedWaitpointHmacSecret(SeedWaitpointHmacSecretArgs args) {
        open();
        return send(new EngineCommand.SeedWaitpointHmacSecret(args));
    }

    @Override
    public SuspendOutcome suspend(Handle handle, SuspendArgs args) {
        open();
        return send(new EngineCommand.Suspend(handle, args));
    }

    @Override
    public SuspendOutcome suspendByTriple(ExecutionId executionId, LeaseFence fence, SuspendArgs args) {
        open();
        return send(new EngineCommand.SuspendByTriple(executionId, fence, args));
    }

    // ------------------------------------------------------------------------------------------ StreamOperations

    @Override
    public AppendFrameOutcome appendFrame(Handle handle, Frame frame) {
        open();
        return send(new EngineCommand.AppendFrame(handle, frame));
    }

    @Override
    public StreamFrames readStream(ExecutionId executionId, int attemptIndex, StreamCursor from, StreamCursor to,
                                   int countLimit) {
        open();
        return reads.readStream(executionId, attemptIndex, from, to, countLimit);
    }

    @Override
    public Optional<SummaryDocument> readSummary(ExecutionId executionId, int attemptIndex) {
        open();
        return reads.readSummary(executionId, attemptIndex);
    }

    @Override
    public StreamFrames tailStream(ExecutionId executionId, int attemptIndex, StreamCursor after, long blockMs,
                                   int countLimit, TailVisibility visibility) {
        open();
        return reads.tailStream(executionId, attemptIndex, after, blockMs, countLimit, visibility);
    }

    // ------------------------------------------------------------------------------------------ WorkerOperations

    @Override
    public void cancel(Handle handle, String reason) {
        open();
        send(new EngineCommand.Cancel(handle, reason));
    }

    @Override
    public Optional<Handle> claim(LaneId lane, CapabilitySet capabilities, ClaimPolicy policy) {
        open();
        return client.claim(lane, capabilities, policy);
    }

    @Override
    public Optional<Handle> claimFromReclaim(ReclaimToken token) {
        open();
        return send(new EngineCommand.ClaimFromReclaim(token));
    }

    @Override
    public Optional<Handle> claimFromResumeGrant(ResumeToken token) {
        open();
        return send(new EngineCommand.ClaimFromResumeGrant(token));
    }

    @Override
    public void complete(Handle handle, byte[] payload) {
        open();
        send(new EngineCommand.Complete(handle, payload));
    }

    @Override
    public void delay(Handle handle, long delayUntil) {
        open();
        send(new EngineCommand.Delay(handle, delayUntil));
    }

    @Override
    public FailOutcome fail(Handle handle, FailureReason reason, FailureClass classification) {
        open();
        return send(new EngineCommand.Fail(handle, reason, classification));
    }

    @Override
    public HeartbeatWorkerResult heartbeatWorker(HeartbeatWorkerArgs args) {
        open();
        return send(new EngineCommand.HeartbeatWorker(args));
    }

    @Override
    public ListExpiredLeasesPage listExpiredLeases(ListExpiredLeasesArgs args) {
        open();
        return reads.listExpiredLeases(args);
    }

    @Override
    public ListWorkersPage listWorkers(ListWorkersArgs args) {
        open();
        return reads.listWorkers(args);
    }

    @Override
    public MarkWorkerDeadResult markWorkerDead(MarkWorkerDeadArgs args) {
        open();
        return send(new EngineCommand.MarkWorkerDead(args));
    }

    @Override
    public void progress(Handle handle, Integer percent, String message) {
        open();
        send(new EngineCommand.Progress(handle, percent, message));
    }

    @Override
    public RegisterWorkerResult registerWorker(RegisterWorkerArgs args) {
        open();
        return send(new EngineCommand.RegisterWorker(args));
    }

    @Override
    public LeaseRenewal renew(Handle handle) {
        open();
        return send(new EngineCommand.Renew(handle));
    }

    @Override
    public EventSubscription<CompletionEvent> subscribeCompletion(EventCursor cursor, ScannerFilter filter) {
        open();
        return client.subscribeCompletion(cursor, filter);
    }

    @Override
    public EventSubscription<LeaseHistoryEvent> subscribeLeaseHistory(EventCursor cursor, ScannerFilter filter) {
        open();
        return client.subscribeLeaseHistory(cursor, filter);
    }

    @Override
    public EventSubscription<SignalDeliveryEvent> subscribeSignalDelivery(EventCursor cursor, ScannerFilter filter) {
        open();
        return client.subscribeSignalDelivery(cursor, filter);
    }

    @Override
    public void waitChildren(Handle handle) {
        open();
        send(new EngineCommand.WaitChildren(handle));
    }
}
