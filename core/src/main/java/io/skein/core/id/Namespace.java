package io.skein.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.skein.core.error.ValidationKind;

/** Tenant scope: 1–256 bytes without control characters. */
public record Namespace(String value) implements Comparable<Namespace> {

    public Namespace {
        IdText.noControl("namespace", value, 256, ValidationKind.INVALID_INPUT);
    }

    @JsonCreator
    public static Namespace of(String value) {
        return new Namespace(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }

    @Override
    public int compareTo(Namespace other) {
        return value.compareTo(other.value);
    }
}
