package io.skein.core.api.execution;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.ExecutionId;

/** One suspended execution as {@code listSuspended} reports it (spec 02 §5, T2); {@code reason} is its reason code. */
public record SuspendedEntry(ExecutionId executionId, long suspendedAtMs, String reason) {

    public SuspendedEntry {
        ArgCheck.present(executionId, "execution_id");
        reason = reason == null ? "" : reason;
    }
}
