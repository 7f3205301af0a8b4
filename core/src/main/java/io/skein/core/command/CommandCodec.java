package io.skein.core.command;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.core.error.EngineException;
import io.skein.core.wire.CommandEnvelope;
import io.skein.core.wire.SkeinJson;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Objects;

/**
 * Commands to and from {@code ff.commands} values (spec 07). The args JSON of a command whose only component is
 * {@code args} is that args record's JSON (the HTTP body of the operation); any other command's args are its
 * components in snake_case, a handle in its JSON form {@code {"backend","kind","opaque"}}. Reading ignores unknown
 * fields (forward compatible) and turns every defect into a {@link PoisonCommandException}.
 */
public final class CommandCodec {

    private static final ObjectMapper JSON = SkeinJson.lenient();
    private static final String[] JACKSON_HINTS = {" (set DeserializationConfig", " (but might if coercion"};

    private CommandCodec() {}

    /** The envelope of {@code command}; {@code replyTo} null is fire-and-forget, {@code issuedAtMs} is optional. */
    public static CommandEnvelope envelope(EngineCommand command, String commandId, String replyTo, Long issuedAtMs) {
        Objects.requireNonNull(command, "command");
        return new CommandEnvelope(CommandEnvelope.VERSION, commandId, command.type(), argsJson(command), replyTo,
                issuedAtMs);
    }

    /** The bytes of {@link #envelope}: the record value a producer sends. */
    public static byte[] encode(EngineCommand command, String commandId, String replyTo, Long issuedAtMs) {
        return encode(envelope(command, commandId, replyTo, issuedAtMs));
    }

    public static byte[] encode(CommandEnvelope envelope) {
        try {
            return JSON.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a command envelope always serializes", e);
        }
    }

    /** The {@code args} JSON of a command. */
    public static JsonNode argsJson(EngineCommand command) {
        Object body = unwrapsArgs(command.getClass()) ? onlyComponent(command) : command;
        try {
            // Through bytes, not valueToTree: a handle writes itself as a raw value, which a token buffer keeps opaque.
            return JSON.readTree(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException("command " + command.type() + " always serializes", e);
        }
    }

    /**
     * Reads a record value: a JSON object with {@code v} (a supported version), a non-empty {@code command_id}, a
     * known {@code type}, object {@code args} that bind to that command, and optionally {@code reply_to} (string)
     * and {@code issued_at_ms} (integer).
     */
    public static DecodedCommand decode(byte[] value) throws PoisonCommandException {
        if (value == null) {
            throw new PoisonCommandException("not JSON: the record has no value", null, null);
        }
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (IOException e) {
            throw new PoisonCommandException("not JSON: " + originalMessage(e), null, null);
        }
        if (root == null || root.isMissingNode()) {
            throw new PoisonCommandException("not JSON: the value is empty", null, null);
        }
        if (!root.isObject()) {
            throw new PoisonCommandException("not a JSON object: the envelope is a " + root.getNodeType()
                    .name().toLowerCase(), null, null);
        }
        String replyTo = root.path("reply_to").isTextual() ? root.get("reply_to").asText() : null;
        String commandId = root.path("command_id").isTextual() ? root.get("command_id").asText() : null;

        JsonNode v = required(root, "v", replyTo, commandId);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new PoisonCommandException("v: must be an integer, got " + v, replyTo, commandId);
        }
        if (v.intValue() != CommandEnvelope.VERSION) {
            throw new PoisonCommandException("v: unsupported version " + v.intValue() + "; this engine reads "
                    + CommandEnvelope.VERSION, replyTo, commandId);
        }
        JsonNode id = required(root, "command_id", replyTo, commandId);
        if (!id.isTextual() || id.asText().isEmpty()) {
            throw new PoisonCommandException("command_id: must be a non-empty string", replyTo, null);
        }
        JsonNode type = required(root, "type", replyTo, commandId);
        if (!type.isTextual()) {
            throw new PoisonCommandException("type: must be a string, got " + type, replyTo, commandId);
        }
        JsonNode args = required(root, "args", replyTo, commandId);
        if (!args.isObject()) {
            throw new PoisonCommandException("args: must be a JSON object, got " + args.getNodeType().name()
                    .toLowerCase(), replyTo, commandId);
        }
        JsonNode replyToNode = root.get("reply_to");
        if (replyToNode != null && !replyToNode.isNull() && !replyToNode.isTextual()) {
            throw new PoisonCommandException("reply_to: must be a string", null, commandId);
        }
        JsonNode issued = root.get("issued_at_ms");
        Long issuedAtMs = null;
        if (issued != null && !issued.isNull()) {
            if (!issued.isIntegralNumber() || !issued.canConvertToLong()) {
                throw new PoisonCommandException("issued_at_ms: must be an integer, got " + issued, replyTo,
                        commandId);
            }
            issuedAtMs = issued.longValue();
        }
        EngineCommand command = command(type.asText(), args, replyTo, commandId);
        return new DecodedCommand(new CommandEnvelope(v.intValue(), commandId, type.asText(), args, replyTo,
                issuedAtMs), command);
    }

