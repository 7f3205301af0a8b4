package io.skein.engine.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.StreamFrameId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec 05 §2: ids "<ms>-<seq>", strictly increasing per stream even when the clock steps back. */
class StreamIdGeneratorTest {

    @Test
    void givenSeveralAppendsInOneMillisecond_whenMinted_thenSeqCountsUpAndResetsOnTheNextMillisecond() {
        StreamFrameId a = StreamIdGenerator.next(1000, null);
        StreamFrameId b = StreamIdGenerator.next(1000, a);
        StreamFrameId c = StreamIdGenerator.next(1000, b);
        StreamFrameId d = StreamIdGenerator.next(1001, c);

        assertEquals(List.of("1000-0", "1000-1", "1000-2", "1001-0"),
                List.of(a.toString(), b.toString(), c.toString(), d.toString()));
    }

    @Test
    void givenTheClockStepsBack_whenMinted_thenIdsStillIncreaseOnTheLastMillisecond() {
        StreamFrameId last = new StreamFrameId(5000, 3);

        StreamFrameId next = StreamIdGenerator.next(4000, last);

        assertEquals(new StreamFrameId(5000, 4), next);
        assertTrue(next.compareTo(last) > 0);
    }

    @Test
    void givenAnArbitraryClock_whenManyIdsAreMinted_thenEachIsGreaterThanTheOneBefore() {
        long[] clock = {10, 10, 9, 12, 12, 12, 3, 13, 13};
        List<StreamFrameId> ids = new ArrayList<>();
        StreamFrameId last = null;
        for (long now : clock) {
            last = StreamIdGenerator.next(now, last);
            ids.add(last);
        }
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i).compareTo(ids.get(i - 1)) > 0, ids.toString());
        }
    }
}
