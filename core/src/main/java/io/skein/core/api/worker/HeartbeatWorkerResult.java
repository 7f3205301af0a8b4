package io.skein.core.api.worker;

import io.skein.core.wire.ExternallyTagged;

/** Result of {@code heartbeatWorker} (spec 02 §10). */
@ExternallyTagged
public sealed interface HeartbeatWorkerResult permits HeartbeatWorkerResult.Refreshed,
        HeartbeatWorkerResult.NotRegistered {

    /** The registration lives until {@code nextExpiryMs}. */
    record Refreshed(long nextExpiryMs) implements HeartbeatWorkerResult {}

    /** No live registration: the worker must register again. */
    record NotRegistered() implements HeartbeatWorkerResult {}
}
