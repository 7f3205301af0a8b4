package io.skein.topology.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skein.core.id.ExecutionId;
import io.skein.core.state.PublicState;
import io.skein.core.timer.DueTimer;
import io.skein.core.timer.ExecutionView;
import io.skein.core.timer.TimerKind;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a command's lane-grant top-up reads instead of SQL: the waiting queue in claim order and the open window. */
class LaneGrantIndexTest {

    private final LaneGrantIndex index = new LaneGrantIndex();

    @Test
    void claimableExecutionsWaitInClaimOrderPerPartitionAndLane() {
        ExecutionView old = ready(3, "a", 0, 100);
        ExecutionView urgent = ready(3, "a", 5, 200);
        ExecutionView young = ready(3, "a", 0, 300);
        index.add(young);
        index.add(old);
        index.add(urgent);
        index.add(ready(4, "a", 9, 1)); // another partition
        index.add(ready(3, "b", 9, 1)); // another lane

        assertEquals(List.of(urgent.executionId(), old.executionId(), young.executionId()), index.waiting(3, "a", 10));
        assertEquals(List.of(urgent.executionId(), old.executionId()), index.waiting(3, "a", 2));
        assertEquals(0, index.granted(3, "a"));
    }

    @Test
    void aGrantMovesAnExecutionFromTheQueueIntoTheWindowAndAClaimTakesItOut() {
        ExecutionView waiting = ready(1, "a", 0, 100);
        index.add(waiting);

        // the top-up granted it: the cache replaces its view
        ExecutionView granted = waiting.withSoleGrantExpiring(5_000);
        index.remove(waiting);
        index.add(granted);
        assertEquals(List.of(), index.waiting(1, "a", 10));
        assertEquals(1, index.granted(1, "a"));

        // a claim consumed the grant: no longer claimable, in neither
        index.remove(granted);
        index.add(new ExecutionView(waiting.executionId(), "a", 0, 100, PublicState.ACTIVE, false, 2,
                List.of(new DueTimer(TimerKind.LEASE_EXPIRY, 9_000, null))));
        assertEquals(List.of(), index.waiting(1, "a", 10));
        assertEquals(0, index.granted(1, "a"));
    }

    @Test
    void executionsThatCannotBeClaimedAreNotIndexedAndAClearEmptiesIt() {
        index.add(new ExecutionView(ExecutionId.of(1, UUID.randomUUID()), "a", 0, 1, PublicState.DELAYED, false, 1,
                List.of(new DueTimer(TimerKind.DELAYED_PROMOTION, 500, null))));
        assertEquals(List.of(), index.waiting(1, "a", 10));

        index.add(ready(1, "a", 0, 1));
        index.add(ready(1, "a", 0, 2).withSoleGrantExpiring(5_000));
        index.clear();
        assertEquals(List.of(), index.waiting(1, "a", 10));
        assertEquals(0, index.granted(1, "a"));
    }

    private static ExecutionView ready(int partition, String lane, int priority, long createdAtMs) {
        return new ExecutionView(ExecutionId.of(partition, UUID.randomUUID()), lane, priority, createdAtMs,
                PublicState.WAITING, true, 1, List.of());
    }
}
