package io.skein.connectors.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.skein.core.api.BackendTag;
import io.skein.core.api.ScannerFilter;
import io.skein.core.api.worker.EventCursor;
import io.skein.core.api.worker.EventSubscription;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.id.ExecutionId;
import io.skein.core.wire.SkeinJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiPredicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka-mode subscription (spec 02 §11, 05 §3): a consumer of its own on {@code ff.events}, every partition
 * assigned, reading {@code read_committed}, so it sees exactly the events of committed units in each partition's
 * order. The cursor is {@code 0x04} followed by (u16 partition, u64 next offset) for every partition of the topic; a
 * partition the cursor does not name is read from its beginning, so nothing is skipped. Not thread-safe except
 * {@link #close}, which may come from any thread.
 */
final class KafkaEventSubscription<E> implements EventSubscription<E> {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventSubscription.class);
    private static final Duration METADATA_WAIT = Duration.ofSeconds(30);
    private static final Duration POLL_SLICE = Duration.ofMillis(200);

    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaEvents.Family<E> family;
    private final ScannerFilter filter;
    private final BiPredicate<ExecutionId, ScannerFilter> matches;
    private final TreeMap<Integer, Long> positions;
    private final ArrayDeque<E> ready = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile EventCursor delivered;
    private volatile boolean closed;

    private KafkaEventSubscription(KafkaConsumer<String, byte[]> consumer, KafkaEvents.Family<E> family,
                                   ScannerFilter filter, BiPredicate<ExecutionId, ScannerFilter> matches,
                                   TreeMap<Integer, Long> positions) {
        this.consumer = consumer;
        this.family = family;
        this.filter = filter;
        this.matches = matches;
        this.positions = positions;
        this.delivered = encode(positions);
    }

    /**
     * Opens a subscription on {@code topic} from {@code cursor} (empty: from the topic's committed end now).
     *
     * @param matches whether an execution passes the filter (SQL reads: events carry no namespace or tags)
     * @throws EngineException {@code InvalidInput} for a cursor of another backend, a malformed one, or one naming a
     *                         partition the topic does not have
     */
    static <E> KafkaEventSubscription<E> open(String bootstrapServers, String topic, KafkaEvents.Family<E> family,
                                              EventCursor cursor, ScannerFilter filter,
                                              BiPredicate<ExecutionId, ScannerFilter> matches) {
        EventCursor from = cursor == null ? EventCursor.FROM_NOW : cursor;
        Map<Integer, Long> named = from.isFromNow() ? null : parse(from);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_WAIT);
            List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            TreeMap<Integer, Long> positions = new TreeMap<>();
            if (named == null) {
                consumer.seekToEnd(partitions);
            } else {
                for (Integer p : named.keySet()) {
                    if (partitions.stream().noneMatch(tp -> tp.partition() == p)) {
                        throw EngineError.invalidInput("cursor: names partition " + p + " that " + topic
                                + " does not have");
                    }
                }
                for (TopicPartition tp : partitions) {
                    Long offset = named.get(tp.partition());
                    if (offset == null) {
                        consumer.seekToBeginning(List.of(tp));
                    } else {
                        consumer.seek(tp, offset);
                    }
                }
            }
            for (TopicPartition tp : partitions) {
                positions.put(tp.partition(), consumer.position(tp, METADATA_WAIT)); // fixes "now" at the call
            }
            return new KafkaEventSubscription<>(consumer, family, filter == null ? ScannerFilter.ALL : filter,
                    matches, positions);
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            if (e instanceof EngineException typed) {
                throw typed;
            }
            throw new EngineException(new EngineError.Transport(io.skein.core.error.TransportKind.OTHER,
                    "subscribe: " + topic + " unreachable: " + e.getMessage()), e);
        }
    }

    @Override
    public Optional<E> poll(Duration timeout) {
        long deadline = System.nanoTime() + (timeout == null ? 0 : Math.max(0, timeout.toNanos()));
        boolean polledOnce = false;
        lock.lock();
        try {
            while (!closed) {
                E next = ready.poll();
                if (next != null) {
                    delivered = family.cursorOf().apply(next);
                    return Optional.of(next);
                }
                long remaining = deadline - System.nanoTime();
                if (polledOnce && remaining <= 0 || Thread.currentThread().isInterrupted()) {
                    return Optional.empty();
                }
                // at least one fetch per call, so a zero timeout still returns what the broker already holds
                polledOnce = true;
                Duration slice = Duration.ofNanos(Math.max(0, Math.min(remaining, POLL_SLICE.toNanos())));
                for (ConsumerRecord<String, byte[]> record : consumer.poll(slice)) {
                    positions.put(record.partition(), record.offset() + 1);
                    accept(record);
                }
            }
            return Optional.empty();
        } catch (WakeupException closing) {
            return Optional.empty();
        } catch (KafkaException | EngineException lost) {
            if (closed) {
                return Optional.empty();
            }
            throw new EngineException(new EngineError.StreamDisconnected(delivered.bytes()), lost);
        } finally {
            lock.unlock();
        }
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        Optional<E> event;
        try {
            JsonNode value = SkeinJson.lenient().readTree(record.value());
            event = family.of().apply(value, encode(positions));
        } catch (IOException | RuntimeException unreadable) {
            LOG.warn("skipping an unreadable record on {} at {}:{}: {}", record.topic(), record.partition(),
                    record.offset(), unreadable.getMessage());
            return;
        }
        event.filter(e -> matches.test(family.executionOf().apply(e), filter)).ifPresent(ready::add);
    }

    /** {@code 0x04} then (u16 partition, u64 next offset) per partition, in partition order. */
    static EventCursor encode(Map<Integer, Long> positions) {
        ByteBuffer b = ByteBuffer.allocate(1 + 10 * positions.size()).put(BackendTag.KAFKA.tag());
        positions.forEach((partition, offset) -> b.putShort((short) (int) partition).putLong(offset));
        return new EventCursor(b.array());
    }

    /** The next offset per partition a cursor names. */
    static Map<Integer, Long> parse(EventCursor cursor) {
        ByteBuffer b = cursor.layoutOf(BackendTag.KAFKA);
        if (b.remaining() == 0 || b.remaining() % 10 != 0) {
            throw EngineError.invalidInput("cursor: malformed kafka event cursor (" + (b.remaining() + 1) + " bytes)");
        }
        TreeMap<Integer, Long> out = new TreeMap<>();
        while (b.hasRemaining()) {
            int partition = Short.toUnsignedInt(b.getShort());
            long offset = b.getLong();
            if (offset < 0 || out.put(partition, offset) != null) {
                throw EngineError.invalidInput("cursor: malformed kafka event cursor (partition " + partition + ")");
            }
        }
        return out;
    }

    @Override
    public EventCursor cursor() {
        return delivered;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        consumer.wakeup();
        lock.lock();
        try {
            consumer.close(Duration.ofSeconds(1));
        } catch (RuntimeException ignored) {
            // closing never fails the caller
        } finally {
            lock.unlock();
        }
    }
}
