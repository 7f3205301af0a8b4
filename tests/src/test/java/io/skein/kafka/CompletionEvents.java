package io.skein.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.skein.core.wire.SkeinJson;
import io.skein.core.wire.TopicNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The {@code execution_completed} events on {@code ff.events} as a {@code read_committed} consumer sees them: per
 * execution the distinct event ids, and per event id how many records carry it.
 */
record CompletionEvents(Map<String, Set<String>> eventIdsByExecution, Map<String, Integer> recordsByEventId) {

    /** Reads the whole topic from its beginning up to its end offsets as of the call. */
    static CompletionEvents read(String bootstrapServers, TopicNames topics) {
        Map<String, Set<String>> byExecution = new HashMap<>();
        Map<String, Integer> byEventId = new HashMap<>();
        for (String record : records(bootstrapServers, topics)) {
            JsonNode event;
            try {
                event = SkeinJson.lenient().readTree(record);
            } catch (IOException e) {
                throw new UncheckedIOException("an unreadable record on ff.events", e);
            }
            if (!"execution_completed".equals(event.path("type").asText())) {
                continue;
            }
            String eventId = event.path("event_id").asText();
            byExecution.computeIfAbsent(event.path("execution_id").asText(), k -> new TreeSet<>()).add(eventId);
            byEventId.merge(eventId, 1, Integer::sum);
        }
        return new CompletionEvents(byExecution, byEventId);
    }

    /** Every record value on {@code ff.events} up to its end offsets as of the call, read {@code read_committed}. */
    static List<String> records(String bootstrapServers, TopicNames topics) {
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.events(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("ff.events was not read to its end within 60 s");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    int records(String eventId) {
        return recordsByEventId.getOrDefault(eventId, 0);
    }
}
