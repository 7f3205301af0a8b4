package io.skein.connectors.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skein.core.api.scheduler.ClaimedInput;
import io.skein.core.id.ExecutionId;
import io.skein.core.state.PublicState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where an execution stands when {@link SkeinClient#await} returns: its public state and, once it ended, its result
 * bytes (and their encoding) or why it did not succeed.
 */
public final class Outcome {

    private static final Set<PublicState> TERMINAL = EnumSet.of(PublicState.COMPLETED, PublicState.FAILED,
            PublicState.CANCELLED, PublicState.EXPIRED, PublicState.SKIPPED);

    private final ExecutionId executionId;
    private final PublicState state;
    private final byte[] result;
    private final String resultEncoding;
    private final String failureReason;
    private final ObjectMapper json;

    Outcome(ExecutionId executionId, PublicState state, byte[] result, String resultEncoding, String failureReason,
            ObjectMapper json) {
        this.executionId = executionId;
        this.state = state;
        this.result = result;
        this.resultEncoding = resultEncoding;
        this.failureReason = failureReason;
        this.json = json;
    }

    public ExecutionId executionId() {
        return executionId;
    }

    public PublicState state() {
        return state;
    }

    /** How the result is encoded ({@code json} for a JSON result), or null. */
    public String resultEncoding() {
        return resultEncoding;
    }

    /** Why the execution failed or was cancelled, or null. */
    public String failureReason() {
        return failureReason;
    }

    public static boolean isTerminal(PublicState state) {
        return TERMINAL.contains(state);
    }

    public boolean isTerminal() {
        return isTerminal(state);
    }

    public boolean succeeded() {
        return state == PublicState.COMPLETED;
    }

    /** The result's text (UTF-8), or null when the execution completed without one. */
    public String resultText() {
        return result == null ? null : new String(result, StandardCharsets.UTF_8);
    }

    /**
     * The result bound to {@code type} (a JSON result; {@code byte[]} and {@code String} take any bytes as they are).
     *
     * @throws SkeinClientException when the execution did not complete, or the result does not bind
     */
    @SuppressWarnings("unchecked")
    public <T> T result(Class<T> type) {
        if (!succeeded()) {
            throw new SkeinClientException(executionId + " ended " + state.wire()
                    + (failureReason == null || failureReason.isEmpty() ? "" : ": " + failureReason));
        }
        if (type == byte[].class) {
            return (T) (result == null ? new byte[0] : result.clone());
        }
        if (type == String.class && !ClaimedInput.JSON_ENCODING.equals(resultEncoding)) {
            return (T) resultText();
        }
        if (result == null) {
            return null;
        }
        try {
            return json.readValue(result, type);
        } catch (IOException e) {
            throw new SkeinClientException("the result of " + executionId + " does not bind to " + type.getName()
                    + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
