package io.skein.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identity of a waitpoint. A UUID; minted as v4, any version accepted (spec 01 §2). */
public record WaitpointId(UUID uuid) implements Comparable<WaitpointId> {

    public WaitpointId {
        Objects.requireNonNull(uuid, "uuid");
    }

    /** Parses the canonical text form; a malformed value is {@code Validation(InvalidInput, "waitpoint_id: …")}. */
    @JsonCreator
    public static WaitpointId parse(String text) {
        return new WaitpointId(IdText.uuid("waitpoint_id", text));
    }

    public static WaitpointId random() {
        return new WaitpointId(UUID.randomUUID());
    }

    @JsonValue
    @Override
    public String toString() {
        return uuid.toString();
    }

    @Override
    public int compareTo(WaitpointId other) {
        return toString().compareTo(other.toString());
    }
}
