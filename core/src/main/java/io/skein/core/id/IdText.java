package io.skein.core.id;

import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.ValidationKind;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/** The parsing and byte-rule checks shared by every identifier type (spec 01 §2). */
public final class IdText {

    private IdText() {}

    /** Parses a canonical 8-4-4-4-12 hex UUID (any case); anything else is {@code InvalidInput("<field>: …")}. */
    public static UUID uuid(String field, String text) {
        if (text == null) {
            throw invalid(field, "missing");
        }
        if (text.length() != 36) {
            throw invalid(field, "not a canonical uuid");
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                throw invalid(field, "not a canonical uuid");
            }
        }
        return UUID.fromString(text.toLowerCase(Locale.ROOT));
    }

    /** {@code value} is 1..maxBytes UTF-8 bytes without control characters. */
    public static String noControl(String field, String value, int maxBytes, ValidationKind kind) {
        checkLength(field, value, maxBytes, kind);
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new EngineException(new EngineError.Validation(kind, field + ": contains a control character"));
            }
        }
        return value;
    }

    /** {@code value} is 1..maxBytes UTF-8 bytes without whitespace or control characters. */
    public static String noWhitespace(String field, String value, int maxBytes) {
        checkLength(field, value, maxBytes, ValidationKind.INVALID_INPUT);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                throw invalid(field, "contains whitespace or a control character");
            }
        }
        return value;
    }

    /** {@code value} is 1..maxBytes bytes, each printable ASCII 0x20–0x7E. */
    public static String printableAscii(String field, String value, int maxBytes, ValidationKind kind) {
        checkLength(field, value, maxBytes, kind);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new EngineException(new EngineError.Validation(kind, field + ": not printable ASCII"));
            }
        }
        return value;
    }

    private static void checkLength(String field, String value, int maxBytes, ValidationKind kind) {
        if (value == null || value.isEmpty()) {
            throw new EngineException(new EngineError.Validation(kind, field + ": empty"));
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw new EngineException(new EngineError.Validation(kind, field + ": longer than " + maxBytes + " bytes"));
        }
    }

    static EngineException invalid(String field, String reason) {
        return EngineError.invalidInput(field + ": " + reason);
    }
}
