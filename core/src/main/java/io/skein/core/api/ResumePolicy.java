package io.skein.core.api;

import io.skein.core.error.EngineError;

/**
 * How a satisfied suspension resumes (spec 04 §2.1). Every field is optional on input; a missing one takes its
 * default: {@code resume_target "runnable"} (the only target), {@code consume_matched_signals true},
 * {@code retain_signal_buffer_until_closed false}, {@code resume_delay_ms} none (applies when a delivery gives no
 * delay), {@code close_waitpoint_on_resume true}.
 */
public record ResumePolicy(String resumeTarget, Boolean consumeMatchedSignals, Boolean retainSignalBufferUntilClosed,
                           Long resumeDelayMs, Boolean closeWaitpointOnResume) {

    public static final String RUNNABLE = "runnable";

    public ResumePolicy {
        resumeTarget = resumeTarget == null ? RUNNABLE : resumeTarget;
        if (!RUNNABLE.equals(resumeTarget)) {
            throw EngineError.invalidInput("resume_policy.resume_target: only runnable is supported");
        }
        consumeMatchedSignals = consumeMatchedSignals == null ? Boolean.TRUE : consumeMatchedSignals;
        retainSignalBufferUntilClosed = retainSignalBufferUntilClosed == null ? Boolean.FALSE
                : retainSignalBufferUntilClosed;
        if (resumeDelayMs != null && resumeDelayMs < 0) {
            throw EngineError.invalidInput("resume_policy.resume_delay_ms: must be >= 0");
        }
        closeWaitpointOnResume = closeWaitpointOnResume == null ? Boolean.TRUE : closeWaitpointOnResume;
    }

    /** The policy with every default. */
    public static ResumePolicy defaults() {
        return new ResumePolicy(null, null, null, null, null);
    }
}
