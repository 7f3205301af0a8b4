package io.skein.connectors.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skein.connectors.client.CommandClient;
import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ExecutionContext;
import io.skein.core.api.FailureClass;
import io.skein.core.api.Handle;
import io.skein.core.api.scheduler.ClaimExecutionArgs;
import io.skein.core.api.scheduler.ClaimExecutionResult;
import io.skein.core.api.scheduler.ClaimResumedExecutionArgs;
import io.skein.core.api.scheduler.ClaimResumedExecutionResult;
import io.skein.core.api.scheduler.ClaimedInput;
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
 * A worker of one lane, over Kafka or over the HTTP API. The claim carries the execution's kind and input, so a
 * worker needs the command topic (or the HTTP endpoint) only, never the database.
 *
 * <p>Over Kafka (spec 05 §7 "Dispatch grants", spec 07 "Grant record") it consumes the lane's
 * dispatch topic {@code read_committed} in the lane's consumer group ({@code <prefix>worker.<lane>}), so each grant
 * goes to one worker of the group. For each grant record it either hands the grant back ({@code release_grant},
 * capability mismatch) or claims it ({@code claim_execution}, or {@code claim_resumed_execution} for a resume grant)
 * and runs the handler for the execution's kind on its thread pool, renewing the lease every third of its TTL until
 * the handler is done. It registers itself in the worker registry on start, heartbeats every third of its
 * liveness TTL and marks itself dead on close ({@link WorkerPresence}). While every slot is busy the consumer's partitions are paused. A grant's offset is committed
 * once its claim or release is answered; a grant seen twice (after a rebalance) just fails its claim and is skipped.
 * Over HTTP ({@link SkeinWorkerBuilder#http}) it claims from the lane's claim route whenever a slot is free
 * ({@link HttpClaims}) and sends every attempt operation to the worker routes.
 *
 * <pre>{@code
 * SkeinWorker worker = SkeinWorker.builder().bootstrapServers(bootstrap).lane(LaneId.of("images"))
 *         .workerId(WorkerId.of("resizer")).build();
 * worker.on("image.resize", Resize.class, (ctx, in) -> resize(in)).start();   // input and result as JSON
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
    private final WorkerMetrics metrics;

    private CommandClient commands;
    private AttemptOps ops;
    private WorkerPresence presence;
    private ExecutorService httpRenewals;
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
        this.metrics = new WorkerMetrics(config.meterRegistry, config.lane.value(), config.workerId.value(),
                config.workerInstanceId.value(), config.capacity);
    }

    public static SkeinWorkerBuilder builder() {
        return new SkeinWorkerBuilder();
    }

    /** Runs {@code handler} for executions of {@code executionKind}. */
    public SkeinWorker on(String executionKind, WorkerHandler handler) {
        if (executionKind == null || executionKind.isEmpty() || handler == null) {
            throw EngineError.invalidInput("on: execution kind and handler are required");
        }
        requireNotStarted();
        byKind.put(executionKind, handler);
        return this;
    }

    /**
     * Runs {@code handler} for executions of {@code executionKind} with their input bound to {@code inputType}
     * (Jackson, {@link SkeinWorkerBuilder#json}); what it returns completes the attempt as a JSON result (null: no
     * result). An input that does not bind fails the attempt as {@code permanent}: no retry would bind it either.
     */
    public <I, O> SkeinWorker on(String executionKind, Class<I> inputType, TypedHandler<I, O> handler) {
        if (inputType == null || handler == null) {
            throw EngineError.invalidInput("on: input type and handler are required");
        }
        return on(executionKind, ctx -> {
            I input;
            try {
                input = ctx.input(inputType);
            } catch (java.io.IOException unbound) {
                ctx.fail("input does not bind to " + inputType.getName() + ": " + firstLine(unbound.getMessage()),
                        FailureClass.PERMANENT);
                return;
            }
            O output = handler.handle(ctx, input);
            if (!ctx.settled() && !ctx.leaseLost()) {
                ctx.completeJson(output);
            }
        });
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

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    /**
     * Starts taking work: over Kafka, connects and joins the lane's consumer group to take its grants; over HTTP,
     * claims from the lane's claim route whenever a slot is free.
     */
    public SkeinWorker start() {
        if (byKind.isEmpty() && anyKind == null) {
            throw EngineError.invalidInput("handlers: register at least one with on or onAny before start");
        }
        if (!started.compareAndSet(false, true)) {
            throw EngineError.invalidInput("start: the worker is already started");
        }
        String name = config.workerInstanceId.value();
        handlers = Executors.newFixedThreadPool(config.capacity, threads("skein-worker-" + name + "-"));
        renewals = Executors.newSingleThreadScheduledExecutor(threads("skein-renew-" + name + "-"));
        polling = true;
        if (config.http != null) {
            httpRenewals = Executors.newCachedThreadPool(threads("skein-renew-http-" + name + "-"));
            ops = new HttpAttemptOps(config.http, httpRenewals);
            presence = new WorkerPresence(RegistryOps.http(config.http), config);
            presence.start(renewals);
            poller = new Thread(new HttpClaims(this, config.http)::run, "skein-worker-claim-" + name);
            poller.start();
            return this;
        }
        String topic = ensureDispatchTopic();
        commands = new CommandClient(config.bootstrapServers, config.topics, config.partitions);
        ops = new KafkaAttemptOps(commands, config.commandTimeout);
        presence = new WorkerPresence(RegistryOps.kafka(commands, config.commandTimeout), config);
        presence.start(renewals);
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
     * Takes no more work from now on; attempts already running go on. {@link #close()} still ends the worker. A
     * handler may call it (a worker that runs one execution and stops).
     */
    public void stopClaiming() {
        polling = false;
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
        if (presence != null) {
            presence.stop(); // a clean shutdown: the registry forgets this instance now, not after its TTL
        }
        renewals.shutdownNow();
        if (httpRenewals != null) {
            httpRenewals.shutdownNow();
        }
        if (commands != null) {
            commands.close();
        }
    }

    // ------------------------------------------------------------------------------------------ for the sources

    SkeinWorkerBuilder config() {
        return config;
    }

    boolean polling() {
        return polling;
    }

    /** Takes a free slot, or waits a little for one (false: none yet, or the worker is stopping). */
    boolean takeSlot() {
        if (slots.tryAcquire()) {
            return true;
        }
        metrics.atCapacity();
        awaitFreeSlot();
        return false;
    }

    /** Gives back a slot taken for work that did not come. */
    void returnSlot() {
        freeSlot();
    }

    /** Runs claimed work in the slot taken for it. */
    void claimed(ExecutionId id, int attemptIndex, Handle handle, ClaimedInput input) {
        claimed.incrementAndGet();
        metrics.grant("claimed");
        run(id, attemptIndex, handle, input);
    }

    // ------------------------------------------------------------------------------------------ polling

    private void pollLoop() {
        try {
            while (polling) {
                dispatchPending();
                // records left over are waiting for a slot: take no more until they are running
                boolean full = !pending.isEmpty() || slots.availablePermits() == 0;
                if (full) {
                    if (consumer.paused().isEmpty()) {
                        metrics.atCapacity();
                    }
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
                metrics.grant("skipped");
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
                metrics.grant("released");
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
                metrics.grant("skipped");
                if (e.error() instanceof EngineError.Contention || e.error() instanceof EngineError.State
                        || e.error() instanceof EngineError.NotFound) {
                    LOG.debug("grant {} of {} is no longer usable: {}", grant.grantKey(), id, e.getMessage());
                } else {
                    LOG.warn("claiming {} failed: {}", id, e.getMessage());
                }
                return;
            }
            if (result instanceof ClaimResumedExecutionResult.Claimed resumed) {
                claimed(id, resumed.attemptIndex(), resumed.handle(), resumed.input());
            } else {
                ClaimExecutionResult.Claimed fresh = (ClaimExecutionResult.Claimed) result;
                claimed(id, fresh.claimed().attemptIndex(), fresh.claimed().handle(), fresh.claimed().input());
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

    private void run(ExecutionId id, int attemptIndex, Handle handle, ClaimedInput input) {
        try {
            handlers.execute(() -> runAttempt(id, attemptIndex, handle, input));
        } catch (RuntimeException rejected) {
            // closing: the lease expires and the execution is reclaimed by another worker
            freeSlot();
            LOG.warn("could not start the handler for {}: {}", id, rejected.getMessage());
        }
    }

    private void runAttempt(ExecutionId id, int attemptIndex, Handle handle, ClaimedInput claimedInput) {
        ScheduledFuture<?> renewing = null;
        WorkerContext context = null;
        String kind = claimedInput == null ? "unknown" : claimedInput.executionKind();
        long started = System.nanoTime();
        String outcome = "lease_lost";
        metrics.started();
        try {
            ClaimedInput input;
            try {
                input = claimedInput != null ? claimedInput : readInput(id);
            } catch (RuntimeException unreadable) {
                // without its input the attempt cannot run here; a retry may land where the read works
                settle(new WorkerContext(ops, id, attemptIndex, handle, null, config.json),
                        "reading the execution's input failed: " + unreadable.getMessage(), FailureClass.TRANSIENT);
                outcome = "failed";
                return;
            }
            kind = input == null ? kind : input.executionKind();
            context = new WorkerContext(ops, id, attemptIndex, handle, input, config.json);
            long every = Math.max(1, config.leaseTtl.toMillis() / 3);
            renewing = renewals.scheduleAtFixedRate(new Renewal(context), every, every, TimeUnit.MILLISECONDS);
            WorkerHandler handler = input == null ? anyKind : byKind.getOrDefault(input.executionKind(), anyKind);
            if (handler == null) {
                settle(context, input == null ? "the claim carried no input and the worker has no reads backend "
                        + "(an engine older than this worker?)" : "no handler for execution kind '"
                        + input.executionKind() + "' on worker " + config.workerId.value(),
                        input == null ? FailureClass.TRANSIENT : FailureClass.PERMANENT);
                outcome = "failed";
                return;
            }
            handler.handle(context);
            if (!context.settled() && !context.leaseLost()) {
                context.complete(EMPTY_RESULT);
            }
            if (context.failedByHandler()) {
                failed.incrementAndGet();
                outcome = "failed";
            } else if (context.completedByHandler()) {
                completed.incrementAndGet();
                outcome = "completed";
            } else if (context.settled()) {
                outcome = "suspended";
            }
        } catch (Throwable thrown) {
            if (context == null) {
                LOG.warn("starting the attempt of {} failed; its lease will expire: {}", id, thrown.getMessage());
            } else if (!context.settled() && !context.leaseLost()) {
                String message = thrown.getMessage() == null ? thrown.getClass().getName()
                        : thrown.getClass().getName() + ": " + thrown.getMessage();
                settle(context, message, FailureClass.TRANSIENT);
                outcome = "failed";
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
            metrics.ended(kind, outcome, System.nanoTime() - started);
            freeSlot();
        }
    }

    /** The execution's input from the reads backend, for a claim reply that did not carry it; null without one. */
    private ClaimedInput readInput(ExecutionId id) {
        if (config.reads == null) {
            return null;
        }
        ExecutionContext context = config.reads.readExecutionContext(id);
        return new ClaimedInput(context.executionKind(), context.inputPayload(), null, context.tags(), null);
    }

    private void settle(WorkerContext context, String message, FailureClass classification) {
        try {
            context.fail(message.length() > 4096 ? message.substring(0, 4096) : message, classification);
            failed.incrementAndGet();
        } catch (RuntimeException e) {
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
            ops.renew(context.handle(), config.commandTimeout).whenComplete((answer, error) -> {
                inFlight.set(0);
                if (error != null || answer.renewal() == AttemptOps.Renewal.NO_ANSWER) {
                    // the next tick tries again
                    LOG.debug("renewing the lease of {} got no answer: {}", context.executionId(),
                            error != null ? error.toString() : answer.detail());
                } else if (answer.renewal() == AttemptOps.Renewal.REFUSED) {
                    context.markLeaseLost();
                    LOG.warn("the lease of {} was lost: {}", context.executionId(), answer.detail());
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