    /**
     * A record the engine refuses before reading it as a command (too large, or not a command at all): the poison
     * carries {@code reason}, {@code error}, and the record's top-level {@code reply_to} and {@code command_id}
     * strings when they can be read. The args are skipped, not built, however large they are.
     */
    public static PoisonCommandException refused(byte[] value, String reason, EngineException error) {
        String replyTo = null;
        String commandId = null;
        if (value != null) {
            try (JsonParser parser = JSON.getFactory().createParser(value)) {
                if (parser.nextToken() == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String field = parser.currentName();
                        JsonToken token = parser.nextToken();
                        if (token == JsonToken.VALUE_STRING && field.equals("reply_to")) {
                            replyTo = parser.getText();
                        } else if (token == JsonToken.VALUE_STRING && field.equals("command_id")) {
                            commandId = parser.getText();
                        } else {
                            parser.skipChildren();
                        }
                    }
                }
            } catch (IOException unreadable) {
                // what was read before the defect stands; the rest has no reply address
            }
        }
        return new PoisonCommandException(reason, replyTo, commandId, error.error());
    }

    /** Binds {@code args} to the command of {@code type}; the poison carries no reply address. */
    public static EngineCommand command(String type, JsonNode args) throws PoisonCommandException {
        return command(type, args, null, null);
    }

    private static EngineCommand command(String type, JsonNode args, String replyTo, String commandId)
            throws PoisonCommandException {
        Class<? extends EngineCommand> commandClass = CommandTypes.commandClass(type).orElseThrow(() ->
                new PoisonCommandException("type: unknown command type '" + type + "'", replyTo, commandId));
        try {
            if (unwrapsArgs(commandClass)) {
                RecordComponent component = commandClass.getRecordComponents()[0];
                args = withEngineClock(args, component.getType());
                Object inner = JSON.treeToValue(args, component.getType());
                return commandClass.getDeclaredConstructor(component.getType()).newInstance(inner);
            }
            return JSON.treeToValue(withEngineClock(args, commandClass), commandClass);
        } catch (InvocationTargetException e) {
            throw argsPoison(type, e.getCause(), replyTo, commandId);
        } catch (JsonProcessingException | RuntimeException e) {
            throw argsPoison(type, e, replyTo, commandId);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("command record " + commandClass.getName()
                    + " lacks its canonical constructor", e);
        }
    }

    /**
     * The args with {@code now} 0 when the record takes a {@code now} and the producer sent none: the HTTP body the
     * args mirror leaves it out (the server fills it), and every operation reads 0 as "the engine's own clock"
     * (spec 07: the engine keeps state by its own clock).
     */
    private static JsonNode withEngineClock(JsonNode args, Class<?> record) {
        if (args.hasNonNull("now") || !record.isRecord()) {
            return args;
        }
        for (RecordComponent component : record.getRecordComponents()) {
            if (component.getName().equals("now") && component.getType() == long.class) {
                return ((ObjectNode) args.deepCopy()).put("now", 0L);
            }
        }
        return args;
    }

    private static PoisonCommandException argsPoison(String type, Throwable failure, String replyTo,
                                                     String commandId) {
        String prefix = "args of '" + type + "' do not decode: ";
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof EngineException engine) {
                return new PoisonCommandException(prefix + engine.getMessage(), replyTo, commandId, engine.error());
            }
        }
        String detail = originalMessage(failure);
        if (failure instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            detail = detail + " (at " + path(mapping) + ")";
        }
        return new PoisonCommandException(prefix + detail, replyTo, commandId);
    }

    private static JsonNode required(JsonNode root, String field, String replyTo, String commandId)
            throws PoisonCommandException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new PoisonCommandException("missing required field " + field, replyTo, commandId);
        }
        return node;
    }

    /** A command travels as its args record alone when that record is its only component, named {@code args}. */
    static boolean unwrapsArgs(Class<?> commandClass) {
        RecordComponent[] components = commandClass.getRecordComponents();
        return components.length == 1 && components[0].getName().equals("args");
    }

    private static Object onlyComponent(EngineCommand command) {
        try {
            return command.getClass().getRecordComponents()[0].getAccessor().invoke(command);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("command record " + command.getClass().getName()
                    + " has an unreadable args component", e);
        }
    }

    private static String originalMessage(Throwable failure) {
        String message = failure instanceof JsonProcessingException json ? json.getOriginalMessage()
                : failure.getMessage();
        message = message == null ? failure.getClass().getSimpleName() : message;
        int newline = message.indexOf('\n');
        message = newline < 0 ? message : message.substring(0, newline);
        // Jackson's configuration hints speak to the engine's authors, not to the producer reading the reason.
        for (String hint : JACKSON_HINTS) {
            int at = message.indexOf(hint);
            if (at >= 0) {
                message = message.substring(0, at);
            }
        }
        return message;
    }

    private static String path(JsonMappingException mapping) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : mapping.getPath()) {
            if (ref.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }
}
