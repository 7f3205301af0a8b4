package io.skein.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.skein.core.error.ValidationKind;

/** The key a resume condition names a waitpoint by: 1–256 bytes, no control characters, else InvalidWaitpointKey. */
public record WaitpointKey(String value) implements Comparable<WaitpointKey> {

    public WaitpointKey {
        IdText.noControl("waitpoint_key", value, 256, ValidationKind.INVALID_WAITPOINT_KEY);
    }

    @JsonCreator
    public static WaitpointKey of(String value) {
        return new WaitpointKey(value);
    }

    /** The default key of a waitpoint created without one: {@code wpk:<waitpoint uuid>}. */
    public static WaitpointKey defaultFor(WaitpointId waitpointId) {
        return new WaitpointKey("wpk:" + waitpointId);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }

    @Override
    public int compareTo(WaitpointKey other) {
        return value.compareTo(other.value);
    }
}
