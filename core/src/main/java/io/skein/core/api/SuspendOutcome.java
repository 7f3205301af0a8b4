package io.skein.core.api;

import io.skein.core.wire.ExternallyTagged;
import java.util.Objects;

/** Result of {@code suspend} / {@code suspendByTriple} (spec 04 §2.1). */
@ExternallyTagged
public sealed interface SuspendOutcome permits SuspendOutcome.Suspended, SuspendOutcome.AlreadySatisfied {

    SuspendOutcomeDetails details();

    /** The execution is suspended; {@code handle} has kind {@code suspended} and carries no live lease. */
    record Suspended(SuspendOutcomeDetails details, Handle handle) implements SuspendOutcome {
        public Suspended {
            Objects.requireNonNull(details, "details");
            Objects.requireNonNull(handle, "handle");
        }
    }

    /**
     * A pending waitpoint's buffered signals already satisfy the condition: the waitpoint closed {@code resumed},
     * the lease is kept and the execution is unchanged.
     */
    record AlreadySatisfied(SuspendOutcomeDetails details) implements SuspendOutcome {
        public AlreadySatisfied {
            Objects.requireNonNull(details, "details");
        }
    }
}
