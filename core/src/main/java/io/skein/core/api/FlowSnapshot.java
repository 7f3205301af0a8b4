package io.skein.core.api;

import io.skein.core.id.FlowId;
import io.skein.core.id.Namespace;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Result of {@code describeFlow} (spec 02 §1, 04 §4.5). {@code cancelledAt}, {@code cancelReason} and
 * {@code cancellationPolicy} are null until the flow is cancelled; tags are sorted by key.
 */
public record FlowSnapshot(FlowId flowId, String flowKind, Namespace namespace, PublicFlowState publicFlowState,
                           long graphRevision, long nodeCount, long edgeCount, long createdAt, long lastMutationAt,
                           Long cancelledAt, String cancelReason, CancelFlowPolicy cancellationPolicy,
                           Map<String, String> tags, List<EdgeGroupSnapshot> edgeGroups) {

    public FlowSnapshot {
        tags = Collections.unmodifiableMap(new TreeMap<>(tags == null ? Map.of() : tags));
        edgeGroups = edgeGroups == null ? List.of() : List.copyOf(edgeGroups);
    }
}
