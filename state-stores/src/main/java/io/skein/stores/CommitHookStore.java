package io.skein.stores;

import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * A store with no data whose only job is to run a hook when Kafka Streams prepares a task's commit, before it
 * commits the Kafka transaction (exactly-once v2). The topology commits its open SQL unit of work there, so SQL
 * always commits first (ARCHITECTURE "The path of one command", step 4).
 *
 * <p>Why a cache hook: under exactly-once, Streams 4.x prepares a commit by flushing store <em>caches</em> and the
 * record collector, then commits the transaction; it flushes the stores themselves only afterwards, when it writes
 * a checkpoint, which under exactly-once is rare. So the hook has to run in {@link #flushCache}, the one store call
 * made before every Kafka commit ({@code CachedStateStore} is the interface Streams' own caching stores use for
 * it). {@link #flush} runs it too, for a commit path that skips the caches; by then it is usually empty.
 */
public final class CommitHookStore implements StateStore,
        org.apache.kafka.streams.state.internals.CachedStateStore<Object, Object> {

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
    public void flushCache() {
        beforeKafkaCommit.run();
    }

    @Override
    public void flush() {
        beforeKafkaCommit.run();
    }

    @Override
    public void clearCache() {
        // nothing cached: an aborted commit's SQL unit is rolled back by the stream thread that replays it
    }

    @Override
    public boolean setFlushListener(org.apache.kafka.streams.state.internals.CacheFlushListener<Object, Object> l,
                                    boolean sendOldValues) {
        return false; // no records to forward
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
