package io.skein.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.TransportKind;
import io.skein.core.id.LaneId;
import io.skein.core.wire.TopicNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates Skein's topics (spec 07) and waits until they can really take records. A topic whose partitions show a
 * leader in metadata can still drop the first produced batch ({@code OUT_OF_ORDER_SEQUENCE_NUMBER}) until that
 * leader answers requests, so {@link #ensure} returns only after every partition's leader answered a
 * {@code listOffsets(latest)}.
 */
public final class KafkaTopics {

    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);

    private static final long SEVEN_DAYS_MS = Duration.ofDays(7).toMillis();
    private static final long ONE_HOUR_MS = Duration.ofHours(1).toMillis();
    private static final long RETRY_PAUSE_MS = 50;

    private KafkaTopics() {
    }

    /** {@link #ensure(Admin, List, Duration)} with {@link #DEFAULT_DEADLINE}. */
    public static void ensure(Admin admin, List<NewTopic> topics) {
        ensure(admin, topics, DEFAULT_DEADLINE);
    }

    /**
     * Creates the topics that do not exist yet (existing ones keep their settings) and waits until every
     * partition of every listed topic is led by a broker that answers. Throws an {@link EngineException}
     * carrying {@code Timeout} when the deadline passes first, or {@code Transport} when Kafka refuses.
     */
    public static void ensure(Admin admin, List<NewTopic> topics, Duration deadline) {
        if (topics.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        long deadlineNanos = started + deadline.toNanos();
        List<String> names = topics.stream().map(NewTopic::name).distinct().toList();
        try {
            createMissing(admin, topics, names, started, deadlineNanos);
            Map<TopicPartition, OffsetSpec> partitions = awaitPartitions(admin, names, started, deadlineNanos);
            awaitLeaders(admin, partitions, names, started, deadlineNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(new EngineError.Transport(TransportKind.OTHER,
                    "interrupted while ensuring kafka topics " + names), e);
        }
    }

    /**
     * Skein's topics under {@code names}: commands, replies, events, the dead-letter topic and one dispatch topic
     * per lane, each with {@code commandPartitions} partitions and spec 07's retention.
     */
    public static List<NewTopic> skeinTopics(TopicNames names, int commandPartitions, short replication,
                                             Collection<String> lanes) {
        requireLayout(commandPartitions, replication);
        List<NewTopic> topics = new ArrayList<>();
        topics.add(topic(names.commands(), commandPartitions, replication, SEVEN_DAYS_MS));
        topics.add(topic(names.replies(), commandPartitions, replication, ONE_HOUR_MS));
        topics.add(topic(names.events(), commandPartitions, replication, SEVEN_DAYS_MS));
        topics.add(topic(names.deadLetters(), commandPartitions, replication, SEVEN_DAYS_MS));
        for (String lane : lanes) {
            topics.add(dispatchTopic(names, lane, commandPartitions, replication));
        }
        return topics;
    }

    /** Ensures the dispatch topic of a lane first seen at runtime; returns its name. */
    public static String ensureLane(Admin admin, TopicNames names, String lane, int partitions, short replication) {
        requireLayout(partitions, replication);
        NewTopic topic = dispatchTopic(names, lane, partitions, replication);
        ensure(admin, List.of(topic));
        return topic.name();
    }

    private static NewTopic dispatchTopic(TopicNames names, String lane, int partitions, short replication) {
        String validLane = new LaneId(lane).value();
        return topic(names.dispatch(validLane), partitions, replication, ONE_HOUR_MS);
    }

    /**
     * The largest record Skein writes or accepts. Payloads travel as JSON number arrays (up to four characters a
     * byte), so a create at the 512 KiB input limit (03) is about 2 MiB of JSON; Kafka's 1 MiB default would turn
     * the engine's typed {@code PayloadTooLarge} into a producer error.
     */
    public static final int MAX_RECORD_BYTES = 8 * 1024 * 1024;

    private static NewTopic topic(String name, int partitions, short replication, long retentionMs) {
        return new NewTopic(name, partitions, replication)
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs),
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_RECORD_BYTES)));
    }

    private static void requireLayout(int partitions, short replication) {
        if (partitions < 1) {
            throw EngineError.invalidInput("partitions: must be at least 1, got " + partitions);
        }
        if (replication < 1) {
            throw EngineError.invalidInput("replication: must be at least 1, got " + replication);
        }
    }

    private static void createMissing(Admin admin, List<NewTopic> topics, List<String> names, long started,
                                      long deadlineNanos) throws InterruptedException {
        Map<String, NewTopic> pending = new LinkedHashMap<>();
        for (NewTopic topic : topics) {
            pending.putIfAbsent(topic.name(), topic);
        }
        while (true) {
            Map<String, KafkaFuture<Void>> results = admin.createTopics(pending.values()).values();
            Throwable retriable = null;
            for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
                try {
                    result.getValue().get(remainingMs(started, deadlineNanos, names), TimeUnit.MILLISECONDS);
                    pending.remove(result.getKey());
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof TopicExistsException) {
                        pending.remove(result.getKey());
                    } else if (cause instanceof RetriableException) {
                        retriable = cause;
                    } else {
                        throw refused("create topic " + result.getKey(), cause);
                    }
                } catch (TimeoutException e) {
                    throw timedOut(names, started);
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            pauseBeforeRetry(started, deadlineNanos, names, retriable);
        }
    }

    /** Every partition of the topics, read back from the cluster: existing topics may have another count. */
    private static Map<TopicPartition, OffsetSpec> awaitPartitions(Admin admin, List<String> names, long started,
                                                                   long deadlineNanos) throws InterruptedException {
        while (true) {
            try {
                Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames()
                        .get(remainingMs(started, deadlineNanos, names), TimeUnit.MILLISECONDS);
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                descriptions.forEach((name, description) -> description.partitions().forEach(
                        partition -> partitions.put(new TopicPartition(name, partition.partition()),
                                OffsetSpec.latest())));
                return partitions;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException)) {
                    throw refused("describe topics " + names, e.getCause());
                }
                pauseBeforeRetry(started, deadlineNanos, names, e.getCause());
            } catch (TimeoutException e) {
                throw timedOut(names, started);
            }
        }
    }

    private static void awaitLeaders(Admin admin, Map<TopicPartition, OffsetSpec> partitions, List<String> names,
                                     long started, long deadlineNanos) throws InterruptedException {
        Map<TopicPartition, OffsetSpec> unanswered = new HashMap<>(partitions);
        while (true) {
            ListOffsetsResult results = admin.listOffsets(unanswered);
            Throwable retriable = null;
            for (TopicPartition partition : List.copyOf(unanswered.keySet())) {
                try {
                    results.partitionResult(partition)
                            .get(remainingMs(started, deadlineNanos, names), TimeUnit.MILLISECONDS);
                    unanswered.remove(partition);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof RetriableException)) {
                        throw refused("list offsets of " + partition, e.getCause());
                    }
                    retriable = e.getCause();
                } catch (TimeoutException e) {
                    throw timedOut(names, started);
                }
            }
            if (unanswered.isEmpty()) {
                return;
            }
            pauseBeforeRetry(started, deadlineNanos, names, retriable);
        }
    }

    private static long remainingMs(long started, long deadlineNanos, List<String> names) {
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (remaining <= 0) {
            throw timedOut(names, started);
        }
        return remaining;
    }

    private static void pauseBeforeRetry(long started, long deadlineNanos, List<String> names, Throwable lastError)
            throws InterruptedException {
        if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_PAUSE_MS) > deadlineNanos) {
            EngineException timeout = timedOut(names, started);
            if (lastError != null) {
                timeout.addSuppressed(lastError);
            }
            throw timeout;
        }
        Thread.sleep(RETRY_PAUSE_MS);
    }

    private static EngineException timedOut(List<String> names, long started) {
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        return new EngineException(new EngineError.Timeout("ensure kafka topics " + names, elapsedMs));
    }

    private static EngineException refused(String what, Throwable cause) {
        TransportKind kind = cause instanceof AuthorizationException || cause instanceof AuthenticationException
                ? TransportKind.AUTH : TransportKind.OTHER;
        return new EngineException(new EngineError.Transport(kind, what + " failed: " + cause), cause);
    }
}
