package io.skein.core.api;

import io.skein.core.id.ExecutionId;
import java.util.Objects;

/** Arguments of {@code evaluateFlowEligibility} (spec 02 §4). */
public record EvaluateFlowEligibilityArgs(ExecutionId executionId) {

    public EvaluateFlowEligibilityArgs {
        Objects.requireNonNull(executionId, "executionId");
    }
}
