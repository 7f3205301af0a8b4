package io.skein.core.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * The value of a record on {@code ff.commands} (spec 07). {@code args} is the operation's argument JSON;
 * {@code replyTo} absent means fire-and-forget; {@code issuedAtMs} is informational.
 */
public record CommandEnvelope(int v, String commandId, String type, JsonNode args, String replyTo, Long issuedAtMs) {

    /** The envelope version this engine writes; it accepts this one and the previous (none yet). */
    public static final int VERSION = 1;

    public CommandEnvelope {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(args, "args");
    }
}
