package io.skein.connectors.worker;

import io.skein.connectors.client.CommandClient;
import io.skein.core.api.AppendFrameOutcome;
import io.skein.core.api.CancelSource;
import io.skein.core.api.FailOutcome;
import io.skein.core.api.FailureClass;
import io.skein.core.api.FailureReason;
import io.skein.core.api.Frame;
import io.skein.core.api.Handle;
import io.skein.core.api.LeaseFence;
import io.skein.core.api.PendingWaitpoint;
import io.skein.core.api.SuspendArgs;
import io.skein.core.api.SuspendOutcome;
import io.skein.core.api.execution.CompleteExecutionArgs;
import io.skein.core.api.scheduler.ClaimedInput;
import io.skein.core.command.EngineCommand;
import io.skein.core.command.ResultCodec;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.handle.HandleCodec;
import io.skein.core.handle.HandleFields;
import io.skein.core.id.WaitpointKey;
import io.skein.core.wire.EngineErrorJson;
import io.skein.core.wire.ReplyEnvelope;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@link AttemptOps} as commands on the command topic, each answered by its reply. */
final class KafkaAttemptOps implements AttemptOps {

    private final CommandClient commands;
    private final Duration timeout;

    KafkaAttemptOps(CommandClient commands, Duration timeout) {
        this.commands = commands;
        this.timeout = timeout;
    }

    @Override
    public void progress(Handle handle, Integer percent, String message) {
        call(new EngineCommand.Progress(handle, percent, message));
    }

    @Override
    public AppendFrameOutcome appendFrame(Handle handle, Frame frame) {
        return (AppendFrameOutcome) call(new EngineCommand.AppendFrame(handle, frame));
    }

    @Override
    public void complete(Handle handle, byte[] result) {
        call(new EngineCommand.Complete(handle, result));
    }

    @Override
    public void completeJson(Handle handle, byte[] json) {
        HandleFields h = HandleCodec.peek(handle);
        // the fence triple of this attempt's handle: complete by handle stores no result encoding
        call(new EngineCommand.CompleteExecution(new CompleteExecutionArgs(h.executionId(), new LeaseFence(h.leaseId(),
                h.leaseEpoch(), h.attemptId()), h.attemptIndex(), json, ClaimedInput.JSON_ENCODING,
                CancelSource.LEASE_HOLDER, 0)));
    }

    @Override
    public FailOutcome fail(Handle handle, String message, FailureClass classification) {
        return (FailOutcome) call(new EngineCommand.Fail(handle, FailureReason.of(message), classification));
    }

    @Override
    public PendingWaitpoint createWaitpoint(Handle handle, WaitpointKey key, Duration expiresIn) {
        return (PendingWaitpoint) call(new EngineCommand.CreateWaitpoint(handle, key, expiresIn));
    }

    @Override
    public SuspendOutcome suspend(Handle handle, SuspendArgs args) {
        return (SuspendOutcome) call(new EngineCommand.Suspend(handle, args));
    }

    @Override
    public CompletableFuture<Answer> renew(Handle handle, Duration wait) {
        EngineCommand command = new EngineCommand.Renew(handle);
        CompletableFuture<ReplyEnvelope> reply;
        try {
            reply = commands.send(command);
        } catch (EngineException closing) {
            return CompletableFuture.completedFuture(new Answer(Renewal.NO_ANSWER, closing.getMessage()));
        }
        return reply.orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS).handle((r, error) -> {
            if (error != null) {
                return new Answer(Renewal.NO_ANSWER, error.toString());
            }
            if (r.ok()) {
                ResultCodec.decode(command.resultType(), r.result());
                return new Answer(Renewal.RENEWED, null);
            }
            EngineError refused = EngineErrorJson.fromJson(r.error());
            boolean transientFailure = refused instanceof EngineError.Timeout
                    || refused instanceof EngineError.Transport || refused instanceof EngineError.Unavailable;
            return new Answer(transientFailure ? Renewal.NO_ANSWER : Renewal.REFUSED, refused.toString());
        });
    }

    private Object call(EngineCommand command) {
        return commands.call(command, timeout);
    }
}
