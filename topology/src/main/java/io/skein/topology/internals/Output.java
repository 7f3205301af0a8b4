package io.skein.topology.internals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One record a command produced besides its reply: a lifecycle event for {@code ff.events} or a grant for a lane's
 * dispatch topic ({@code lane} set). Logged with the command so a replay re-emits it unchanged (spec 05 §7).
 */
public record Output(Sink sink, String lane, String key, JsonNode value) {

    public enum Sink { EVENTS, DISPATCH }

    public Output {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if ((sink == Sink.DISPATCH) != (lane != null)) {
            throw new IllegalArgumentException("a dispatch output names its lane, an event names none");
        }
    }
}
