package io.skein.core.api;

import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import java.util.Objects;

/** Arguments of {@code addExecutionToFlow} (spec 02 §4); the execution must be on the flow's partition. */
public record AddExecutionToFlowArgs(FlowId flowId, ExecutionId executionId, long now) {

    public AddExecutionToFlowArgs {
        Objects.requireNonNull(flowId, "flowId");
        Objects.requireNonNull(executionId, "executionId");
    }
}
