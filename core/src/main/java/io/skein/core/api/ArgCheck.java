package io.skein.core.api;

import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The checks argument records run in their constructors, so a malformed call is a typed
 * {@code Validation(InvalidInput, "<field>: <reason>")} before it reaches a backend (D13).
 */
public final class ArgCheck {

    private ArgCheck() {}

    /** {@code value} must be present. */
    public static <T> T present(T value, String field) {
        if (value == null) {
            throw EngineError.invalidInput(field + ": missing");
        }
        return value;
    }

    /** {@code value} must lie in {@code [min, max]}. */
    public static long range(long value, long min, long max, String field) {
        if (value < min || value > max) {
            throw EngineError.invalidInput(field + ": must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** {@code value} must be {@code >= 0}. */
    public static long nonNegative(long value, String field) {
        if (value < 0) {
            throw EngineError.invalidInput(field + ": must be >= 0, got " + value);
        }
        return value;
    }

    /** An optional text of at most {@code maxBytes} UTF-8 bytes (null passes). */
    public static String maxBytes(String value, int maxBytes, String field) {
        if (value != null && value.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw EngineError.invalidInput(field + ": longer than " + maxBytes + " bytes");
        }
        return value;
    }

    /** A required, non-empty text of at most {@code maxBytes} UTF-8 bytes. */
    public static String text(String value, int maxBytes, String field) {
        present(value, field);
        if (value.isEmpty()) {
            throw EngineError.invalidInput(field + ": empty");
        }
        return maxBytes(value, maxBytes, field);
    }

    /** An immutable copy of a nullable list (null → empty); null elements are rejected. */
    public static <T> List<T> list(List<T> value, String field) {
        if (value == null) {
            return List.of();
        }
        for (T element : value) {
            if (element == null) {
                throw EngineError.invalidInput(field + ": contains a null element");
            }
        }
        return List.copyOf(value);
    }

    /** An immutable copy of a nullable map (null → empty); null keys or values are rejected. */
    public static <K, V> Map<K, V> map(Map<K, V> value, String field) {
        if (value == null) {
            return Map.of();
        }
        try {
            return Map.copyOf(value);
        } catch (NullPointerException e) {
            throw EngineError.invalidInput(field + ": contains a null key or value");
        }
    }

    /** A copy of a nullable byte array. */
    public static byte[] copy(byte[] bytes) {
        return bytes == null ? null : bytes.clone();
    }

    static EngineException invalid(String field, String reason) {
        return EngineError.invalidInput(field + ": " + reason);
    }
}
