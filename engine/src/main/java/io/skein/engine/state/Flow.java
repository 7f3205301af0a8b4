package io.skein.engine.state;

import java.util.UUID;

/**
 * The image of one {@code ff_flow_core} row (spec 05 §1.7). Every flow row lives in its flow's partition, so a member
 * and its flow change in one unit. The cancellation policy and the tags stay in their stored text here.
 */
public record Flow(int partition, UUID flowId, String flowKind, String namespace, long graphRevision, long nodeCount,
                   long edgeCount, String publicFlowState, long createdAtMs, Long lastMutationAtMs, Long terminalAtMs,
                   String cancelReason, String cancellationPolicy, String tags) {

    public static final String OPEN = "open";
    public static final String CANCELLED = "cancelled";

    public boolean cancelled() {
        return CANCELLED.equals(publicFlowState);
    }
}
