package io.skein.stores;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The task-local window of recently applied commands (ARCHITECTURE "The path of one command"): {@code command_id}
 * → the outcome the task produced (reply and output records, as bytes the topology encodes). It is a cache of
 * {@code ff_command_log}: a hit answers a repeated command without touching SQL, a miss falls through to SQL. Kept
 * in RocksDB with a changelog, so it follows the task to whichever instance owns the partition.
 */
public final class CommandDedupWindow {

    /** The store's name in the topology. */
    public static final String STORE = "ff-command-dedup";

    private final KeyValueStore<String, byte[]> store;
    private final long windowMs;

    public CommandDedupWindow(KeyValueStore<String, byte[]> store, long windowMs) {
        this.store = store;
        this.windowMs = windowMs;
    }

    /** A persistent RocksDB store with logging on (the Streams default), as the processor expects it. */
    public static StoreBuilder<KeyValueStore<String, byte[]>> builder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                Serdes.ByteArray());
    }

    /** The outcome recorded for {@code commandId}, if it was applied within the window. */
    public Optional<byte[]> find(String commandId) {
        byte[] stored = store.get(commandId);
        if (stored == null) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(stored);
        buffer.getLong(); // applied-at, only read by the purge
        byte[] outcome = new byte[buffer.remaining()];
        buffer.get(outcome);
        return Optional.of(outcome);
    }

    public void remember(String commandId, byte[] outcome, long appliedAtMs) {
        store.put(commandId, ByteBuffer.allocate(Long.BYTES + outcome.length).putLong(appliedAtMs).put(outcome)
                .array());
    }

    /** Drops entries applied before {@code nowMs - window}; returns how many went. */
    public int purge(long nowMs) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                if (ByteBuffer.wrap(entry.value).getLong() < nowMs - windowMs) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(store::delete);
        return expired.size();
    }
}
