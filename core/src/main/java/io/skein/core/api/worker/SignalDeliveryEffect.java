package io.skein.core.api.worker;

import io.skein.core.api.ArgCheck;
import io.skein.core.wire.ExternallyTagged;

/** What a delivered signal did, as signal-delivery events report it (spec 02 §11). */
@ExternallyTagged
public sealed interface SignalDeliveryEffect permits SignalDeliveryEffect.Satisfied, SignalDeliveryEffect.Buffered,
        SignalDeliveryEffect.Deduped, SignalDeliveryEffect.Other {

    /** The signal satisfied the resume condition. */
    record Satisfied() implements SignalDeliveryEffect {}

    /** The waitpoint was pending: the signal is buffered (D9). */
    record Buffered() implements SignalDeliveryEffect {}

    /** A duplicate of an earlier signal. */
    record Deduped() implements SignalDeliveryEffect {}

    /** Any other stored effect verbatim. */
    record Other(String raw) implements SignalDeliveryEffect {
        public Other {
            ArgCheck.present(raw, "raw");
        }
    }

    /**
     * Maps a stored effect literal: {@code resume_condition_satisfied} → Satisfied,
     * {@code buffered_for_pending_waitpoint} → Buffered, {@code duplicate} → Deduped, anything else → Other.
     */
    static SignalDeliveryEffect fromWire(String raw) {
        if (raw == null) {
            return new Other("");
        }
        switch (raw) {
            case "resume_condition_satisfied":
                return new Satisfied();
            case "buffered_for_pending_waitpoint":
                return new Buffered();
            case "duplicate":
                return new Deduped();
            default:
                return new Other(raw);
        }
    }
}
