package io.skein.connectors.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skein.connectors.worker.TypedJson;
import io.skein.core.api.EngineBackend;
import io.skein.core.api.ExecutionInfo;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.PartitionConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Submits executions and waits for their results with plain Java values, over Skein's HTTP API
 * ({@link #http(String, String)}) or, where the caller has Kafka and the engine's store, over an
 * {@link EngineBackend} such as {@link KafkaEngineClient}'s ({@link #over}). Inputs and results travel as JSON
 * written and bound by Jackson ({@link TypedJson#DEFAULT} unless given another mapper); ids are minted the way
 * the server mints them, so one lane spreads over every partition (D14).
 *
 * <pre>{@code
 * try (SkeinClient skein = SkeinClient.http("http://localhost:8080", null)) {
 *     ExecutionId id = skein.submit("default", "resize", new Resize("cat.png", 640));
 *     Resized out = skein.await(id, Duration.ofMinutes(1), Resized.class);
 * }
 * }</pre>
 */
public interface SkeinClient extends AutoCloseable {

    /** A client of the server at {@code server} ({@code http://host:port}) with bearer {@code token} (nullable). */
    static SkeinClient http(String server, String token) {
        return new HttpSkeinClient(new SkeinHttp(SkeinHttp.address(server), token, Duration.ofSeconds(30)),
                TypedJson.DEFAULT);
    }

    /** As {@link #http(String, String)} with {@code json} binding inputs and results. */
    static SkeinClient http(URI server, String token, ObjectMapper json) {
        return new HttpSkeinClient(new SkeinHttp(server, token, Duration.ofSeconds(30)), json);
    }

    /**
     * A client of {@code backend}: Kafka mode with a {@code KafkaEngineClient}'s backend (mutations as commands,
     * reads from the store), or a direct-mode backend. {@code partitions} must be the engine's.
     */
    static SkeinClient over(EngineBackend backend, PartitionConfig partitions) {
        return new BackendSkeinClient(backend, partitions, TypedJson.DEFAULT);
    }

    /** Creates an execution of {@code kind} on {@code lane} with {@code input} as its JSON input; its new id. */
    default ExecutionId submit(String lane, String kind, Object input) {
        return submit(lane, kind, input, 0);
    }

    /** {@link #submit(String, String, Object)} at {@code priority} (higher is claimed first). */
    ExecutionId submit(String lane, String kind, Object input, int priority);

    /**
     * Waits until the execution ends or {@code timeout} passes; the outcome either way (a running execution's
     * outcome is not {@link Outcome#isTerminal() terminal}).
     */
    Outcome await(ExecutionId id, Duration timeout);

    /**
     * Waits for the execution's success and binds its result to {@code resultType}.
     *
     * @throws SkeinClientException when it fails, is cancelled or expires (the message says which and why), or is
     *                              still running when {@code timeout} passes
     */
    default <T> T await(ExecutionId id, Duration timeout, Class<T> resultType) {
        Outcome outcome = await(id, timeout);
        if (!outcome.isTerminal()) {
            throw new SkeinClientException(id + " is still " + outcome.state().wire() + " after "
                    + timeout.toMillis() + " ms");
        }
        return outcome.result(resultType);
    }

    /** The execution's info (state, lane, kind, priority, times), or empty when it does not exist. */
    Optional<ExecutionInfo> describe(ExecutionId id);

    /** Cancels the execution as an operator, with {@code reason}. */
    void cancel(ExecutionId id, String reason);

    @Override
    void close();
}
