package io.skein.stores;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

class CommandDedupWindowTest {

    private static KeyValueStore<String, byte[]> inMemoryStore() {
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(CommandDedupWindow.STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    @Test
    void a_remembered_command_is_found_with_its_outcome_until_the_window_passes() {
        // given
        CommandDedupWindow window = new CommandDedupWindow(inMemoryStore(), 1_000);
        byte[] outcome = "{\"reply\":1}".getBytes(StandardCharsets.UTF_8);

        // when
        window.remember("c-1", outcome, 10_000);

        // then
        assertArrayEquals(outcome, window.find("c-1").orElseThrow());
        assertTrue(window.find("c-2").isEmpty(), "an unknown command is a miss");
        assertEquals(0, window.purge(10_500), "inside the window nothing goes");
        assertEquals(1, window.purge(11_001), "past the window the entry goes");
        assertTrue(window.find("c-1").isEmpty());
    }
}
