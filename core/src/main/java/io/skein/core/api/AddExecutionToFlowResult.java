package io.skein.core.api;

import io.skein.core.id.ExecutionId;
import io.skein.core.wire.ExternallyTagged;

/** Result of {@code addExecutionToFlow} (spec 02 §4). */
@ExternallyTagged
public sealed interface AddExecutionToFlowResult
        permits AddExecutionToFlowResult.Added, AddExecutionToFlowResult.AlreadyMember {

    record Added(ExecutionId executionId, long newNodeCount) implements AddExecutionToFlowResult {}

    record AlreadyMember(ExecutionId executionId, long nodeCount) implements AddExecutionToFlowResult {}
}
