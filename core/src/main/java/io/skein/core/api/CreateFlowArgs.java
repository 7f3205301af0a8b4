package io.skein.core.api;

import io.skein.core.id.FlowId;
import io.skein.core.id.Namespace;
import java.util.Objects;

/** Arguments of {@code createFlow} (spec 02 §4). */
public record CreateFlowArgs(FlowId flowId, String flowKind, Namespace namespace, long now) {

    public CreateFlowArgs {
        Objects.requireNonNull(flowId, "flowId");
    }
}
