package io.skein.core.api;

import io.skein.core.state.BlockingReason;
import io.skein.core.wire.WireEnum;

/** Why a worker suspends (spec 04 §2.1); it decides the suspended execution's blocking reason (spec 01 §8). */
public enum SuspensionReasonCode implements WireEnum {
    WAITING_FOR_SIGNAL, WAITING_FOR_APPROVAL, WAITING_FOR_CALLBACK, WAITING_FOR_TOOL_RESULT,
    WAITING_FOR_OPERATOR_REVIEW, PAUSED_BY_POLICY, PAUSED_BY_BUDGET, STEP_BOUNDARY, MANUAL_PAUSE;

    /** The blocking reason of an execution suspended with this code (spec 01 §8 "reason_code → blocking_reason"). */
    public BlockingReason blockingReason() {
        return switch (this) {
            case WAITING_FOR_SIGNAL, STEP_BOUNDARY -> BlockingReason.WAITING_FOR_SIGNAL;
            case WAITING_FOR_APPROVAL -> BlockingReason.WAITING_FOR_APPROVAL;
            case WAITING_FOR_CALLBACK -> BlockingReason.WAITING_FOR_CALLBACK;
            case WAITING_FOR_TOOL_RESULT -> BlockingReason.WAITING_FOR_TOOL_RESULT;
            case WAITING_FOR_OPERATOR_REVIEW, MANUAL_PAUSE -> BlockingReason.PAUSED_BY_OPERATOR;
            case PAUSED_BY_POLICY -> BlockingReason.PAUSED_BY_POLICY;
            case PAUSED_BY_BUDGET -> BlockingReason.WAITING_FOR_BUDGET;
        };
    }

    /** The blocking reason for a stored reason-code string; an unknown or missing code maps to waiting_for_signal. */
    public static BlockingReason blockingReasonOf(String reasonCode) {
        SuspensionReasonCode code = WireEnum.lookup(SuspensionReasonCode.class, reasonCode);
        return code == null ? BlockingReason.WAITING_FOR_SIGNAL : code.blockingReason();
    }
}
