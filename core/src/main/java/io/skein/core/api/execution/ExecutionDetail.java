package io.skein.core.api.execution;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.ExecutionId;
import java.util.List;

/**
 * What {@code describeExecution} leaves out and a person describing an execution wants: its kind and priority,
 * input and result with their encodings, why it failed or was cancelled, and every attempt. Nullable:
 * {@code payloadEncoding}, {@code result}, {@code resultEncoding}, {@code failureReason},
 * {@code cancellationReason}.
 */
public record ExecutionDetail(ExecutionId executionId, String executionKind, int priority, byte[] inputPayload,
                              String payloadEncoding, byte[] result, String resultEncoding, String failureReason,
                              String cancellationReason, List<AttemptSummary> attempts) {

    public ExecutionDetail {
        ArgCheck.present(executionId, "execution_id");
        ArgCheck.present(executionKind, "execution_kind");
        inputPayload = ArgCheck.present(inputPayload, "input_payload").clone();
        result = result == null ? null : result.clone();
        attempts = ArgCheck.list(attempts, "attempts");
    }

    @Override
    public byte[] inputPayload() {
        return inputPayload.clone();
    }

    @Override
    public byte[] result() {
        return result == null ? null : result.clone();
    }
}
