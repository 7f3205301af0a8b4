package io.skein.core.command;

import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import java.util.Objects;
import java.util.Optional;

/**
 * A record on {@code ff.commands} that cannot be applied: not JSON, a required field missing, an unsupported
 * version, an unknown {@code type}, or args that do not decode (spec 07). The task sends it to
 * {@code ff.commands.dlq} with {@link #reason()}, answers {@link #replyTo()} with {@link #error()} when it could be
 * read, changes nothing, and moves on.
 */
public final class PoisonCommandException extends Exception {

    private final String reason;
    private final String replyTo;
    private final String commandId;
    private final transient EngineError error;

    public PoisonCommandException(String reason, String replyTo, String commandId) {
        this(reason, replyTo, commandId, null);
    }

    /**
     * {@code error} is the typed rejection an args record raised while binding; null means the generic
     * {@code Validation(InvalidInput, reason)}.
     */
    public PoisonCommandException(String reason, String replyTo, String commandId, EngineError error) {
        super(Objects.requireNonNull(reason, "reason"));
        this.reason = reason;
        this.replyTo = replyTo;
        this.commandId = commandId;
        this.error = error != null ? error : new EngineError.Validation(ValidationKind.INVALID_INPUT, reason);
    }

    /** Why the record was rejected; becomes the {@code ff-dlq-reason} header. */
    public String reason() {
        return reason;
    }

    /** The envelope's {@code reply_to}, when the value was a JSON object carrying a string there. */
    public Optional<String> replyTo() {
        return Optional.ofNullable(replyTo);
    }

    /** The envelope's {@code command_id}, when readable; the error reply is matched on it. */
    public Optional<String> commandId() {
        return Optional.ofNullable(commandId);
    }

    /** The error an error reply carries. */
    public EngineError error() {
        return error;
    }
}
