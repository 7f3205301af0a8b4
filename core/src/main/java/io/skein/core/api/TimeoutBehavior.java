package io.skein.core.api;

import io.skein.core.error.EngineError;
import io.skein.core.wire.WireEnum;

/** What happens when a suspension's {@code timeoutAt} passes (spec 04 §2.5). */
public enum TimeoutBehavior implements WireEnum {
    FAIL, CANCEL, EXPIRE, AUTO_RESUME_WITH_TIMEOUT_SIGNAL, ESCALATE;

    /** The input alias of {@link #AUTO_RESUME_WITH_TIMEOUT_SIGNAL}; never emitted. */
    public static final String AUTO_RESUME_ALIAS = "auto_resume";

    /** Parses a wire string or the alias {@code auto_resume}; anything else is {@code InvalidInput}. */
    public static TimeoutBehavior parse(String text) {
        if (AUTO_RESUME_ALIAS.equals(text)) {
            return AUTO_RESUME_WITH_TIMEOUT_SIGNAL;
        }
        TimeoutBehavior value = WireEnum.lookup(TimeoutBehavior.class, text);
        if (value == null) {
            throw EngineError.invalidInput("timeout_behavior: unknown value");
        }
        return value;
    }
}
