package io.skein.connectors.worker;

import io.skein.core.api.AppendFrameOutcome;
import io.skein.core.api.FailOutcome;
import io.skein.core.api.FailureClass;
import io.skein.core.api.Frame;
import io.skein.core.api.Handle;
import io.skein.core.api.PendingWaitpoint;
import io.skein.core.api.SuspendArgs;
import io.skein.core.api.SuspendOutcome;
import io.skein.core.id.WaitpointKey;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The worker operations of one claimed attempt (spec 02 §2), fenced by its lease handle, as one transport carries
 * them: commands over Kafka ({@link KafkaAttemptOps}) or the worker routes over HTTP ({@link HttpAttemptOps}).
 * A refusal is thrown as the transport reports it.
 */
interface AttemptOps {

    /** How a renewal went: the lease is held longer, the engine refused it (lost), or no answer came (try again). */
    enum Renewal { RENEWED, REFUSED, NO_ANSWER }

    void progress(Handle handle, Integer percent, String message);

    AppendFrameOutcome appendFrame(Handle handle, Frame frame);

    /** Completes with {@code result} bytes (nullable); no encoding is stored. */
    void complete(Handle handle, byte[] result);

    /** Completes with {@code json}, the UTF-8 text of a JSON value, stored with result encoding json. */
    void completeJson(Handle handle, byte[] json);

    FailOutcome fail(Handle handle, String message, FailureClass classification);

    PendingWaitpoint createWaitpoint(Handle handle, WaitpointKey key, Duration expiresIn);

    SuspendOutcome suspend(Handle handle, SuspendArgs args);

    /** Renews the lease without blocking; {@code detail} of a refusal is logged. */
    CompletableFuture<Answer> renew(Handle handle, Duration timeout);

    /** A renewal's outcome and what the engine said. */
    record Answer(Renewal renewal, String detail) {}
}
