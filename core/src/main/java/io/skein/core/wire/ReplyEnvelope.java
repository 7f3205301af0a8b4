package io.skein.core.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * The value of a record on {@code ff.replies} (spec 07): {@code ok} with the operation's result JSON, or not ok
 * with the error body of {@link EngineErrorJson}.
 */
public record ReplyEnvelope(int v, String commandId, boolean ok, JsonNode result, JsonNode error) {

    public ReplyEnvelope {
        Objects.requireNonNull(commandId, "commandId");
        if (ok && error != null) {
            throw new IllegalArgumentException("an ok reply carries no error");
        }
        if (!ok && error == null) {
            throw new IllegalArgumentException("a failed reply carries an error");
        }
    }

    public static ReplyEnvelope success(String commandId, JsonNode result) {
        return new ReplyEnvelope(CommandEnvelope.VERSION, commandId, true, result, null);
    }

    public static ReplyEnvelope failure(String commandId, JsonNode error) {
        return new ReplyEnvelope(CommandEnvelope.VERSION, commandId, false, null, error);
    }
}
