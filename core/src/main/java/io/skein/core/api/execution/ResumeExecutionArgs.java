package io.skein.core.api.execution;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.ExecutionId;

/**
 * Arguments of {@code resumeExecution}, the operator resume that does not evaluate the condition (spec 02 §3).
 * {@code triggerType} defaults to {@code signal}; {@code resumeDelayMs > 0} resumes into {@code delayed}.
 */
public record ResumeExecutionArgs(ExecutionId executionId, ResumeTriggerType triggerType, long resumeDelayMs) {

    public ResumeExecutionArgs {
        ArgCheck.present(executionId, "execution_id");
        triggerType = triggerType == null ? ResumeTriggerType.SIGNAL : triggerType;
        ArgCheck.nonNegative(resumeDelayMs, "resume_delay_ms");
    }
}
