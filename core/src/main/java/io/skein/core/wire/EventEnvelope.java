package io.skein.core.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.core.state.PublicState;
import java.util.Objects;

/**
 * The value of a record on {@code ff.events} (spec 07). {@code eventId} is deterministic
 * ({@link #eventId(String, int)}), so consumers de-duplicate on it.
 */
public record EventEnvelope(
        int v,
        String eventId,
        EventType type,
        long atMs,
        String executionId,
        String flowId,
        Integer attemptIndex,
        Long leaseEpoch,
        PublicState publicState,
        ObjectNode data) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        if (executionId == null && flowId == null) {
            throw new IllegalArgumentException("an event names an execution or a flow");
        }
    }

    /** {@code <command_id>:<index of the event within that command>} (timer-caused: {@code <timer id>:<index>}). */
    public static String eventId(String causeId, int index) {
        return causeId + ":" + index;
    }

    /** The record key on {@code ff.events}: the execution id, or the flow id for flow-level events. */
    public String recordKey() {
        return executionId != null ? executionId : flowId;
    }
}
