package io.skein.connectors.worker;

import io.skein.connectors.client.CommandClient;
import io.skein.core.api.AppendFrameOutcome;
import io.skein.core.api.ExecutionContext;
import io.skein.core.api.FailOutcome;
import io.skein.core.api.FailureClass;
import io.skein.core.api.FailureReason;
import io.skein.core.api.Frame;
import io.skein.core.api.Handle;
import io.skein.core.api.PendingWaitpoint;
import io.skein.core.api.SuspendArgs;
import io.skein.core.api.SuspendOutcome;
import io.skein.core.command.EngineCommand;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.WaitpointKey;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One claimed attempt as its handler sees it: what to work on, and the worker operations (spec 02 §2) fenced by the
 * attempt's lease handle, each sent as its command and answered by its reply. The lease is renewed in the background
 * while the handler runs; {@link #leaseLost()} turns true when a renewal is refused, after which the engine rejects
 * this attempt's operations. Used by the one handler thread it was given to.
 */
public final class WorkerContext {

    private final CommandClient commands;
    private final Duration timeout;
    private final ExecutionId executionId;
    private final int attemptIndex;
    private final Handle handle;
    private final ExecutionContext execution;
    private volatile boolean settled;
    private volatile boolean leaseLost;
    private volatile boolean failedByHandler;
    private volatile boolean completedByHandler;

    WorkerContext(CommandClient commands, Duration timeout, ExecutionId executionId, int attemptIndex, Handle handle,
                  ExecutionContext execution) {
        this.commands = commands;
        this.timeout = timeout;
        this.executionId = executionId;
        this.attemptIndex = attemptIndex;
        this.handle = handle;
        this.execution = execution;
    }

    public ExecutionId executionId() {
        return executionId;
    }

    /** The attempt's index: 0 for the first attempt, one more for each retry. */
    public int attemptIndex() {
        return attemptIndex;
    }

    /** The lease handle of this attempt, for operations this context does not wrap. */
    public Handle handle() {
        return handle;
    }

    /** The execution's kind, or empty when the worker was built without a reads backend. */
    public Optional<String> executionKind() {
        return Optional.ofNullable(execution).map(ExecutionContext::executionKind);
    }

    /** The execution's tags (empty when the worker was built without a reads backend). */
    public Map<String, String> tags() {
        return execution == null ? Map.of() : execution.tags();
    }

    /**
     * The execution's input payload.
     *
     * @throws EngineException {@code Unavailable(read_execution_context)} when the worker was built without a reads
     *                         backend: grant records and claim replies do not carry the payload
     */
    public byte[] input() {
        if (execution == null) {
            throw EngineError.unavailable("read_execution_context");
        }
        return execution.inputPayload();
    }

    /** Overwrites the attempt's progress; {@code percent} (0–100) and {@code message} are nullable. */
    public void progress(Integer percent, String message) {
        call(new EngineCommand.Progress(handle, percent, message));
    }

    /** Appends a frame to the attempt's stream (spec 04 §3). */
    public AppendFrameOutcome appendFrame(Frame frame) {
        return (AppendFrameOutcome) call(new EngineCommand.AppendFrame(handle, frame));
    }

    /** Completes the attempt with {@code result} (nullable); the handler should return right after. */
    public void complete(byte[] result) {
        call(new EngineCommand.Complete(handle, result));
        settled = true;
        completedByHandler = true;
    }

    /** Fails the attempt; {@code classification} drives the retry decision (spec 01 §10). */
    public FailOutcome fail(String message, FailureClass classification) {
        FailOutcome outcome = (FailOutcome) call(new EngineCommand.Fail(handle, FailureReason.of(message),
                classification));
        settled = true;
        failedByHandler = true;
        return outcome;
    }

    /** Makes a pending waitpoint this attempt can suspend on later (spec 04 §2). */
    public PendingWaitpoint createWaitpoint(WaitpointKey waitpointKey, Duration expiresIn) {
        return (PendingWaitpoint) call(new EngineCommand.CreateWaitpoint(handle, waitpointKey, expiresIn));
    }

    /**
     * Suspends the attempt (spec 04 §2.1). When the outcome is {@code Suspended} the lease is gone and the handler
     * should return; on {@code AlreadySatisfied} the lease is kept and the handler goes on.
     */
    public SuspendOutcome suspend(SuspendArgs args) {
        SuspendOutcome outcome = (SuspendOutcome) call(new EngineCommand.Suspend(handle, args));
        if (outcome instanceof SuspendOutcome.Suspended) {
            settled = true;
        }
        return outcome;
    }

    /** Whether the engine refused a lease renewal: the attempt belongs to someone else now, or ended. */
    public boolean leaseLost() {
        return leaseLost;
    }

    boolean settled() {
        return settled;
    }

    boolean failedByHandler() {
        return failedByHandler;
    }

    boolean completedByHandler() {
        return completedByHandler;
    }

    void markLeaseLost() {
        leaseLost = true;
    }

    private Object call(EngineCommand command) {
        return commands.call(command, timeout);
    }
}
