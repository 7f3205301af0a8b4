package io.skein.core.wire;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Topic names under a configurable prefix (default {@code ff.}; spec 07). A lane's dispatch topic escapes every
 * byte outside {@code [A-Za-z0-9-]} as {@code .} plus two lowercase hex digits: injective, always a legal topic
 * name, and never colliding under Kafka's {@code .}/{@code _} equivalence (spec 05 §7).
 */
public record TopicNames(String prefix) {

    public static final TopicNames DEFAULT = new TopicNames("ff.");

    public TopicNames {
        Objects.requireNonNull(prefix, "prefix");
    }

    public String commands() {
        return prefix + "commands";
    }

    public String replies() {
        return prefix + "replies";
    }

    public String events() {
        return prefix + "events";
    }

    public String deadLetters() {
        return prefix + "commands.dlq";
    }

    public String dispatch(String laneId) {
        return prefix + "dispatch." + escapeLane(laneId);
    }

    static String escapeLane(String laneId) {
        StringBuilder out = new StringBuilder();
        for (byte b : laneId.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            boolean plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            if (plain) {
                out.append((char) c);
            } else {
                out.append('.').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
            }
        }
        return out.toString();
    }
}
