package io.skein.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identity of a flow. A UUID; minted as v4, any version accepted (spec 01 §2). */
public record FlowId(UUID uuid) implements Comparable<FlowId> {

    public FlowId {
        Objects.requireNonNull(uuid, "uuid");
    }

    /** Parses the canonical text form; a malformed value is {@code Validation(InvalidInput, "flow_id: …")}. */
    @JsonCreator
    public static FlowId parse(String text) {
        return new FlowId(IdText.uuid("flow_id", text));
    }

    public static FlowId random() {
        return new FlowId(UUID.randomUUID());
    }

    @JsonValue
    @Override
    public String toString() {
        return uuid.toString();
    }

    @Override
    public int compareTo(FlowId other) {
        return toString().compareTo(other.toString());
    }
}
