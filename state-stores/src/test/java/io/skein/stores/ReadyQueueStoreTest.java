package io.skein.stores;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skein.core.id.ExecutionId;
import io.skein.stores.ReadyQueueStore.Entry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ready queues on a real RocksDB store: the order claims take work in, as the topology and queries read it. */
class ReadyQueueStoreTest {

    private KeyValueStore<Bytes, byte[]> raw;
    private ReadyQueueStore queues;

    @BeforeEach
    void openStore(@TempDir Path dir) {
        raw = RocksStores.open(ReadyQueueStore.builder(), dir);
        queues = new ReadyQueueStore(raw);
    }

    @AfterEach
    void closeStore() {
        raw.close();
    }

    private static Entry entry(String lane, int priority, long createdAt) {
        return new Entry(ExecutionId.of(7, UUID.randomUUID()), lane, priority, createdAt);
    }

    @Test
    void the_head_lists_a_lane_in_claim_order_priority_then_age() {
        // given: priorities on both sides of zero, two of equal priority, and a lane whose name extends another's
        Entry old = entry("default", 5, 1_000);
        Entry young = entry("default", 5, 2_000);
        Entry urgent = entry("default", 9, 3_000);
        Entry negative = entry("default", -3, 10);
        Entry elsewhere = entry("defaults", 100, 1);
        for (Entry e : List.of(negative, young, elsewhere, old, urgent)) {
            queues.put(e);
        }

        // when
        List<Entry> head = ReadyQueueStore.head(raw, "default", 10);

        // then
        assertEquals(List.of(urgent, old, young, negative), head);
        assertEquals(List.of(urgent, old), ReadyQueueStore.head(raw, "default", 2));
        assertEquals(4, ReadyQueueStore.depth(raw, "default"));
        assertEquals(Map.of("default", 4L, "defaults", 1L), ReadyQueueStore.depths(raw));
    }

    @Test
    void equal_priority_and_age_fall_back_to_the_execution_id_as_claim_order_does() {
        // given
        List<Entry> twins = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            twins.add(entry("default", 0, 42));
        }
        twins.forEach(queues::put);

        // when
        List<Entry> head = ReadyQueueStore.head(raw, "default", 10);

        // then
        List<Entry> expected = new ArrayList<>(twins);
        expected.sort(ReadyQueueStore::claimOrder);
        assertEquals(expected, head);
    }

    @Test
    void removed_and_cleared_entries_leave_their_queue() {
        // given
        Entry a = entry("default", 1, 100);
        Entry b = entry("gpu", 1, 100);
        queues.put(a);
        queues.put(b);

        // when
        queues.remove(a);
        long defaultDepth = ReadyQueueStore.depth(raw, "default");
        queues.clear();

        // then
        assertEquals(0, defaultDepth);
        assertEquals(Map.of(), ReadyQueueStore.depths(raw));
    }
}
