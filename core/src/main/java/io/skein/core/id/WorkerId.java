package io.skein.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A logical worker pool: 1–256 bytes without whitespace or control characters. */
public record WorkerId(String value) implements Comparable<WorkerId> {

    public WorkerId {
        IdText.noWhitespace("worker_id", value, 256);
    }

    @JsonCreator
    public static WorkerId of(String value) {
        return new WorkerId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }

    @Override
    public int compareTo(WorkerId other) {
        return value.compareTo(other.value);
    }
}
