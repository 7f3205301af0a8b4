package io.skein.topology;

import io.skein.core.wire.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates Skein's topics (spec 07) and waits until every partition's leader really answers. Producing right after
 * {@code createTopics} can drop a batch with {@code OUT_OF_ORDER_SEQUENCE_NUMBER} even when a leader is already
 * described (STACK.md, "The trap that loses records"); a {@code listOffsets} answer from every partition is the
 * reliable sign the leader leads.
 */
public final class KafkaTopics {

    private static final Duration READY_DEADLINE = Duration.ofSeconds(60);

    private KafkaTopics() {}

    /** The engine's fixed topics: commands, replies, events and dead letters, with spec 07's retentions. */
    public static List<NewTopic> engineTopics(TopicNames names, int commandPartitions, short replication) {
        return List.of(
                topic(names.commands(), commandPartitions, replication, Duration.ofDays(7)),
                topic(names.replies(), commandPartitions, replication, Duration.ofHours(1)),
                topic(names.events(), commandPartitions, replication, Duration.ofDays(7)),
                topic(names.deadLetters(), commandPartitions, replication, Duration.ofDays(7)));
    }

    /** A lane's dispatch topic (retention 1 hour: grants live seconds). */
    public static NewTopic dispatchTopic(TopicNames names, String lane, int partitions, short replication) {
        return topic(names.dispatch(lane), partitions, replication, Duration.ofHours(1));
    }

    private static NewTopic topic(String name, int partitions, short replication, Duration retention) {
        return new NewTopic(name, partitions, replication)
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis())));
    }

    /** Creates the missing ones of {@code topics}, then waits until each partition's leader answers. */
    public static void ensure(Admin admin, Collection<NewTopic> topics) {
        try {
            List<NewTopic> missing = new ArrayList<>();
            var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            for (NewTopic t : topics) {
                if (!existing.contains(t.name())) {
                    missing.add(t);
                }
            }
            if (!missing.isEmpty()) {
                for (var entry : admin.createTopics(missing).values().entrySet()) {
                    try {
                        entry.getValue().get(30, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                }
            }
            awaitLeaders(admin, topics.stream().map(NewTopic::name).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topics " + topics.stream().map(NewTopic::name)
                    .toList() + ": " + e.getMessage(), e);
        }
    }

    private static void awaitLeaders(Admin admin, List<String> names)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + READY_DEADLINE.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames()
                        .get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                described.values().forEach(d -> d.partitions().forEach(p ->
                        latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
                admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                last = e; // not led yet: metadata still propagating
                Thread.sleep(50);
            }
        }
        throw new TimeoutException("partitions of " + names + " got no answering leader within " + READY_DEADLINE
                + (last == null ? "" : ": " + last.getMessage()));
    }
}
