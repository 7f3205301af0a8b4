package io.skein.core.api.execution;

import io.skein.core.api.ArgCheck;
import io.skein.core.api.policy.ExecutionPolicy;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Arguments of {@code createExecution} (spec 02 §4, 01 §8). Nullable: {@code payloadEncoding},
 * {@code idempotencyKey} (empty means absent), {@code policy} (absent ⇒ {@link ExecutionPolicy#defaults()}),
 * {@code delayUntil}, {@code executionDeadlineAt}. The priority is clamped to [0, 9000] by the backend, not here,
 * so the stored policy and the argument stay as the caller sent them.
 */
public record CreateExecutionArgs(
        ExecutionId executionId,
        Namespace namespace,
        LaneId laneId,
        String executionKind,
        byte[] inputPayload,
        String payloadEncoding,
        int priority,
        String creatorIdentity,
        String idempotencyKey,
        Map<String, String> tags,
        ExecutionPolicy policy,
        Long delayUntil,
        Long executionDeadlineAt,
        int partitionId,
        long now) {

    public CreateExecutionArgs {
        ArgCheck.present(executionId, "execution_id");
        ArgCheck.present(namespace, "namespace");
        ArgCheck.present(laneId, "lane_id");
        ArgCheck.text(executionKind, 256, "execution_kind");
        inputPayload = ArgCheck.present(inputPayload, "input_payload").clone();
        ArgCheck.present(creatorIdentity, "creator_identity");
        ArgCheck.maxBytes(idempotencyKey, 256, "idempotency_key");
        tags = ArgCheck.map(tags, "tags");
        ArgCheck.range(partitionId, 0, 0xFFFF, "partition_id");
    }

    @Override
    public byte[] inputPayload() {
        return inputPayload.clone();
    }

    /** The idempotency key, or null when absent or empty (spec 01 §2). */
    public String effectiveIdempotencyKey() {
        return idempotencyKey == null || idempotencyKey.isEmpty() ? null : idempotencyKey;
    }

    /** The policy to freeze on the execution: the given one, else the defaults of spec 01 §4. */
    public ExecutionPolicy effectivePolicy() {
        return policy == null ? ExecutionPolicy.defaults() : policy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CreateExecutionArgs a && executionId.equals(a.executionId)
                && namespace.equals(a.namespace) && laneId.equals(a.laneId) && executionKind.equals(a.executionKind)
                && Arrays.equals(inputPayload, a.inputPayload) && Objects.equals(payloadEncoding, a.payloadEncoding)
                && priority == a.priority && creatorIdentity.equals(a.creatorIdentity)
                && Objects.equals(idempotencyKey, a.idempotencyKey) && tags.equals(a.tags)
                && Objects.equals(policy, a.policy) && Objects.equals(delayUntil, a.delayUntil)
                && Objects.equals(executionDeadlineAt, a.executionDeadlineAt) && partitionId == a.partitionId
                && now == a.now;
    }

    @Override
    public int hashCode() {
        return Objects.hash(executionId, namespace, laneId, executionKind, Arrays.hashCode(inputPayload),
                payloadEncoding, priority, creatorIdentity, idempotencyKey, tags, policy, delayUntil,
                executionDeadlineAt, partitionId, now);
    }

    @Override
    public String toString() {
        return "CreateExecutionArgs[executionId=" + executionId + ", laneId=" + laneId + ", executionKind="
                + executionKind + ", " + inputPayload.length + " payload bytes, priority=" + priority + "]";
    }
}
