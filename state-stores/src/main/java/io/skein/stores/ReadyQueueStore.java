package io.skein.stores;

import io.skein.core.id.ExecutionId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * A task's per-lane ready queues (ARCHITECTURE "Scheduling and claims"): the runnable executions eligible now of the
 * task's flow partitions, keyed so RocksDB iterates each lane in the order claims take them — priority high to low,
 * then oldest first, then execution id. Key {@code lane 0x00 priority↓ created_at↑ uuid} → the execution id.
 *
 * <p>Derived from SQL: the topology writes it from the {@link ExecutionCacheStore}'s changes and rebuilds it when a
 * task starts. Interactive queries read it through the static methods.
 */
public final class ReadyQueueStore {

    /** The store's name in the topology (and for interactive queries). */
    public static final String STORE = "ff-ready-queue";

    /** One queued execution. */
    public record Entry(ExecutionId executionId, String laneId, int priority, long createdAtMs) {
        public Entry {
            Objects.requireNonNull(executionId, "executionId");
            Objects.requireNonNull(laneId, "laneId");
        }
    }

    private final KeyValueStore<Bytes, byte[]> store;

    public ReadyQueueStore(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /** A persistent RocksDB store without a changelog (rebuilt from SQL). */
    public static StoreBuilder<KeyValueStore<Bytes, byte[]>> builder() {
        return StoreKeys.derivedStore(STORE);
    }

    public void put(Entry entry) {
        store.put(key(entry), StoreKeys.utf8(entry.executionId().toString()));
    }

    public void remove(Entry entry) {
        store.delete(key(entry));
    }

    /** Empties every queue. */
    public void clear() {
        StoreKeys.clear(store);
    }

    /** How many executions {@code lane}'s queue holds in {@code store}. */
    public static long depth(ReadOnlyKeyValueStore<Bytes, byte[]> store, String lane) {
        long n = 0;
        try (KeyValueIterator<Bytes, byte[]> it = store.prefixScan(lanePrefix(lane), StoreKeys.PREFIX)) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    /** Every lane of {@code store} with its depth. */
    public static Map<String, Long> depths(ReadOnlyKeyValueStore<Bytes, byte[]> store) {
        Map<String, Long> depths = new TreeMap<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                depths.merge(decode(it.next()).laneId(), 1L, Long::sum);
            }
        }
        return depths;
    }

    /** The first {@code limit} entries of {@code lane}'s queue in {@code store}, in claim order. */
    public static List<Entry> head(ReadOnlyKeyValueStore<Bytes, byte[]> store, String lane, int limit) {
        List<Entry> out = new ArrayList<>();
        for (KeyValue<Bytes, byte[]> kv : StoreKeys.scan(store, lanePrefix(lane), limit)) {
            out.add(decode(kv));
        }
        return out;
    }

    /** Claim order across queues: priority high to low, then oldest first, then execution id. */
    public static int claimOrder(Entry a, Entry b) {
        int c = Integer.compare(b.priority(), a.priority());
        if (c == 0) {
            c = Long.compare(a.createdAtMs(), b.createdAtMs());
        }
        if (c == 0) {
            c = java.util.Arrays.compareUnsigned(StoreKeys.uuidBytes(a.executionId()),
                    StoreKeys.uuidBytes(b.executionId()));
        }
        return c;
    }

    // ------------------------------------------------------------------------------------------------- encoding

    private static Bytes lanePrefix(String lane) {
        byte[] text = StoreKeys.utf8(lane);
        return Bytes.wrap(ByteBuffer.allocate(1 + text.length).put(text).put((byte) 0).array());
    }

    private static Bytes key(Entry e) {
        byte[] lane = lanePrefix(e.laneId()).get();
        ByteBuffer b = ByteBuffer.allocate(lane.length + 4 + 8 + 16).put(lane)
                // bytes compare unsigned: flip the sign bit for order, and invert priority so high comes first
                .putInt(~(e.priority() ^ Integer.MIN_VALUE));
        return Bytes.wrap(StoreKeys.putOrderedLong(b, e.createdAtMs()).put(StoreKeys.uuidBytes(e.executionId()))
                .array());
    }

    private static Entry decode(KeyValue<Bytes, byte[]> kv) {
        byte[] key = kv.key.get();
        int zero = 0;
        while (key[zero] != 0) {
            zero++;
        }
        String lane = StoreKeys.utf8(key, 0, zero);
        ByteBuffer rest = ByteBuffer.wrap(key, zero + 1, key.length - zero - 1);
        int priority = ~rest.getInt() ^ Integer.MIN_VALUE;
        long createdAt = StoreKeys.getOrderedLong(rest);
        return new Entry(ExecutionId.parse(StoreKeys.utf8(kv.value, 0, kv.value.length)), lane, priority, createdAt);
    }
}
