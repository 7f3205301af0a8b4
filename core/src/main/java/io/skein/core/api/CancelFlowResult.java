package io.skein.core.api;

import io.skein.core.id.ExecutionId;
import io.skein.core.wire.ExternallyTagged;
import java.util.List;

/**
 * Result of {@code cancelFlow} (spec 04 §4.4). A wait that reaches its deadline is the error
 * {@code Timeout{op:"cancel_flow"}}, not a variant.
 */
@ExternallyTagged
public sealed interface CancelFlowResult permits CancelFlowResult.Cancelled, CancelFlowResult.CancellationScheduled,
        CancelFlowResult.PartiallyCancelled {

    /** Nothing is owed any more (or ever was). */
    record Cancelled(CancelFlowPolicy cancellationPolicy, List<ExecutionId> memberExecutionIds)
            implements CancelFlowResult {
        public Cancelled {
            memberExecutionIds = memberExecutionIds == null ? List.of() : List.copyOf(memberExecutionIds);
        }
    }

    /** Members are owed and the caller did not wait; follow-up units cancel them. */
    record CancellationScheduled(CancelFlowPolicy cancellationPolicy, long memberCount,
                                 List<ExecutionId> memberExecutionIds) implements CancelFlowResult {
        public CancellationScheduled {
            memberExecutionIds = memberExecutionIds == null ? List.of() : List.copyOf(memberExecutionIds);
        }
    }

    /** The wait ended with some member cancels failed. */
    record PartiallyCancelled(CancelFlowPolicy cancellationPolicy, List<ExecutionId> memberExecutionIds,
                              List<ExecutionId> failedMemberExecutionIds) implements CancelFlowResult {
        public PartiallyCancelled {
            memberExecutionIds = memberExecutionIds == null ? List.of() : List.copyOf(memberExecutionIds);
            failedMemberExecutionIds = failedMemberExecutionIds == null ? List.of()
                    : List.copyOf(failedMemberExecutionIds);
        }
    }
}
