package io.skein.connectors.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skein.core.wire.GrantRecord;
import io.skein.core.wire.SkeinJson;
import io.skein.core.wire.TopicNames;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One lane's dispatch records as a client-side buffer (spec 05 §7 "claim, claimForWorker"): reads every partition
 * of {@code ff.dispatch.<lane>} {@code read_committed} up to the end offsets as of the call, so a grant committed
 * before the call is always seen, and hands out the best records (priority desc, then {@code created_at}).
 * Not thread-safe: its owner serializes calls.
 */
final class DispatchGrants implements AutoCloseable {

    private static final ObjectMapper JSON = SkeinJson.lenient();

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final Map<String, GrantRecord> buffered = new LinkedHashMap<>();

    /**
     * @param lookBack how far back (record time) a new reader starts: grants older than their TTL are useless
     */
    DispatchGrants(String bootstrapServers, TopicNames topics, String lane, Duration lookBack) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500),
                new StringDeserializer(), new ByteArrayDeserializer());
        String topic = topics.dispatch(lane);
        for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(topic, p.partition()));
        }
        consumer.assign(partitions);
        // Taken before the time lookup and used as an explicit offset: a lazy seekToEnd would be resolved later
        // and could skip a grant committed in between (SQL already shows it; its record would never be read).
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> since = new HashMap<>();
        long from = System.currentTimeMillis() - lookBack.toMillis();
        partitions.forEach(tp -> since.put(tp, from));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(since);
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp at = offsets.get(tp);
            if (at == null) {
                consumer.seek(tp, end.get(tp));
            } else {
                consumer.seek(tp, at.offset());
            }
        }
    }

    /**
     * Reads up to the end offsets as of now (bounded by {@code deadline}), forgets records whose grant no longer
     * stands, and returns those the caller can use, best first. Records it cannot use (capabilities) stay buffered
     * for another caller of the same client until their grant goes.
     */
    List<GrantRecord> catchUp(Predicate<GrantRecord> live, Predicate<GrantRecord> usable, Duration deadline) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long until = System.nanoTime() + deadline.toNanos();
        while (behind(end) && System.nanoTime() < until) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                try {
                    GrantRecord g = JSON.readValue(r.value(), GrantRecord.class);
                    buffered.put(g.grantKey(), g);
                } catch (IOException unreadable) {
                    // not a grant this client understands; skip it
                }
            }
        }
        buffered.values().removeIf(g -> !live.test(g));
        return buffered.values().stream().filter(usable)
                .sorted(Comparator.comparingInt(GrantRecord::priority).reversed()
                        .thenComparingLong(GrantRecord::createdAtMs))
                .toList();
    }

    /** Records buffered (live as of the last catch-up). */
    int size() {
        return buffered.size();
    }

    /** A record used or refused by the engine leaves the buffer. */
    void drop(GrantRecord g) {
        buffered.remove(g.grantKey());
    }

    private boolean behind(Map<TopicPartition, Long> end) {
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp) < end.get(tp)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(1));
    }
}
