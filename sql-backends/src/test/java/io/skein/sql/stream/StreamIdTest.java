package io.skein.sql.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.error.EngineException;
import io.skein.core.error.ValidationKind;
import io.skein.core.error.EngineError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Spec 05 §2: ids "<ms>-<seq>", strictly increasing per stream even when the clock steps back. */
class StreamIdTest {

    @Test
    void givenSeveralAppendsInOneMillisecond_whenMinted_thenSeqCountsUpAndResetsOnTheNextMillisecond() {
        StreamId a = StreamIdGenerator.next(1000, null);
        StreamId b = StreamIdGenerator.next(1000, a);
        StreamId c = StreamIdGenerator.next(1000, b);
        StreamId d = StreamIdGenerator.next(1001, c);

        assertEquals(List.of("1000-0", "1000-1", "1000-2", "1001-0"),
                List.of(a.toString(), b.toString(), c.toString(), d.toString()));
    }

    @Test
    void givenTheClockStepsBack_whenMinted_thenIdsStillIncreaseOnTheLastMillisecond() {
        StreamId last = new StreamId(5000, 3);

        StreamId next = StreamIdGenerator.next(4000, last);

        assertEquals(new StreamId(5000, 4), next);
        assertTrue(next.compareTo(last) > 0);
    }

    @Test
    void givenAnArbitraryClock_whenManyIdsAreMinted_thenEachIsGreaterThanTheOneBefore() {
        long[] clock = {10, 10, 9, 12, 12, 12, 3, 13, 13};
        List<StreamId> ids = new ArrayList<>();
        StreamId last = null;
        for (long now : clock) {
            last = StreamIdGenerator.next(now, last);
            ids.add(last);
        }
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i).compareTo(ids.get(i - 1)) > 0, ids.toString());
        }
    }

    @Test
    void givenItsText_whenParsed_thenTheSameIdComesBack() {
        assertEquals(new StreamId(1700000000123L, 42), StreamId.parse("1700000000123-42"));
        assertEquals("1700000000123-42", StreamId.parse("1700000000123-42").toString());
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "-", "12", "12-", "-3", "a-1", "1-b", "1-2-3", " 1-2", "+1-2", "99999999999999999999-0"})
    void givenMalformedText_whenParsed_thenInvalidInputNamingStreamId(String text) {
        EngineException e = assertThrows(EngineException.class, () -> StreamId.parse(text));

        EngineError.Validation v = (EngineError.Validation) e.error();
        assertEquals(ValidationKind.INVALID_INPUT, v.kind());
        assertTrue(v.detail().startsWith("stream id:"), v.detail());
    }
}
