package io.skein.connectors.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skein.connectors.client.CommandClient;
import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ExecutionContext;
import io.skein.core.api.FailureClass;
import io.skein.core.api.Handle;
import io.skein.core.api.LeaseRenewal;
import io.skein.core.api.scheduler.ClaimExecutionArgs;
import io.skein.core.api.scheduler.ClaimExecutionResult;
import io.skein.core.api.scheduler.ClaimResumedExecutionArgs;
import io.skein.core.api.scheduler.ClaimResumedExecutionResult;
import io.skein.core.api.scheduler.ReleaseGrantArgs;
import io.skein.core.api.scheduler.ReleaseGrantReason;
import io.skein.core.command.EngineCommand;
import io.skein.core.command.ResultCodec;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.id.AttemptId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LeaseId;
import io.skein.core.wire.EngineErrorJson;
import io.skein.core.wire.GrantRecord;
import io.skein.core.wire.ReplyEnvelope;
import io.skein.core.wire.SkeinJson;
import io.skein.topology.KafkaTopics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka-mode worker of one lane (spec 05 §7 "Dispatch grants", spec 07 "Grant record"). It consumes the lane's
 * dispatch topic {@code read_committed} in the lane's consumer group ({@code <prefix>worker.<lane>}), so each grant
 * goes to one worker of the group. For each grant record it either hands the grant back ({@code release_grant},
 * capability mismatch) or claims it ({@code claim_execution}, or {@code claim_resumed_execution} for a resume grant)
 * and runs the handler for the execution's kind on its thread pool, renewing the lease every third of its TTL until
 * the handler is done. While every slot is busy the consumer's partitions are paused. A grant's offset is committed
 * once its claim or release is answered; a grant seen twice (after a rebalance) just fails its claim and is skipped.
 *
 * <pre>{@code
 * SkeinWorker worker = SkeinWorker.builder().bootstrapServers(bootstrap).lane(LaneId.of("default"))
 *         .workerId(WorkerId.of("resizer")).reads(sqlBackend).build();
 * worker.on("image.resize", ctx -> ctx.complete(resize(ctx.input()))).start();
 * }</pre>
 */
