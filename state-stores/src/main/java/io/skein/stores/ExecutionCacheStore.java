package io.skein.stores;

import io.skein.core.id.ExecutionId;
import io.skein.core.state.PublicState;
import io.skein.core.timer.DueTimer;
import io.skein.core.timer.ExecutionView;
import io.skein.core.timer.TimerKind;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * A task's execution cache: execution id → the {@link ExecutionView} its stores were last written from (lane,
 * priority and age, public state, whether it is queued, its timers and the version they are armed at). It holds the
 * live executions of the task's partitions, not terminal ones. Writing a new view through {@link #replace} tells what
 * to take out of the ready queues and the timer wheel, so the three stores change together.
 *
 * <p>Derived from SQL, rebuilt when a task starts, like the stores it indexes.
 */
public final class ExecutionCacheStore {

    /** The store's name in the topology (and for interactive queries). */
    public static final String STORE = "ff-executions";

    private static final byte FORMAT = 1;

    private final KeyValueStore<Bytes, byte[]> store;

    public ExecutionCacheStore(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /** A persistent RocksDB store without a changelog (rebuilt from SQL). */
    public static StoreBuilder<KeyValueStore<Bytes, byte[]>> builder() {
        return StoreKeys.derivedStore(STORE);
    }

    public Optional<ExecutionView> get(ExecutionId id) {
        return get(store, id);
    }

    /** {@link #get} on any view of the store (an interactive query). */
    public static Optional<ExecutionView> get(ReadOnlyKeyValueStore<Bytes, byte[]> store, ExecutionId id) {
        byte[] value = store.get(key(id));
        return value == null ? Optional.empty() : Optional.of(decode(id, value));
    }

    /** Stores {@code view} (or forgets the execution when it is not live) and returns what it replaced. */
    public Optional<ExecutionView> replace(ExecutionId id, Optional<ExecutionView> view) {
        Bytes key = key(id);
        byte[] old = store.get(key);
        if (view.isPresent() && view.get().live()) {
            store.put(key, encode(view.get()));
        } else if (old != null) {
            store.delete(key);
        }
        return old == null ? Optional.empty() : Optional.of(decode(id, old));
    }

    /** Forgets every execution. */
    public void clear() {
        StoreKeys.clear(store);
    }

    /** How many executions {@code store} holds. */
    public static long size(ReadOnlyKeyValueStore<Bytes, byte[]> store) {
        long n = 0;
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    /** Every cached view in {@code store}, in key order, at most {@code limit}. */
    public static List<ExecutionView> all(ReadOnlyKeyValueStore<Bytes, byte[]> store, int limit) {
        List<ExecutionView> out = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext() && out.size() < limit) {
                KeyValue<Bytes, byte[]> kv = it.next();
                out.add(decode(ExecutionId.parse(StoreKeys.utf8(kv.key.get(), 0, kv.key.get().length)), kv.value));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------- encoding

    private static Bytes key(ExecutionId id) {
        return Bytes.wrap(StoreKeys.utf8(id.toString()));
    }

    static byte[] encode(ExecutionView v) {
        byte[] lane = v.laneId() == null ? null : StoreKeys.utf8(v.laneId());
        List<byte[]> details = new ArrayList<>();
        int size = 1 + 4 + (lane == null ? 0 : lane.length) + 4 + 8 + 1 + 1 + 8 + 2;
        for (DueTimer t : v.timers()) {
            byte[] d = t.detail() == null ? null : StoreKeys.utf8(t.detail());
            details.add(d);
            size += 1 + 8 + 4 + (d == null ? 0 : d.length);
        }
        ByteBuffer b = ByteBuffer.allocate(size).put(FORMAT);
        putBytes(b, lane);
        b.putInt(v.priority()).putLong(v.createdAtMs()).put((byte) v.publicState().ordinal())
                .put((byte) (v.ready() ? 1 : 0)).putLong(v.stateVersion()).putShort((short) v.timers().size());
        for (int i = 0; i < v.timers().size(); i++) {
            DueTimer t = v.timers().get(i);
            b.put(t.kind().code()).putLong(t.dueAtMs());
            putBytes(b, details.get(i));
        }
        return b.array();
    }

    static ExecutionView decode(ExecutionId id, byte[] value) {
        ByteBuffer b = ByteBuffer.wrap(value);
        byte format = b.get();
        if (format != FORMAT) {
            throw new IllegalStateException("execution cache entry of unknown format " + format);
        }
        String lane = getString(b);
        int priority = b.getInt();
        long createdAt = b.getLong();
        PublicState state = PublicState.values()[b.get()];
        boolean ready = b.get() == 1;
        long version = b.getLong();
        int n = b.getShort();
        List<DueTimer> timers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            TimerKind kind = TimerKind.ofCode(b.get());
            long due = b.getLong();
            timers.add(new DueTimer(kind, due, getString(b)));
        }
        return new ExecutionView(id, lane, priority, createdAt, state, ready, version, timers);
    }

    private static void putBytes(ByteBuffer b, byte[] bytes) {
        if (bytes == null) {
            b.putInt(-1);
        } else {
            b.putInt(bytes.length).put(bytes);
        }
    }

    private static String getString(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0) {
            return null;
        }
        byte[] bytes = new byte[n];
        b.get(bytes);
        return StoreKeys.utf8(bytes, 0, n);
    }
}
