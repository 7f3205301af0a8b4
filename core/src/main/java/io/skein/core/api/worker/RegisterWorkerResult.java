package io.skein.core.api.worker;

import io.skein.core.wire.ExternallyTagged;

/** Result of {@code registerWorker} (spec 02 §10). */
@ExternallyTagged
public sealed interface RegisterWorkerResult permits RegisterWorkerResult.Registered, RegisterWorkerResult.Refreshed {

    /** No live registration existed. */
    record Registered() implements RegisterWorkerResult {}

    /** A live registration was overwritten. */
    record Refreshed() implements RegisterWorkerResult {}
}
