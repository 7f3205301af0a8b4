package io.skein.sql.engine;

import io.skein.engine.processing.LaneGrant;

import io.skein.engine.processing.GrantKeys;

import io.skein.engine.processing.Lifecycle;

import io.skein.engine.state.Grant;
import io.skein.engine.state.WaitpointRef;

import io.skein.core.api.AddExecutionToFlowArgs;
import io.skein.core.api.AddExecutionToFlowResult;
import io.skein.core.api.ApplyDependencyToChildArgs;
import io.skein.core.api.ApplyDependencyToChildResult;
import io.skein.core.api.CancelFlowArgs;
import io.skein.core.api.CancelFlowHeaderResult;
import io.skein.core.api.CancelFlowPolicy;
import io.skein.core.api.CancelFlowResult;
import io.skein.core.api.CancelFlowWait;
import io.skein.core.api.CreateFlowArgs;
import io.skein.core.api.CreateFlowResult;
import io.skein.core.api.EdgeDependencyPolicy;
import io.skein.core.api.EdgeDirection;
import io.skein.core.api.EdgeSnapshot;
import io.skein.core.api.EvaluateFlowEligibilityArgs;
import io.skein.core.api.EvaluateFlowEligibilityResult;
import io.skein.core.api.FlowSnapshot;
import io.skein.core.api.SetEdgeGroupPolicyResult;
import io.skein.core.api.StageDependencyEdgeArgs;
import io.skein.core.api.StageDependencyEdgeResult;
import io.skein.core.error.EngineException;
import io.skein.core.id.EdgeId;
import io.skein.core.id.FlowId;
import io.skein.engine.processing.FlowCancelHandlers;
import io.skein.engine.processing.FlowHandlers;
import io.skein.engine.processing.FlowResolution;
import io.skein.engine.Engine;
import io.skein.engine.EngineUnit;
import io.skein.engine.Units;
import io.skein.engine.state.FlowState;
import java.util.ArrayList;
import io.skein.core.api.AppendFrameOutcome;
import io.skein.core.api.Frame;
import io.skein.core.api.StreamCursor;
import io.skein.core.api.StreamFrameId;
import io.skein.core.api.StreamFrames;
import io.skein.core.api.StreamRequests;
import io.skein.core.api.SummaryDocument;
import io.skein.core.api.TailVisibility;
import io.skein.core.api.BackendIdentity;
import io.skein.core.api.BackendVersion;
import io.skein.core.api.BudgetStatus;
import io.skein.core.api.BudgetUsageAndLimits;
import io.skein.core.api.CheckAdmissionArgs;
import io.skein.core.api.CheckAdmissionResult;
import io.skein.core.api.CreateBudgetArgs;
import io.skein.core.api.CreateBudgetResult;
import io.skein.core.api.CreateQuotaPolicyArgs;
import io.skein.core.api.CreateQuotaPolicyResult;
import io.skein.core.api.QuotaPolicyLimits;
import io.skein.core.api.RecordSpendArgs;
import io.skein.core.api.ReleaseAdmissionArgs;
import io.skein.core.api.ReleaseAdmissionResult;
import io.skein.core.api.ReleaseBudgetArgs;
import io.skein.core.api.ReportUsageAdminArgs;
import io.skein.core.api.ReportUsageResult;
import io.skein.core.api.ResetBudgetArgs;
import io.skein.core.api.ResetBudgetResult;
import io.skein.core.api.UsageDimensions;
import io.skein.core.api.Capabilities;
import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.EngineBackend;
import io.skein.core.api.ExecutionContext;
import io.skein.core.api.ExecutionInfo;
import io.skein.core.api.ExecutionSnapshot;
import io.skein.core.api.FailOutcome;
import io.skein.core.api.FailureClass;
import io.skein.core.api.FailureReason;
import io.skein.core.api.Handle;
import io.skein.core.api.LeaseRenewal;
import io.skein.core.api.ListExecutionsPage;
import io.skein.core.api.PrepareOutcome;
import io.skein.core.api.Supports;
import io.skein.core.api.execution.CancelExecutionArgs;
import io.skein.core.api.execution.CancelExecutionResult;
import io.skein.core.api.execution.CompleteExecutionArgs;
import io.skein.core.api.execution.CompleteExecutionResult;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.api.execution.CreateExecutionResult;
import io.skein.core.api.execution.FailExecutionArgs;
import io.skein.core.api.execution.FailExecutionResult;
import io.skein.core.api.execution.ListLanesPage;
import io.skein.core.api.execution.RenewLeaseArgs;
import io.skein.core.api.execution.RenewLeaseResult;
import io.skein.core.api.scheduler.ClaimExecutionArgs;
import io.skein.core.api.scheduler.ClaimExecutionResult;
import io.skein.core.api.scheduler.ClaimForWorkerArgs;
import io.skein.core.api.scheduler.ClaimForWorkerResult;
import io.skein.core.api.scheduler.ClaimGrantOutcome;
import io.skein.core.api.scheduler.ClaimResumedExecutionArgs;
import io.skein.core.api.scheduler.ClaimResumedExecutionResult;
import io.skein.core.api.scheduler.ExpireClaimGrantArgs;
import io.skein.core.api.scheduler.ExpireExecutionArgs;
import io.skein.core.api.scheduler.ExpirePhase;
import io.skein.core.api.scheduler.IssueClaimGrantArgs;
import io.skein.core.api.scheduler.IssueClaimGrantResult;
import io.skein.core.api.scheduler.IssueGrantAndClaimArgs;
import io.skein.core.api.scheduler.ReleaseGrantArgs;
import io.skein.core.api.scheduler.ReleaseGrantResult;
import io.skein.core.api.scheduler.PartitionSweepArgs;
import io.skein.core.api.scheduler.ResetDueBudgetArgs;
import io.skein.core.api.scheduler.TimerArgs;
import io.skein.core.api.scheduler.TrimRetentionArgs;
import io.skein.engine.processing.RetentionHandlers;
import io.skein.engine.state.RetentionState;
import io.skein.core.api.scheduler.UnblockExecutionArgs;
import io.skein.core.error.EngineError;
import io.skein.core.handle.HandleFields;
import io.skein.core.handle.HandleIssuer;
import io.skein.core.id.BudgetId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.PartitionConfig;
import io.skein.core.command.EngineCommand;
import io.skein.core.id.PartitionFamily;
import io.skein.core.id.PartitionKey;
import io.skein.core.id.QuotaPolicyId;
import io.skein.core.state.PublicState;
import io.skein.engine.processing.AdmissionHandlers;
import io.skein.engine.processing.AttemptHandlers;
import io.skein.engine.processing.BudgetHandlers;
import io.skein.engine.processing.ClaimExecutionHandler;
import io.skein.engine.processing.CreateExecutionHandler;
import io.skein.sql.engine.handler.ExecutionReads;
import io.skein.engine.processing.PartitionSweeps;
import io.skein.engine.processing.QuotaHandlers;
import io.skein.engine.processing.SchedulerHandlers;
import io.skein.engine.processing.StreamHandlers;
import io.skein.sql.engine.handler.StreamReads;
import io.skein.engine.processing.TimerHandlers;
import io.skein.core.api.ReclaimToken;
import io.skein.core.api.ResumeToken;
import io.skein.core.api.execution.ChangePriorityArgs;
import io.skein.core.api.execution.ChangePriorityResult;
import io.skein.core.api.execution.IssueReclaimGrantArgs;
import io.skein.core.api.execution.IssueReclaimGrantResult;
import io.skein.core.api.execution.ReclaimExecutionArgs;
import io.skein.core.api.execution.ReclaimExecutionResult;
import io.skein.core.api.execution.ReplayExecutionArgs;
import io.skein.core.api.execution.ReplayExecutionResult;
import io.skein.core.api.execution.RevokeLeaseArgs;
import io.skein.core.api.execution.RevokeLeaseResult;
import io.skein.core.api.scheduler.BlockExecutionForAdmissionArgs;
import io.skein.core.api.scheduler.BlockExecutionForAdmissionResult;
import io.skein.core.api.scheduler.BlockRouteArgs;
import io.skein.core.api.scheduler.BlockRouteResult;
import io.skein.core.state.BlockingReason;
import io.skein.engine.processing.AdmissionBlockHandlers;
import io.skein.engine.processing.OperatorHandlers;
import io.skein.engine.processing.ReclaimHandlers;
import io.skein.core.api.DeliverApprovalSignalArgs;
import io.skein.core.api.DeliverSignalArgs;
import io.skein.core.api.DeliverSignalResult;
import io.skein.core.api.LeaseFence;
import io.skein.core.api.ListPendingWaitpointsArgs;
import io.skein.core.api.ListPendingWaitpointsPage;
import io.skein.core.api.PendingWaitpoint;
import io.skein.core.api.ResumeSignal;
import io.skein.core.api.RotateWaitpointHmacSecretAllArgs;
import io.skein.core.api.RotateWaitpointHmacSecretAllResult;
import io.skein.core.api.SuspendArgs;
import io.skein.core.api.SuspendOutcome;
import io.skein.core.api.WaitpointHmacKids;
import io.skein.core.api.execution.ResumeExecutionArgs;
import io.skein.core.api.execution.ResumeExecutionResult;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WaitpointKey;
import io.skein.engine.processing.SignalDeliveryHandler;
import io.skein.engine.processing.SuspendHandler;
import io.skein.engine.processing.SuspensionTimerHandlers;
import io.skein.engine.processing.WaitpointKeyHandlers;
import io.skein.sql.stream.FrameNotifier;
import io.skein.sql.stream.StreamKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * {@link EngineBackend} over a SQL store: every state-changing operation is one unit of work through the
 * per-command handlers of {@code io.skein.sql.engine.handler}; checks that need no storage run before the unit, so
 * bad input never reaches the store. SQLite and PostgreSQL differ only in their {@link TxRunner} and
 * {@link SqlDialect}.
 */
