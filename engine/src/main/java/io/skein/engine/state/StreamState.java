package io.skein.engine.state;

import io.skein.core.id.ExecutionId;
import java.util.Optional;

/** Attempt streams' bookkeeping (spec 04 §3): meta rows and summary documents, read-only. */
public interface StreamState {

    /** The summary document of one attempt stream (spec 04 §3.3). */
    record Summary(String documentJson, long version, String patchKind, Long lastUpdatedMs, Long firstAppliedMs) {}

    Optional<StreamMeta> meta(ExecutionId id, int attemptIndex);

    Optional<Summary> summary(ExecutionId id, int attemptIndex);
}
