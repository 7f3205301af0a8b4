package io.skein.sql.stream;

import io.skein.core.error.EngineError;

/**
 * A frame id {@code "<ms>-<seq>"} (spec 05 §2), ordered by {@code ms} then {@code seq}.
 *
 * @param ms  the frame's {@code ts_ms}, ≥ 0
 * @param seq the frame's {@code seq} within that millisecond, ≥ 0
 */
public record StreamId(long ms, long seq) implements Comparable<StreamId> {

    public StreamId {
        if (ms < 0 || seq < 0) {
            throw EngineError.invalidInput("stream id: ms and seq must not be negative, got " + ms + "-" + seq);
        }
    }

    /**
     * Parses {@code "<ms>-<seq>"}: two unsigned decimal numbers joined by one dash.
     *
     * @throws io.skein.core.error.EngineException {@code Validation(InvalidInput)} naming the text otherwise
     */
    public static StreamId parse(String text) {
        int dash = text == null ? -1 : text.indexOf('-');
        if (dash <= 0 || dash == text.length() - 1 || !digits(text, 0, dash) || !digits(text, dash + 1, text.length())) {
            throw EngineError.invalidInput("stream id: expected <ms>-<seq> with decimal numbers, got '" + text + "'");
        }
        try {
            return new StreamId(Long.parseLong(text, 0, dash, 10), Long.parseLong(text, dash + 1, text.length(), 10));
        } catch (NumberFormatException e) {
            throw EngineError.invalidInput("stream id: number out of range in '" + text + "'");
        }
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public int compareTo(StreamId other) {
        int byMs = Long.compare(ms, other.ms);
        return byMs != 0 ? byMs : Long.compare(seq, other.seq);
    }

    @Override
    public String toString() {
        return ms + "-" + seq;
    }
}
