package io.skein.core.api;

/** A retired kid whose tokens still verify until {@code expiresAtMs} (spec 04 §1.3). */
public record VerifyingKid(String kid, long expiresAtMs) {}
