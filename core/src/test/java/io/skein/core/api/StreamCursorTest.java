package io.skein.core.api;

import static io.skein.core.api.ApiAssertions.assertInvalidInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.wire.SkeinJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamCursorTest {

    @Test
    void startAndEndAreTheExtremesWhicheverSideOfTheRangeTheyBound() {
        StreamCursor start = StreamCursor.parse("start");
        StreamCursor end = StreamCursor.parse("end");

        assertInstanceOf(StreamCursor.Start.class, start);
        assertInstanceOf(StreamCursor.End.class, end);
        assertEquals(StreamFrameId.MIN, start.lowerBound());
        assertEquals(StreamFrameId.MIN, start.upperBound());
        assertEquals(StreamFrameId.MAX, end.lowerBound());
        assertEquals(StreamFrameId.MAX, end.upperBound());
    }

    @Test
    void bareMillisecondsOpenAtSequenceZeroAndCloseAtTheLargestSequence() {
        StreamCursor cursor = StreamCursor.parse("1700000000000");

        assertEquals(new StreamCursor.At(1_700_000_000_000L, null), cursor);
        assertEquals(new StreamFrameId(1_700_000_000_000L, 0), cursor.lowerBound());
        assertEquals(new StreamFrameId(1_700_000_000_000L, Long.MAX_VALUE), cursor.upperBound());
        assertEquals("1700000000000", cursor.text());
    }

    @Test
    void millisecondsWithSequenceNameExactlyOneIdOnBothSides() {
        StreamCursor cursor = StreamCursor.parse("1700000000000-7");

        assertEquals(new StreamFrameId(1_700_000_000_000L, 7), cursor.lowerBound());
        assertEquals(new StreamFrameId(1_700_000_000_000L, 7), cursor.upperBound());
        assertEquals("1700000000000-7", cursor.text());
    }

    @Test
    void zeroZeroIsTheBeginningOfTheStream() {
        assertEquals(StreamFrameId.MIN, StreamCursor.parse("0-0").lowerBound());
        assertEquals(StreamFrameId.MIN, StreamCursor.parse("0").lowerBound());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+", "-5", "+5", "5-", "-0", "5--1", "5-+1", "5-1-2", " 5", "5 ", "5 -1", "5- 1",
        "Start", "END", "begin", "1.5", "1e3", "0x10", "abc", "5-a", "\u0661\u0662", "9223372036854775808",
        "1-9223372036854775808", "5\n"})
    void anythingButStartEndOrDecimalDigitsIsAnInvalidCursor(String text) {
        assertInvalidInput("invalid_cursor", () -> StreamCursor.parse(text));
    }

    @Test
    void nullIsAnInvalidCursor() {
        assertInvalidInput("invalid_cursor", () -> StreamCursor.parse(null));
    }

    @Test
    void frameIdsOrderByMillisecondsThenSequenceAndPrintAsMsDashSeq() {
        List<StreamFrameId> ids = new ArrayList<>(List.of(StreamFrameId.parse("10-2"), StreamFrameId.parse("9-99"),
                StreamFrameId.parse("10-10")));
        ids.sort(null);

        assertEquals(List.of("9-99", "10-2", "10-10"), ids.stream().map(StreamFrameId::toString).toList());
        assertTrue(StreamFrameId.MIN.compareTo(StreamFrameId.MAX) < 0);
        assertInvalidInput("invalid_cursor", () -> StreamFrameId.parse("10"));
    }

    @Test
    void cursorsTravelInJsonAsTheirTextForm() throws Exception {
        assertEquals("\"12-3\"", SkeinJson.strict().writeValueAsString(StreamCursor.parse("12-3")));
        assertEquals("\"start\"", SkeinJson.strict().writeValueAsString(new StreamCursor.Start()));
        assertEquals(new StreamCursor.At(12, null), SkeinJson.strict().readValue("\"12\"", StreamCursor.class));
        assertEquals(new StreamCursor.End(), SkeinJson.strict().readValue("\"end\"", StreamCursor.class));
    }

    @Test
    void tailNeedsAConcreteCursorAndReadLimitsAreBounded() {
        assertEquals(new StreamFrameId(5, 0), StreamRequests.checkTailCursor(StreamCursor.parse("5")));
        assertInvalidInput("after: a tail needs a concrete <ms>-<seq> cursor",
                () -> StreamRequests.checkTailCursor(new StreamCursor.Start()));
        assertInvalidInput("after: a tail needs a concrete <ms>-<seq> cursor",
                () -> StreamRequests.checkTailCursor(new StreamCursor.End()));
        assertEquals(10_000, StreamRequests.checkCountLimit(10_000));
        assertInvalidInput("count_limit: must be 1-10000", () -> StreamRequests.checkCountLimit(0));
        assertInvalidInput("count_limit: must be 1-10000", () -> StreamRequests.checkCountLimit(10_001));
        assertEquals(0, StreamRequests.checkBlockMs(0));
        assertInvalidInput("block_ms: must be 0-30000", () -> StreamRequests.checkBlockMs(30_001));
        assertInvalidInput("block_ms: must be 0-30000", () -> StreamRequests.checkBlockMs(-1));
    }
}
