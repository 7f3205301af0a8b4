package io.skein.connectors.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skein.core.command.CommandCodec;
import io.skein.core.command.EngineCommand;
import io.skein.core.command.ResultCodec;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.TransportKind;
import io.skein.core.id.PartitionConfig;
import io.skein.core.wire.EngineErrorJson;
import io.skein.core.wire.ReplyEnvelope;
import io.skein.core.wire.SkeinJson;
import io.skein.core.wire.TopicNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes commands on {@code ff.commands} (idempotent producer, {@code acks=all}) and matches their replies (spec
 * 07): the client reads the one {@code ff.replies} partition its {@code reply_to} hashes to, {@code read_committed},
 * assigned without a consumer group, from its end at start, and completes the waiting call by {@code command_id}.
 */
public final class CommandClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandClient.class);
    private static final ObjectMapper JSON = SkeinJson.lenient();

    private final TopicNames topics;
    private final PartitionConfig partitions;
    private final String replyTo;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> replies;
    private final Map<String, CompletableFuture<ReplyEnvelope>> waiting = new ConcurrentHashMap<>();
    private final Thread replyReader;
    private volatile boolean closed;

    public CommandClient(String bootstrapServers, TopicNames topics, PartitionConfig partitions) {
        this.topics = topics;
        this.partitions = partitions;
        this.replyTo = "client-" + UUID.randomUUID();
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                // A command waits for its reply; do not hold it back for a batch.
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, io.skein.topology.KafkaTopics.MAX_RECORD_BYTES),
                new StringSerializer(), new ByteArraySerializer());
        this.replies = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500),
                new StringDeserializer(), new ByteArrayDeserializer());
        int count = replies.partitionsFor(topics.replies(), Duration.ofSeconds(30)).size();
        TopicPartition mine = new TopicPartition(topics.replies(),
                Utils.toPositive(Utils.murmur2(replyTo.getBytes(StandardCharsets.UTF_8))) % count);
        replies.assign(List.of(mine));
        replies.seekToEnd(List.of(mine));
        replies.position(mine); // fixes the start before any command is sent, so no reply is missed
        this.replyReader = new Thread(this::readReplies, "skein-replies-" + replyTo);
        replyReader.setDaemon(true);
        replyReader.start();
    }

    public String replyTo() {
        return replyTo;
    }

    public PartitionConfig partitions() {
        return partitions;
    }

    /** Sends {@code command} with a fresh command id and returns its reply when it arrives. */
    public CompletableFuture<ReplyEnvelope> send(EngineCommand command) {
        return send(command, UUID.randomUUID().toString());
    }

    /** Sends {@code command} under {@code commandId} (a retry after {@code Timeout} reuses the id: spec 05 §7). */
    public CompletableFuture<ReplyEnvelope> send(EngineCommand command, String commandId) {
        if (closed) {
            throw new EngineException(new EngineError.Unavailable("client_closed"));
        }
        CompletableFuture<ReplyEnvelope> reply = waiting.computeIfAbsent(commandId, id -> new CompletableFuture<>());
        byte[] value = CommandCodec.encode(command, commandId, replyTo, System.currentTimeMillis());
        producer.send(new ProducerRecord<>(topics.commands(), command.partitionKey(partitions), value),
                (metadata, error) -> {
                    if (error instanceof org.apache.kafka.common.errors.RecordTooLargeException) {
                        waiting.remove(commandId);
                        reply.completeExceptionally(new EngineException(new EngineError.Validation(
                                io.skein.core.error.ValidationKind.PAYLOAD_TOO_LARGE, "the command is larger than "
                                + io.skein.topology.KafkaTopics.MAX_RECORD_BYTES + " bytes")));
                    } else if (error != null) {
                        waiting.remove(commandId);
                        reply.completeExceptionally(new EngineException(new EngineError.Transport(
                                TransportKind.TRANSPORT, "producing the command failed: " + error.getMessage()),
                                error));
                    }
                });
        return reply;
    }

    /**
     * Test-only administration (spec 05 §4 "Tests"): asks the task of every one of {@code commandPartitions} command
     * partitions to refresh its stores from SQL, fire its due timers and run its sweeps once, and returns when all
     * have answered.
     */
    public void runDue(int commandPartitions, Duration timeout) {
        long started = System.nanoTime();
        List<CompletableFuture<ReplyEnvelope>> replies = new ArrayList<>();
        for (int partition = 0; partition < commandPartitions; partition++) {
            String commandId = UUID.randomUUID().toString();
            CompletableFuture<ReplyEnvelope> reply = waiting.computeIfAbsent(commandId, id -> new CompletableFuture<>());
            replies.add(reply);
            byte[] value = ("{\"v\":1,\"command_id\":\"" + commandId + "\",\"type\":\"run_due\",\"args\":{},"
                    + "\"reply_to\":\"" + replyTo + "\"}").getBytes(StandardCharsets.UTF_8);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.commands(), partition, "admin", value);
            record.headers().add(io.skein.topology.SkeinTopology.ADMIN_HEADER,
                    io.skein.topology.SkeinTopology.RUN_DUE.getBytes(StandardCharsets.UTF_8));
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    waiting.remove(commandId);
                    reply.completeExceptionally(error);
                }
            });
        }
        for (CompletableFuture<ReplyEnvelope> reply : replies) {
            try {
                long leftMs = Math.max(0, timeout.toMillis() - (System.nanoTime() - started) / 1_000_000);
                ReplyEnvelope answer = reply.get(leftMs, TimeUnit.MILLISECONDS);
                if (!answer.ok()) {
                    throw new EngineException(EngineErrorJson.fromJson(answer.error()));
                }
            } catch (TimeoutException e) {
                throw new EngineException(new EngineError.Timeout("run_due", timeout.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for run_due", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("run_due failed", e.getCause());
            }
        }
    }

    /** Publishes without waiting for a reply (the outcome is still an event). */
    public void publish(EngineCommand command) {
        producer.send(new ProducerRecord<>(topics.commands(), command.partitionKey(partitions),
                CommandCodec.encode(command, UUID.randomUUID().toString(), null, System.currentTimeMillis())));
    }

    /**
     * Sends {@code command}, waits up to {@code timeout} for its reply and returns the decoded result, or throws
     * the typed error the engine answered ({@code Timeout} when no reply came).
     */
    public Object call(EngineCommand command, Duration timeout) {
        String commandId = UUID.randomUUID().toString();
        return await(command, commandId, send(command, commandId), System.nanoTime(), timeout);
    }

    /**
     * Sends every command at once (commands on different partitions are applied in parallel, those on one partition
     * in list order) and waits for all replies; each slot holds the decoded result or the {@link EngineException}
     * the engine answered for that command ({@code Timeout} when its reply did not come within {@code timeout}).
     */
    public List<Object> callAll(List<? extends EngineCommand> batch, Duration timeout) {
        long started = System.nanoTime();
        List<String> ids = new ArrayList<>(batch.size());
        List<CompletableFuture<ReplyEnvelope>> replies = new ArrayList<>(batch.size());
        for (EngineCommand command : batch) {
            String commandId = UUID.randomUUID().toString();
            ids.add(commandId);
            replies.add(send(command, commandId));
        }
        List<Object> outcomes = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            try {
                outcomes.add(await(batch.get(i), ids.get(i), replies.get(i), started, timeout));
            } catch (EngineException e) {
                outcomes.add(e);
            }
        }
        return outcomes;
    }

    private Object await(EngineCommand command, String commandId, CompletableFuture<ReplyEnvelope> pending,
                         long startedNanos, Duration timeout) {
        ReplyEnvelope reply;
        try {
            long leftMs = Math.max(0, timeout.toMillis() - (System.nanoTime() - startedNanos) / 1_000_000);
            reply = pending.get(leftMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            waiting.remove(commandId);
            throw new EngineException(new EngineError.Timeout(command.type(),
                    (System.nanoTime() - startedNanos) / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(new EngineError.Timeout(command.type(), 0));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EngineException engine) {
                throw engine;
            }
            throw new IllegalStateException(e.getCause());
        }
        if (!reply.ok()) {
            throw new EngineException(EngineErrorJson.fromJson(reply.error()));
        }
        return ResultCodec.decode(command.resultType(), reply.result());
    }

    private void readReplies() {
        try {
            while (!closed) {
                for (ConsumerRecord<String, byte[]> r : replies.poll(Duration.ofMillis(200))) {
                    if (!replyTo.equals(r.key())) {
                        continue; // another client hashing to the same partition
                    }
                    try {
                        ReplyEnvelope reply = JSON.readValue(r.value(), ReplyEnvelope.class);
                        CompletableFuture<ReplyEnvelope> f = waiting.remove(reply.commandId());
                        if (f != null) {
                            f.complete(reply);
                        }
                    } catch (IOException e) {
                        LOG.warn("unreadable reply on {}: {}", r.topic(), e.getMessage());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            replies.close(Duration.ofSeconds(1));
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        replies.wakeup();
        try {
            replyReader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
        waiting.values().forEach(f -> f.completeExceptionally(
                new EngineException(new EngineError.Unavailable("client_closed"))));
    }
}
