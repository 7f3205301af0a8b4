package io.skein.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identity of a suspension. A UUID; minted as v4, any version accepted (spec 01 §2). */
public record SuspensionId(UUID uuid) implements Comparable<SuspensionId> {

    public SuspensionId {
        Objects.requireNonNull(uuid, "uuid");
    }

    /** Parses the canonical text form; a malformed value is {@code Validation(InvalidInput, "suspension_id: …")}. */
    @JsonCreator
    public static SuspensionId parse(String text) {
        return new SuspensionId(IdText.uuid("suspension_id", text));
    }

    public static SuspensionId random() {
        return new SuspensionId(UUID.randomUUID());
    }

    @JsonValue
    @Override
    public String toString() {
        return uuid.toString();
    }

    @Override
    public int compareTo(SuspensionId other) {
        return toString().compareTo(other.toString());
    }
}
