package io.skein.core.api.execution;

import io.skein.core.wire.WireEnum;

/** What resumed a suspended execution through {@code resumeExecution} (spec 02 §3). */
public enum ResumeTriggerType implements WireEnum {
    SIGNAL, OPERATOR, AUTO_RESUME
}
