package io.skein.core.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Assertions on the typed errors every rejection must carry. */
public final class ErrorAssertions {

    private ErrorAssertions() {}

    /** Runs {@code call}, expects {@code Validation(kind)} and returns it. */
    public static EngineError.Validation assertValidation(ValidationKind kind, Executable call) {
        EngineException e = assertThrows(EngineException.class, call);
        EngineError.Validation v = assertInstanceOf(EngineError.Validation.class, e.error(), e.getMessage());
        assertEquals(kind, v.kind(), () -> "detail was: " + v.detail());
        return v;
    }

    /** Expects {@code Validation(kind)} whose detail starts with {@code "<field>:"}. */
    public static EngineError.Validation assertValidation(ValidationKind kind, String field, Executable call) {
        EngineError.Validation v = assertValidation(kind, call);
        assertTrue(v.detail().startsWith(field + ":"), () -> "detail should name " + field + ": " + v.detail());
        return v;
    }

    /** Expects {@code Validation(kind, detail)} with exactly that detail. */
    public static void assertValidationDetail(ValidationKind kind, String detail, Executable call) {
        assertEquals(detail, assertValidation(kind, call).detail());
    }
}
