package io.skein.stores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.id.ExecutionId;
import io.skein.core.state.PublicState;
import io.skein.core.timer.DueTimer;
import io.skein.core.timer.ExecutionView;
import io.skein.core.timer.TimerKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The execution cache on a real RocksDB store: what it keeps, what a replace hands back, what it forgets. */
class ExecutionCacheStoreTest {

    private KeyValueStore<Bytes, byte[]> raw;
    private ExecutionCacheStore cache;

    @BeforeEach
    void openStore(@TempDir Path dir) {
        raw = RocksStores.open(ExecutionCacheStore.builder(), dir);
        cache = new ExecutionCacheStore(raw);
    }

    @AfterEach
    void closeStore() {
        raw.close();
    }

    private static final ExecutionId ID = ExecutionId.of(11, UUID.randomUUID());

    @Test
    void a_replaced_view_comes_back_whole_with_every_timer() {
        // given
        ExecutionView waiting = new ExecutionView(ID, "default", -2, 1_700_000_000_000L, PublicState.WAITING, true, 3,
                List.of(new DueTimer(TimerKind.EXECUTION_DEADLINE, 9_000, null)));
        ExecutionView active = new ExecutionView(ID, "default", -2, 1_700_000_000_000L, PublicState.ACTIVE, false, 4,
                List.of(new DueTimer(TimerKind.LEASE_EXPIRY, 5_000, null),
                        new DueTimer(TimerKind.PENDING_WAITPOINT_EXPIRY, 6_000, UUID.randomUUID().toString()),
                        new DueTimer(TimerKind.EXECUTION_DEADLINE, 9_000, null)));

        // when
        Optional<ExecutionView> first = cache.replace(ID, Optional.of(waiting));
        Optional<ExecutionView> second = cache.replace(ID, Optional.of(active));

        // then
        assertTrue(first.isEmpty());
        assertEquals(Optional.of(waiting), second);
        assertEquals(Optional.of(active), cache.get(ID));
        assertEquals(1, ExecutionCacheStore.size(raw));
    }

    @Test
    void a_terminal_execution_without_timers_is_forgotten() {
        // given
        cache.replace(ID, Optional.of(new ExecutionView(ID, "default", 0, 1, PublicState.ACTIVE, false, 1,
                List.of(new DueTimer(TimerKind.LEASE_EXPIRY, 5, null)))));

        // when
        Optional<ExecutionView> before = cache.replace(ID, Optional.of(new ExecutionView(ID, "default", 0, 1,
                PublicState.COMPLETED, false, 2, List.of())));

        // then
        assertTrue(before.isPresent());
        assertTrue(cache.get(ID).isEmpty());
        assertEquals(0, ExecutionCacheStore.size(raw));
    }
}
