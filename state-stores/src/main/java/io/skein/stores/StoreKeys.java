package io.skein.stores;

import io.skein.core.id.ExecutionId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * What the topology's ordered stores share: byte keys that sort the way RocksDB iterates them (unsigned, byte by
 * byte), the execution id's byte form, and the builder of a persistent store without a changelog. Those stores are
 * derived from SQL, the authoritative record, so a task that moves rebuilds them from SQL instead of restoring a
 * topic of every change.
 */
final class StoreKeys {

    static final Serializer<Bytes> PREFIX = Serdes.Bytes().serializer();

    private StoreKeys() {}

    static StoreBuilder<KeyValueStore<Bytes, byte[]>> derivedStore(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled();
    }

    /** {@code v} as 8 bytes that sort like the signed value. */
    static ByteBuffer putOrderedLong(ByteBuffer b, long v) {
        return b.putLong(v ^ Long.MIN_VALUE);
    }

    static long getOrderedLong(ByteBuffer b) {
        return b.getLong() ^ Long.MIN_VALUE;
    }

    static byte[] uuidBytes(ExecutionId id) {
        return ByteBuffer.allocate(16).putLong(id.uuid().getMostSignificantBits())
                .putLong(id.uuid().getLeastSignificantBits()).array();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String utf8(byte[] b, int from, int length) {
        return new String(b, from, length, StandardCharsets.UTF_8);
    }

    /** Deletes every entry of {@code store} (a rebuild starts from nothing). */
    static int clear(KeyValueStore<Bytes, byte[]> store) {
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext()) {
                keys.add(all.next().key);
            }
        }
        keys.forEach(store::delete);
        return keys.size();
    }

    /** The entries under {@code prefix}, in key order, at most {@code limit}. */
    static List<KeyValue<Bytes, byte[]>> scan(ReadOnlyKeyValueStore<Bytes, byte[]> store, Bytes prefix, int limit) {
        List<KeyValue<Bytes, byte[]>> out = new ArrayList<>(Math.min(limit, 64));
        try (KeyValueIterator<Bytes, byte[]> it = store.prefixScan(prefix, PREFIX)) {
            while (it.hasNext() && out.size() < limit) {
                out.add(it.next());
            }
        }
        return out;
    }
}
