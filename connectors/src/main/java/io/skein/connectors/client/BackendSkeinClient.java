package io.skein.connectors.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skein.core.api.CancelSource;
import io.skein.core.api.EngineBackend;
import io.skein.core.api.ExecutionInfo;
import io.skein.core.api.execution.CancelExecutionArgs;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.api.execution.CreateExecutionResult;
import io.skein.core.api.execution.ExecutionDetail;
import io.skein.core.api.scheduler.ClaimedInput;
import io.skein.core.error.EngineError;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import io.skein.core.state.PublicState;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link SkeinClient} over an {@link EngineBackend}: in Kafka mode a {@link KafkaEngineClient}'s, whose creates
 * and cancels travel as commands and whose reads go to the engine's store.
 */
final class BackendSkeinClient implements SkeinClient {

    /** Who created the executions this client submits. */
    static final String CREATOR = "java-client";

    private final EngineBackend backend;
    private final PartitionConfig partitions;
    private final ObjectMapper json;

    BackendSkeinClient(EngineBackend backend, PartitionConfig partitions, ObjectMapper json) {
        this.backend = backend;
        this.partitions = partitions;
        this.json = json;
    }

    @Override
    public ExecutionId submit(String lane, String kind, Object input, int priority) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(input);
        } catch (JsonProcessingException e) {
            throw EngineError.invalidInput("input: does not write as JSON: " + e.getOriginalMessage());
        }
        ExecutionId id = partitions.mintedExecutionId(UUID.randomUUID());
        CreateExecutionResult result = backend.createExecution(new CreateExecutionArgs(id, Namespace.of("default"),
                LaneId.of(lane), kind, bytes, ClaimedInput.JSON_ENCODING, priority, CREATOR, null, Map.of(), null,
                null, null, id.partition(), backend.serverTimeMs()));
        return result instanceof CreateExecutionResult.Duplicate duplicate ? duplicate.executionId() : id;
    }

    @Override
    public Outcome await(ExecutionId id, Duration timeout) {
        PublicState state = Polling.until(timeout, () -> backend.readExecutionState(id)
                .orElseThrow(() -> EngineError.notFound("execution")));
        if (!Outcome.isTerminal(state)) {
            return new Outcome(id, state, null, null, null, json);
        }
        ExecutionDetail detail = backend.readExecutionDetail(id).orElseThrow(() -> EngineError.notFound("execution"));
        String reason = detail.failureReason() != null ? detail.failureReason() : detail.cancellationReason();
        return new Outcome(id, state, detail.result(), detail.resultEncoding(), reason, json);
    }

    @Override
    public Optional<ExecutionInfo> describe(ExecutionId id) {
        return backend.readExecutionInfo(id);
    }

    @Override
    public void cancel(ExecutionId id, String reason) {
        backend.cancelExecution(new CancelExecutionArgs(id, reason, CancelSource.OPERATOR_OVERRIDE, null, null, null,
                backend.serverTimeMs()));
    }

    @Override
    public void close() {
        // the backend belongs to the caller
    }
}