public abstract class SqlEngineBackend implements EngineBackend {

    protected final SqlDialect dialect;
    protected final Clock clock;
    protected final PartitionConfig partitions;
    protected final Lifecycle lifecycle;
    /** The execution model's decisions, wired once: every operation below runs one of them in a unit. */
    protected final Engine engine;

    private final TxRunner runner;
    private final CreateExecutionHandler create;
    private final ClaimExecutionHandler claimExecution;
    private final SchedulerHandlers scheduler;
    private final AttemptHandlers attempts;
    private final ExecutionReads reads = new ExecutionReads();
    private final io.skein.sql.engine.handler.AdminReads adminReads;
    private final TimerHandlers timers;
    private final AtomicBoolean shutDown = new AtomicBoolean();
    private final EngineFigures figures = new EngineFigures();
    /** The handles this backend issues and accepts: its dialect's tag (Kafka's when a topology fronts it), its key. */
    private volatile HandleIssuer handles;

    /** @param handleKey what this backend's handles are tagged with ({@link HmacSeed#handleKeyOf}) */
    protected SqlEngineBackend(SqlDialect dialect, TxRunner runner, Clock clock, PartitionConfig partitions,
                               RandomGenerator random, io.skein.core.handle.HandleKey handleKey) {
        this.dialect = dialect;
        this.runner = runner;
        this.clock = clock;
        this.partitions = partitions;
        this.handles = new HandleIssuer(dialect.backendTag(), handleKey);
        this.engine = new Engine(partitions, random, flowUnits);
        this.adminReads = new io.skein.sql.engine.handler.AdminReads(partitions);
        this.lifecycle = engine.lifecycle();
        this.create = engine.create();
        this.claimExecution = engine.claimExecution();
        this.scheduler = engine.scheduler();
        this.attempts = engine.attempts();
        this.timers = engine.timers();
        this.retention = engine.retention();
        this.operator = engine.operator();
        this.reclaims = engine.reclaims();
        this.admissionBlocks = engine.admissionBlocks();
        this.streams = engine.streams();
        this.suspends = engine.suspends();
        this.signals = engine.signals();
        this.waitpointKeys = engine.waitpointKeys();
        this.suspensionTimers = engine.suspensionTimers();
        this.flowAttempts = engine.attempts();
        this.flowResolution = engine.flowResolution();
        this.flowHandlers = engine.flows();
        this.flowCancels = engine.flowCancels();
        this.budgetHandlers = engine.budgets();
        this.quotaHandlers = engine.quotas();
        this.admissionHandlers = engine.admission();
        this.workerRegistry = engine.workerRegistry();
    }

    // ------------------------------------------------------------------------------------------ units of work

    protected <T> T write(Function<Tx, T> work) {
        checkOpen();
        Tx outer = enclosingUnit.get();
        if (outer != null) {
            Tx joined = outer.at(clock.millis());
            return operationSavepoints.get() ? inSavepoint(joined, work) : work.apply(joined);
        }
        FrameNotifier notifier = frameNotifier();
        return runner.write(tx -> work.apply(tx.withFrameNotifier(notifier).withFigures(figures)
                .withHandles(handles)));
    }

    /** The unit opened by {@link #openUnit} on this thread, which every operation called inside it joins. */
    private final ThreadLocal<Tx> enclosingUnit = new ThreadLocal<>();
    private final java.util.concurrent.atomic.AtomicLong savepoints = new java.util.concurrent.atomic.AtomicLong();
    /** Whether an operation joining this thread's open unit runs in a savepoint of its own (see {@link #joinBare}). */
    private final ThreadLocal<Boolean> operationSavepoints = ThreadLocal.withInitial(() -> Boolean.TRUE);

    /**
     * Runs {@code operation} in this thread's open unit with no savepoint around the operations it calls: for a
     * caller that knows the engine rejects before it writes (spec 01 §8) and checks that it did, which saves the
     * three statements a savepoint costs on every command.
     */
    public <T> T joinBare(java.util.function.Supplier<T> operation) {
        boolean before = operationSavepoints.get();
        operationSavepoints.set(Boolean.FALSE);
        try {
            return operation.get();
        } finally {
            operationSavepoints.set(before);
        }
    }

    /**
     * Kafka mode's unit of work (ARCHITECTURE "The path of one command"): opens one SQL transaction that the calling
     * thread keeps across many operations and ends itself. Until it ends, every operation called on this backend
     * from this thread joins it instead of committing its own, each inside a savepoint so a typed rejection undoes
     * exactly that operation's writes, and each at the clock reading of its own call. Reads on this thread see the
     * unit's uncommitted writes. Nothing re-runs the unit: a failed commit is the caller's to replay.
     *
     * @throws IllegalStateException when this thread already has a unit open
     */
    public OpenUnit openUnit() {
        checkOpen();
        if (enclosingUnit.get() != null) {
            throw new IllegalStateException("a unit of work is already open on this thread");
        }
        TxRunner.Open open = runner.openWrite();
        java.util.Set<ExecutionId> touched = new java.util.LinkedHashSet<>();
        Tx unit = open.tx().withFrameNotifier(frameNotifier()).withFigures(figures).withHandles(handles)
                .trackingTouched(touched);
        enclosingUnit.set(unit);
        return new OpenUnit(unit, open, touched);
    }

    /** A unit of work opened by {@link #openUnit}: used and ended on the thread that opened it. */
    public final class OpenUnit {
        private final Tx tx;
        private final TxRunner.Open open;
        private final java.util.Set<ExecutionId> touched;

        private OpenUnit(Tx tx, TxRunner.Open open, java.util.Set<ExecutionId> touched) {
            this.tx = tx;
            this.open = open;
            this.touched = touched;
        }

        /** The executions whose rows the unit wrote since the last call, in the order first written. */
        public List<ExecutionId> drainTouched() {
            List<ExecutionId> out = List.copyOf(touched);
            touched.clear();
            return out;
        }

        /** The unit's transaction, at the clock reading of this call. */
        public Tx tx() {
            return tx.at(clock.millis());
        }

        /** Commits the unit, then runs its post-commit work (tail wake-ups); a failed commit propagates. */
        public void commit() {
            enclosingUnit.remove();
            open.commit();
        }

        /** Rolls the unit back; never throws. */
        public void rollback() {
            enclosingUnit.remove();
            open.rollback();
        }
    }

    /**
     * Runs {@code work} inside a savepoint of {@code unit}: its writes stay when it returns and are rolled back
     * when it throws, leaving the rest of the unit intact.
     */
    public <T> T inSavepoint(Tx unit, Function<Tx, T> work) {
        String name = "ff_sp_" + savepoints.incrementAndGet();
        unit.execute("SAVEPOINT " + name);
        T result;
        try {
            result = work.apply(unit);
            unit.flush(); // a queued write that fails is this operation's failure, undone with it
        } catch (RuntimeException | Error e) {
            boolean keep = e instanceof EngineException rejected && rejected.keepsEffects();
            if (keep) {
                try {
                    unit.flush();
                } catch (RuntimeException flushFailed) {
                    e.addSuppressed(flushFailed);
                    keep = false;
                }
            }
            if (!keep) {
                unit.discardQueued();
                unit.execute("ROLLBACK TO SAVEPOINT " + name);
                unit.forgetImages();
            }
            unit.execute("RELEASE SAVEPOINT " + name);
            throw e;
        }
        unit.execute("RELEASE SAVEPOINT " + name);
        return result;
    }

    protected void writeVoid(Consumer<Tx> work) {
        write(tx -> {
            work.accept(tx);
            return null;
        });
    }

    protected <T> T read(Function<Tx, T> work) {
        checkOpen();
        Tx outer = enclosingUnit.get();
        return outer != null ? work.apply(outer.asReadOnly()) : runner.read(work);
    }

    private void checkOpen() {
        if (shutDown.get()) {
            throw EngineError.unavailable("backend_shutting_down");
        }
    }

    // ------------------------------------------------------------------------------------------ Kafka mode

    /**
     * Kafka mode: issues lane grants for {@code lane} on {@code partition} up to {@code window} live ones (05 §7),
     * choosing from SQL: the periodic pass, which also finds work written behind the topology's back.
     */
    public List<LaneGrant> topUpLaneGrants(Tx unit, int partition, String lane, int window, long grantTtlMs) {
        return scheduler.topUpLaneGrants(unit, partition, lane, window, grantTtlMs);
    }

    /**
     * Kafka mode: issues lane grants to the first {@code wanted} of {@code candidates}, which the task that owns them
     * chose from its own stores (claimable, holding no grant, in claim order).
     */
    public List<LaneGrant> issueLaneGrants(Tx unit, String lane, int wanted, List<ExecutionId> candidates,
                                           long grantTtlMs) {
        return scheduler.issueLaneGrants(unit, lane, wanted, candidates, grantTtlMs);
    }

