package io.skein.core.api.worker;

import io.skein.core.api.ArgCheck;
import io.skein.core.wire.ExternallyTagged;

/** How an execution ended, as completion events report it (spec 02 §11). */
@ExternallyTagged
public sealed interface CompletionOutcome permits CompletionOutcome.Success, CompletionOutcome.Failure,
        CompletionOutcome.Cancelled, CompletionOutcome.Other {

    record Success() implements CompletionOutcome {}

    record Failure() implements CompletionOutcome {}

    record Cancelled() implements CompletionOutcome {}

    /** Any other terminal outcome ({@code expired}, {@code skipped}, …) verbatim. */
    record Other(String raw) implements CompletionOutcome {
        public Other {
            ArgCheck.present(raw, "raw");
        }
    }

    /** Maps a stored outcome literal: {@code success}, {@code failed}, {@code cancelled}; anything else is Other. */
    static CompletionOutcome fromWire(String raw) {
        if (raw == null) {
            return new Other("");
        }
        switch (raw) {
            case "success":
                return new Success();
            case "failed":
                return new Failure();
            case "cancelled":
                return new Cancelled();
            default:
                return new Other(raw);
        }
    }
}
