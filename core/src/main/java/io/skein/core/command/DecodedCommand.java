package io.skein.core.command;

import io.skein.core.wire.CommandEnvelope;
import java.util.Objects;

/** A command record read off {@code ff.commands}: its envelope and the typed command its args bind to. */
public record DecodedCommand(CommandEnvelope envelope, EngineCommand command) {

    public DecodedCommand {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(command, "command");
    }
}