    /**
     * Kafka mode: handles issued from now on carry {@code tag} ({@code 0x04} Kafka, spec 01 §12) and only such
     * handles are accepted, since workers reach this store through the topology, not directly.
     */
    public void issueHandlesAs(io.skein.core.api.BackendTag tag) {
        this.handles = handles.as(java.util.Objects.requireNonNull(tag, "tag"));
    }

    /** What this process's engine has done since it started (commands, claims, lease expiries) for metrics. */
    public EngineFigures figures() {
        return figures;
    }

    /** Runnable executions that are eligible now, per lane: the lanes' ready-queue depths. */
    public java.util.Map<String, Long> readyDepthByLane() {
        java.util.Map<String, Long> depths = new java.util.TreeMap<>();
        read(tx -> tx.query("SELECT lane_id, COUNT(*) FROM ff_exec_core WHERE lifecycle_phase = 'runnable' "
                + "AND eligibility_state = 'eligible_now' GROUP BY lane_id",
                rs -> java.util.Map.entry(rs.getString(1), rs.getLong(2))))
                .forEach(e -> depths.put(e.getKey(), e.getValue()));
        return depths;
    }

    /** The backend clock's reading (what "now" means to its timers). */
    public long clockMillis() {
        return clock.millis();
    }

    /** One entry at the head of a lane's ready queue, in claim order. */
    public record ReadyEntry(ExecutionId executionId, int priority, long createdAtMs) {}

    /**
     * The first {@code limit} runnable executions of {@code lane} that are eligible now, in the order claims take
     * them (priority, then age, then id).
     */
    public List<ReadyEntry> readyHead(String lane, int limit) {
        return read(tx -> tx.query("SELECT partition_key, execution_id, priority, created_at_ms FROM ff_exec_core "
                + "WHERE lane_id = ? AND lifecycle_phase = 'runnable' AND eligibility_state = 'eligible_now' "
                + "ORDER BY priority DESC, created_at_ms ASC, execution_id ASC LIMIT ?",
                rs -> new ReadyEntry(ExecutionId.of(rs.getInt(1), tx.uuid(rs, "execution_id")), rs.getInt(3),
                        rs.getLong(4)), lane, limit));
    }

    /**
     * How many items each clock-driven timer of spec 05 §4 would act on if it ran now (the reconcilers and
     * retention, which are not due at a time, are left out).
     */
    public java.util.Map<EngineTimer, Integer> dueTimerCounts() {
        java.util.Map<EngineTimer, Integer> due = new java.util.EnumMap<>(EngineTimer.class);
        read(tx -> {
            due.put(EngineTimer.LEASE_EXPIRY, DueScans.dueLeaseExpiries(tx).size() + DueScans.reclaimable(tx).size());
            due.put(EngineTimer.ATTEMPT_TIMEOUT, DueScans.dueAttemptTimeouts(tx).size());
            due.put(EngineTimer.EXECUTION_DEADLINE, DueScans.dueDeadlines(tx).size());
            due.put(EngineTimer.SUSPENSION_TIMEOUT, SuspensionStore.dueTimeouts(tx).size());
            due.put(EngineTimer.PENDING_WAITPOINT_EXPIRY, WaitpointStore.duePendingExpiries(tx).size());
            due.put(EngineTimer.DELAYED_PROMOTION, DueScans.dueDelays(tx).size());
            due.put(EngineTimer.BUDGET_RESET, AdmissionScans.dueBudgetResets(tx).size());
            return null;
        });
        return due;
    }

    /** The partition counts this backend was opened with (clients key commands with them). */
    public PartitionConfig partitionConfig() {
        return partitions;
    }

    /** Kafka mode: whether {@code grantKey} is a live lane grant of {@code executionId} (clients skip stale records). */
    public boolean isLiveLaneGrant(ExecutionId executionId, String grantKey) {
        byte[] grantId;
        try {
            grantId = GrantKeys.grantId(grantKey);
        } catch (RuntimeException malformed) {
            return false;
        }
        return read(tx -> tx.queryLong("SELECT COUNT(*) FROM ff_claim_grant WHERE partition_key = ? AND grant_id = ? "
                + "AND execution_id = ? AND worker_id = ? AND expires_at_ms > ?", executionId.partition(), grantId,
                executionId.uuid(), Grant.ANY_WORKER, tx.now()) > 0);
    }

    /** Kafka mode: how many live lane grants {@code lane} has (a claimer waits for records it has not seen). */
    public long liveLaneGrants(String lane) {
        return read(tx -> tx.queryLong("SELECT COUNT(*) FROM ff_claim_grant WHERE lane_id = ? AND worker_id = ? "
                + "AND expires_at_ms > ?", lane, Grant.ANY_WORKER, tx.now()));
    }

    /**
     * Kafka mode: whether {@code lane} has claimable work without a grant yet: its grant is on its way (a new lane's
     * dispatch topic may still be being created), so a claimer is worth a longer wait.
     */
    public boolean laneAwaitsGrants(String lane) {
        return read(tx -> tx.queryLong("SELECT COUNT(*) FROM ff_exec_core e WHERE e.lane_id = ? "
                + "AND e.lifecycle_phase = 'runnable' AND e.eligibility_state = 'eligible_now' AND NOT EXISTS "
                + "(SELECT 1 FROM ff_claim_grant g WHERE g.partition_key = e.partition_key "
                + "AND g.execution_id = e.execution_id)", lane) > 0);
    }

    /** Kafka mode: the members a flow cancel still owes (its client drains them with member commands). */
    public List<ExecutionId> owedCancelMembers(FlowId flowId) {
        int partition = flowPartition(flowId);
        return read(tx -> flowCancels.owedMembers(tx, partition, flowId));
    }

    /** Kafka mode: what a task keeps about {@code id} in its local stores, read in its unit; empty once deleted. */
    public Optional<io.skein.core.timer.ExecutionView> executionView(Tx unit, ExecutionId id) {
        return ExecutionViews.one(unit, id);
    }

    /** Kafka mode: every execution of {@code partitions} a task keeps in its local stores (a rebuild). */
    public List<io.skein.core.timer.ExecutionView> executionViews(Tx unit, List<Integer> partitions) {
        return ExecutionViews.all(unit, partitions);
    }

    /** Kafka mode: removes the execution's lane grant, if it holds one (its dispatch record then fails). */
    public void dropLaneGrant(Tx unit, ExecutionId executionId) {
        unit.touched(executionId);
        unit.update("DELETE FROM ff_claim_grant WHERE partition_key = ? AND execution_id = ? AND worker_id = ?",
                executionId.partition(), executionId.uuid(), Grant.ANY_WORKER);
    }

    /**
     * Kafka mode: drops lane grants of executions on {@code partitions} (a task's flow partitions) that are no
     * longer claimable. One statement for all of them: the periodic pass runs it for every task.
     */
    public int sweepStaleLaneGrants(Tx unit, List<Integer> partitions) {
        if (partitions.isEmpty()) {
            return 0;
        }
        List<Object> params = new ArrayList<>(partitions);
        params.add(Grant.ANY_WORKER);
        return unit.update("DELETE FROM ff_claim_grant WHERE partition_key IN (" + placeholders(partitions.size())
                + ") AND worker_id = ? AND NOT EXISTS "
                + "(SELECT 1 FROM ff_exec_core e WHERE e.partition_key = ff_claim_grant.partition_key "
                + "AND e.execution_id = ff_claim_grant.execution_id AND e.lifecycle_phase = 'runnable' "
                + "AND e.eligibility_state = 'eligible_now')", params.toArray());
    }

    /** A flow partition and a lane with claimable work there. */
    public record PartitionLane(int partition, String lane) {}

