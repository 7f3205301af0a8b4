package io.skein.engine.processing;

import io.skein.engine.EngineUnit;

import io.skein.core.api.Priority;
import io.skein.core.api.TagKeys;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.api.execution.CreateExecutionResult;
import io.skein.core.api.policy.ExecutionPolicy;
import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.BudgetId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.PartitionConfig;
import io.skein.core.state.StateVector;
import io.skein.core.wire.SkeinJson;
import io.skein.engine.state.ExecCore;
import java.util.Map;
import java.util.Optional;

/**
 * {@code createExecution} (spec 02 §4, 01 §8, D1): an execution is claimable at once ({@code waiting}) or
 * {@code delayed} when its start lies in the future. A repeated id or a live idempotency key answers
 * {@code Duplicate} with the original id and writes nothing.
 */
public final class CreateExecutionHandler {

    /** Input payload and result limit (spec 03 §2.1). */
    public static final int MAX_PAYLOAD_BYTES = 512 * 1024;
    static final int MAX_TAGS = 64;
    static final int MAX_TAG_VALUE_BYTES = 4096;

    private final PartitionConfig partitions;

    public CreateExecutionHandler(PartitionConfig partitions) {
        this.partitions = partitions;
    }

    /** Checks that need no storage; run before the unit starts so bad input never touches the store. */
    public void validate(CreateExecutionArgs args) {
        ExecutionId id = args.executionId();
        if (id.partition() >= partitions.flowPartitions()) {
            throw EngineError.invalidInput("execution_id: partition " + id.partition() + " is not below "
                    + "FF_FLOW_PARTITIONS=" + partitions.flowPartitions());
        }
        if (id.partition() != args.partitionId()) {
            throw EngineError.invalidInput("partition_mismatch: execution_id is on partition " + id.partition()
                    + " but partition_id is " + args.partitionId());
        }
        if (args.inputPayload().length > MAX_PAYLOAD_BYTES) {
            throw EngineError.validation(ValidationKind.PAYLOAD_TOO_LARGE, "input_payload: "
                    + args.inputPayload().length + " bytes exceeds " + MAX_PAYLOAD_BYTES);
        }
        if (args.tags().size() > MAX_TAGS) {
            throw EngineError.invalidInput("tags: more than " + MAX_TAGS + " tags");
        }
        for (Map.Entry<String, String> t : args.tags().entrySet()) {
            TagKeys.validateTagKey(t.getKey());
            if (t.getValue() == null || t.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                    > MAX_TAG_VALUE_BYTES) {
                throw EngineError.invalidInput("tags: value of " + t.getKey() + " is missing or longer than "
                        + MAX_TAG_VALUE_BYTES + " bytes");
            }
        }
    }

    public CreateExecutionResult apply(EngineUnit unit, CreateExecutionArgs args) {
        ExecutionId id = args.executionId();
        if (unit.executions().exists(id)) {
            return new CreateExecutionResult.Duplicate(id);
        }
        String idemKey = args.effectiveIdempotencyKey();
        if (idemKey != null) {
            Optional<ExecutionId> original = unit.executions().idempotentOriginal(id.partition(),
                    args.namespace().value(), idemKey, unit.now());
            if (original.isPresent()) {
                return new CreateExecutionResult.Duplicate(original.get());
            }
        }
        ExecutionPolicy policy = args.effectivePolicy();
        long now = unit.now();
        ExecCore e = new ExecCore();
        e.executionId = id;
        e.laneId = args.laneId().value();
        e.namespace = args.namespace().value();
        e.executionKind = args.executionKind();
        e.creatorIdentity = args.creatorIdentity();
        e.idempotencyKey = idemKey;
        e.requiredCapabilities = json(policy.routingRequirements().requiredCapabilities().tokens());
        e.budgetIds = json(policy.budgetIds().stream().map(BudgetId::toString).toList());
        e.quotaPolicyId = policy.quotaPolicyId() == null ? null : policy.quotaPolicyId().toString();
        e.priority = Priority.clamp(args.priority());
        e.createdAtMs = now;
        e.payload = args.inputPayload();
        e.payloadEncoding = args.payloadEncoding();
        e.policy = json(policy);
        e.tags = json(args.tags());
        Long delayUntil = args.delayUntil() != null ? args.delayUntil() : policy.delayUntil();
        if (delayUntil != null && delayUntil > now) {
            e.state = StateVector.DELAYED_FIRST;
            e.delayUntilMs = delayUntil;
        } else {
            e.state = StateVector.WAITING_FIRST;
        }
        e.lastTransitionAtMs = now;
        if (args.executionDeadlineAt() != null) {
            e.deadlineAtMs = args.executionDeadlineAt();
        } else if (policy.timeoutPolicy() != null && policy.timeoutPolicy().executionDeadlineMs() != null) {
            e.deadlineAtMs = now + policy.timeoutPolicy().executionDeadlineMs();
        }
        unit.executions().insert(e);
        if (idemKey != null) {
            unit.executions().putIdempotency(id.partition(), e.namespace, idemKey, id, now + policy.dedupWindowMs());
        }
        unit.executions().registerLane(e.laneId, now, "create_execution");
        return new CreateExecutionResult.Created(id, e.state.publicState());
    }

    static String json(Object value) {
        try {
            return SkeinJson.lenient().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), ex);
        }
    }
}
