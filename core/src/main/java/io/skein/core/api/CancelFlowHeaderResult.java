package io.skein.core.api;

import io.skein.core.id.ExecutionId;
import io.skein.core.wire.ExternallyTagged;
import java.util.List;

/** Result of {@code cancelFlowHeader}, the atomic first unit of a flow cancel (spec 04 §4.4). */
@ExternallyTagged
public sealed interface CancelFlowHeaderResult
        permits CancelFlowHeaderResult.Cancelled, CancelFlowHeaderResult.AlreadyTerminal {

    /** The flow is now cancelled; {@code memberExecutionIds} are the members the policy selected. */
    record Cancelled(CancelFlowPolicy cancellationPolicy, List<ExecutionId> memberExecutionIds)
            implements CancelFlowHeaderResult {
        public Cancelled {
            memberExecutionIds = memberExecutionIds == null ? List.of() : List.copyOf(memberExecutionIds);
        }
    }

    /** The flow was already cancelled; the stored policy and reason (nullable) and its members; nothing changed. */
    record AlreadyTerminal(CancelFlowPolicy storedCancellationPolicy, String storedCancelReason,
                           List<ExecutionId> memberExecutionIds) implements CancelFlowHeaderResult {
        public AlreadyTerminal {
            memberExecutionIds = memberExecutionIds == null ? List.of() : List.copyOf(memberExecutionIds);
        }
    }
}
