package io.skein.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identity of one delivered signal. A UUID; minted as v4, any version accepted (spec 01 §2). */
public record SignalId(UUID uuid) implements Comparable<SignalId> {

    public SignalId {
        Objects.requireNonNull(uuid, "uuid");
    }

    /** Parses the canonical text form; a malformed value is {@code Validation(InvalidInput, "signal_id: …")}. */
    @JsonCreator
    public static SignalId parse(String text) {
        return new SignalId(IdText.uuid("signal_id", text));
    }

    public static SignalId random() {
        return new SignalId(UUID.randomUUID());
    }

    @JsonValue
    @Override
    public String toString() {
        return uuid.toString();
    }

    @Override
    public int compareTo(SignalId other) {
        return toString().compareTo(other.toString());
    }
}
