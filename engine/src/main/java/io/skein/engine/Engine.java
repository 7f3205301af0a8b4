package io.skein.engine;

import io.skein.core.api.Handle;
import io.skein.core.api.scheduler.ExpirePhase;
import io.skein.core.command.EngineCommand;
import io.skein.core.error.EngineError;
import io.skein.core.handle.HandleFields;
import io.skein.core.id.FlowId;
import io.skein.core.id.PartitionConfig;
import io.skein.core.state.BlockingReason;
import io.skein.engine.processing.AdmissionBlockHandlers;
import io.skein.engine.processing.AdmissionHandlers;
import io.skein.engine.processing.AttemptHandlers;
import io.skein.engine.processing.BudgetHandlers;
import io.skein.engine.processing.ClaimExecutionHandler;
import io.skein.engine.processing.CreateExecutionHandler;
import io.skein.engine.processing.FlowCancelHandlers;
import io.skein.engine.processing.FlowHandlers;
import io.skein.engine.processing.FlowResolution;
import io.skein.engine.processing.FlowRollups;
import io.skein.engine.processing.GrantKeys;
import io.skein.engine.processing.PartitionSweeps;
import io.skein.engine.processing.Lifecycle;
import io.skein.engine.processing.OperatorHandlers;
import io.skein.engine.processing.QuotaHandlers;
import io.skein.engine.processing.ReclaimHandlers;
import io.skein.engine.processing.RetentionHandlers;
import io.skein.engine.processing.SchedulerHandlers;
import io.skein.engine.processing.SignalDeliveryHandler;
import io.skein.engine.processing.StreamHandlers;
import io.skein.engine.processing.SuspendHandler;
import io.skein.engine.processing.SuspensionTimerHandlers;
import io.skein.engine.processing.TagHandlers;
import io.skein.engine.processing.TimerHandlers;
import io.skein.engine.processing.WaitpointKeyHandlers;
import io.skein.engine.processing.WorkerRegistryHandlers;
import io.skein.engine.state.WaitpointRef;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The execution model as one entry point: {@link #process} finds the processor of a command by its type, which
 * decides the command against the state of the unit it is given and writes what it decided there, or throws the
 * command's typed rejection. Direct mode runs it in a SQL transaction, Kafka mode against the task's state, the
 * engine's own tests against the in-memory state; all three get the same decisions wired the same way here
 * (terminal transitions resolve flows, claims pass admission, a skipped member's replay goes back to its
 * dependencies). The randomness decisions draw (retry jitter) is passed in; ids come from the unit.
 */
public final class Engine {

    /** The decision of one command type. */
    @FunctionalInterface
    private interface Processor<C extends EngineCommand> {
        Object process(C command, EngineUnit unit);
    }

    private final PartitionConfig partitions;
    private final Map<Class<?>, Processor<?>> processors = new HashMap<>();

    private final Lifecycle lifecycle = new Lifecycle();
    private final CreateExecutionHandler create;
    private final AttemptHandlers attempts;
    private final TimerHandlers timers;
    private final SchedulerHandlers scheduler = new SchedulerHandlers();
    private final ClaimExecutionHandler claimExecution = new ClaimExecutionHandler();
    private final OperatorHandlers operator = new OperatorHandlers();
    private final ReclaimHandlers reclaims;
    private final AdmissionBlockHandlers admissionBlocks = new AdmissionBlockHandlers();
    private final StreamHandlers streams = new StreamHandlers();
    private final RetentionHandlers retention = new RetentionHandlers();
    private final SuspendHandler suspends = new SuspendHandler();
    private final SignalDeliveryHandler signals = new SignalDeliveryHandler();
    private final WaitpointKeyHandlers waitpointKeys = new WaitpointKeyHandlers();
    private final SuspensionTimerHandlers suspensionTimers;
    private final FlowResolution flowResolution;
    private final FlowHandlers flowHandlers;
    private final FlowCancelHandlers flowCancels;
    private final BudgetHandlers budgets;
    private final QuotaHandlers quotas;
    private final AdmissionHandlers admission;
    private final WorkerRegistryHandlers workerRegistry = new WorkerRegistryHandlers();
    private final TagHandlers tags = new TagHandlers();
    private final FlowRollups rollups = new FlowRollups();

    /**
     * @param units where work handed on to units of its own goes (flow follow-ups, a flow cancel's owed members)
     */
    public Engine(PartitionConfig partitions, RandomGenerator random, Units units) {
        this.partitions = partitions;
        this.create = new CreateExecutionHandler(partitions);
        this.attempts = new AttemptHandlers(lifecycle, random);
        this.timers = new TimerHandlers(lifecycle, attempts);
        this.reclaims = new ReclaimHandlers(lifecycle);
        this.suspensionTimers = new SuspensionTimerHandlers(lifecycle);
        this.flowResolution = new FlowResolution(lifecycle, attempts, units);
        this.flowHandlers = new FlowHandlers(flowResolution);
        this.flowCancels = new FlowCancelHandlers(attempts, units);
        this.budgets = new BudgetHandlers(() -> partitions);
        this.quotas = new QuotaHandlers(() -> partitions);
        this.admission = new AdmissionHandlers(budgets, quotas);
        // D2: a terminal transition resolves the member's edges in the same unit; F9: a skipped member's replay
        lifecycle.addTerminalListener(flowResolution);
        operator.addReplayBranch(flowResolution);
        // spec 04 §5.4: claims and grants pass budget and quota admission; their blocks lift when the room is back
        scheduler.setAdmission(admission);
        claimExecution.setAdmission(admission);
        admissionBlocks.setUnblockCondition(BlockingReason.WAITING_FOR_BUDGET, admission::budgetBlockGone);
        admissionBlocks.setUnblockCondition(BlockingReason.WAITING_FOR_QUOTA, admission::quotaBlockGone);
        registerLifecycle();
        registerSignalsAndStreams();
        registerFlows();
        registerBudgetsAndQuotas();
        registerWorkerRegistry();
    }

    /**
     * Decides {@code command} in {@code unit} and returns its result ({@code null} for an operation without one).
     *
     * @throws io.skein.core.error.EngineException the command's typed rejection
     */
    public Object process(EngineCommand command, EngineUnit unit) {
        @SuppressWarnings("unchecked")
        Processor<EngineCommand> processor = (Processor<EngineCommand>) processors.get(command.getClass());
        if (processor == null) {
            throw EngineError.unavailable(command.type());
        }
        return processor.process(command, unit);
    }

    /** Whether {@link #process} decides commands of {@code type}. */
    public boolean decides(Class<? extends EngineCommand> type) {
        return processors.containsKey(type);
    }

    private <C extends EngineCommand> void on(Class<C> type, Processor<C> processor) {
        if (processors.putIfAbsent(type, processor) != null) {
            throw new IllegalStateException("two processors for " + type.getSimpleName());
        }
    }

    /** Step 1 of the fence check (spec 01 §7): the handle verifies whole under this unit's key and names its backend. */
    private static HandleFields decode(Handle handle, EngineUnit unit) {
        if (handle == null) {
            throw EngineError.invalidInput("handle: missing");
        }
        return unit.handles().read(handle);
    }

    private int flowPartition(FlowId flowId) {
        if (flowId == null) {
            throw EngineError.invalidInput("flow_id: required");
        }
        return partitions.flowPartition(flowId);
    }

    // ------------------------------------------------------------------------------------------ lifecycle

    private void registerLifecycle() {
        on(EngineCommand.CreateExecution.class, (c, unit) -> {
            create.validate(c.args());
            return create.apply(unit, c.args());
        });
        on(EngineCommand.Renew.class, (c, unit) -> attempts.renew(unit, decode(c.handle(), unit)));
        on(EngineCommand.Progress.class, (c, unit) -> {
            HandleFields h = decode(c.handle(), unit);
            AttemptHandlers.validateProgress(c.percent(), c.message());
            attempts.progress(unit, h, c.percent(), c.message());
            return null;
        });
        on(EngineCommand.Complete.class, (c, unit) -> {
            HandleFields h = decode(c.handle(), unit);
            AttemptHandlers.validateResult(c.payload());
            attempts.complete(unit, h, c.payload());
            return null;
        });
        on(EngineCommand.Fail.class, (c, unit) -> attempts.fail(unit, decode(c.handle(), unit),
                c.reason().message(), c.reason().detail(), c.classification()));
        on(EngineCommand.Cancel.class, (c, unit) -> {
            attempts.cancel(unit, decode(c.handle(), unit), c.reason());
            return null;
        });
        on(EngineCommand.Delay.class, (c, unit) -> {
            attempts.delay(unit, decode(c.handle(), unit), c.delayUntil());
            return null;
        });
        on(EngineCommand.WaitChildren.class, (c, unit) -> {
            attempts.waitChildren(unit, decode(c.handle(), unit));
            return null;
        });
        on(EngineCommand.CompleteExecution.class, (c, unit) -> {
            AttemptHandlers.validateResult(c.args().resultPayload());
            return attempts.completeExecution(unit, c.args());
        });
        on(EngineCommand.FailExecution.class, (c, unit) -> attempts.failExecution(unit, c.args()));
        on(EngineCommand.RenewLease.class, (c, unit) -> attempts.renewLease(unit, c.args()));
        on(EngineCommand.CancelExecution.class, (c, unit) -> attempts.cancelExecution(unit, c.args()));
        on(EngineCommand.RevokeLease.class, (c, unit) -> operator.revokeLease(unit, c.args()));
        on(EngineCommand.ChangePriority.class, (c, unit) -> operator.changePriority(unit, c.args()));
        on(EngineCommand.ReplayExecution.class, (c, unit) -> operator.replayExecution(unit, c.args()));
        on(EngineCommand.SetExecutionTag.class, (c, unit) -> {
            tags.setExecutionTag(unit, c.executionId(), c.key(), c.value());
            return null;
        });
        on(EngineCommand.IssueReclaimGrant.class, (c, unit) -> reclaims.issueReclaimGrant(unit, c.args()));
        on(EngineCommand.ReclaimExecution.class, (c, unit) -> reclaims.reclaimExecution(unit, c.args()));
        on(EngineCommand.ClaimFromReclaim.class, (c, unit) -> {
            if (c.token() == null) {
                throw EngineError.invalidInput("token: missing");
            }
            return reclaims.claimFromReclaim(unit, c.token());
        });
        on(EngineCommand.ClaimFromResumeGrant.class, (c, unit) -> {
            if (c.token() == null) {
                throw EngineError.invalidInput("token: missing");
            }
            return reclaims.claimFromResumeGrant(unit, c.token());
        });
        on(EngineCommand.IssueClaimGrant.class, (c, unit) -> scheduler.issueClaimGrant(unit, c.args()));
        on(EngineCommand.ClaimExecution.class, (c, unit) -> claimExecution.apply(unit, c.args()));
        on(EngineCommand.ClaimResumedExecution.class, (c, unit) -> scheduler.claimResumedExecution(unit, c.args()));
        on(EngineCommand.ReleaseGrant.class, (c, unit) -> scheduler.releaseGrant(unit, c.args()));
        on(EngineCommand.IssueGrantAndClaim.class, (c, unit) -> scheduler.issueGrantAndClaim(unit, c.args()));
        on(EngineCommand.BlockRoute.class, (c, unit) -> {
            AdmissionBlockHandlers.validate(c.args().partition(), c.args().executionId(),
                    BlockingReason.WAITING_FOR_CAPABLE_WORKER);
            return admissionBlocks.blockRoute(unit, c.args());
        });
        on(EngineCommand.BlockExecutionForAdmission.class, (c, unit) -> {
            AdmissionBlockHandlers.validate(c.args().partition(), c.args().executionId(), c.args().reason());
            return admissionBlocks.blockForAdmission(unit, c.args());
        });
        on(EngineCommand.UnblockExecution.class, (c, unit) -> {
            admissionBlocks.unblock(unit, c.args());
            return null;
        });
        // timers (spec 05 §4 rows 1–7): a version that no longer matches does nothing
        on(EngineCommand.MarkLeaseExpiredIfDue.class, (c, unit) -> {
            timers.markLeaseExpiredIfDue(unit, c.args().executionId(), c.args().stateVersion());
            return null;
        });
        on(EngineCommand.RequeueReclaimable.class, (c, unit) -> {
            timers.requeueReclaimable(unit, c.args().executionId(), c.args().stateVersion());
            return null;
        });
        on(EngineCommand.PromoteDelayed.class, (c, unit) -> {
            timers.promoteDelayed(unit, c.args().executionId(), c.args().stateVersion());
            return null;
        });
        on(EngineCommand.ExpireExecution.class, (c, unit) -> {
            if (c.args().phase() == ExpirePhase.ATTEMPT_TIMEOUT) {
                timers.expireAttempt(unit, c.args().executionId(), c.args().stateVersion());
            } else {
                timers.expireDeadline(unit, c.args().executionId(), c.args().stateVersion());
            }
            return null;
        });
        on(EngineCommand.ExpireClaimGrant.class, (c, unit) -> {
            timers.expireGrants(unit, c.args().executionId(), c.args().grantKey() == null ? null
                    : GrantKeys.grantId(c.args().grantKey()));
            return null;
        });
        on(EngineCommand.ExpireSuspension.class, (c, unit) -> {
            suspensionTimers.expireSuspension(unit, c.args().executionId(), c.args().stateVersion());
            return null;
        });
        on(EngineCommand.CloseWaitpoint.class, (c, unit) -> {
            suspensionTimers.expirePendingWaitpoint(unit, c.args().executionId(),
                    new WaitpointRef(c.args().executionId().partition(), c.args().waitpointId()));
            return null;
        });
    }

    // ------------------------------------------------------------------------------------------ signals, streams

    private void registerSignalsAndStreams() {
        on(EngineCommand.Suspend.class, (c, unit) -> {
            HandleFields h = decode(c.handle(), unit);
            SuspendHandler.validate(c.handle().kind(), c.args(), unit.now());
            return suspends.suspend(unit, h, c.args());
        });
        on(EngineCommand.SuspendByTriple.class, (c, unit) -> {
            if (c.executionId() == null) {
                throw EngineError.invalidInput("execution_id: missing");
            }
            if (c.fence() == null) {
                throw EngineError.invalidInput("fence_required");
            }
            SuspendHandler.validate(c.args(), unit.now());
            return suspends.suspendByTriple(unit, c.executionId(), c.fence(), c.args());
        });
        on(EngineCommand.CreateWaitpoint.class, (c, unit) -> {
            HandleFields h = decode(c.handle(), unit);
            SuspendHandler.validateWaitpoint(c.waitpointKey(), c.expiresIn());
            return suspends.createWaitpoint(unit, h, c.waitpointKey(), c.expiresIn());
        });
        on(EngineCommand.DeliverSignal.class, (c, unit) -> {
            SignalDeliveryHandler.validate(c.args());
            return signals.deliverSignal(unit, c.args());
        });
        on(EngineCommand.DeliverApprovalSignal.class, (c, unit) -> {
            SignalDeliveryHandler.validate(c.args());
            return signals.deliverApprovalSignal(unit, c.args());
        });
        on(EngineCommand.ResumeExecution.class, (c, unit) -> signals.resumeExecution(unit, c.args()));
        on(EngineCommand.RotateWaitpointHmacSecretAll.class, (c, unit) -> waitpointKeys.rotate(unit, c.args()));
        on(EngineCommand.SeedWaitpointHmacSecret.class, (c, unit) -> waitpointKeys.seed(unit, c.args()));
        on(EngineCommand.AppendFrame.class, (c, unit) -> {
            if (c.frame() == null) {
                throw EngineError.invalidInput("frame: missing");
            }
            c.frame().validate();
            return streams.append(unit, decode(c.handle(), unit), c.frame());
        });
    }

    // ------------------------------------------------------------------------------------------ flows

    private void registerFlows() {
        on(EngineCommand.CreateFlow.class, (c, unit) ->
                flowHandlers.createFlow(unit, flowPartition(c.args().flowId()), c.args()));
        on(EngineCommand.AddExecutionToFlow.class, (c, unit) -> {
            int partition = flowPartition(c.args().flowId());
            FlowHandlers.validateAdd(c.args(), partition);
            return flowHandlers.addExecutionToFlow(unit, partition, c.args());
        });
        on(EngineCommand.StageDependencyEdge.class, (c, unit) -> {
            FlowHandlers.validateStage(c.args());
            return flowHandlers.stageDependencyEdge(unit, flowPartition(c.args().flowId()), c.args());
        });
        on(EngineCommand.ApplyDependencyToChild.class, (c, unit) -> {
            FlowHandlers.validateApply(c.args());
            return flowHandlers.applyDependencyToChild(unit, flowPartition(c.args().flowId()), c.args());
        });
        on(EngineCommand.SetEdgeGroupPolicy.class, (c, unit) -> {
            int partition = flowPartition(c.flowId());
            if (c.downstreamExecutionId() == null || c.policy() == null) {
                throw EngineError.invalidInput("downstream_execution_id and policy: required");
            }
            return flowHandlers.setEdgeGroupPolicy(unit, partition, c.flowId(), c.downstreamExecutionId(),
                    c.policy());
        });
        on(EngineCommand.SetFlowTag.class, (c, unit) -> {
            TagHandlers.validate(c.key(), c.value());
            tags.setFlowTag(unit, flowPartition(c.flowId()), c.flowId(), c.key(), c.value());
            return null;
        });
        on(EngineCommand.ProjectFlowSummary.class, (c, unit) -> {
            int partition = flowPartition(c.flowId());
            FlowRollups.validate(c.partition(), c.flowId(), partition);
            return rollups.project(unit, partition, c.flowId());
        });
        on(EngineCommand.RepairDependencies.class, (c, unit) -> {
            PartitionSweeps.requireFamily(c.args().partition(), io.skein.core.id.PartitionFamily.FLOW,
                    "an execution partition");
            int repaired = 0;
            for (io.skein.core.id.ExecutionId member : flowResolution.undispatched(unit)) {
                if (member.partition() == c.args().partition().index()) {
                    flowResolution.resolveUndispatched(unit, member);
                    repaired++;
                }
            }
            return repaired;
        });
        on(EngineCommand.CancelFlowHeader.class, (c, unit) ->
                flowCancels.header(unit, flowPartition(c.args().flowId()), c.args()).result());
        on(EngineCommand.AckCancelMember.class, (c, unit) -> {
            int partition = flowPartition(c.flowId());
            if (c.executionId() == null) {
                throw EngineError.invalidInput("execution_id: required");
            }
            flowCancels.ack(unit, partition, c.flowId(), c.executionId());
            return null;
        });
    }

    // ------------------------------------------------------------------------------------------ budgets, quotas

    private void registerBudgetsAndQuotas() {
        on(EngineCommand.ReportUsage.class, (c, unit) -> {
            decode(c.handle(), unit);
            if (c.budgetId() == null) {
                throw EngineError.invalidInput("budget_id: required");
            }
            BudgetHandlers.validateDeltas(c.dimensions().deltas());
            return budgets.report(unit, c.budgetId(), c.dimensions().deltas(), c.dimensions().dedupKey(), 0);
        });
        on(EngineCommand.CreateBudget.class, (c, unit) -> {
            BudgetHandlers.validate(c.args());
            return budgets.create(unit, c.args());
        });
        on(EngineCommand.ResetBudget.class, (c, unit) -> budgets.reset(unit, c.args()));
        on(EngineCommand.ReportUsageAdmin.class, (c, unit) -> {
            BudgetHandlers.validateDeltas(c.args().usageDeltas());
            return budgets.report(unit, c.budgetId(), c.args().usageDeltas(), c.args().dedupKey(), c.args().now());
        });
        on(EngineCommand.RecordSpend.class, (c, unit) -> {
            BudgetHandlers.validateDeltas(c.args().usageDeltas());
            return budgets.recordSpend(unit, c.args());
        });
        on(EngineCommand.ReleaseBudget.class, (c, unit) -> {
            budgets.release(unit, c.args());
            return null;
        });
        on(EngineCommand.ResetDueBudget.class, (c, unit) -> {
            budgets.resetIfDue(unit, c.args().budgetId());
            return null;
        });
        on(EngineCommand.CreateQuotaPolicy.class, (c, unit) -> quotas.create(unit, c.args()));
        on(EngineCommand.CheckAdmission.class, (c, unit) -> {
            QuotaHandlers.validate(c.args());
            return quotas.check(unit, c.quotaPolicyId(), c.dimension(), c.args());
        });
        on(EngineCommand.ReleaseAdmission.class, (c, unit) -> quotas.release(unit, c.args()));
    }

    // ------------------------------------------------------------------------------------------ worker registry

    private void registerWorkerRegistry() {
        on(EngineCommand.RegisterWorker.class, (c, unit) -> workerRegistry.register(unit, c.args()));
        on(EngineCommand.HeartbeatWorker.class, (c, unit) -> workerRegistry.heartbeat(unit, c.args()));
        on(EngineCommand.MarkWorkerDead.class, (c, unit) -> workerRegistry.markDead(unit, c.args()));
    }

    // ------------------------------------------------------------------------------------------ the decisions

    // Direct mode also runs the work that is not one command (scans, sweeps, reads that go through the same
    // decisions, follow-up units): it reaches the family that holds it here.

    public Lifecycle lifecycle() {
        return lifecycle;
    }

    public CreateExecutionHandler create() {
        return create;
    }

    public ClaimExecutionHandler claimExecution() {
        return claimExecution;
    }

    public ReclaimHandlers reclaims() {
        return reclaims;
    }

    public SuspendHandler suspends() {
        return suspends;
    }

    public AdmissionHandlers admission() {
        return admission;
    }

    public AttemptHandlers attempts() {
        return attempts;
    }

    public TimerHandlers timers() {
        return timers;
    }

    public SchedulerHandlers scheduler() {
        return scheduler;
    }

    public OperatorHandlers operator() {
        return operator;
    }

    public AdmissionBlockHandlers admissionBlocks() {
        return admissionBlocks;
    }

    public StreamHandlers streams() {
        return streams;
    }

    public RetentionHandlers retention() {
        return retention;
    }

    public SignalDeliveryHandler signals() {
        return signals;
    }

    public WaitpointKeyHandlers waitpointKeys() {
        return waitpointKeys;
    }

    public SuspensionTimerHandlers suspensionTimers() {
        return suspensionTimers;
    }

    public FlowResolution flowResolution() {
        return flowResolution;
    }

    public FlowHandlers flows() {
        return flowHandlers;
    }

    public FlowCancelHandlers flowCancels() {
        return flowCancels;
    }

    public BudgetHandlers budgets() {
        return budgets;
    }

    public QuotaHandlers quotas() {
        return quotas;
    }

    public WorkerRegistryHandlers workerRegistry() {
        return workerRegistry;
    }
}
