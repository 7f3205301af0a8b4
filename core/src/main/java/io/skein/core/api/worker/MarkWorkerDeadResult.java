package io.skein.core.api.worker;

import io.skein.core.wire.ExternallyTagged;

/** Result of {@code markWorkerDead} (spec 02 §10). */
@ExternallyTagged
public sealed interface MarkWorkerDeadResult permits MarkWorkerDeadResult.Marked, MarkWorkerDeadResult.NotRegistered {

    /** The registration was removed; its leases expire on their own. */
    record Marked() implements MarkWorkerDeadResult {}

    /** No live registration existed. */
    record NotRegistered() implements MarkWorkerDeadResult {}
}
