package io.skein.topology.internals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.core.wire.ReplyEnvelope;
import io.skein.core.wire.SkeinJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What one applied command produced: its reply and its output records, as logged and as re-emitted on replay. Their
 * JSON forms are made once: the command log and the de-dup window both keep them.
 */
public final class CommandOutcome {

    private static final ObjectMapper JSON = SkeinJson.lenient();

    private final ReplyEnvelope reply;
    private final List<Output> outputs;
    private String replyJson;
    private String outputsJson;

    public CommandOutcome(ReplyEnvelope reply, List<Output> outputs) {
        this.reply = reply;
        this.outputs = List.copyOf(outputs);
    }

    private CommandOutcome(ReplyEnvelope reply, List<Output> outputs, String replyJson, String outputsJson) {
        this(reply, outputs);
        this.replyJson = replyJson;
        this.outputsJson = outputsJson;
    }

    public ReplyEnvelope reply() {
        return reply;
    }

    public List<Output> outputs() {
        return outputs;
    }

    public String replyJson() {
        if (replyJson == null) {
            try {
                replyJson = JSON.writeValueAsString(reply);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return replyJson;
    }

    public String outputsJson() {
        if (outputsJson == null) {
            outputsJson = encodeOutputs();
        }
        return outputsJson;
    }

    private String encodeOutputs() {
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
            return new CommandOutcome(reply, outputs, replyJson, outputsJson);
        } catch (IOException e) {
            throw new UncheckedIOException("ff_command_log holds an outcome this engine cannot read", e);
        }
    }

    /** The form kept in the task's de-dup window: the reply's JSON length, the reply's JSON, the outputs' JSON. */
    public byte[] toBytes() {
        byte[] r = replyJson().getBytes(StandardCharsets.UTF_8);
        byte[] o = outputsJson().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(Integer.BYTES + r.length + o.length).putInt(r.length).put(r).put(o).array();
    }

    public static CommandOutcome fromBytes(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == '{') {
            // written by an earlier release ({"reply": "...", "outputs": "..."}) and restored from the changelog
            try {
                JsonNode n = JSON.readTree(bytes);
                return fromLog(n.get("reply").asText(), n.get("outputs").asText());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int replyLength = b.getInt();
        String reply = new String(bytes, Integer.BYTES, replyLength, StandardCharsets.UTF_8);
        String outputs = new String(bytes, Integer.BYTES + replyLength, bytes.length - Integer.BYTES - replyLength,
                StandardCharsets.UTF_8);
        return fromLog(reply, outputs);
    }
}
