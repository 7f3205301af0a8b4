package io.skein.topology;

import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.timer.TimerKind;
import io.skein.stores.ReadyQueueStore;
import io.skein.stores.TimerStore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries over this instance's part of the topology's local stores (ARCHITECTURE "Reads, tails and
 * interactive queries"): the ready queues and timer wheels of the command partitions it processes, and the other
 * instances of the application that hold the rest ({@code application.server}). The HTTP layer asks the peers for
 * their part and merges.
 */
public final class LocalQueries {

    private final KafkaStreams streams;
    private final SkeinTopologyConfig config;

    LocalQueries(KafkaStreams streams, SkeinTopologyConfig config) {
        this.streams = streams;
        this.config = config;
    }

    /** How many executions this instance holds in {@code lane}'s ready queue. */
    public long readyDepth(String lane) {
        long depth = 0;
        for (ReadOnlyKeyValueStore<Bytes, byte[]> store : stores(ReadyQueueStore.STORE)) {
            depth += ReadyQueueStore.depth(store, lane);
        }
        return depth;
    }

    /** This instance's first {@code limit} entries of {@code lane}'s ready queue, in claim order. */
    public List<ReadyQueueStore.Entry> readyHead(String lane, int limit) {
        List<ReadyQueueStore.Entry> merged = new ArrayList<>();
        for (ReadOnlyKeyValueStore<Bytes, byte[]> store : stores(ReadyQueueStore.STORE)) {
            merged.addAll(ReadyQueueStore.head(store, lane, limit));
        }
        merged.sort(ReadyQueueStore::claimOrder);
        return List.copyOf(merged.subList(0, Math.min(limit, merged.size())));
    }

    /** How many timers of each kind this instance's wheels hold due at {@code nowMs}. */
    public Map<TimerKind, Long> dueTimers(long nowMs) {
        Map<TimerKind, Long> due = new EnumMap<>(TimerKind.class);
        for (ReadOnlyKeyValueStore<Bytes, byte[]> store : stores(TimerStore.STORE)) {
            TimerStore.dueCounts(store, nowMs).forEach((kind, n) -> due.merge(kind, n, Long::sum));
        }
        return due;
    }

    /**
     * The other instances of this application that process command partitions, by their {@code application.server}
     * ({@code FF_KAFKA_APPLICATION_SERVER}). An instance without one knows of no peer to ask: it answers alone,
     * which is right when it runs alone ({@code skein dev}).
     */
    public List<String> peers() {
        List<String> peers = new ArrayList<>();
        if (config.applicationServer() == null) {
            return peers;
        }
        for (StreamsMetadata other : streams.metadataForAllStreamsClients()) {
            if (other.port() < 0) {
                continue; // an instance that set no application.server cannot be asked
            }
            String server = other.host() + ":" + other.port();
            if (!server.equals(config.applicationServer()) && !other.topicPartitions().isEmpty()) {
                peers.add(server);
            }
        }
        return peers;
    }

    /**
     * {@code name}'s store of every command partition this instance processes, one per task. During a rebalance a
     * store is briefly not queryable: the query then fails as unavailable and the caller may ask again.
     */
    private List<ReadOnlyKeyValueStore<Bytes, byte[]>> stores(String name) {
        String topic = config.topics().commands();
        SortedSet<Integer> active = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            thread.activeTasks().forEach(task -> task.topicPartitions().stream()
                    .filter(tp -> tp.topic().equals(topic)).forEach(tp -> active.add(tp.partition())));
        }
        List<ReadOnlyKeyValueStore<Bytes, byte[]>> stores = new ArrayList<>();
        for (int partition : active) {
            try {
                stores.add(streams.store(StoreQueryParameters.fromNameAndType(name,
                        QueryableStoreTypes.<Bytes, byte[]>keyValueStore()).withPartition(partition)));
            } catch (InvalidStateStoreException moving) {
                throw new EngineException(new EngineError.Unavailable("local_stores_rebalancing"), moving);
            }
        }
        return stores;
    }
}
