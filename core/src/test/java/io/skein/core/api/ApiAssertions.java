package io.skein.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.ValidationKind;
import org.junit.jupiter.api.function.Executable;

/** Assertions on the typed rejections of the api package. */
final class ApiAssertions {

    private ApiAssertions() {}

    /** Runs {@code call} and returns its {@code Validation} error, failing on any other outcome. */
    static EngineError.Validation rejected(Executable call) {
        EngineException e = assertThrows(EngineException.class, call);
        return assertInstanceOf(EngineError.Validation.class, e.error());
    }

    /** Asserts {@code call} is rejected with {@code Validation(InvalidInput, detail)}. */
    static void assertInvalidInput(String detail, Executable call) {
        EngineError.Validation v = rejected(call);
        assertEquals(ValidationKind.INVALID_INPUT, v.kind());
        assertEquals(detail, v.detail());
    }

    /** Asserts {@code call} is rejected with a {@code Validation} of {@code kind}. */
    static void assertValidation(ValidationKind kind, Executable call) {
        assertEquals(kind, rejected(call).kind());
    }
}
