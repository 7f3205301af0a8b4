package io.skein.core.api;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A stored frame as readers get it (spec 04 §3.1): its id and the stored fields as they are, plus {@code mode}.
 */
public record StreamFrame(StreamFrameId id, SortedMap<String, String> fields) {

    public StreamFrame {
        Objects.requireNonNull(id, "id");
        fields = Collections.unmodifiableSortedMap(new TreeMap<>(fields == null ? new TreeMap<>() : fields));
    }

    /** The frame's mode ({@code mode} field; absent means {@code durable}). */
    public StreamModeKind modeKind() {
        return StreamModeKind.parse(fields.get("mode"));
    }
}
