package io.skein.stores;

import io.skein.core.id.ExecutionId;
import io.skein.core.timer.DueTimer;
import io.skein.core.timer.TimerKind;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * A task's timer wheel (spec 05 §4 "Kafka mode"): every pending timer of its executions, keyed by due time so
 * RocksDB iterates them soonest first. Key {@code due↑ kind execution_id 0x00 detail} → the {@code state_version}
 * the timer was armed at. A wall-clock punctuator takes the due entries and fires each as an internal command; a
 * timer whose armed version no longer holds does nothing, so a late or repeated one is harmless.
 *
 * <p>Derived from SQL like the ready queues: written from the {@link ExecutionCacheStore}'s changes, rebuilt when a
 * task starts.
 */
public final class TimerStore {

    /** The store's name in the topology (and for interactive queries). */
    public static final String STORE = "ff-timers";

    /** A timer of an execution as armed: what fires when it is due. */
    public record Armed(ExecutionId executionId, DueTimer timer, long stateVersion) {}

    private final KeyValueStore<Bytes, byte[]> store;

    public TimerStore(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /** A persistent RocksDB store without a changelog (rebuilt from SQL). */
    public static StoreBuilder<KeyValueStore<Bytes, byte[]>> builder() {
        return StoreKeys.derivedStore(STORE);
    }

    public void put(Armed armed) {
        store.put(key(armed.executionId(), armed.timer()),
                ByteBuffer.allocate(Long.BYTES).putLong(armed.stateVersion()).array());
    }

    public void remove(ExecutionId executionId, DueTimer timer) {
        store.delete(key(executionId, timer));
    }

    /** Empties the wheel. */
    public void clear() {
        StoreKeys.clear(store);
    }

    /** The timers due at {@code nowMs} (due time at or before it), soonest first, at most {@code limit}. */
    public List<Armed> due(long nowMs, int limit) {
        return due(store, nowMs, limit);
    }

    /** {@link #due} on any view of the store (an interactive query). */
    public static List<Armed> due(ReadOnlyKeyValueStore<Bytes, byte[]> store, long nowMs, int limit) {
        List<Armed> out = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext() && out.size() < limit) {
                Armed a = decode(it.next());
                if (a.timer().dueAtMs() > nowMs) {
                    break;
                }
                out.add(a);
            }
        }
        return out;
    }

    /** How many timers of each kind are due at {@code nowMs} in {@code store}. */
    public static Map<TimerKind, Long> dueCounts(ReadOnlyKeyValueStore<Bytes, byte[]> store, long nowMs) {
        Map<TimerKind, Long> counts = new EnumMap<>(TimerKind.class);
        for (Armed a : due(store, nowMs, Integer.MAX_VALUE)) {
            counts.merge(a.timer().kind(), 1L, Long::sum);
        }
        return counts;
    }

    /** The soonest timer in {@code store}, if any. */
    public static java.util.Optional<Armed> next(ReadOnlyKeyValueStore<Bytes, byte[]> store) {
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            return it.hasNext() ? java.util.Optional.of(decode(it.next())) : java.util.Optional.empty();
        }
    }

    // ------------------------------------------------------------------------------------------------- encoding

    private static Bytes key(ExecutionId id, DueTimer t) {
        byte[] exec = StoreKeys.utf8(id.toString());
        byte[] detail = t.detail() == null ? new byte[0] : StoreKeys.utf8(t.detail());
        ByteBuffer b = ByteBuffer.allocate(8 + 1 + exec.length + 1 + detail.length);
        StoreKeys.putOrderedLong(b, t.dueAtMs()).put(t.kind().code()).put(exec).put((byte) 0).put(detail);
        return Bytes.wrap(b.array());
    }

    private static Armed decode(KeyValue<Bytes, byte[]> kv) {
        byte[] key = kv.key.get();
        ByteBuffer b = ByteBuffer.wrap(key);
        long due = StoreKeys.getOrderedLong(b);
        TimerKind kind = TimerKind.ofCode(b.get());
        int start = b.position();
        int zero = start;
        while (key[zero] != 0) {
            zero++;
        }
        ExecutionId id = ExecutionId.parse(StoreKeys.utf8(key, start, zero - start));
        String detail = zero + 1 == key.length ? null : StoreKeys.utf8(key, zero + 1, key.length - zero - 1);
        return new Armed(id, new DueTimer(kind, due, detail), ByteBuffer.wrap(kv.value).getLong());
    }
}
