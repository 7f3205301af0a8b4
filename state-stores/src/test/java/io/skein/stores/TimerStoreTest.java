package io.skein.stores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.id.ExecutionId;
import io.skein.core.timer.DueTimer;
import io.skein.core.timer.TimerKind;
import io.skein.stores.TimerStore.Armed;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timer wheel on a real RocksDB store: what is due, soonest first, and what each entry fires with. */
class TimerStoreTest {

    private KeyValueStore<Bytes, byte[]> raw;
    private TimerStore wheel;

    @BeforeEach
    void openStore(@TempDir Path dir) {
        raw = RocksStores.open(TimerStore.builder(), dir);
        wheel = new TimerStore(raw);
    }

    @AfterEach
    void closeStore() {
        raw.close();
    }

    private static Armed armed(TimerKind kind, long due, String detail, long version) {
        return new Armed(ExecutionId.of(3, UUID.randomUUID()), new DueTimer(kind, due, detail), version);
    }

    @Test
    void due_timers_come_soonest_first_and_stop_at_now() {
        // given: one in the past before the epoch (a fixture's clock), several due, one in the future
        Armed early = armed(TimerKind.RECLAIM, -5, null, 1);
        Armed lease = armed(TimerKind.LEASE_EXPIRY, 1_000, null, 7);
        Armed waitpoint = armed(TimerKind.PENDING_WAITPOINT_EXPIRY, 1_500, UUID.randomUUID().toString(), 2);
        Armed later = armed(TimerKind.DELAYED_PROMOTION, 5_000, null, 3);
        for (Armed a : List.of(later, waitpoint, lease, early)) {
            wheel.put(a);
        }

        // when
        List<Armed> due = wheel.due(2_000, 100);

        // then: each entry carries its execution, kind, due time, detail and armed version back
        assertEquals(List.of(early, lease, waitpoint), due);
        assertEquals(List.of(early), wheel.due(2_000, 1), "the limit bounds one pass");
        assertEquals(Map.of(TimerKind.RECLAIM, 1L, TimerKind.LEASE_EXPIRY, 1L, TimerKind.PENDING_WAITPOINT_EXPIRY, 1L),
                TimerStore.dueCounts(raw, 2_000));
        assertEquals(later, TimerStore.due(raw, Long.MAX_VALUE, 10).get(3));
    }

    @Test
    void a_removed_timer_no_longer_fires_and_others_of_the_execution_stay() {
        // given: two timers of one execution
        Armed lease = armed(TimerKind.LEASE_EXPIRY, 1_000, null, 4);
        Armed deadline = new Armed(lease.executionId(), new DueTimer(TimerKind.EXECUTION_DEADLINE, 1_000, null), 4);
        wheel.put(lease);
        wheel.put(deadline);

        // when
        wheel.remove(lease.executionId(), lease.timer());

        // then
        assertEquals(List.of(deadline), wheel.due(1_000, 10));
        wheel.clear();
        assertTrue(TimerStore.next(raw).isEmpty());
    }
}
