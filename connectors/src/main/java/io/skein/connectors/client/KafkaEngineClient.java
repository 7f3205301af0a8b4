package io.skein.connectors.client;

import io.skein.core.api.CancelFlowArgs;
import io.skein.core.api.CancelFlowHeaderResult;
import io.skein.core.api.CancelFlowPolicy;
import io.skein.core.api.CancelFlowResult;
import io.skein.core.api.CancelFlowWait;
import io.skein.core.api.CancelSource;
import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.EngineBackend;
import io.skein.core.api.FlowCancellation;
import io.skein.core.api.Handle;
import io.skein.core.api.execution.CancelExecutionArgs;
import io.skein.core.api.scheduler.ClaimExecutionArgs;
import io.skein.core.api.scheduler.ClaimExecutionResult;
import io.skein.core.api.scheduler.ClaimForWorkerArgs;
import io.skein.core.api.scheduler.ClaimForWorkerResult;
import io.skein.core.api.scheduler.ClaimResumedExecutionArgs;
import io.skein.core.api.scheduler.ClaimResumedExecutionResult;
import io.skein.core.api.scheduler.IssueClaimGrantArgs;
import io.skein.core.api.ClaimGrant;
import io.skein.core.command.EngineCommand;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.id.AttemptId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.LaneId;
import io.skein.core.id.LeaseId;
import io.skein.core.wire.GrantRecord;
import io.skein.core.api.worker.CompletionEvent;
import io.skein.core.api.worker.EventSubscription;
import io.skein.core.api.worker.LeaseHistoryEvent;
import io.skein.core.api.worker.SignalDeliveryEvent;
import io.skein.core.wire.TopicNames;
import io.skein.sql.engine.SqlEngineBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The Kafka-mode {@link EngineBackend} (ARCHITECTURE "Two ways to run the same contract"): every state-changing
 * operation is sent as its command and answered by its reply; reads, tails and lifecycle calls go to the SQL backend
 * directly (spec 05 §7). {@code claim} and {@code claimForWorker} span partitions, so they read the lane's dispatch
 * records and then send one command; {@code cancelFlow} sends the header command and drains the owed members with
 * member commands.
 *
 * <p>{@link KafkaEngineBackend} is the operations' face, one method each; this class owns the Kafka connections and
 * the operations that span partitions.
 */
public final class KafkaEngineClient implements AutoCloseable {

    /** How long {@code claim} keeps reading when SQL shows a lane grant whose record it has not seen yet. */
    private static final Duration RECORD_WAIT = Duration.ofSeconds(5);

    /** How long a call waits for its reply. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** The backend label of Kafka mode (spec 02 §12). */
    public static final String LABEL = "kafka";

    private final CommandClient commands;
    private final SqlEngineBackend reads;
    private final String bootstrapServers;
    private final TopicNames topics;
    private final Duration timeout;
    private final Duration claimWait;
    private final Map<String, DispatchGrants> lanes = new HashMap<>();
    private final java.util.function.Consumer<String> laneTopics;

    private KafkaEngineClient(CommandClient commands, SqlEngineBackend reads, String bootstrapServers,
                              TopicNames topics, Duration timeout, Duration claimWait,
                              java.util.function.Consumer<String> laneTopics) {
        this.laneTopics = laneTopics;
        this.commands = commands;
        this.reads = reads;
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.timeout = timeout;
        this.claimWait = claimWait;
    }

    /**
     * A client of the engine at {@code bootstrapServers} that reads from {@code reads}; close it via the handle.
     *
     * @param claimWait  the least time {@code claim} waits for a usable grant ({@code FF_KAFKA_CLAIM_WAIT_MS})
     * @param laneTopics creates a lane's dispatch topic when the client reads a lane before its first grant
     */
    public static Connected connect(String bootstrapServers, TopicNames topics, SqlEngineBackend reads,
                                    Duration claimWait, java.util.function.Consumer<String> laneTopics) {
        CommandClient commands = new CommandClient(bootstrapServers, topics, reads.partitionConfig());
        KafkaEngineClient client = new KafkaEngineClient(commands, reads, bootstrapServers, topics,
                DEFAULT_TIMEOUT, claimWait, laneTopics);
        return new Connected(new KafkaEngineBackend(client, reads), client);
    }

