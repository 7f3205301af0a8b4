package io.skein.stores;

import java.nio.file.Path;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/** Opens a store of the topology on a real RocksDB in a test folder, the kind the topology runs. */
final class RocksStores {

    private RocksStores() {}

    static KeyValueStore<Bytes, byte[]> open(StoreBuilder<KeyValueStore<Bytes, byte[]>> builder, Path dir) {
        KeyValueStore<Bytes, byte[]> store = builder.build();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(new java.util.Properties(),
                new TaskId(0, 0), dir.toFile());
        store.init(context.getStateStoreContext(), store);
        return store;
    }
}
