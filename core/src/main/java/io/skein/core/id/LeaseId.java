package io.skein.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identity of one lease. A UUID; minted as v4, any version accepted (spec 01 §2). */
public record LeaseId(UUID uuid) implements Comparable<LeaseId> {

    public LeaseId {
        Objects.requireNonNull(uuid, "uuid");
    }

    /** Parses the canonical text form; a malformed value is {@code Validation(InvalidInput, "lease_id: …")}. */
    @JsonCreator
    public static LeaseId parse(String text) {
        return new LeaseId(IdText.uuid("lease_id", text));
    }

    public static LeaseId random() {
        return new LeaseId(UUID.randomUUID());
    }

    @JsonValue
    @Override
    public String toString() {
        return uuid.toString();
    }

    @Override
    public int compareTo(LeaseId other) {
        return toString().compareTo(other.toString());
    }
}
