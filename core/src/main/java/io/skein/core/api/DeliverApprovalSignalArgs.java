package io.skein.core.api;

import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.WaitpointId;

/**
 * Arguments of {@code deliverApprovalSignal} (spec 02 §6): the operator path that signals with the stored token.
 * {@code maxlen} and {@code maxSignalsPerExecution} are nullable (the {@link DeliverSignalArgs} defaults apply).
 */
public record DeliverApprovalSignalArgs(ExecutionId executionId, LaneId laneId, WaitpointId waitpointId,
                                        String signalName, String idempotencySuffix, long signalDedupTtlMs,
                                        Integer maxlen, Integer maxSignalsPerExecution) {

    public static final String SIGNAL_CATEGORY = "approval";
    public static final String SOURCE_TYPE = "operator";
    public static final String TARGET_SCOPE = "execution";

    /** The idempotency key the signal is stored under: {@code approval:<signalName>:<idempotencySuffix>}. */
    public String idempotencyKey() {
        return "approval:" + signalName + ":" + idempotencySuffix;
    }
}
