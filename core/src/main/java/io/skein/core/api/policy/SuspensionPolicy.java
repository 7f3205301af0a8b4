package io.skein.core.api.policy;

import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import java.util.Set;

/**
 * What a suspend without its own timeout uses (spec 01 §4): {@code defaultTimeoutMs} (nullable: no timeout) and
 * {@code timeoutBehavior}, one of {@link #TIMEOUT_BEHAVIORS} (04 §2.5), default {@code fail}.
 */
public record SuspensionPolicy(Long defaultTimeoutMs, String timeoutBehavior) {

    public static final String FAIL = "fail";
    public static final String CANCEL = "cancel";
    public static final String EXPIRE = "expire";
    public static final String AUTO_RESUME_WITH_TIMEOUT_SIGNAL = "auto_resume_with_timeout_signal";
    public static final String ESCALATE = "escalate";
    public static final Set<String> TIMEOUT_BEHAVIORS = Set.of(FAIL, CANCEL, EXPIRE, AUTO_RESUME_WITH_TIMEOUT_SIGNAL,
            ESCALATE);

    public static final SuspensionPolicy DEFAULT = new SuspensionPolicy(null, FAIL);

    public SuspensionPolicy {
        timeoutBehavior = timeoutBehavior == null ? FAIL : timeoutBehavior;
        if (!TIMEOUT_BEHAVIORS.contains(timeoutBehavior)) {
            throw EngineError.validation(ValidationKind.INVALID_POLICY_JSON,
                    "suspension_policy.timeout_behavior: unknown value '" + timeoutBehavior + "'");
        }
        if (defaultTimeoutMs != null && defaultTimeoutMs < 0) {
            throw EngineError.validation(ValidationKind.INVALID_POLICY_JSON,
                    "suspension_policy.default_timeout_ms: must be >= 0");
        }
    }
}
