package io.skein.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.skein.core.error.ValidationKind;

/** A named submission queue: 1–64 bytes of printable ASCII; lanes sort lexicographically. */
public record LaneId(String value) implements Comparable<LaneId> {

    public LaneId {
        IdText.printableAscii("lane_id", value, 64, ValidationKind.INVALID_INPUT);
    }

    @JsonCreator
    public static LaneId of(String value) {
        return new LaneId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }

    @Override
    public int compareTo(LaneId other) {
        return value.compareTo(other.value);
    }
}
