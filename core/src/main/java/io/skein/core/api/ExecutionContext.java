package io.skein.core.api;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/** What a worker needs to run an execution: its input, kind and tags (spec 02 §5 {@code readExecutionContext}). */
public record ExecutionContext(byte[] inputPayload, String executionKind, Map<String, String> tags) {

    public ExecutionContext {
        inputPayload = ArgCheck.present(inputPayload, "input_payload").clone();
        ArgCheck.present(executionKind, "execution_kind");
        tags = ArgCheck.map(tags, "tags");
    }

    @Override
    public byte[] inputPayload() {
        return inputPayload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExecutionContext c && Arrays.equals(inputPayload, c.inputPayload)
                && executionKind.equals(c.executionKind) && tags.equals(c.tags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(inputPayload), executionKind, tags);
    }

    @Override
    public String toString() {
        return "ExecutionContext[" + inputPayload.length + " bytes, executionKind=" + executionKind + ", tags=" + tags
                + "]";
    }
}
