package io.skein.core.api;

import io.skein.core.id.SignalId;
import io.skein.core.wire.ExternallyTagged;

/** Result of {@code deliverSignal} and {@code deliverApprovalSignal} (spec 04 §2.4). */
@ExternallyTagged
public sealed interface DeliverSignalResult permits DeliverSignalResult.Accepted, DeliverSignalResult.Duplicate {

    /** The signal was stored and had {@code effect}. */
    record Accepted(SignalId signalId, SignalEffect effect) implements DeliverSignalResult {}

    /** The same signal id or a live idempotency entry exists; nothing was written. */
    record Duplicate(SignalId existingSignalId) implements DeliverSignalResult {}
}
