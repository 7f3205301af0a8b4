package io.skein.sql.engine;

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
import io.skein.core.api.scheduler.TimerArgs;
import io.skein.core.error.EngineError;
import io.skein.core.handle.HandleCodec;
import io.skein.core.handle.HandleFields;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.PartitionKey;
import io.skein.core.state.PublicState;
import io.skein.sql.engine.handler.AttemptHandlers;
import io.skein.sql.engine.handler.ClaimExecutionHandler;
import io.skein.sql.engine.handler.CreateExecutionHandler;
import io.skein.sql.engine.handler.ExecutionReads;
import io.skein.sql.engine.handler.SchedulerHandlers;
import io.skein.sql.engine.handler.StreamHandlers;
import io.skein.sql.engine.handler.TimerHandlers;
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
    protected final Lifecycle lifecycle = new Lifecycle();

    private final TxRunner runner;
    private final CreateExecutionHandler create;
    private final ClaimExecutionHandler claimExecution = new ClaimExecutionHandler();
    private final SchedulerHandlers scheduler = new SchedulerHandlers();
    private final AttemptHandlers attempts;
    private final ExecutionReads reads = new ExecutionReads();
    private final TimerHandlers timers;
    private final AtomicBoolean shutDown = new AtomicBoolean();

    protected SqlEngineBackend(SqlDialect dialect, TxRunner runner, Clock clock, PartitionConfig partitions,
                               RandomGenerator random) {
        this.dialect = dialect;
        this.runner = runner;
        this.clock = clock;
        this.partitions = partitions;
        this.create = new CreateExecutionHandler(partitions);
        this.attempts = new AttemptHandlers(lifecycle, random);
        this.timers = new TimerHandlers(lifecycle, attempts);
    }

    // ------------------------------------------------------------------------------------------ units of work

    protected <T> T write(Function<Tx, T> work) {
        checkOpen();
        FrameNotifier notifier = frameNotifier();
        return runner.write(tx -> work.apply(tx.withFrameNotifier(notifier)));
    }

    protected void writeVoid(Consumer<Tx> work) {
        write(tx -> {
            work.accept(tx);
            return null;
        });
    }

    protected <T> T read(Function<Tx, T> work) {
        checkOpen();
        return runner.read(work);
    }

    private void checkOpen() {
        if (shutDown.get()) {
            throw EngineError.unavailable("backend_shutting_down");
        }
    }

    /** Step 1 of the fence check: the handle decodes and was issued by this backend. */
    protected HandleFields decode(Handle handle) {
        if (handle == null) {
            throw EngineError.invalidInput("handle: missing");
        }
        return HandleCodec.decode(handle, dialect.backendTag());
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

    @Override
    public void expireClaimGrant(ExpireClaimGrantArgs args) {
        writeVoid(tx -> timers.expireGrants(tx));
    }

    /**
     * Runs every due timer once, in the order of spec 05 §4, each item in its own unit. Tests call this with a
     * manual clock instead of running the scanner loops.
     */
    public void runDueTimers() {
        for (ExecutionId id : read(timers::dueLeaseExpiries)) {
            writeVoid(tx -> timers.markLeaseExpiredIfDue(tx, id, null));
        }
        for (ExecutionId id : read(timers::reclaimable)) {
            writeVoid(tx -> timers.requeueReclaimable(tx, id, null));
        }
        for (ExecutionId id : read(timers::dueAttemptTimeouts)) {
            writeVoid(tx -> timers.expireAttempt(tx, id, null));
        }
        for (ExecutionId id : read(timers::dueDeadlines)) {
            writeVoid(tx -> timers.expireDeadline(tx, id, null));
        }
        // ===== timers 4–5 (signals): suspension timeout, pending-waitpoint expiry

        // ===== end timers 4–5
        for (ExecutionId id : read(timers::dueDelays)) {
            writeVoid(tx -> timers.promoteDelayed(tx, id, null));
        }
        write(timers::expireGrants);
        // ===== timers 8–9, 13 (budgets): unblock, budget reset, reconcilers

        // ===== end timers 8–9, 13
        // ===== timers 10–12 (flows): cancel reconciler, edge-cancel dispatcher, dependency repair

        // ===== end timers 10–12
        // ===== timer 14 (streams): best-effort frame housekeeping
        runStreamHousekeeping();
        // ===== end timer 14
    }

    // ===== operator: revoke, change priority, replay, reclaim family, resume grants, blocks (operator work)

    // ===== end operator

    // ===== streams: StreamOperations (streams work)

    private final StreamHandlers streams = new StreamHandlers();
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
            return runner.read(tx -> streams.read(tx, executionId, attemptIndex, from, to, countLimit));
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
                StreamFrames now = runner.read(tx -> streams.tailOnce(tx, executionId, attemptIndex, afterId,
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
            return runner.read(tx -> streams.summary(tx, executionId, attemptIndex));
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

    // ===== signals: SignalOperations: suspend, waitpoints, signals, HMAC rotation (signals work)

    // ===== end signals

    // ===== flows: FlowOperations (flows work)

    // ===== end flows

    // ===== budgets: BudgetOperations and claim admission (budgets work)

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
    public ListLanesPage listLanes(LaneId cursor, int limit) {
        return read(tx -> reads.lanes(tx, cursor, limit));
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
        shutDown.set(true);
        // Parked tails re-read once and return; new stream ops are refused by checkOpen.
        frameNotifier().wakeAll();
        streamOps.awaitIdle(grace);
    }

    protected boolean isShutDown() {
        return shutDown.get();
    }

    /** Adds work to every terminal transition's unit (flow resolution). */
    protected void addTerminalListener(Lifecycle.TerminalListener listener) {
        lifecycle.addTerminalListener(listener);
    }

    protected SchedulerHandlers scheduler() {
        return scheduler;
    }

    protected static List<String> none() {
        return List.of();
    }
}
