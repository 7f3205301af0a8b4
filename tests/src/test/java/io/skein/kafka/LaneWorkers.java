package io.skein.kafka;

import io.skein.core.api.scheduler.ClaimExecutionArgs;
import io.skein.core.api.scheduler.ClaimExecutionResult;
import io.skein.core.command.EngineCommand;
import io.skein.core.error.EngineException;
import io.skein.core.id.AttemptId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.LeaseId;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.wire.GrantRecord;
import io.skein.core.wire.SkeinJson;
import io.skein.core.wire.TopicNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The smallest Kafka-mode worker pool: one consumer in a consumer group reads the lane's dispatch topic
 * ({@code read_committed}) and hands each grant to one of {@code threads} workers, which claim it with its grant key
 * and complete the execution at once. A grant the engine refuses (used, expired, replaced) is skipped: the engine
 * grants the execution again. Claims and completions go through {@link RetryingCommands}, so a call that times out
 * while the engine is down is repeated under the same command id.
 */
final class LaneWorkers implements AutoCloseable {

    static final byte[] RESULT = "done".getBytes(StandardCharsets.UTF_8);

    private final RetryingCommands commands;
    private final LaneId lane;
    private final Duration leaseTtl;
    private final KafkaConsumer<String, byte[]> consumer;
    private final BlockingQueue<GrantRecord> grants = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    /** execution id → the command id of the completion the engine accepted */
    private final Map<String, String> completions = new ConcurrentHashMap<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    /** A grant this close to its expiry is not worth a claim: it may expire on the way. */
    private static final long EXPIRY_MARGIN_MS = 1_000;

    private final Map<String, LongAdder> refusedGrants = new ConcurrentHashMap<>();
    private final LongAdder expiredGrants = new LongAdder();
    private volatile boolean closed;

    LaneWorkers(String bootstrapServers, TopicNames topics, LaneId lane, RetryingCommands commands, int workers,
                Duration leaseTtl) {
        this.commands = commands;
        this.lane = lane;
        this.leaseTtl = leaseTtl;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-workers-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topics.dispatch(lane.value())));
        Thread reader = new Thread(this::readGrants, "grant-reader");
        reader.setDaemon(true);
        threads.add(reader);
        for (int i = 0; i < workers; i++) {
            String name = "worker-" + i;
            Thread t = new Thread(() -> work(name), name);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    /** Execution id → command id of its accepted completion. */
    Map<String, String> completions() {
        return completions;
    }

    /** Unexpected errors of claims and completions (a refused grant is not one). */
    List<Throwable> failures() {
        return failures;
    }

    /** Claims the engine refused, by error (a grant used, expired or replaced meanwhile). */
    Map<String, LongAdder> refusedGrants() {
        return refusedGrants;
    }

    /** Grants skipped unclaimed because they had expired by the time a worker took them. */
    long expiredGrants() {
        return expiredGrants.sum();
    }

    private void readGrants() {
        try {
            while (!closed) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    try {
                        grants.add(SkeinJson.lenient().readValue(r.value(), GrantRecord.class));
                    } catch (IOException e) {
                        failures.add(new AssertionError("an unreadable grant record on " + r.topic(), e));
                    }
                }
            }
        } catch (WakeupException closing) {
            // close() stops the reader
        } catch (RuntimeException e) {
            failures.add(e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void work(String name) {
        WorkerId worker = WorkerId.of("crash-worker");
        WorkerInstanceId instance = WorkerInstanceId.of(name);
        while (!closed) {
            GrantRecord g;
            try {
                g = grants.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (g == null || completions.containsKey(g.executionId())) {
                continue;
            }
            if (g.expiresAtMs() < System.currentTimeMillis() + EXPIRY_MARGIN_MS) {
                expiredGrants.increment(); // the engine grants the execution again once this grant expired
                continue;
            }
            try {
                handle(g, worker, instance);
            } catch (RuntimeException | AssertionError e) {
                failures.add(e);
            }
        }
    }

    private void handle(GrantRecord g, WorkerId worker, WorkerInstanceId instance) {
        ExecutionId id = ExecutionId.parse(g.executionId());
        ClaimExecutionResult.Claimed claimed;
        try {
            claimed = (ClaimExecutionResult.Claimed) commands.call(new EngineCommand.ClaimExecution(
                    new ClaimExecutionArgs(id, worker, instance, lane, new LeaseId(UUID.randomUUID()),
                            leaseTtl.toMillis(), new AttemptId(UUID.randomUUID()), 0, null, null, null, 0,
                            g.grantKey())));
        } catch (EngineException refused) {
            // used, expired or replaced: the engine grants the execution again
            String reason = refused.error() instanceof io.skein.core.error.EngineError.Contention c
                    ? "contention:" + c.kind() : refused.error().getClass().getSimpleName();
            refusedGrants.computeIfAbsent(reason, k -> new LongAdder()).increment();
            return;
        }
        String completeId = UUID.randomUUID().toString();
        commands.call(new EngineCommand.Complete(claimed.claimed().handle(), RESULT), completeId);
        completions.put(g.executionId(), completeId);
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
