package io.skein.core.api;

import io.skein.core.error.EngineError;
import io.skein.core.wire.WireEnum;

/** The wire name of a frame's mode, as stored in its {@code mode} column (spec 04 §3.3, 05 §1.5). */
public enum StreamModeKind implements WireEnum {
    DURABLE, DURABLE_SUMMARY, BEST_EFFORT;

    /** The read alias of {@link #DURABLE_SUMMARY}. */
    public static final String SUMMARY_ALIAS = "summary";

    /**
     * Reads a stored or requested mode: a wire name, the alias {@code summary}, or null/empty (a row without a mode
     * is {@code durable}); anything else is {@code InvalidInput}.
     */
    public static StreamModeKind parse(String text) {
        if (text == null || text.isEmpty()) {
            return DURABLE;
        }
        if (SUMMARY_ALIAS.equals(text)) {
            return DURABLE_SUMMARY;
        }
        StreamModeKind kind = WireEnum.lookup(StreamModeKind.class, text);
        if (kind == null) {
            throw EngineError.invalidInput("mode: unknown stream mode");
        }
        return kind;
    }
}
