package io.skein.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identity of a quota policy. A UUID; minted as v4, any version accepted (spec 01 §2). */
public record QuotaPolicyId(UUID uuid) implements Comparable<QuotaPolicyId> {

    public QuotaPolicyId {
        Objects.requireNonNull(uuid, "uuid");
    }

    /** Parses the canonical text form; a malformed value is {@code Validation(InvalidInput, "quota_policy_id: …")}. */
    @JsonCreator
    public static QuotaPolicyId parse(String text) {
        return new QuotaPolicyId(IdText.uuid("quota_policy_id", text));
    }

    public static QuotaPolicyId random() {
        return new QuotaPolicyId(UUID.randomUUID());
    }

    @JsonValue
    @Override
    public String toString() {
        return uuid.toString();
    }

    @Override
    public int compareTo(QuotaPolicyId other) {
        return toString().compareTo(other.toString());
    }
}
