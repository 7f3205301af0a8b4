package io.skein.core.api;

/** The result of {@code renew}: the new expiry; the epoch never changes on renewal (spec 01 §7). */
public record LeaseRenewal(long expiresAtMs, long leaseEpoch) {}
