package io.skein.core.api;

import io.skein.core.wire.ExternallyTagged;

/** Result of {@code evaluateFlowEligibility} (spec 02 §4); read-only. */
@ExternallyTagged
public sealed interface EvaluateFlowEligibilityResult permits EvaluateFlowEligibilityResult.Status {

    record Status(FlowEligibility status) implements EvaluateFlowEligibilityResult {}
}