public final class SkeinWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SkeinWorker.class);
    private static final ObjectMapper JSON = SkeinJson.lenient();
    private static final byte[] EMPTY_RESULT = new byte[0];

    private final SkeinWorkerBuilder config;
    private final Map<String, WorkerHandler> byKind = new ConcurrentHashMap<>();
    private volatile WorkerHandler anyKind;
    private final Semaphore slots;
    private final Object slotFreed = new Object();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean polling;

    private final AtomicLong claimed = new AtomicLong();
    private final AtomicLong released = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    private CommandClient commands;
    private KafkaConsumer<String, byte[]> consumer;
    private ExecutorService handlers;
    private ScheduledExecutorService renewals;
    private Thread poller;

    // Owned by the poll thread.
    private final ArrayDeque<ConsumerRecord<String, byte[]>> pending = new ArrayDeque<>();
    private final Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();

    SkeinWorker(SkeinWorkerBuilder config) {
        this.config = config;
        this.slots = new Semaphore(config.capacity);
    }

    public static SkeinWorkerBuilder builder() {
        return new SkeinWorkerBuilder();
    }

    /** Runs {@code handler} for executions of {@code executionKind}; needs a reads backend to learn the kind. */
    public SkeinWorker on(String executionKind, WorkerHandler handler) {
        if (executionKind == null || executionKind.isEmpty() || handler == null) {
            throw EngineError.invalidInput("on: execution kind and handler are required");
        }
        if (config.reads == null) {
            throw EngineError.invalidInput("reads: a handler for one execution kind needs a reads backend, since "
                    + "grant records and claim replies do not carry the kind; use onAny or configure reads");
        }
        requireNotStarted();
        byKind.put(executionKind, handler);
        return this;
    }

    /** Runs {@code handler} for executions whose kind has no handler of its own. */
    public SkeinWorker onAny(WorkerHandler handler) {
        if (handler == null) {
            throw EngineError.invalidInput("onAny: handler is required");
        }
        requireNotStarted();
        anyKind = handler;
        return this;
    }

    /** Connects, joins the lane's consumer group and starts taking grants. */
    public SkeinWorker start() {
        if (byKind.isEmpty() && anyKind == null) {
            throw EngineError.invalidInput("handlers: register at least one with on or onAny before start");
        }
        if (!started.compareAndSet(false, true)) {
            throw EngineError.invalidInput("start: the worker is already started");
        }
        String topic = ensureDispatchTopic();
        commands = new CommandClient(config.bootstrapServers, config.topics, config.partitions);
        String name = config.workerInstanceId.value();
        handlers = Executors.newFixedThreadPool(config.capacity, threads("skein-worker-" + name + "-"));
        renewals = Executors.newSingleThreadScheduledExecutor(threads("skein-renew-" + name + "-"));
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, groupId(),
                ConsumerConfig.CLIENT_ID_CONFIG, "skein-worker-" + name,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // a new group starts at the oldest grant still kept; expired ones are skipped without a command
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.capacity,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500,
                // hear of a rebalance (a worker joining or leaving) within a second rather than three
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1000),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic), new Rebalance());
        polling = true;
        poller = new Thread(this::pollLoop, "skein-worker-poll-" + name);
        poller.start();
        return this;
    }

    /** The consumer group of the lane's workers: {@code <prefix>worker.<lane, escaped as in its topic name>}. */
    public String groupId() {
        String dispatchPrefix = config.topics.prefix() + "dispatch.";
        return config.topics.prefix() + "worker."
                + config.topics.dispatch(config.lane.value()).substring(dispatchPrefix.length());
    }

    public WorkerCounts counts() {
        return new WorkerCounts(claimed.get(), released.get(), skipped.get(), completed.get(), failed.get());
    }

    /**
     * Stops taking grants (buffered ones are released as {@code shutting_down}), waits up to the shutdown grace for
     * running handlers, interrupts the rest, and closes the Kafka clients. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) || !started.get()) {
            return;
        }
        polling = false; // the poll loop notices within one poll (at most 100 ms)
        join(poller);
        handlers.shutdown();
        try {
            if (!handlers.awaitTermination(config.shutdownGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("handlers still running after the shutdown grace of {} ms; interrupting them",
                        config.shutdownGrace.toMillis());
                handlers.shutdownNow();
                handlers.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            handlers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        renewals.shutdownNow();
        commands.close();
    }

    // ------------------------------------------------------------------------------------------ polling

    private void pollLoop() {
        try {
            while (polling) {
                dispatchPending();
                // records left over are waiting for a slot: take no more until they are running
                boolean full = !pending.isEmpty() || slots.availablePermits() == 0;
                if (full) {
                    consumer.pause(consumer.assignment());
                    awaitFreeSlot();
                } else if (!consumer.paused().isEmpty()) {
                    consumer.resume(consumer.paused());
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(full ? 0 : 100))) {
                    pending.add(r);
                }
                commitAsync();
            }
        } catch (RuntimeException e) {
            LOG.error("the worker's poll loop failed; no more grants are taken", e);
        } finally {
            releaseBuffered();
            try {
                consumer.commitSync(toCommit, Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("committing the last grant offsets failed: {}", e.getMessage());
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Handles buffered records in order until one needs a slot and none is free: every claim and release of one
     * round is sent at once and answered before the round's offsets are marked for commit.
     */
    private void dispatchPending() {
        List<InFlight> round = new ArrayList<>();
        while (!pending.isEmpty()) {
            ConsumerRecord<String, byte[]> r = pending.peek();
            GrantRecord grant = parse(r);
            if (grant == null || grant.expiresAtMs() <= System.currentTimeMillis()) {
                skipped.incrementAndGet();
                round.add(InFlight.done(pending.poll()));
                continue;
            }
            CapabilitySet required = CapabilitySet.required(grant.requiredCapabilities());
            if (!required.isSubsetOf(config.capabilities)) {
                round.add(release(pending.poll(), grant, ReleaseGrantReason.CAPABILITY_MISMATCH));
                continue;
            }
            if (!slots.tryAcquire()) {
                break;
            }
            round.add(claim(pending.poll(), grant));
        }
        for (InFlight f : round) {
            f.settle();
            toCommit.put(new TopicPartition(f.record.topic(), f.record.partition()),
                    new OffsetAndMetadata(f.record.offset() + 1));
        }
    }

    private InFlight release(ConsumerRecord<String, byte[]> r, GrantRecord grant, ReleaseGrantReason reason) {
        EngineCommand command = new EngineCommand.ReleaseGrant(new ReleaseGrantArgs(
                ExecutionId.parse(grant.executionId()), grant.grantKey(), config.workerId, config.workerInstanceId,
                reason));
        Sent sent = send(command);
        return new InFlight(r, () -> {
            try {
                sent.await();
                released.incrementAndGet();
            } catch (EngineException e) {
                LOG.warn("release_grant for {} failed: {}", grant.executionId(), e.getMessage());
            }
        });
    }

    private InFlight claim(ConsumerRecord<String, byte[]> r, GrantRecord grant) {
        ExecutionId id = ExecutionId.parse(grant.executionId());
        long ttl = config.leaseTtl.toMillis();
        EngineCommand command = grant.kind() == GrantRecord.Kind.RESUME
                ? new EngineCommand.ClaimResumedExecution(new ClaimResumedExecutionArgs(id, config.workerId,
                        config.workerInstanceId, config.lane, new LeaseId(UUID.randomUUID()), ttl, 0, null, 0,
                        grant.grantKey()))
                : new EngineCommand.ClaimExecution(new ClaimExecutionArgs(id, config.workerId,
                        config.workerInstanceId, config.lane, new LeaseId(UUID.randomUUID()), ttl,
                        new AttemptId(UUID.randomUUID()), 0, null, null, null, 0, grant.grantKey()));
        Sent sent = send(command);
        return new InFlight(r, () -> {
            Object result;
            try {
                result = sent.await();
            } catch (EngineException e) {
                slots.release();
                skipped.incrementAndGet();
                if (e.error() instanceof EngineError.Contention || e.error() instanceof EngineError.State
                        || e.error() instanceof EngineError.NotFound) {
                    LOG.debug("grant {} of {} is no longer usable: {}", grant.grantKey(), id, e.getMessage());
                } else {
                    LOG.warn("claiming {} failed: {}", id, e.getMessage());
                }
                return;
            }
            claimed.incrementAndGet();
            if (result instanceof ClaimResumedExecutionResult.Claimed resumed) {
                run(id, resumed.attemptIndex(), resumed.handle());
            } else {
                ClaimExecutionResult.Claimed fresh = (ClaimExecutionResult.Claimed) result;
                run(id, fresh.claimed().attemptIndex(), fresh.claimed().handle());
            }
        });
    }

    /** Hands back every record still buffered, so the lane grants them again at once instead of at expiry. */
    private void releaseBuffered() {
        List<InFlight> round = new ArrayList<>();
        while (!pending.isEmpty()) {
            ConsumerRecord<String, byte[]> r = pending.poll();
            GrantRecord grant = parse(r);
            if (grant == null || grant.expiresAtMs() <= System.currentTimeMillis()) {
                round.add(InFlight.done(r));
            } else {
                round.add(release(r, grant, ReleaseGrantReason.SHUTTING_DOWN));
            }
        }
        for (InFlight f : round) {
            f.settle();
            toCommit.put(new TopicPartition(f.record.topic(), f.record.partition()),
                    new OffsetAndMetadata(f.record.offset() + 1));
        }
    }

    private void awaitFreeSlot() {
        synchronized (slotFreed) {
            if (slots.availablePermits() == 0 && polling) {
                try {
                    slotFreed.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    polling = false;
                }
            }
        }
    }

    private void freeSlot() {
        slots.release();
        synchronized (slotFreed) {
            slotFreed.notifyAll();
        }
    }

    private void commitAsync() {
        if (toCommit.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(toCommit);
        toCommit.clear();
        consumer.commitAsync(offsets, (done, error) -> {
            if (error != null) {
                LOG.debug("committing grant offsets failed (the grants are seen again and fail their claim): {}",
                        error.getMessage());
            }
        });
    }

    private GrantRecord parse(ConsumerRecord<String, byte[]> r) {
        try {
            return JSON.readValue(r.value(), GrantRecord.class);
        } catch (IOException | RuntimeException unreadable) {
            LOG.warn("skipping an unreadable grant record at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
                    unreadable.getMessage());
            return null;
        }
    }

    /** Commits what was answered on partitions leaving this worker and forgets their buffered records. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            pending.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
            Map<TopicPartition, OffsetAndMetadata> leaving = new HashMap<>();
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata offset = toCommit.remove(tp);
                if (offset != null) {
                    leaving.put(tp, offset);
                }
            }
            if (!leaving.isEmpty()) {
                try {
                    consumer.commitSync(leaving, Duration.ofSeconds(5));
                } catch (RuntimeException e) {
                    LOG.debug("committing offsets of revoked partitions failed: {}", e.getMessage());
                }
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // pausing is re-applied by the poll loop on its next round
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            pending.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
            partitions.forEach(toCommit::remove);
        }
    }

    // ------------------------------------------------------------------------------------------ running

    private void run(ExecutionId id, int attemptIndex, Handle handle) {
        try {
            handlers.execute(() -> runAttempt(id, attemptIndex, handle));
        } catch (RuntimeException rejected) {
            // closing: the lease expires and the execution is reclaimed by another worker
            freeSlot();
            LOG.warn("could not start the handler for {}: {}", id, rejected.getMessage());
        }
    }

    private void runAttempt(ExecutionId id, int attemptIndex, Handle handle) {
        ScheduledFuture<?> renewing = null;
        WorkerContext context = null;
        try {
            ExecutionContext execution;
            try {
                execution = config.reads == null ? null : config.reads.readExecutionContext(id);
            } catch (RuntimeException unreadable) {
                // without its input the attempt cannot run here; a retry may land where the read works
                settle(new WorkerContext(commands, config.commandTimeout, id, attemptIndex, handle, null),
                        "reading the execution context failed: " + unreadable.getMessage(), FailureClass.TRANSIENT);
                return;
            }
            context = new WorkerContext(commands, config.commandTimeout, id, attemptIndex, handle, execution);
            long every = Math.max(1, config.leaseTtl.toMillis() / 3);
            renewing = renewals.scheduleAtFixedRate(new Renewal(context), every, every, TimeUnit.MILLISECONDS);
            WorkerHandler handler = execution == null ? anyKind
                    : byKind.getOrDefault(execution.executionKind(), anyKind);
            if (handler == null) {
                settle(context, "no handler for execution kind '" + execution.executionKind() + "' on worker "
                        + config.workerId.value(), FailureClass.PERMANENT);
                return;
            }
            handler.handle(context);
            if (!context.settled() && !context.leaseLost()) {
                context.complete(EMPTY_RESULT);
            }
            if (context.failedByHandler()) {
                failed.incrementAndGet();
            } else if (context.completedByHandler()) {
                completed.incrementAndGet();
            }
        } catch (Throwable thrown) {
            if (context == null) {
                LOG.warn("starting the attempt of {} failed; its lease will expire: {}", id, thrown.getMessage());
            } else if (!context.settled() && !context.leaseLost()) {
                String message = thrown.getMessage() == null ? thrown.getClass().getName()
                        : thrown.getClass().getName() + ": " + thrown.getMessage();
                settle(context, message, FailureClass.TRANSIENT);
            } else {
                LOG.warn("the handler of {} failed after its attempt ended: {}", id, thrown.toString());
            }
            if (thrown instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            if (renewing != null) {
                renewing.cancel(false);
            }
            freeSlot();
        }
    }

    private void settle(WorkerContext context, String message, FailureClass classification) {
        try {
            context.fail(message.length() > 4096 ? message.substring(0, 4096) : message, classification);
            failed.incrementAndGet();
        } catch (EngineException e) {
            LOG.warn("reporting the failure of {} failed: {}", context.executionId(), e.getMessage());
        }
    }

    /** Renews one attempt's lease; a refusal marks the lease lost and stops renewing. */
    private final class Renewal implements Runnable {
        private final WorkerContext context;
        private final AtomicInteger inFlight = new AtomicInteger();

        Renewal(WorkerContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            if (context.leaseLost() || context.settled() || !inFlight.compareAndSet(0, 1)) {
                return; // lost or done, or the previous renewal is still waiting for its reply
            }
            EngineCommand command = new EngineCommand.Renew(context.handle());
            CompletableFuture<ReplyEnvelope> reply;
            try {
                reply = commands.send(command);
            } catch (EngineException closing) {
                inFlight.set(0);
                return;
            }
            reply.orTimeout(config.commandTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, error) -> {
                inFlight.set(0);
                if (error != null) {
                    LOG.debug("renewing the lease of {} got no answer: {}", context.executionId(), error.toString());
                    return; // the next tick tries again
                }
                try {
                    LeaseRenewal renewal = (LeaseRenewal) decode(command, r);
                    LOG.trace("lease of {} renewed until {}", context.executionId(), renewal.expiresAtMs());
                } catch (EngineException refused) {
                    if (refused.error() instanceof EngineError.Timeout || refused.error() instanceof EngineError.Transport
                            || refused.error() instanceof EngineError.Unavailable) {
                        return;
                    }
                    context.markLeaseLost();
                    LOG.warn("the lease of {} was lost: {}", context.executionId(), refused.getMessage());
                }
            });
        }
    }

    // ------------------------------------------------------------------------------------------ commands

    /** A command sent with its id kept, so a reply that does not come in time is asked for once more (05 §7). */
    private Sent send(EngineCommand command) {
        String commandId = UUID.randomUUID().toString();
        return new Sent(command, commandId, commands.send(command, commandId));
    }

    private final class Sent {
        private final EngineCommand command;
        private final String commandId;
        private final CompletableFuture<ReplyEnvelope> reply;

        Sent(EngineCommand command, String commandId, CompletableFuture<ReplyEnvelope> reply) {
            this.command = command;
            this.commandId = commandId;
            this.reply = reply;
        }

        Object await() {
            try {
                return decode(command, wait(reply));
            } catch (TimeoutException first) {
                try {
                    return decode(command, wait(commands.send(command, commandId)));
                } catch (TimeoutException second) {
                    throw new EngineException(new EngineError.Timeout(command.type(),
                            2 * config.commandTimeout.toMillis()));
                }
            }
        }

        private ReplyEnvelope wait(CompletableFuture<ReplyEnvelope> future) throws TimeoutException {
            try {
                return future.get(config.commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException(new EngineError.Timeout(command.type(), 0));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof EngineException engine) {
                    throw engine;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private static Object decode(EngineCommand command, ReplyEnvelope reply) {
        if (!reply.ok()) {
            throw new EngineException(EngineErrorJson.fromJson(reply.error()));
        }
        return ResultCodec.decode(command.resultType(), reply.result());
    }

    /** One record of a dispatch round and what waits for its answer. */
    private static final class InFlight {
        final ConsumerRecord<String, byte[]> record;
        private final Runnable answer;

        InFlight(ConsumerRecord<String, byte[]> record, Runnable answer) {
            this.record = record;
            this.answer = answer;
        }

        static InFlight done(ConsumerRecord<String, byte[]> record) {
            return new InFlight(record, () -> { });
        }

        void settle() {
            answer.run();
        }
    }

    // ------------------------------------------------------------------------------------------ setup

    private String ensureDispatchTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.bootstrapServers))) {
            return KafkaTopics.ensureLane(admin, config.topics, config.lane.value(), config.dispatchPartitions,
                    config.replicationFactor);
        }
    }

    private void requireNotStarted() {
        if (started.get()) {
            throw EngineError.invalidInput("handlers: register them before start");
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static void join(Thread thread) {
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
