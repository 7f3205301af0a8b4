package io.skein.core.api.scheduler;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.skein.core.api.ArgCheck;
import io.skein.core.api.policy.ExecutionPolicy;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * What a worker needs to run the execution it just claimed, carried by the claim's result so a worker needs the
 * command topic (or the HTTP endpoint) only, never the database (ARCHITECTURE "Scheduling and claims").
 *
 * @param executionKind   the execution's kind, which picks the handler
 * @param inputPayload    the input bytes
 * @param payloadEncoding how the bytes are encoded ({@code json} when created from a JSON input), nullable
 * @param tags            the execution's tags
 * @param policy          the policy frozen at create, nullable (absent in replies of older engines)
 */
public record ClaimedInput(String executionKind, byte[] inputPayload, String payloadEncoding,
                           Map<String, String> tags, ExecutionPolicy policy) {

    /** The {@code payload_encoding} of an input given as JSON: its UTF-8 text. */
    public static final String JSON_ENCODING = "json";

    public ClaimedInput {
        ArgCheck.present(executionKind, "execution_kind");
        inputPayload = ArgCheck.present(inputPayload, "input_payload").clone();
        tags = ArgCheck.map(tags, "tags");
    }

    @Override
    public byte[] inputPayload() {
        return inputPayload.clone();
    }

    /** Whether the input is JSON text (its {@code payload_encoding} is {@value #JSON_ENCODING}). */
    @JsonIgnore
    public boolean isJson() {
        return JSON_ENCODING.equals(payloadEncoding);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClaimedInput c && executionKind.equals(c.executionKind)
                && Arrays.equals(inputPayload, c.inputPayload) && Objects.equals(payloadEncoding, c.payloadEncoding)
                && tags.equals(c.tags) && Objects.equals(policy, c.policy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(executionKind, Arrays.hashCode(inputPayload), payloadEncoding, tags, policy);
    }

    @Override
    public String toString() {
        return "ClaimedInput[executionKind=" + executionKind + ", " + inputPayload.length + " bytes, encoding="
                + payloadEncoding + "]";
    }
}
