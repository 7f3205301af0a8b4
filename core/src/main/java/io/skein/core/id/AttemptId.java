package io.skein.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identity of one attempt. A UUID; minted as v4, any version accepted (spec 01 §2). */
public record AttemptId(UUID uuid) implements Comparable<AttemptId> {

    public AttemptId {
        Objects.requireNonNull(uuid, "uuid");
    }

    /** Parses the canonical text form; a malformed value is {@code Validation(InvalidInput, "attempt_id: …")}. */
    @JsonCreator
    public static AttemptId parse(String text) {
        return new AttemptId(IdText.uuid("attempt_id", text));
    }

    public static AttemptId random() {
        return new AttemptId(UUID.randomUUID());
    }

    @JsonValue
    @Override
    public String toString() {
        return uuid.toString();
    }

    @Override
    public int compareTo(AttemptId other) {
        return toString().compareTo(other.toString());
    }
}
