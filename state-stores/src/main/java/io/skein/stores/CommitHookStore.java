package io.skein.stores;

import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * A store with no data whose only job is to run a hook when Kafka Streams flushes the task's stores, which it does
 * in every commit before it commits the Kafka transaction (exactly-once v2). The topology commits its open SQL unit
 * of work there, so SQL always commits first (ARCHITECTURE "The path of one command", step 4).
 */
public final class CommitHookStore implements StateStore {

    /** The store's name in the topology. */
    public static final String STORE = "ff-sql-unit";

    private final Runnable beforeKafkaCommit;
    private volatile boolean open;

    private CommitHookStore(Runnable beforeKafkaCommit) {
        this.beforeKafkaCommit = beforeKafkaCommit;
    }

    /** A builder of the store; {@code beforeKafkaCommit} runs on the stream thread at each flush. */
    public static StoreBuilder<CommitHookStore> builder(Runnable beforeKafkaCommit) {
        return new StoreBuilder<>() {
            private java.util.Map<String, String> config = java.util.Map.of();

            @Override
            public StoreBuilder<CommitHookStore> withCachingEnabled() {
                return this;
            }

            @Override
            public StoreBuilder<CommitHookStore> withCachingDisabled() {
                return this;
            }

            @Override
            public StoreBuilder<CommitHookStore> withLoggingEnabled(java.util.Map<String, String> c) {
                return this;
            }

            @Override
            public StoreBuilder<CommitHookStore> withLoggingDisabled() {
                return this;
            }

            @Override
            public CommitHookStore build() {
                return new CommitHookStore(beforeKafkaCommit);
            }

            @Override
            public java.util.Map<String, String> logConfig() {
                return config;
            }

            @Override
            public boolean loggingEnabled() {
                return false; // nothing to restore: SQL is the record of what was applied
            }

            @Override
            public String name() {
                return STORE;
            }
        };
    }

    @Override
    public String name() {
        return STORE;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        context.register(root, (key, value) -> { });
        open = true;
    }

    @Override
    public void flush() {
        beforeKafkaCommit.run();
    }

    @Override
    public void close() {
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }
}
