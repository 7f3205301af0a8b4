package io.skein.core.api.execution;

import io.skein.core.api.ArgCheck;
import io.skein.core.api.CancelSource;
import io.skein.core.api.LeaseFence;
import io.skein.core.id.ExecutionId;
import java.util.Arrays;
import java.util.Objects;

/**
 * Arguments of {@code completeExecution} (spec 02 §3). {@code fence} is nullable: without it only
 * {@code source = operator_override} is allowed (01 §7). Nullable: {@code resultPayload}, {@code resultEncoding};
 * {@code source} defaults to {@code operator_override}.
 */
public record CompleteExecutionArgs(
        ExecutionId executionId,
        LeaseFence fence,
        int attemptIndex,
        byte[] resultPayload,
        String resultEncoding,
        CancelSource source,
        long now) {

    public CompleteExecutionArgs {
        ArgCheck.present(executionId, "execution_id");
        ArgCheck.nonNegative(attemptIndex, "attempt_index");
        resultPayload = ArgCheck.copy(resultPayload);
        source = source == null ? CancelSource.OPERATOR_OVERRIDE : source;
    }

    @Override
    public byte[] resultPayload() {
        return ArgCheck.copy(resultPayload);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompleteExecutionArgs a && executionId.equals(a.executionId)
                && Objects.equals(fence, a.fence) && attemptIndex == a.attemptIndex
                && Arrays.equals(resultPayload, a.resultPayload) && Objects.equals(resultEncoding, a.resultEncoding)
                && source.equals(a.source) && now == a.now;
    }

    @Override
    public int hashCode() {
        return Objects.hash(executionId, fence, attemptIndex, Arrays.hashCode(resultPayload), resultEncoding, source,
                now);
    }

    @Override
    public String toString() {
        return "CompleteExecutionArgs[executionId=" + executionId + ", fence=" + fence + ", attemptIndex="
                + attemptIndex + ", " + (resultPayload == null ? "no" : resultPayload.length) + " result bytes, source="
                + source + "]";
    }
}
