package io.skein.core.api.worker;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.SignalId;
import io.skein.core.id.WaitpointId;

/**
 * A signal was delivered (spec 02 §11 {@code subscribeSignalDelivery}); {@code waitpointId} and
 * {@code sourceIdentity} are nullable.
 */
public record SignalDeliveryEvent(EventCursor cursor, ExecutionId executionId, SignalId signalId,
                                  WaitpointId waitpointId, String sourceIdentity, SignalDeliveryEffect effect,
                                  long at) {

    public SignalDeliveryEvent {
        ArgCheck.present(cursor, "cursor");
        ArgCheck.present(executionId, "execution_id");
        ArgCheck.present(signalId, "signal_id");
        ArgCheck.present(effect, "effect");
    }
}
