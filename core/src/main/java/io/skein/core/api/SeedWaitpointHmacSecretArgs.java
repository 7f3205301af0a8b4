package io.skein.core.api;

import io.skein.core.error.ValidationKind;

/**
 * Arguments of {@code seedWaitpointHmacSecret} (spec 04 §1.3): a valid kid and exactly 64 hex characters, else
 * {@code InvalidInput} on construction. {@link #toString()} never shows the secret.
 */
public record SeedWaitpointHmacSecretArgs(String kid, String secretHex) {

    public SeedWaitpointHmacSecretArgs {
        WaitpointTokens.validateKid(kid, ValidationKind.INVALID_INPUT);
        WaitpointTokens.validateSecretHex("secret_hex", secretHex, ValidationKind.INVALID_INPUT);
    }

    @Override
    public String toString() {
        return "SeedWaitpointHmacSecretArgs[kid=" + kid + ", secretHex=<REDACTED>]";
    }
}
