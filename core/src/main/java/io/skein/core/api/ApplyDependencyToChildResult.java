package io.skein.core.api;

import io.skein.core.wire.ExternallyTagged;

/** Result of {@code applyDependencyToChild} (spec 02 §4); idempotent per edge. */
@ExternallyTagged
public sealed interface ApplyDependencyToChildResult
        permits ApplyDependencyToChildResult.Applied, ApplyDependencyToChildResult.AlreadyApplied {

    /** The child now has {@code unsatisfiedCount} unsatisfied dependencies. */
    record Applied(long unsatisfiedCount) implements ApplyDependencyToChildResult {}

    record AlreadyApplied() implements ApplyDependencyToChildResult {}
}
