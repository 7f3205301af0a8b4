package io.skein.core.api;

import io.skein.core.wire.ExternallyTagged;

/** What {@code prepare} did (spec 02 §12): nothing, or a change it describes. */
@ExternallyTagged
public sealed interface PrepareOutcome permits PrepareOutcome.NoOp, PrepareOutcome.Applied {

    /** Everything was already prepared. */
    record NoOp() implements PrepareOutcome {}

    /** Preparation changed something (migrations, HMAC seeding, topics), described for the log. */
    record Applied(String description) implements PrepareOutcome {
        public Applied {
            ArgCheck.present(description, "description");
        }
    }
}
