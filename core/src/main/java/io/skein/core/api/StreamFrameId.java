package io.skein.core.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.skein.core.error.EngineError;

/**
 * A stream entry id {@code "<ms>-<seq>"} (spec 04 §3.1, 05 §2): milliseconds and a sequence within them, both
 * non-negative; ids order by (ms, seq).
 */
public record StreamFrameId(long ms, long seq) implements Comparable<StreamFrameId> {

    /** The smallest id, {@code 0-0}. */
    public static final StreamFrameId MIN = new StreamFrameId(0, 0);

    /** The largest id. */
    public static final StreamFrameId MAX = new StreamFrameId(Long.MAX_VALUE, Long.MAX_VALUE);

    public StreamFrameId {
        if (ms < 0 || seq < 0) {
            throw EngineError.invalidInput("stream_frame_id: ms and seq must be >= 0");
        }
    }

    /** Parses exactly {@code <ms>-<seq>} in decimal digits; anything else is {@code InvalidInput("invalid_cursor")}. */
    @JsonCreator
    public static StreamFrameId parse(String text) {
        int dash = text == null ? -1 : text.indexOf('-');
        if (dash < 0) {
            throw EngineError.invalidInput(StreamCursor.INVALID_CURSOR);
        }
        return new StreamFrameId(decimal(text.substring(0, dash)),
                decimal(text.substring(dash + 1)));
    }

    @JsonValue
    @Override
    public String toString() {
        return ms + "-" + seq;
    }

    @Override
    public int compareTo(StreamFrameId other) {
        int c = Long.compare(ms, other.ms);
        return c != 0 ? c : Long.compare(seq, other.seq);
    }

    /** A non-empty run of ASCII digits that fits a {@code long}; else {@code InvalidInput("invalid_cursor")}. */
    static long decimal(String digits) {
        if (digits.isEmpty()) {
            throw EngineError.invalidInput(StreamCursor.INVALID_CURSOR);
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw EngineError.invalidInput(StreamCursor.INVALID_CURSOR);
            }
            if (value > (Long.MAX_VALUE - (c - '0')) / 10) {
                throw EngineError.invalidInput(StreamCursor.INVALID_CURSOR);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
