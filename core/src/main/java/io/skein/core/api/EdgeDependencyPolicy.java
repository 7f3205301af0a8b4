package io.skein.core.api;

import io.skein.core.error.EngineError;
import io.skein.core.wire.ExternallyTagged;

/**
 * When a downstream member's group of inbound edges is satisfied (spec 04 §4.1–§4.2). Validated on construction:
 * {@code k ≥ 1} and {@code on_satisfied} present, else {@code Validation(InvalidInput)}.
 */
@ExternallyTagged
public sealed interface EdgeDependencyPolicy
        permits EdgeDependencyPolicy.AllOf, EdgeDependencyPolicy.AnyOf, EdgeDependencyPolicy.Quorum {

    /** How many of the group's {@code totalDeps} edges must succeed: n for AllOf, 1 for AnyOf, k for Quorum. */
    int requiredSuccesses(int totalDeps);

    /** Every edge must succeed (the default group). */
    record AllOf() implements EdgeDependencyPolicy {
        @Override public int requiredSuccesses(int totalDeps) { return totalDeps; }
    }

    /** One success fires the group. */
    record AnyOf(OnSatisfied onSatisfied) implements EdgeDependencyPolicy {
        public AnyOf {
            if (onSatisfied == null) {
                throw EngineError.invalidInput("policy.on_satisfied: required for AnyOf");
            }
        }

        @Override public int requiredSuccesses(int totalDeps) { return 1; }
    }

    /** {@code k} successes fire the group. */
    record Quorum(int k, OnSatisfied onSatisfied) implements EdgeDependencyPolicy {
        public Quorum {
            if (k < 1) {
                throw EngineError.invalidInput("policy.k: must be >= 1");
            }
            if (onSatisfied == null) {
                throw EngineError.invalidInput("policy.on_satisfied: required for Quorum");
            }
        }

        @Override public int requiredSuccesses(int totalDeps) { return k; }
    }
}
