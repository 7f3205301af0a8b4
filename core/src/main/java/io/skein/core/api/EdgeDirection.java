package io.skein.core.api;

import io.skein.core.id.ExecutionId;
import io.skein.core.wire.ExternallyTagged;
import java.util.Objects;

/** Which edges {@code listEdges} returns (spec 02 §5): those leaving or those entering one member. */
@ExternallyTagged
public sealed interface EdgeDirection permits EdgeDirection.Outgoing, EdgeDirection.Incoming {

    /** Edges whose upstream is {@code fromNode}. */
    record Outgoing(ExecutionId fromNode) implements EdgeDirection {
        public Outgoing {
            Objects.requireNonNull(fromNode, "fromNode");
        }
    }

    /** Edges whose downstream is {@code toNode}. */
    record Incoming(ExecutionId toNode) implements EdgeDirection {
        public Incoming {
            Objects.requireNonNull(toNode, "toNode");
        }
    }
}
