package io.skein.topology.internals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.core.wire.ReplyEnvelope;
import io.skein.core.wire.SkeinJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** What one applied command produced: its reply and its output records, as logged and as re-emitted on replay. */
public record CommandOutcome(ReplyEnvelope reply, List<Output> outputs) {

    private static final ObjectMapper JSON = SkeinJson.lenient();

    public CommandOutcome {
        outputs = List.copyOf(outputs);
    }

    public String replyJson() {
        try {
            return JSON.writeValueAsString(reply);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String outputsJson() {
        ArrayNode array = JSON.createArrayNode();
        for (Output o : outputs) {
            ObjectNode n = array.addObject();
            n.put("sink", o.sink().name().toLowerCase());
            if (o.lane() != null) {
                n.put("lane", o.lane());
            }
            n.put("key", o.key());
            n.set("value", o.value());
        }
        return array.toString();
    }

    public static CommandOutcome fromLog(String replyJson, String outputsJson) {
        try {
            ReplyEnvelope reply = JSON.readValue(replyJson, ReplyEnvelope.class);
            List<Output> outputs = new ArrayList<>();
            for (JsonNode n : JSON.readTree(outputsJson)) {
                outputs.add(new Output(Output.Sink.valueOf(n.get("sink").asText().toUpperCase()),
                        n.hasNonNull("lane") ? n.get("lane").asText() : null, n.get("key").asText(), n.get("value")));
            }
            return new CommandOutcome(reply, outputs);
        } catch (IOException e) {
            throw new UncheckedIOException("ff_command_log holds an outcome this engine cannot read", e);
        }
    }

    /** The form kept in the task's de-dup window. */
    public byte[] toBytes() {
        ObjectNode n = JSON.createObjectNode();
        n.put("reply", replyJson());
        n.put("outputs", outputsJson());
        return n.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public static CommandOutcome fromBytes(byte[] bytes) {
        try {
            JsonNode n = JSON.readTree(bytes);
            return fromLog(n.get("reply").asText(), n.get("outputs").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
