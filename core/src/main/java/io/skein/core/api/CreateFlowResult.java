package io.skein.core.api;

import io.skein.core.id.FlowId;
import io.skein.core.wire.ExternallyTagged;

/** Result of {@code createFlow} (spec 02 §4); an existing flow is never overwritten. */
@ExternallyTagged
public sealed interface CreateFlowResult permits CreateFlowResult.Created, CreateFlowResult.AlreadySatisfied {

    record Created(FlowId flowId) implements CreateFlowResult {}

    record AlreadySatisfied(FlowId flowId) implements CreateFlowResult {}
}
