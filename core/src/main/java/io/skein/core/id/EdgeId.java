package io.skein.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identity of a flow dependency edge. A UUID; minted as v4, any version accepted (spec 01 §2). */
public record EdgeId(UUID uuid) implements Comparable<EdgeId> {

    public EdgeId {
        Objects.requireNonNull(uuid, "uuid");
    }

    /** Parses the canonical text form; a malformed value is {@code Validation(InvalidInput, "edge_id: …")}. */
    @JsonCreator
    public static EdgeId parse(String text) {
        return new EdgeId(IdText.uuid("edge_id", text));
    }

    public static EdgeId random() {
        return new EdgeId(UUID.randomUUID());
    }

    @JsonValue
    @Override
    public String toString() {
        return uuid.toString();
    }

    @Override
    public int compareTo(EdgeId other) {
        return toString().compareTo(other.toString());
    }
}
