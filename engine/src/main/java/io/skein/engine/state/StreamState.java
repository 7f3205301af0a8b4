package io.skein.engine.state;

import io.skein.core.api.StreamFrameId;
import io.skein.core.id.ExecutionId;
import java.util.List;
import java.util.Optional;

/** Attempt streams' bookkeeping (spec 04 §3): meta rows and summary documents, read-only. */
public interface StreamState {

    /** The summary document of one attempt stream (spec 04 §3.3). */
    record Summary(String documentJson, long version, String patchKind, Long lastUpdatedMs, Long firstAppliedMs) {}

    /** One stored best-effort frame as housekeeping sees it: where it is, when it was written, its fields. */
    record BestEffortFrame(ExecutionId executionId, int attemptIndex, StreamFrameId frameId, long createdAtMs,
                           String fieldsJson) {}

    Optional<StreamMeta> meta(ExecutionId id, int attemptIndex);

    Optional<Summary> summary(ExecutionId id, int attemptIndex);

    /** Every stored best-effort frame, of any stream (housekeeping reads their TTLs, spec 04 §3.3). */
    List<BestEffortFrame> bestEffortFrames();
}
