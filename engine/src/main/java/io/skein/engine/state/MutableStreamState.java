package io.skein.engine.state;

import io.skein.core.api.StreamFrameId;
import io.skein.core.api.StreamModeKind;
import io.skein.core.id.ExecutionId;
import java.util.UUID;

/** Writes of attempt streams. */
public interface MutableStreamState extends StreamState {

    /**
     * The stream's meta row, created when missing, held for an append: appends to one stream serialise on it.
     */
    StreamMeta metaForAppend(ExecutionId id, int attemptIndex, UUID attemptId);

    void save(StreamMeta m);

    /**
     * Closes the attempt's stream with {@code reason} at {@code now} (spec 04 §3.4), creating its meta row when no
     * frame was ever appended; closing twice keeps the first reason.
     */
    void close(ExecutionId id, int attemptIndex, UUID attemptId, String reason, long now);

    void insertFrame(ExecutionId id, int attemptIndex, StreamFrameId frameId, String fieldsJson, StreamModeKind mode);

    /** Deletes all but the newest {@code keep} frames of {@code mode} on one stream; returns how many went. */
    int keepNewest(ExecutionId id, int attemptIndex, StreamModeKind mode, int keep);

    void save(ExecutionId id, int attemptIndex, Summary s);

    /** Deletes one frame of one attempt stream; returns how many went (0 when it was already gone). */
    int deleteFrame(ExecutionId id, int attemptIndex, StreamFrameId frameId);
}
