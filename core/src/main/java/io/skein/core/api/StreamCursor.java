package io.skein.core.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.skein.core.error.EngineError;

/**
 * A position in a stream (spec 04 §3.5): {@code start}, {@code end}, {@code <ms>} or {@code <ms>-<seq>}. JSON and
 * query strings carry the text form. A bare {@code <ms>} is {@code <ms>-0} as a lower bound and {@code <ms>-<max>} as
 * an upper bound; {@code Start} is always the minimum and {@code End} the maximum.
 */
public sealed interface StreamCursor permits StreamCursor.Start, StreamCursor.End, StreamCursor.At {

    /** The {@code InvalidInput} detail of every malformed cursor. */
    String INVALID_CURSOR = "invalid_cursor";

    /** The text form, which {@link #parse} reads back. */
    @JsonValue
    String text();

    /** The smallest id this cursor admits when it opens a range. */
    StreamFrameId lowerBound();

    /** The largest id this cursor admits when it closes a range. */
    StreamFrameId upperBound();

    /** The beginning of the stream. */
    record Start() implements StreamCursor {
        @Override public String text() { return "start"; }
        @Override public StreamFrameId lowerBound() { return StreamFrameId.MIN; }
        @Override public StreamFrameId upperBound() { return StreamFrameId.MIN; }
    }

    /** The end of the stream. */
    record End() implements StreamCursor {
        @Override public String text() { return "end"; }
        @Override public StreamFrameId lowerBound() { return StreamFrameId.MAX; }
        @Override public StreamFrameId upperBound() { return StreamFrameId.MAX; }
    }

    /** A concrete position; {@code seq} is null when the text gave only milliseconds. */
    record At(long ms, Long seq) implements StreamCursor {
        public At {
            if (ms < 0 || (seq != null && seq < 0)) {
                throw EngineError.invalidInput(INVALID_CURSOR);
            }
        }

        /** The cursor naming exactly {@code id}. */
        public static At of(StreamFrameId id) {
            return new At(id.ms(), id.seq());
        }

        @Override public String text() { return seq == null ? Long.toString(ms) : ms + "-" + seq; }
        @Override public StreamFrameId lowerBound() { return new StreamFrameId(ms, seq == null ? 0 : seq); }
        @Override public StreamFrameId upperBound() {
            return new StreamFrameId(ms, seq == null ? Long.MAX_VALUE : seq);
        }
    }

    /**
     * Parses the text form: {@code start}, {@code end}, {@code <ms>} or {@code <ms>-<seq>} with decimal digits only.
     * Empty text, {@code -}, {@code +}, signs, spaces, a value beyond a signed 64-bit integer, or anything else is
     * {@code Validation(InvalidInput, "invalid_cursor")}.
     */
    @JsonCreator
    static StreamCursor parse(String text) {
        if (text == null) {
            throw EngineError.invalidInput(INVALID_CURSOR);
        }
        if (text.equals("start")) {
            return new Start();
        }
        if (text.equals("end")) {
            return new End();
        }
        int dash = text.indexOf('-');
        if (dash < 0) {
            return new At(StreamFrameId.decimal(text), null);
        }
        long ms = StreamFrameId.decimal(text.substring(0, dash));
        return new At(ms, StreamFrameId.decimal(text.substring(dash + 1)));
    }
}
