package io.skein.core.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * A worker's failure report (spec 02 §1). {@code detail} (nullable) is recorded as the failure category when it is
 * non-empty UTF-8; otherwise the class name is (01 §10).
 */
public record FailureReason(String message, byte[] detail) {

    public FailureReason {
        ArgCheck.present(message, "message");
        detail = ArgCheck.copy(detail);
    }

    public static FailureReason of(String message) {
        return new FailureReason(message, null);
    }

    @Override
    public byte[] detail() {
        return ArgCheck.copy(detail);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FailureReason r && message.equals(r.message) && Arrays.equals(detail, r.detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(message, Arrays.hashCode(detail));
    }

    @Override
    public String toString() {
        return "FailureReason[message=" + message + ", detail=" + (detail == null ? "null" : detail.length + " bytes")
                + "]";
    }
}
