package io.skein.core.api;

import io.skein.core.id.EdgeId;
import io.skein.core.wire.ExternallyTagged;

/** Result of {@code stageDependencyEdge} (spec 02 §4). */
@ExternallyTagged
public sealed interface StageDependencyEdgeResult permits StageDependencyEdgeResult.Staged {

    /** The edge is {@code pending}; the flow's graph revision is now {@code newGraphRevision}. */
    record Staged(EdgeId edgeId, long newGraphRevision) implements StageDependencyEdgeResult {}
}
