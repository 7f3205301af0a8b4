package io.skein.core.api;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.skein.core.id.FlowId;
import java.util.Objects;

/**
 * Arguments of {@code cancelFlowHeader} (spec 02 §4). {@code reason} missing becomes {@code ""};
 * {@code cancellationPolicy} accepts the input alias {@code cancel_flow_only}.
 */
public record CancelFlowArgs(FlowId flowId, String reason,
                             @JsonDeserialize(using = WireAliases.CancelFlowPolicyDeserializer.class)
                             CancelFlowPolicy cancellationPolicy, long now) {

    public CancelFlowArgs {
        Objects.requireNonNull(flowId, "flowId");
        Objects.requireNonNull(cancellationPolicy, "cancellationPolicy");
        reason = reason == null ? "" : reason;
    }
}