    /**
     * Kafka mode: the (partition, lane) pairs among {@code partitions} holding a claimable execution without a
     * grant: the only places a top-up can issue one (a full window there issues nothing).
     */
    public List<PartitionLane> lanesWantingGrants(Tx unit, List<Integer> partitions) {
        if (partitions.isEmpty()) {
            return List.of();
        }
        return unit.query("SELECT DISTINCT e.partition_key, e.lane_id FROM ff_exec_core e WHERE e.partition_key IN ("
                + placeholders(partitions.size()) + ") AND e.lifecycle_phase = 'runnable' "
                + "AND e.eligibility_state = 'eligible_now' AND NOT EXISTS (SELECT 1 FROM ff_claim_grant g "
                + "WHERE g.partition_key = e.partition_key AND g.execution_id = e.execution_id)",
                rs -> new PartitionLane(rs.getInt(1), rs.getString(2)), partitions.toArray());
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    /** Step 1 of the fence check: the handle verifies whole under this backend's key and names this backend. */
    protected HandleFields decode(Handle handle) {
        if (handle == null) {
            throw EngineError.invalidInput("handle: missing");
        }
        return handles.read(handle);
    }

    // ------------------------------------------------------------------------------------------ ingress

    @Override
    public CreateExecutionResult createExecution(CreateExecutionArgs args) {
        create.validate(args);
        return write(tx -> create.apply(tx, args));
    }

    // ------------------------------------------------------------------------------------------ worker ops

    @Override
    public Optional<Handle> claim(LaneId lane, CapabilitySet capabilities, ClaimPolicy policy) {
        return write(tx -> scheduler.claim(tx, lane, capabilities, policy));
    }

    @Override
    public LeaseRenewal renew(Handle handle) {
        HandleFields h = decode(handle);
        return write(tx -> attempts.renew(tx, h));
    }

    @Override
    public void progress(Handle handle, Integer percent, String message) {
        HandleFields h = decode(handle);
        AttemptHandlers.validateProgress(percent, message);
        writeVoid(tx -> attempts.progress(tx, h, percent, message));
    }

    @Override
    public void complete(Handle handle, byte[] payload) {
        HandleFields h = decode(handle);
        AttemptHandlers.validateResult(payload);
        writeVoid(tx -> attempts.complete(tx, h, payload));
    }

    @Override
    public FailOutcome fail(Handle handle, FailureReason reason, FailureClass classification) {
        HandleFields h = decode(handle);
        return write(tx -> attempts.fail(tx, h, reason.message(), reason.detail(), classification));
    }

    @Override
    public void cancel(Handle handle, String reason) {
        HandleFields h = decode(handle);
        writeVoid(tx -> attempts.cancel(tx, h, reason));
    }

    @Override
    public void delay(Handle handle, long delayUntil) {
        HandleFields h = decode(handle);
        writeVoid(tx -> attempts.delay(tx, h, delayUntil));
    }

    @Override
    public void waitChildren(Handle handle) {
        HandleFields h = decode(handle);
        writeVoid(tx -> attempts.waitChildren(tx, h));
    }

    // ------------------------------------------------------------------------------------------ service layer

    @Override
    public CompleteExecutionResult completeExecution(CompleteExecutionArgs args) {
        AttemptHandlers.validateResult(args.resultPayload());
        return write(tx -> attempts.completeExecution(tx, args));
    }

    @Override
    public FailExecutionResult failExecution(FailExecutionArgs args) {
        return write(tx -> attempts.failExecution(tx, args));
    }

    @Override
    public RenewLeaseResult renewLease(RenewLeaseArgs args) {
        return write(tx -> attempts.renewLease(tx, args));
    }

    @Override
    public CancelExecutionResult cancelExecution(CancelExecutionArgs args) {
        return write(tx -> attempts.cancelExecution(tx, args));
    }

    // ------------------------------------------------------------------------------------------ scheduler

    @Override
    public ClaimForWorkerResult claimForWorker(ClaimForWorkerArgs args) {
        return write(tx -> scheduler.claimForWorker(tx, args));
    }

    @Override
    public IssueClaimGrantResult issueClaimGrant(IssueClaimGrantArgs args) {
        return write(tx -> scheduler.issueClaimGrant(tx, args));
    }

    @Override
    public ClaimExecutionResult claimExecution(ClaimExecutionArgs args) {
        return write(tx -> claimExecution.apply(tx, args));
    }

    @Override
    public ClaimResumedExecutionResult claimResumedExecution(ClaimResumedExecutionArgs args) {
        return write(tx -> scheduler.claimResumedExecution(tx, args));
    }

    @Override
    public ReleaseGrantResult releaseGrant(ReleaseGrantArgs args) {
        return write(tx -> scheduler.releaseGrant(tx, args));
    }

    @Override
    public ClaimGrantOutcome issueGrantAndClaim(IssueGrantAndClaimArgs args) {
        return write(tx -> scheduler.issueGrantAndClaim(tx, args));
    }

    // ------------------------------------------------------------------------------------------ timer hooks

    @Override
    public void markLeaseExpiredIfDue(TimerArgs args) {
        writeVoid(tx -> timers.markLeaseExpiredIfDue(tx, args.executionId(), args.stateVersion()));
    }

    @Override
    public void requeueReclaimable(TimerArgs args) {
        writeVoid(tx -> timers.requeueReclaimable(tx, args.executionId(), args.stateVersion()));
    }

    @Override
    public void promoteDelayed(TimerArgs args) {
        writeVoid(tx -> timers.promoteDelayed(tx, args.executionId(), args.stateVersion()));
    }

    @Override
    public void expireExecution(ExpireExecutionArgs args) {
        if (args.phase() == ExpirePhase.ATTEMPT_TIMEOUT) {
            writeVoid(tx -> timers.expireAttempt(tx, args.executionId(), args.stateVersion()));
        } else {
            writeVoid(tx -> timers.expireDeadline(tx, args.executionId(), args.stateVersion()));
        }
    }

    /** Timer 7 for one execution: its expired grants (only {@code grantKey}'s, when one is named) are deleted. */
    @Override
    public void expireClaimGrant(ExpireClaimGrantArgs args) {
        writeVoid(tx -> timers.expireGrants(tx, args.executionId(), args.grantKey() == null ? null
                : GrantKeys.grantId(args.grantKey())));
    }

    /** Timer 4 for one execution: its open suspension's timeout behaviour, once due (D8: a closed one never). */
    @Override
    public void expireSuspension(TimerArgs args) {
        writeVoid(tx -> suspensionTimers.expireSuspension(tx, args.executionId(), args.stateVersion()));
    }

    /** Timer 5 for one waitpoint: a pending waitpoint past its expiry closes {@code never_committed}. */
    @Override
    public void closeWaitpoint(io.skein.core.api.scheduler.CloseWaitpointArgs args) {
        writeVoid(tx -> suspensionTimers.expirePendingWaitpoint(tx, args.executionId(),
                new WaitpointRef(args.executionId().partition(), args.waitpointId())));
    }

    /**
     * Runs every due timer once, in the order of spec 05 §4, each item in its own unit; an item's failure propagates.
     * Tests call this with a manual clock instead of running the scanner loops.
     */
    public void runDueTimers() {
        for (EngineTimer timer : EngineTimer.values()) {
            runTimer(timer);
        }
    }

    /** One pass of one timer of spec 05 §4, each item in its own unit; an item's failure propagates. */
    public void runTimer(EngineTimer timer) {
        runTimer(timer, TimerItems.DIRECT);
    }

    /**
     * One pass of {@code timer}: selects its due items and hands each unit to {@code items} (the scanner counts and
     * skips failing items; {@link TimerItems#DIRECT} runs them at once).
     */
    public void runTimer(EngineTimer timer, TimerItems items) {
        switch (timer) {
            case LEASE_EXPIRY -> {
                // mark first, then re-queue what is now reclaimable (01 §11)
                for (ExecutionId id : read(DueScans::dueLeaseExpiries)) {
                    items.run(id, () -> writeVoid(tx -> timers.markLeaseExpiredIfDue(tx, id, null)));
                }
                for (ExecutionId id : read(DueScans::reclaimable)) {
                    items.run(id, () -> writeVoid(tx -> timers.requeueReclaimable(tx, id, null)));
                }
            }
            case ATTEMPT_TIMEOUT -> {
                for (ExecutionId id : read(DueScans::dueAttemptTimeouts)) {
                    items.run(id, () -> writeVoid(tx -> timers.expireAttempt(tx, id, null)));
                }
            }
            case EXECUTION_DEADLINE -> {
                for (ExecutionId id : read(DueScans::dueDeadlines)) {
                    items.run(id, () -> writeVoid(tx -> timers.expireDeadline(tx, id, null)));
                }
            }
            // ===== timers 4–5 (signals): suspension timeout, pending-waitpoint expiry
            case SUSPENSION_TIMEOUT -> {
                for (ExecutionId id : read(SuspensionStore::dueTimeouts)) {
                    items.run(id, () -> writeVoid(tx -> suspensionTimers.expireSuspension(tx, id, null)));
                }
            }
            case PENDING_WAITPOINT_EXPIRY -> {
                for (WaitpointRef ref : read(WaitpointStore::duePendingExpiries)) {
                    items.run(ref, () -> writeVoid(tx -> suspensionTimers.expirePendingWaitpoint(tx, null, ref)));
                }
            }
            // ===== end timers 4–5
            case DELAYED_PROMOTION -> {
                for (ExecutionId id : read(DueScans::dueDelays)) {
                    items.run(id, () -> writeVoid(tx -> timers.promoteDelayed(tx, id, null)));
                }
            }
            case CLAIM_GRANT_EXPIRY -> items.run("ff_claim_grant", () -> write(timers::expireGrants));
            // ===== timers 8–9, 13 (budgets): unblock, budget reset, reconcilers
            case UNBLOCK -> runUnblockTimer(items);
            case BUDGET_RESET -> {
                for (BudgetId id : read(AdmissionScans::dueBudgetResets)) {
                    items.run(id, () -> writeVoid(tx -> budgetHandlers.resetIfDue(tx, id)));
                }
            }
            case BUDGET_RECONCILER -> {
                for (BudgetId id : read(tx -> AdmissionScans.budgets(tx, null))) {
                    items.run(id, () -> writeVoid(tx -> budgetHandlers.reconcile(tx, id)));
                }
            }
            case QUOTA_RECONCILER -> {
                for (QuotaPolicyId id : read(tx -> AdmissionScans.quotaPolicies(tx, null))) {
                    items.run(id, () -> writeVoid(tx -> quotaHandlers.reconcile(tx, id)));
                }
            }
            // ===== end timers 8–9, 13
            // ===== timers 10–12 (flows): cancel reconciler, edge-cancel dispatcher, dependency repair
            case CANCEL_RECONCILER -> {
                for (FlowState.OverdueFlow overdue : read(flowCancels::overdue)) {
                    items.run(overdue, () -> flowCancels.drainOwed(overdue.partition(), overdue.flowId(), Long.MAX_VALUE));
                }
            }
            // The dispatcher's pass also drops stale entries, so the reconciler loop runs the same idempotent pass.
            case EDGE_CANCEL_DISPATCHER, EDGE_CANCEL_RECONCILER -> {
                for (FlowState.PendingGroup group : read(flowResolution::pendingGroups)) {
                    items.run(group, () -> write(tx -> flowResolution.dispatchPendingGroup(tx, group.partition(),
                            group.flowId(), group.downstream())));
                }
            }
            case DEPENDENCY_REPAIR -> {
                for (ExecutionId member : read(flowResolution::undispatched)) {
                    items.run(member, () -> writeVoid(tx -> flowResolution.resolveUndispatched(tx, member)));
                }
            }
            // ===== end timers 10–12
            case WORKER_REGISTRY_SWEEP -> items.run("ff_worker_registry",
                    () -> write(workerRegistry::sweepLapsed));
            // ===== timers 15, 17 (T2): the flow projector, the invariant checker (log-only)
            case FLOW_PROJECTOR -> {
                for (var partition : read(adminReads::flowsToProject).entrySet()) {
                    items.run(PartitionKey.flow(partition.getKey()), () -> {
                        for (FlowId flow : partition.getValue()) {
                            EngineCommand project = new EngineCommand.ProjectFlowSummary(
                                    PartitionKey.flow(partition.getKey()), flow);
                            write(tx -> engine.process(project, tx));
                        }
                    });
                }
            }
            case INVARIANT_CHECKER -> {
                for (int partition : read(adminReads::partitionsWithExecutions)) {
                    items.run(PartitionKey.flow(partition), () -> read(tx -> adminReads.invariantViolations(tx,
                            PartitionKey.flow(partition), io.skein.sql.engine.handler.AdminReads.SAMPLE)));
                }
            }
            // ===== end timers 15, 17
            case RETENTION -> {
                // ===== timer 14 (streams): best-effort frame housekeeping
                items.run("ff_stream_frame", this::runStreamHousekeeping);
                // ===== end timer 14
                // ===== timer 14 (retention): terminal executions past FF_RETENTION_MS, expired housekeeping rows
                runRetention(items);
                // ===== end timer 14 (retention)
            }
        }
    }

    // ===== timers: scanner loops and retention (timers work)

    private final RetentionHandlers retention;
    private volatile long retentionMs;
    private TimerScanner scanner;

    /**
     * Starts the direct-mode timer loops (spec 05 §4) at {@code intervals}; the first pass of each runs at once.
     * Starting again while they run returns the running scanner.
     */
    public synchronized TimerScanner startTimers(TimerIntervals intervals) {
        checkOpen();
        if (scanner == null) {
            scanner = TimerScanner.start(intervals, this::runTimer);
        }
        return scanner;
    }

    /** Stops the timer loops between items, waiting up to {@code grace} for the items in flight. */
    protected synchronized void stopTimers(Duration grace) {
        if (scanner != null) {
            scanner.stop(grace);
        }
    }

    /**
     * Terminal executions older than {@code ms} are purged by timer 14 ({@code FF_RETENTION_MS}); 0 keeps them.
     */
    public void setRetentionMs(long ms) {
        if (ms < 0) {
            throw EngineError.invalidInput("retention_ms: must be 0 (keep) or positive, got " + ms);
        }
        retentionMs = ms;
    }

    public long retentionMs() {
        return retentionMs;
    }

    /** Timer 14: purge old terminal executions (when configured), then delete expired housekeeping rows. */
    private void runRetention(TimerItems items) {
        long keepFor = retentionMs;
        if (keepFor > 0) {
            purgeTerminal(items, keepFor, null, null, RetentionHandlers.BATCH);
        }
        for (RetentionState.Housekeeping set : RetentionState.Housekeeping.values()) {
            items.run(set, () -> write(tx -> retention.deleteExpired(tx, set)));
        }
    }

    /**
     * Deletes terminal executions older than {@code keepForMs}, one unit per execution, {@code batchSize} per batch,
     * until a batch comes back short or deletes nothing; returns how many were deleted.
     */
    private int purgeTerminal(TimerItems items, long keepForMs, Integer partition, LaneId lane, int batchSize) {
        int deleted = 0;
        while (true) {
            List<ExecutionId> batch = read(tx -> retention.expiredTerminals(tx, keepForMs, partition, lane, batchSize));
            int before = deleted;
            for (ExecutionId id : batch) {
                boolean[] gone = new boolean[1];
                items.run(id, () -> gone[0] = write(tx -> retention.deleteExecution(tx, id, keepForMs)));
                deleted += gone[0] ? 1 : 0;
            }
            if (batch.size() < batchSize || deleted == before) {
                return deleted;
            }
        }
    }

    @Override
    public int trimRetention(TrimRetentionArgs args) {
        if (args.partition().family() != PartitionFamily.FLOW) {
            throw EngineError.invalidInput("partition: expected an execution partition {fp:N}, got "
                    + args.partition());
        }
        int partition = args.partition().index();
        if (args.filter() == null || args.filter().namespace() == null && args.filter().instanceTag() == null) {
            return purgeTerminal(TimerItems.DIRECT, args.retentionMs(), partition, args.laneId(), args.batchSize());
        }
        // A filtered trim deletes only the matching executions of one batch.
        int deleted = 0;
        for (ExecutionId id : read(tx -> retention.expiredTerminals(tx, args.retentionMs(), partition, args.laneId(),
                args.batchSize()))) {
            if (read(tx -> retention.matches(tx, id, args.filter()))) {
                deleted += write(tx -> retention.deleteExecution(tx, id, args.retentionMs())) ? 1 : 0;
            }
        }
        return deleted;
    }

    // ===== end timers

    // ===== worker registry (spec 02 §10): decisions in the engine, lists as SQL reads

    private final io.skein.engine.processing.WorkerRegistryHandlers workerRegistry;

    @Override
    public io.skein.core.api.worker.RegisterWorkerResult registerWorker(
            io.skein.core.api.worker.RegisterWorkerArgs args) {
        return write(tx -> workerRegistry.register(tx, args));
    }

    @Override
    public io.skein.core.api.worker.HeartbeatWorkerResult heartbeatWorker(
            io.skein.core.api.worker.HeartbeatWorkerArgs args) {
        return write(tx -> workerRegistry.heartbeat(tx, args));
    }

    @Override
    public io.skein.core.api.worker.MarkWorkerDeadResult markWorkerDead(
            io.skein.core.api.worker.MarkWorkerDeadArgs args) {
        return write(tx -> workerRegistry.markDead(tx, args));
    }

    @Override
    public io.skein.core.api.worker.ListWorkersPage listWorkers(io.skein.core.api.worker.ListWorkersArgs args) {
        if (args == null) {
            throw EngineError.invalidInput("namespace: required");
        }
        return read(tx -> WorkerRegistryReads.listWorkers(tx, args));
    }

    @Override
    public io.skein.core.api.worker.ListExpiredLeasesPage listExpiredLeases(
            io.skein.core.api.worker.ListExpiredLeasesArgs args) {
        if (args == null) {
            throw EngineError.invalidInput("args: required");
        }
        return read(tx -> WorkerRegistryReads.listExpiredLeases(tx, args));
    }

    // ===== end worker registry

    // ===== operator: revoke, change priority, replay, reclaim family, resume grants, blocks (operator work)

    private final OperatorHandlers operator;
    private final ReclaimHandlers reclaims;
    private final AdmissionBlockHandlers admissionBlocks;

    @Override
    public RevokeLeaseResult revokeLease(RevokeLeaseArgs args) {
        return write(tx -> operator.revokeLease(tx, args));
    }

    @Override
    public ChangePriorityResult changePriority(ChangePriorityArgs args) {
        return write(tx -> operator.changePriority(tx, args));
    }

    @Override
    public ReplayExecutionResult replayExecution(ReplayExecutionArgs args) {
        return write(tx -> operator.replayExecution(tx, args));
    }

    @Override
    public IssueReclaimGrantResult issueReclaimGrant(IssueReclaimGrantArgs args) {
        return write(tx -> reclaims.issueReclaimGrant(tx, args));
    }

    @Override
    public ReclaimExecutionResult reclaimExecution(ReclaimExecutionArgs args) {
        return write(tx -> reclaims.reclaimExecution(tx, args));
    }

    @Override
    public Optional<Handle> claimFromReclaim(ReclaimToken token) {
        if (token == null) {
            throw EngineError.invalidInput("token: missing");
        }
        return write(tx -> reclaims.claimFromReclaim(tx, token));
    }

    @Override
    public Optional<Handle> claimFromResumeGrant(ResumeToken token) {
        if (token == null) {
            throw EngineError.invalidInput("token: missing");
        }
        return write(tx -> reclaims.claimFromResumeGrant(tx, token));
    }

    @Override
    public BlockRouteResult blockRoute(BlockRouteArgs args) {
        AdmissionBlockHandlers.validate(args.partition(), args.executionId(), BlockingReason.WAITING_FOR_CAPABLE_WORKER);
        return write(tx -> admissionBlocks.blockRoute(tx, args));
    }

    @Override
    public BlockExecutionForAdmissionResult blockExecutionForAdmission(BlockExecutionForAdmissionArgs args) {
        AdmissionBlockHandlers.validate(args.partition(), args.executionId(), args.reason());
        return write(tx -> admissionBlocks.blockForAdmission(tx, args));
    }

    @Override
    public void unblockExecution(UnblockExecutionArgs args) {
        writeVoid(tx -> admissionBlocks.unblock(tx, args));
    }

    /**
     * Timer 8 (unblock): re-checks every execution parked for budget, quota or a capable worker, each in its own
     * unit. The budgets section of {@link #runDueTimers()} runs it.
     */
    protected void runUnblockTimer(TimerItems items) {
        for (AdmissionBlockHandlers.Blocked b : read(AdmissionScans::unblockCandidates)) {
            items.run(b.executionId(), () -> writeVoid(tx -> admissionBlocks.unblock(tx, b.executionId(), b.reason())));
        }
    }



    // ===== end operator

    // ===== streams: StreamOperations (streams work)

    private final StreamHandlers streams;
    private final StreamReads streamReads = new StreamReads();
    private final FrameNotifier localFrameNotifier = new FrameNotifier();
    private volatile StreamOpsGate streamOps = new StreamOpsGate(StreamOpsGate.DEFAULT_MAX);

    /**
     * Where appends publish after commit and tails park (spec 05 §3). The default is in-process, right for a store
     * only this process writes; a backend whose store has its own notifier (SQLite's database, PostgreSQL's LISTEN
     * fan-out) returns that one. Must return the same instance every time.
     */
    protected FrameNotifier frameNotifier() {
        return localFrameNotifier;
    }

    /** Sets the bound on concurrent stream reads and tails ({@code FF_MAX_CONCURRENT_STREAM_OPS}); call at start. */
    protected void limitConcurrentStreamOps(int max) {
        streamOps = new StreamOpsGate(max);
    }

    @Override
    public AppendFrameOutcome appendFrame(Handle handle, Frame frame) {
        if (frame == null) {
            throw EngineError.invalidInput("frame: missing");
        }
        frame.validate();
        HandleFields h = decode(handle);
        return write(tx -> streams.append(tx, h, frame));
    }

    @Override
    public StreamFrames readStream(ExecutionId executionId, int attemptIndex, StreamCursor from, StreamCursor to,
                                   int countLimit) {
        requireStreamTarget(executionId, attemptIndex);
        if (from == null || to == null) {
            throw EngineError.invalidInput(StreamCursor.INVALID_CURSOR);
        }
        StreamRequests.checkCountLimit(countLimit);
        checkOpen();
        try (StreamOpsGate.Permit ignored = streamOps.enter()) {
            return runner.read(tx -> streamReads.read(tx, executionId, attemptIndex, from, to, countLimit));
        }
    }

    /**
     * Subscribes before the first read so no commit between read and park is lost; parks on the notifier (never
     * polls, holds no connection while parked) and re-reads on every wake until a visible frame exists, the stream
     * is closed, or {@code blockMs} has passed (spec 04 §3.5).
     */
    @Override
    public StreamFrames tailStream(ExecutionId executionId, int attemptIndex, StreamCursor after, long blockMs,
                                   int countLimit, TailVisibility visibility) {
        requireStreamTarget(executionId, attemptIndex);
        StreamFrameId afterId = StreamRequests.checkTailCursor(after);
        StreamRequests.checkBlockMs(blockMs);
        StreamRequests.checkCountLimit(countLimit);
        TailVisibility shown = visibility == null ? TailVisibility.ALL : visibility;
        checkOpen();
        StreamKey key = StreamStore.key(executionId, attemptIndex);
        try (StreamOpsGate.Permit ignored = streamOps.enter();
             FrameNotifier.Subscription subscription = frameNotifier().subscribe(key)) {
            long deadline = System.nanoTime() + Duration.ofMillis(blockMs).toNanos();
            while (true) {
                // In flight already: a shutdown that starts now lets this tail finish its read instead of failing it.
                StreamFrames now = runner.read(tx -> streamReads.tailOnce(tx, executionId, attemptIndex, afterId,
                        countLimit, shown));
                long remaining = deadline - System.nanoTime();
                if (!now.frames().isEmpty() || now.closed() || remaining <= 0 || isShutDown()
                        || Thread.currentThread().isInterrupted()) {
                    return now;
                }
                subscription.await(Duration.ofNanos(remaining));
            }
        }
    }

    @Override
    public Optional<SummaryDocument> readSummary(ExecutionId executionId, int attemptIndex) {
        requireStreamTarget(executionId, attemptIndex);
        checkOpen();
        try (StreamOpsGate.Permit ignored = streamOps.enter()) {
            return runner.read(tx -> streamReads.summary(tx, executionId, attemptIndex));
        }
    }

    private static void requireStreamTarget(ExecutionId executionId, int attemptIndex) {
        if (executionId == null) {
            throw EngineError.invalidInput("execution_id: missing");
        }
        StreamRequests.checkAttemptIndex(attemptIndex);
    }

    /** Timer 14, stream part: deletes best-effort frames older than twice their TTL (spec 04 §3.3, 05 §4). */
    protected void runStreamHousekeeping() {
        write(streams::expireBestEffortFrames);
    }

    // ===== end streams

    // ===== event subscriptions (spec 02 §11): outbox tables paged by a commit-ordered cursor (05 §3)

    @Override
    public io.skein.core.api.worker.EventSubscription<io.skein.core.api.worker.LeaseHistoryEvent> subscribeLeaseHistory(
            io.skein.core.api.worker.EventCursor cursor, io.skein.core.api.ScannerFilter filter) {
        return subscribe(OutboxFamilies.LEASE_HISTORY, cursor, filter);
    }

    @Override
    public io.skein.core.api.worker.EventSubscription<io.skein.core.api.worker.CompletionEvent> subscribeCompletion(
            io.skein.core.api.worker.EventCursor cursor, io.skein.core.api.ScannerFilter filter) {
        return subscribe(OutboxFamilies.COMPLETION, cursor, filter);
    }

    @Override
    public io.skein.core.api.worker.EventSubscription<io.skein.core.api.worker.SignalDeliveryEvent>
            subscribeSignalDelivery(io.skein.core.api.worker.EventCursor cursor,
                                    io.skein.core.api.ScannerFilter filter) {
        return subscribe(OutboxFamilies.SIGNAL_DELIVERY, cursor, filter);
    }

    private <E> io.skein.core.api.worker.EventSubscription<E> subscribe(OutboxSubscription.Family<E> family,
            io.skein.core.api.worker.EventCursor cursor, io.skein.core.api.ScannerFilter filter) {
        checkOpen();
        return OutboxSubscription.open(family, dialect, this::read, frameNotifier(), this::isShutDown, cursor, filter,
                id -> subscriptionMatches(id, filter));
    }

    /**
     * Whether execution {@code id} passes a subscription's {@code filter} (spec 02 §11 {@code ScannerFilter}): its
     * namespace, and the instance tag among its tags; an execution no longer stored passes only an empty filter.
     */
    public boolean subscriptionMatches(ExecutionId id, io.skein.core.api.ScannerFilter filter) {
        if (filter == null || filter.namespace() == null && filter.instanceTag() == null) {
            return true;
        }
        return describeExecution(id).filter(e -> filter.namespace() == null
                        || filter.namespace().equals(e.namespace()))
                .filter(e -> filter.instanceTag() == null
                        || filter.instanceTag().value().equals(e.tags().get(filter.instanceTag().key())))
                .isPresent();
    }


    // ===== signals: SignalOperations: suspend, waitpoints, signals, HMAC rotation (signals work)

    private final SuspendHandler suspends;
    private final SignalDeliveryHandler signals;
    private final WaitpointKeyHandlers waitpointKeys;
    private final SuspensionTimerHandlers suspensionTimers;

    @Override
    public SuspendOutcome suspend(Handle handle, SuspendArgs args) {
        HandleFields h = decode(handle);
        SuspendHandler.validate(handle.kind(), args, clock.millis());
        return write(tx -> suspends.suspend(tx, h, args));
    }

    @Override
    public SuspendOutcome suspendByTriple(ExecutionId executionId, LeaseFence fence, SuspendArgs args) {
        if (executionId == null) {
            throw EngineError.invalidInput("execution_id: missing");
        }
        if (fence == null) {
            throw EngineError.invalidInput("fence_required");
        }
        SuspendHandler.validate(args, clock.millis());
        return write(tx -> suspends.suspendByTriple(tx, executionId, fence, args));
    }

    @Override
    public PendingWaitpoint createWaitpoint(Handle handle, WaitpointKey waitpointKey, Duration expiresIn) {
        HandleFields h = decode(handle);
        SuspendHandler.validateWaitpoint(waitpointKey, expiresIn);
        return write(tx -> suspends.createWaitpoint(tx, h, waitpointKey, expiresIn));
    }

    @Override
    public List<ResumeSignal> observeSignals(Handle handle) {
        HandleFields h = decode(handle);
        return read(tx -> signals.observeSignals(tx, h));
    }

    @Override
    public DeliverSignalResult deliverSignal(DeliverSignalArgs args) {
        SignalDeliveryHandler.validate(args);
        return write(tx -> signals.deliverSignal(tx, args));
    }

    @Override
    public DeliverSignalResult deliverApprovalSignal(DeliverApprovalSignalArgs args) {
        SignalDeliveryHandler.validate(args);
        return write(tx -> signals.deliverApprovalSignal(tx, args));
    }

    @Override
    public Optional<String> readWaitpointToken(PartitionKey partition, WaitpointId waitpointId) {
        if (partition == null || waitpointId == null) {
            throw EngineError.invalidInput("partition and waitpoint_id: required");
        }
        return read(tx -> signals.readWaitpointToken(tx, partition, waitpointId));
    }

    @Override
    public ListPendingWaitpointsPage listPendingWaitpoints(ListPendingWaitpointsArgs args) {
        if (args == null) {
            throw EngineError.invalidInput("args: missing");
        }
        return read(tx -> signals.listPendingWaitpoints(tx, args));
    }

    @Override
    public RotateWaitpointHmacSecretAllResult rotateWaitpointHmacSecretAll(RotateWaitpointHmacSecretAllArgs args) {
        if (args == null) {
            throw EngineError.invalidInput("args: missing");
        }
        return write(tx -> waitpointKeys.rotate(tx, args));
    }

    @Override
    public WaitpointHmacKids listWaitpointHmacKids() {
        return read(waitpointKeys::listKids);
    }

    @Override
    public ResumeExecutionResult resumeExecution(ResumeExecutionArgs args) {
        if (args == null) {
            throw EngineError.invalidInput("args: missing");
        }
        return write(tx -> signals.resumeExecution(tx, args));
    }

    // ===== end signals

    // ===== flows: FlowOperations (flows work)

    /** Flow work cancels members through its own attempt handlers (cancelNow needs only the lifecycle). */
    private final AttemptHandlers flowAttempts;
    /** The units flow work hands on to (follow-up units, a cancel's owed members): this backend's own units. */
    private final Units flowUnits = new Units() {
        @Override
        public <T> T write(Function<EngineUnit, T> work) {
            return SqlEngineBackend.this.write(work::apply);
        }

        @Override
        public <T> T read(Function<EngineUnit, T> work) {
            return SqlEngineBackend.this.read(work::apply);
        }
    };
    /**
     * D2 resolution, registered as a terminal listener and as the replay branch of a skipped flow member (F9: back
     * to waiting_children with its impossible dependencies reset).
     */
    protected final FlowResolution flowResolution;
    private final FlowHandlers flowHandlers;
    private final FlowCancelHandlers flowCancels;


    private int flowPartition(FlowId flowId) {
        if (flowId == null) {
            throw EngineError.invalidInput("flow_id: required");
        }
        return partitions.flowPartition(flowId);
    }

    @Override
    public CreateFlowResult createFlow(CreateFlowArgs args) {
        int partition = flowPartition(args.flowId());
        return write(tx -> flowHandlers.createFlow(tx, partition, args));
    }

    @Override
    public AddExecutionToFlowResult addExecutionToFlow(AddExecutionToFlowArgs args) {
        int partition = flowPartition(args.flowId());
        FlowHandlers.validateAdd(args, partition);
        return write(tx -> flowHandlers.addExecutionToFlow(tx, partition, args));
    }

    @Override
    public StageDependencyEdgeResult stageDependencyEdge(StageDependencyEdgeArgs args) {
        FlowHandlers.validateStage(args);
        int partition = flowPartition(args.flowId());
        return write(tx -> flowHandlers.stageDependencyEdge(tx, partition, args));
    }

    @Override
    public ApplyDependencyToChildResult applyDependencyToChild(ApplyDependencyToChildArgs args) {
        FlowHandlers.validateApply(args);
        int partition = flowPartition(args.flowId());
        return write(tx -> flowHandlers.applyDependencyToChild(tx, partition, args));
    }

    @Override
    public SetEdgeGroupPolicyResult setEdgeGroupPolicy(FlowId flowId, ExecutionId downstreamExecutionId,
                                                       EdgeDependencyPolicy policy) {
        int partition = flowPartition(flowId);
        if (downstreamExecutionId == null || policy == null) {
            throw EngineError.invalidInput("downstream_execution_id and policy: required");
        }
        return write(tx -> flowHandlers.setEdgeGroupPolicy(tx, partition, flowId, downstreamExecutionId, policy));
    }

    @Override
    public CancelFlowHeaderResult cancelFlowHeader(CancelFlowArgs args) {
        int partition = flowPartition(args.flowId());
        return write(tx -> flowCancels.header(tx, partition, args)).result();
    }

    @Override
    public CancelFlowResult cancelFlow(FlowId flowId, CancelFlowPolicy policy, CancelFlowWait wait, String reason) {
        int partition = flowPartition(flowId);
        return flowCancels.cancelFlow(partition, flowId, policy, wait, reason, clock.millis());
    }

    @Override
    public void ackCancelMember(FlowId flowId, ExecutionId executionId) {
        int partition = flowPartition(flowId);
        if (executionId == null) {
            throw EngineError.invalidInput("execution_id: required");
        }
        writeVoid(tx -> flowCancels.ack(tx, partition, flowId, executionId));
    }

    @Override
    public EvaluateFlowEligibilityResult evaluateFlowEligibility(EvaluateFlowEligibilityArgs args) {
        return read(tx -> new EvaluateFlowEligibilityResult.Status(
                flowHandlers.evaluateFlowEligibility(tx, args.executionId())));
    }

    @Override
    public Optional<FlowSnapshot> describeFlow(FlowId flowId) {
        int partition = flowPartition(flowId);
        return read(tx -> flowHandlers.describeFlow(tx, partition, flowId));
    }

    @Override
    public List<EdgeSnapshot> listEdges(FlowId flowId, EdgeDirection direction) {
        int partition = flowPartition(flowId);
        if (direction == null) {
            throw EngineError.invalidInput("direction: required");
        }
        return read(tx -> flowHandlers.listEdges(tx, partition, flowId, direction));
    }

    @Override
    public Optional<EdgeSnapshot> describeEdge(FlowId flowId, EdgeId edgeId) {
        int partition = flowPartition(flowId);
        if (edgeId == null) {
            throw EngineError.invalidInput("edge_id: required");
        }
        return read(tx -> flowHandlers.describeEdge(tx, partition, flowId, edgeId));
    }

    @Override
    public Optional<FlowId> resolveExecutionFlowId(ExecutionId executionId) {
        if (executionId == null) {
            throw EngineError.invalidInput("execution_id: required");
        }
        return read(tx -> flowHandlers.resolveExecutionFlowId(tx, executionId));
    }

    // ===== end flows

    // ===== budgets: BudgetOperations and claim admission (budgets work)

    private final BudgetHandlers budgetHandlers;
    private final QuotaHandlers quotaHandlers;
    private final AdmissionHandlers admissionHandlers;



    @Override
    public ReportUsageResult reportUsage(Handle handle, BudgetId budgetId, UsageDimensions dimensions) {
        decode(handle);
        java.util.Objects.requireNonNull(budgetId, "budgetId");
        BudgetHandlers.validateDeltas(dimensions.deltas());
        return write(tx -> budgetHandlers.report(tx, budgetId, dimensions.deltas(), dimensions.dedupKey(), 0));
    }

    @Override
    public CreateBudgetResult createBudget(CreateBudgetArgs args) {
        BudgetHandlers.validate(args);
        return write(tx -> budgetHandlers.create(tx, args));
    }

    @Override
    public ResetBudgetResult resetBudget(ResetBudgetArgs args) {
        return write(tx -> budgetHandlers.reset(tx, args));
    }

    @Override
    public BudgetStatus getBudgetStatus(BudgetId budgetId) {
        return read(tx -> budgetHandlers.status(tx, budgetId));
    }

    @Override
    public ReportUsageResult reportUsageAdmin(BudgetId budgetId, ReportUsageAdminArgs args) {
        BudgetHandlers.validateDeltas(args.usageDeltas());
        return write(tx -> budgetHandlers.report(tx, budgetId, args.usageDeltas(), args.dedupKey(), args.now()));
    }

    @Override
    public BudgetUsageAndLimits readBudgetUsageAndLimits(BudgetId budgetId) {
        return read(tx -> budgetHandlers.usageAndLimits(tx, budgetId));
    }

    @Override
    public ReportUsageResult recordSpend(RecordSpendArgs args) {
        BudgetHandlers.validateDeltas(args.usageDeltas());
        return write(tx -> budgetHandlers.recordSpend(tx, args));
    }

    @Override
    public void releaseBudget(ReleaseBudgetArgs args) {
        writeVoid(tx -> budgetHandlers.release(tx, args));
    }

    @Override
    public CreateQuotaPolicyResult createQuotaPolicy(CreateQuotaPolicyArgs args) {
        return write(tx -> quotaHandlers.create(tx, args));
    }

    @Override
    public Optional<QuotaPolicyLimits> readQuotaPolicyLimits(QuotaPolicyId quotaPolicyId) {
        return read(tx -> quotaHandlers.limits(tx, quotaPolicyId));
    }

    @Override
    public CheckAdmissionResult checkAdmission(QuotaPolicyId quotaPolicyId, String dimension,
                                               CheckAdmissionArgs args) {
        QuotaHandlers.validate(args);
        return write(tx -> quotaHandlers.check(tx, quotaPolicyId, dimension, args));
    }

    @Override
    public ReleaseAdmissionResult releaseAdmission(ReleaseAdmissionArgs args) {
        return write(tx -> quotaHandlers.release(tx, args));
    }

    @Override
    public void resetDueBudget(ResetDueBudgetArgs args) {
        writeVoid(tx -> budgetHandlers.resetIfDue(tx, args.budgetId()));
    }

    @Override
    public int reconcileBudgetCounters(PartitionSweepArgs args) {
        PartitionSweeps.requireFamily(args.partition(), PartitionFamily.BUDGET, "a budget partition");
        int changed = 0;
        for (BudgetId id : read(tx -> AdmissionScans.budgets(tx, args.partition().index()))) {
            changed += write(tx -> budgetHandlers.reconcile(tx, id)) ? 1 : 0;
        }
        return changed;
    }

    @Override
    public int reconcileQuotaCounters(PartitionSweepArgs args) {
        PartitionSweeps.requireFamily(args.partition(), PartitionFamily.QUOTA, "a quota partition");
        int changed = 0;
        for (QuotaPolicyId id : read(tx -> AdmissionScans.quotaPolicies(tx, args.partition().index()))) {
            changed += write(tx -> quotaHandlers.reconcile(tx, id)) ? 1 : 0;
        }
        return changed;
    }

    // ===== end budgets

    // ------------------------------------------------------------------------------------------ reads

    @Override
    public Optional<ExecutionSnapshot> describeExecution(ExecutionId executionId) {
        return read(tx -> reads.describe(tx, executionId));
    }

    @Override
    public ExecutionContext readExecutionContext(ExecutionId executionId) {
        return read(tx -> reads.context(tx, executionId));
    }

    @Override
    public int readCurrentAttemptIndex(ExecutionId executionId) {
        return read(tx -> reads.currentAttemptIndex(tx, executionId));
    }

    @Override
    public int readTotalAttemptCount(ExecutionId executionId) {
        return read(tx -> reads.totalAttemptCount(tx, executionId));
    }

    @Override
    public Optional<ExecutionInfo> readExecutionInfo(ExecutionId executionId) {
        return read(tx -> reads.info(tx, executionId));
    }

    @Override
    public Optional<PublicState> readExecutionState(ExecutionId executionId) {
        return read(tx -> reads.state(tx, executionId));
    }

    @Override
    public Optional<byte[]> getExecutionResult(ExecutionId executionId) {
        return read(tx -> reads.result(tx, executionId));
    }

    @Override
    public ListExecutionsPage listExecutions(PartitionKey partition, ExecutionId cursor, int limit) {
        return read(tx -> reads.list(tx, partition, cursor, limit));
    }

    @Override
    public io.skein.core.api.execution.ExecutionSummaryPage searchExecutions(
            io.skein.core.api.execution.ExecutionQuery query) {
        if (query == null) {
            throw EngineError.invalidInput("query: required");
        }
        return read(tx -> ExecutionListing.search(tx, query));
    }

    @Override
    public Optional<io.skein.core.api.execution.ExecutionDetail> readExecutionDetail(ExecutionId executionId) {
        return read(tx -> ExecutionListing.detail(tx, executionId));
    }

    @Override
    public ListLanesPage listLanes(LaneId cursor, int limit) {
        return read(tx -> reads.lanes(tx, cursor, limit));
    }

    // ------------------------------------------------------------------------------------------ T2: tags, admin reads

    @Override
    public void setExecutionTag(ExecutionId executionId, String key, String value) {
        EngineCommand command = new EngineCommand.SetExecutionTag(executionId, key, value);
        writeVoid(tx -> engine.process(command, tx));
    }

    @Override
    public Optional<String> getExecutionTag(ExecutionId executionId, String key) {
        io.skein.core.api.TagKeys.validateTagKey(key);
        return read(tx -> adminReads.executionTag(tx, executionId, key));
    }

    @Override
    public Optional<io.skein.core.id.Namespace> getExecutionNamespace(ExecutionId executionId) {
        return read(tx -> adminReads.executionNamespace(tx, executionId));
    }

    @Override
    public void setFlowTag(FlowId flowId, String key, String value) {
        EngineCommand command = new EngineCommand.SetFlowTag(flowId, key, value);
        writeVoid(tx -> engine.process(command, tx));
    }

    @Override
    public Optional<String> getFlowTag(FlowId flowId, String key) {
        io.skein.core.api.TagKeys.validateTagKey(key);
        return read(tx -> adminReads.flowTag(tx, flowId, key));
    }

    @Override
    public io.skein.core.api.ListFlowsPage listFlows(PartitionKey partition, FlowId cursor, int limit) {
        return read(tx -> adminReads.flows(tx, partition, cursor, limit));
    }

    @Override
    public boolean projectFlowSummary(PartitionKey partition, FlowId flowId) {
        EngineCommand command = new EngineCommand.ProjectFlowSummary(partition, flowId);
        return write(tx -> (Boolean) engine.process(command, tx));
    }

    @Override
    public io.skein.core.api.execution.ListSuspendedPage listSuspended(PartitionKey partition, ExecutionId cursor,
                                                                       int limit) {
        return read(tx -> adminReads.suspended(tx, partition, cursor, limit));
    }

    @Override
    public java.util.Map<String, Optional<String>> readExecCoreFields(PartitionKey partition, ExecutionId executionId,
                                                           List<String> fields) {
        return read(tx -> adminReads.execCoreFields(tx, partition, executionId, fields));
    }

    @Override
    public List<ExecutionId> scanEligibleExecutions(LaneId laneId, PartitionKey partition, int limit) {
        return read(tx -> adminReads.eligible(tx, laneId, partition, limit));
    }

    @Override
    public int repairDependencies(PartitionSweepArgs args) {
        EngineCommand command = new EngineCommand.RepairDependencies(args);
        return write(tx -> (Integer) engine.process(command, tx));
    }

    /** Timer 17's check of one partition (spec 05 §4): logs each invariant violation, writes nothing. */
    @Override
    public int reconcileExecutionIndex(PartitionSweepArgs args) {
        return read(tx -> adminReads.invariantViolations(tx, args.partition(), Integer.MAX_VALUE));
    }

    // ------------------------------------------------------------------------------------------ lifecycle

    @Override
    public void ping() {
        read(tx -> tx.queryLong("SELECT 1"));
    }

    @Override
    public String backendLabel() {
        return dialect.label();
    }

    @Override
    public long serverTimeMs() {
        return clock.millis();
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(new BackendIdentity(dialect.label(), new BackendVersion(0, 1, 0), "E-shipped"),
                Supports.complete());
    }

    @Override
    public void shutdownPrepare(Duration grace) {
        long started = System.nanoTime();
        stopTimers(grace == null || grace.isNegative() ? Duration.ZERO : grace);
        shutDown.set(true);
        // Parked tails re-read once and return; new stream ops are refused by checkOpen.
        frameNotifier().wakeAll();
        streamOps.awaitIdle(grace == null ? null : grace.minusNanos(System.nanoTime() - started));
    }

    protected boolean isShutDown() {
        return shutDown.get();
    }


    /**
     * The boot preparation both stores share (spec 02 §12, 04 §1.3): after the store applied {@code migrations},
     * seed {@code seed} into an empty keystore; a stored keystore wins (with a warning when the configured secret
     * differs). {@code Applied} only when something changed.
     */
    protected PrepareOutcome prepared(io.skein.sql.migrate.MigrationReport migrations, HmacSeed seed) {
        boolean seeded = false;
        if (seed != null) {
            io.skein.core.hmac.KeystoreChange change = write(tx -> waitpointKeys.seedIfEmpty(tx, seed.kid(),
                    seed.secretHex()));
            if (change instanceof io.skein.core.hmac.KeystoreChange.AlreadySeeded already && !already.sameSecret()) {
                org.slf4j.LoggerFactory.getLogger(SqlEngineBackend.class).warn("The waitpoint HMAC keystore "
                        + "already holds kid {}; the configured secret differs and is ignored (rotate to "
                        + "change it)", already.kid());
            }
            seeded = change.changed();
        }
        if (!migrations.appliedAnything() && !seeded) {
            return new PrepareOutcome.NoOp();
        }
        StringBuilder what = new StringBuilder();
        if (migrations.appliedAnything()) {
            what.append("applied migrations ").append(migrations.applied());
        }
        if (seeded) {
            what.append(what.length() > 0 ? "; " : "").append("seeded waitpoint HMAC kid ").append(seed.kid());
        }
        return new PrepareOutcome.Applied(what.toString());
    }

    @Override
    public io.skein.core.api.SeedWaitpointHmacSecretResult seedWaitpointHmacSecret(
            io.skein.core.api.SeedWaitpointHmacSecretArgs args) {
        return write(tx -> waitpointKeys.seed(tx, args));
    }

    /** Runs every due timer once with the backend clock (spec 05 §4 {@code runDue}). */
    public void runDue() {
        runDueTimers();
    }


    protected static List<String> none() {
        return List.of();
    }
}
