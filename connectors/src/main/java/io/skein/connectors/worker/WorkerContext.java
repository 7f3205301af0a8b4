package io.skein.connectors.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skein.core.api.AppendFrameOutcome;
import io.skein.core.api.FailOutcome;
import io.skein.core.api.FailureClass;
import io.skein.core.api.Frame;
import io.skein.core.api.Handle;
import io.skein.core.api.PendingWaitpoint;
import io.skein.core.api.SuspendArgs;
import io.skein.core.api.SuspendOutcome;
import io.skein.core.api.scheduler.ClaimedInput;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.WaitpointKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One claimed attempt as its handler sees it: what to work on, and the worker operations (spec 02 §2) fenced by the
 * attempt's lease handle, each sent as its command and answered by its reply (or over the HTTP worker routes). The
 * lease is renewed in the background while the handler runs; {@link #leaseLost()} turns true when a renewal is
 * refused, after which the engine rejects this attempt's operations. Used by the one handler thread it was given to.
 */
public final class WorkerContext {

    private final AttemptOps ops;
    private final ExecutionId executionId;
    private final int attemptIndex;
    private final Handle handle;
    private final ClaimedInput execution;
    private final ObjectMapper json;
    private volatile boolean settled;
    private volatile boolean leaseLost;
    private volatile boolean failedByHandler;
    private volatile boolean completedByHandler;

    WorkerContext(AttemptOps ops, ExecutionId executionId, int attemptIndex, Handle handle, ClaimedInput execution,
                  ObjectMapper json) {
        this.ops = ops;
        this.executionId = executionId;
        this.attemptIndex = attemptIndex;
        this.handle = handle;
        this.execution = execution;
        this.json = json;
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

    /** The execution's kind; empty only when an older engine's claim reply did not carry it. */
    public Optional<String> executionKind() {
        return Optional.ofNullable(execution).map(ClaimedInput::executionKind);
    }

    /** The execution's tags. */
    public Map<String, String> tags() {
        return execution == null ? Map.of() : execution.tags();
    }

    /** How the input is encoded ({@code json} when it was submitted as JSON), when it says. */
    public Optional<String> payloadEncoding() {
        return Optional.ofNullable(execution).map(ClaimedInput::payloadEncoding);
    }

    /**
     * The execution's input payload.
     *
     * @throws EngineException {@code Unavailable(read_execution_context)} when an older engine's claim reply did not
     *                         carry it and the worker has no reads backend
     */
    public byte[] input() {
        if (execution == null) {
            throw EngineError.unavailable("read_execution_context");
        }
        return execution.inputPayload();
    }

    /** The input bound to {@code type} with the worker's Jackson mapper. */
    public <T> T input(Class<T> type) throws IOException {
        byte[] bytes = input();
        return json.readValue(bytes.length == 0 ? "null".getBytes(StandardCharsets.UTF_8) : bytes, type);
    }

    /** Overwrites the attempt's progress; {@code percent} (0–100) and {@code message} are nullable. */
    public void progress(Integer percent, String message) {
        ops.progress(handle, percent, message);
    }

    /** Appends a frame to the attempt's stream (spec 04 §3). */
    public AppendFrameOutcome appendFrame(Frame frame) {
        return ops.appendFrame(handle, frame);
    }

    /** Completes the attempt with {@code result} (nullable); the handler should return right after. */
    public void complete(byte[] result) {
        ops.complete(handle, result);
        settled = true;
        completedByHandler = true;
    }

    /**
     * Completes the attempt with {@code result} written as JSON by the worker's mapper (result encoding json, so
     * readers get it back as JSON); null completes without a result.
     */
    public void completeJson(Object result) {
        if (result == null) {
            complete(null);
            return;
        }
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(result);
        } catch (IOException e) {
            throw EngineError.invalidInput("result: " + result.getClass().getName() + " does not write as JSON: "
                    + e.getMessage());
        }
        ops.completeJson(handle, bytes);
        settled = true;
        completedByHandler = true;
    }

    /** Fails the attempt; {@code classification} drives the retry decision (spec 01 §10). */
    public FailOutcome fail(String message, FailureClass classification) {
        FailOutcome outcome = ops.fail(handle, message, classification);
        settled = true;
        failedByHandler = true;
        return outcome;
    }

    /** Makes a pending waitpoint this attempt can suspend on later (spec 04 §2). */
    public PendingWaitpoint createWaitpoint(WaitpointKey waitpointKey, Duration expiresIn) {
        return ops.createWaitpoint(handle, waitpointKey, expiresIn);
    }

    /**
     * Suspends the attempt (spec 04 §2.1). When the outcome is {@code Suspended} the lease is gone and the handler
     * should return; on {@code AlreadySatisfied} the lease is kept and the handler goes on.
     */
    public SuspendOutcome suspend(SuspendArgs args) {
        SuspendOutcome outcome = ops.suspend(handle, args);
        if (outcome instanceof SuspendOutcome.Suspended) {
            settled = true;
        }
        return outcome;
    }

    /** Whether this attempt was completed through this context. */
    public boolean completed() {
        return completedByHandler;
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
}