    /** The backend view and the client that owns the Kafka connections. */
    public record Connected(EngineBackend backend, KafkaEngineClient client) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
        }
    }

    public CommandClient commands() {
        return commands;
    }

    /** Sends {@code command} and waits for its reply: the decoded result, or the typed error it carried. */
    Object call(EngineCommand command) {
        return commands.call(command, timeout);
    }

    /**
     * Spec 02 §11 in Kafka mode: a {@code read_committed} consumer of {@code ff.events}; namespace and tag filters
     * read the execution from SQL, since events carry neither.
     */
    private <E> KafkaEventSubscription<E> subscribe(KafkaEvents.Family<E> family,
                                                    io.skein.core.api.worker.EventCursor cursor,
                                                    io.skein.core.api.ScannerFilter filter) {
        return KafkaEventSubscription.open(bootstrapServers, topics.events(), family, cursor, filter,
                reads::subscriptionMatches);
    }

    EventSubscription<LeaseHistoryEvent> subscribeLeaseHistory(io.skein.core.api.worker.EventCursor cursor,
                                                             io.skein.core.api.ScannerFilter filter) {
        return subscribe(KafkaEvents.LEASE_HISTORY, cursor, filter);
    }

    EventSubscription<CompletionEvent> subscribeCompletion(io.skein.core.api.worker.EventCursor cursor,
                                                         io.skein.core.api.ScannerFilter filter) {
        return subscribe(KafkaEvents.COMPLETION, cursor, filter);
    }

    EventSubscription<SignalDeliveryEvent> subscribeSignalDelivery(io.skein.core.api.worker.EventCursor cursor,
                                                                 io.skein.core.api.ScannerFilter filter) {
        return subscribe(KafkaEvents.SIGNAL_DELIVERY, cursor, filter);
    }

    // ------------------------------------------------------------------------------------------ claims

    synchronized Optional<Handle> claim(LaneId lane, CapabilitySet capabilities, ClaimPolicy policy) {
        if (lane == null || capabilities == null || policy == null) {
            throw EngineError.invalidInput("claim: lane, capabilities and policy are required");
        }
        long waitMs = Math.max(policy.maxWaitMs() == null ? 0 : policy.maxWaitMs(), claimWait.toMillis());
        long started = System.nanoTime();
        long until = started + Duration.ofMillis(waitMs).toNanos();
        do {
            DispatchGrants grants = lane(lane.value());
            List<GrantRecord> usable = grants.catchUp(this::live, r -> fits(r, capabilities), Duration.ofSeconds(5));
            if (reads.liveLaneGrants(lane.value()) > grants.size() || reads.laneAwaitsGrants(lane.value())) {
                // SQL shows a grant whose record is not on the dispatch topic yet, or work whose grant the
                // topology has yet to issue: worth waiting for
                until = Math.max(until, started + RECORD_WAIT.toNanos());
            }
            for (GrantRecord g : usable) {
                grants.drop(g);
                ExecutionId id = ExecutionId.parse(g.executionId());
                try {
                    if (g.kind() == GrantRecord.Kind.RESUME) {
                        Object r = commands.call(new EngineCommand.ClaimResumedExecution(
                                new ClaimResumedExecutionArgs(id, policy.workerId(), policy.workerInstanceId(), lane,
                                        new LeaseId(UUID.randomUUID()), policy.leaseTtlMs(), 0, null, 0,
                                        g.grantKey())), timeout);
                        return Optional.of(((ClaimResumedExecutionResult.Claimed) r).handle());
                    }
                    Object r = commands.call(new EngineCommand.ClaimExecution(new ClaimExecutionArgs(id,
                            policy.workerId(), policy.workerInstanceId(), lane, new LeaseId(UUID.randomUUID()),
                            policy.leaseTtlMs(), new AttemptId(UUID.randomUUID()), 0, null, null, null, 0,
                            g.grantKey())), timeout);
                    return Optional.of(((ClaimExecutionResult.Claimed) r).claimed().handle());
                } catch (EngineException lost) {
                    if (!lostGrant(lost)) {
                        throw lost;
                    }
                    // another worker won this grant, or it moved on: try the next record
                }
            }
        } while (System.nanoTime() < until && pause());
        return Optional.empty();
    }

    synchronized ClaimForWorkerResult claimForWorker(ClaimForWorkerArgs args) {
        if (args == null) {
            throw EngineError.invalidInput("args: required");
        }
        long until = System.nanoTime() + claimWait.toNanos();
        do {
            Optional<ClaimForWorkerResult> granted = grantForWorker(args);
            if (granted.isPresent()) {
                return granted.get();
            }
        } while (System.nanoTime() < until && pause());
        return new ClaimForWorkerResult.NoWork();
    }

    private Optional<ClaimForWorkerResult> grantForWorker(ClaimForWorkerArgs args) {
        DispatchGrants grants = lane(args.laneId().value());
        for (GrantRecord g : grants.catchUp(this::live, r -> fits(r, args.workerCapabilities()),
                Duration.ofSeconds(5))) {
            grants.drop(g);
            ExecutionId id = ExecutionId.parse(g.executionId());
            try {
                var granted = (io.skein.core.api.scheduler.IssueClaimGrantResult.Granted) commands.call(
                        new EngineCommand.IssueClaimGrant(new IssueClaimGrantArgs(id, args.laneId(),
                                args.workerId(), args.workerInstanceId(), id.partitionKey(), null, null, null,
                                args.workerCapabilities(), args.grantTtlMs(), 0)), timeout);
                return Optional.of(new ClaimForWorkerResult.Granted(new ClaimGrant(id, id.partitionKey(),
                        granted.grantKey(), granted.expiresAtMs())));
            } catch (EngineException lost) {
                if (!lostGrant(lost)) {
                    throw lost;
                }
            }
        }
        return Optional.empty();
    }

    /** The record's grant went to someone else or moved on (the next record is tried); other errors propagate. */
    private static boolean lostGrant(EngineException e) {
        return e.error() instanceof EngineError.Contention || e.error() instanceof EngineError.State
                || e.error() instanceof EngineError.NotFound;
    }

    private static boolean fits(GrantRecord g, CapabilitySet worker) {
        return CapabilitySet.required(g.requiredCapabilities()).isSubsetOf(worker);
    }

    /** Whether the record's grant still stands in SQL (used, expired, released and replaced ones do not). */
    private boolean live(GrantRecord g) {
        return reads.isLiveLaneGrant(ExecutionId.parse(g.executionId()), g.grantKey());
    }

    private DispatchGrants lane(String lane) {
        return lanes.computeIfAbsent(lane, l -> {
            laneTopics.accept(l);
            return new DispatchGrants(bootstrapServers, topics, l, Duration.ofMinutes(5));
        });
    }

    private static boolean pause() {
        try {
            Thread.sleep(20);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------ flows

    CancelFlowResult cancelFlow(FlowId flowId, CancelFlowPolicy policy, CancelFlowWait wait, String reason) {
        if (policy == null) {
            throw EngineError.invalidInput("cancellation_policy: required");
        }
        Object header = commands.call(new EngineCommand.CancelFlowHeader(new CancelFlowArgs(flowId, reason, policy,
                0)), timeout);
        if (header instanceof CancelFlowHeaderResult.AlreadyTerminal done) {
            CancelFlowPolicy stored = done.storedCancellationPolicy() == null ? policy : done.storedCancellationPolicy();
            return new CancelFlowResult.Cancelled(stored, done.memberExecutionIds());
        }
        List<ExecutionId> members = ((CancelFlowHeaderResult.Cancelled) header).memberExecutionIds();
        List<ExecutionId> owed = reads.owedCancelMembers(flowId);
        if (owed.isEmpty()) {
            return new CancelFlowResult.Cancelled(policy, members);
        }
        Optional<Duration> waitFor = FlowCancellation.cancelFlowWaitDeadline(
                wait == null ? new CancelFlowWait.NoWait() : wait);
        if (waitFor.isEmpty()) {
            Thread drain = new Thread(() -> drainOwed(flowId, owed, reason, Long.MAX_VALUE),
                    "skein-flow-cancel-" + flowId);
            drain.setDaemon(true);
            drain.start();
            return new CancelFlowResult.CancellationScheduled(policy, members.size(), members);
        }
        List<ExecutionId> failed = drainOwed(flowId, owed, reason, System.nanoTime() + waitFor.get().toNanos());
        return failed.isEmpty() ? new CancelFlowResult.Cancelled(policy, members)
                : new CancelFlowResult.PartiallyCancelled(policy, members, failed);
    }

    /**
     * Cancels the owed members, then acknowledges the cancelled ones; failures are returned. Each phase goes out as
     * one batch of commands: members on different partitions are cancelled in parallel, and no acknowledgement is
     * sent before its member's cancellation has replied.
     */
    private List<ExecutionId> drainOwed(FlowId flowId, List<ExecutionId> owed, String reason, long deadlineNanos) {
        long started = System.nanoTime();
        List<ExecutionId> failed = new ArrayList<>();
        List<EngineCommand> cancels = owed.stream().<EngineCommand>map(member -> new EngineCommand.CancelExecution(
                new CancelExecutionArgs(member, reason, CancelSource.FLOW_CASCADE, null, null, null, 0))).toList();
        List<Object> cancelled = commands.callAll(cancels, remaining(deadlineNanos));
        List<EngineCommand> acks = new ArrayList<>();
        for (int i = 0; i < owed.size(); i++) {
            Object outcome = cancelled.get(i);
            if (outcome instanceof EngineException e && e.error() instanceof EngineError.Timeout) {
                throw new EngineException(new EngineError.Timeout(FlowCancellation.OP,
                        (System.nanoTime() - started) / 1_000_000));
            }
            if (outcome instanceof EngineException e && !(e.error() instanceof EngineError.State)) {
                failed.add(owed.get(i)); // a State error means already terminal: nothing left to cancel
                continue;
            }
            acks.add(new EngineCommand.AckCancelMember(flowId, owed.get(i)));
        }
        for (Object outcome : commands.callAll(acks, remaining(deadlineNanos))) {
            if (outcome instanceof EngineException e) {
                if (e.error() instanceof EngineError.Timeout) {
                    throw new EngineException(new EngineError.Timeout(FlowCancellation.OP,
                            (System.nanoTime() - started) / 1_000_000));
                }
                throw e;
            }
        }
        return failed;
    }

    /** The time left before {@code deadlineNanos} ({@code Long.MAX_VALUE}: the client's call timeout). */
    private Duration remaining(long deadlineNanos) {
        if (deadlineNanos == Long.MAX_VALUE) {
            return timeout;
        }
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    @Override
    public synchronized void close() {
        lanes.values().forEach(DispatchGrants::close);
        lanes.clear();
        commands.close();
    }
}
