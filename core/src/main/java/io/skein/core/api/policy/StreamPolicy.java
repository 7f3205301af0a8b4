package io.skein.core.api.policy;

/**
 * Output-stream settings (spec 01 §4, 04 §3): {@code durabilityMode} (default {@code buffered}),
 * {@code retentionMaxlen} durable frames kept per attempt (default 10 000), {@code retentionTtlMs} (nullable).
 */
public record StreamPolicy(String durabilityMode, int retentionMaxlen, Long retentionTtlMs) {

    public static final String BUFFERED = "buffered";
    public static final int DEFAULT_RETENTION_MAXLEN = 10_000;

    public static final StreamPolicy DEFAULT = new StreamPolicy(BUFFERED, DEFAULT_RETENTION_MAXLEN, null);

    public StreamPolicy {
        durabilityMode = durabilityMode == null ? BUFFERED : durabilityMode;
    }
}
