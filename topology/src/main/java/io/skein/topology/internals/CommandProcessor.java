package io.skein.topology.internals;

import com.fasterxml.jackson.databind.JsonNode;
import io.skein.core.command.CommandCodec;
import io.skein.core.command.DecodedCommand;
import io.skein.core.command.EngineCommand;
import io.skein.core.command.PoisonCommandException;
import io.skein.core.command.ResultCodec;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.PartitionConfig;
import io.skein.core.wire.EngineErrorJson;
import io.skein.core.wire.GrantRecord;
import io.skein.core.wire.ReplyEnvelope;
import io.skein.core.timer.ExecutionView;
import io.skein.core.wire.SkeinJson;
import io.skein.sql.engine.CommandLogStore;
import io.skein.sql.engine.EngineFigures;
import io.skein.sql.engine.EngineTimer;
import io.skein.engine.processing.LaneGrant;
import io.skein.sql.engine.SqlEngineBackend;
import io.skein.sql.engine.Tx;
import io.skein.stores.CommandDedupWindow;
import io.skein.stores.TimerStore;
import io.skein.topology.SkeinTopologyConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the commands of one {@code ff.commands} partition (ARCHITECTURE "The path of one command"): decode (poison
 * → dead letters), de-duplicate (task window, then {@code ff_command_log}), apply through the command's one backend
 * method inside the stream thread's SQL unit, which also records the outcome, bring the task's stores (execution
 * cache, ready queues, timer wheel) up to date with every execution the unit wrote, then forward the reply, the
 * events and new lane grants. The SQL unit commits before Kafka's transaction: a crash in between replays the
 * command, which the log answers with the stored outcome, so every effect and every output happens once. Timers fire
 * from the wheel as internal commands through the same path; sweeps and the lane-grant top-up are punctuators.
 */
public final class CommandProcessor implements Processor<String, byte[], String, byte[]> {

    public static final String REPLIES = "replies";
    public static final String EVENTS = "events";
    public static final String DISPATCH = "dispatch";
    public static final String DEAD_LETTERS = "dead-letters";
    /** The dispatch sink reads the lane from this header to pick the lane's topic. */
    public static final String LANE_HEADER = "ff-lane";

    private static final Logger LOG = LoggerFactory.getLogger(CommandProcessor.class);

    /**
     * How old a record may be when it reaches the processor and still count as not queued behind others: a fresh
     * command's producer and this engine share a clock, or sit on hosts whose clocks NTP keeps well within this.
     */
    static final long FRESH_ARRIVAL_MS = 3;

    private final SkeinTopologyConfig config;
    private final Supplier<SqlEngineBackend> backends;
    private final PartitionConfig partitions;
    private final Consumer<String> laneTopics;
    private final InfrastructureFailures failures;

    private ProcessorContext<String, byte[]> context;
    private SqlUnitOfWork unit;
    private CommandDedupWindow dedup;
    private List<Integer> ownedFlowPartitions;
    /** Whether the last {@link #apply} found its command already in {@code ff_command_log} (a duplicate). */
    private boolean replayedFromLog;
    private TaskStores stores;
    /** The database the local stores were last rebuilt from; null: rebuild before the next unit. */
    private SqlEngineBackend storesFrom;
    private java.util.Set<Integer> ownedPartitionSet;

    public CommandProcessor(SkeinTopologyConfig config, Supplier<SqlEngineBackend> backends,
                            PartitionConfig partitions, Consumer<String> laneTopics, InfrastructureFailures failures) {
        this.config = config;
        this.backends = backends;
        this.partitions = partitions;
        this.laneTopics = laneTopics;
        this.failures = failures;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.unit = SqlUnitOfWork.ofCurrentThread(config.sqlBatchMaxCommands());
        this.dedup = new CommandDedupWindow(context.getStateStore(CommandDedupWindow.STORE),
                config.dedupWindow().toMillis());
        this.stores = new TaskStores(context);
        this.storesFrom = null; // derived stores left by an earlier owner or run are rebuilt from SQL first
        int task = context.taskId().partition();
        this.ownedFlowPartitions = FlowPartitionOwnership.owned(partitions.flowPartitions(),
                config.commandPartitions(), task);
        this.ownedPartitionSet = java.util.Set.copyOf(ownedFlowPartitions);
        if (!config.grantTopUpInterval().isZero()) {
            context.schedule(config.grantTopUpInterval(), PunctuationType.WALL_CLOCK_TIME, now -> topUpOwned());
        }
        if (!config.timerInterval().isZero()) {
            context.schedule(config.timerInterval(), PunctuationType.WALL_CLOCK_TIME, now -> fireDueTimers());
            for (EngineTimer sweep : TaskTimers.sweepsOf(task)) {
                context.schedule(config.sweepIntervals().of(sweep), PunctuationType.WALL_CLOCK_TIME,
                        now -> runSweep(sweep));
            }
        }
        context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME, dedup::purge);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        handle(record);
        if (arrivedFresh(record)) {
            // Nothing queued in front of this record, so holding its reply for the commit interval gains no batch:
            // commit once this poll's records are applied. Under load records wait behind the running commit,
            // arrive older than this, and share one commit per interval.
            context.commit();
        }
    }

    /** Whether {@code record} reached the processor within {@link #FRESH_ARRIVAL_MS} of being produced. */
    private boolean arrivedFresh(Record<String, byte[]> record) {
        return context.currentSystemTimeMs() - record.timestamp() <= FRESH_ARRIVAL_MS;
    }

    private void handle(Record<String, byte[]> record) {
        Header admin = record.headers().lastHeader(io.skein.topology.SkeinTopology.ADMIN_HEADER);
        if (admin != null && config.adminRecords()) {
            processAdmin(new String(admin.value(), StandardCharsets.UTF_8), record);
            return;
        }
        DecodedCommand decoded;
        UUID commandUuid;
        try {
            if (admin != null) {
                // test machinery: no producer may make this engine fire its timers or apply the record as a command
                throw CommandCodec.refused(record.value(), "admin record: this engine takes no ff-admin records",
                        EngineError.invalidInput("ff-admin: admin records are not enabled on this engine"));
            }
            int size = record.value() == null ? 0 : record.value().length;
            if (size > config.maxCommandBytes()) {
                throw CommandCodec.refused(record.value(), "record of " + size + " bytes is over the command limit of "
                        + config.maxCommandBytes() + " bytes", EngineError.validation(
                                io.skein.core.error.ValidationKind.PAYLOAD_TOO_LARGE, "command record: " + size
                                        + " bytes, limit " + config.maxCommandBytes()));
            }
            decoded = CommandCodec.decode(record.value());
            commandUuid = parseCommandId(decoded);
        } catch (PoisonCommandException poison) {
            count("undecodable", EngineFigures.DEAD_LETTERED);
            deadLetter(record, poison.reason());
            if (poison.replyTo().isPresent() && poison.commandId().isPresent()) {
                reply(poison.replyTo().get(), ReplyEnvelope.failure(poison.commandId().get(),
                        EngineErrorJson.toJson(poison.error())), record);
            }
            return;
        }
        String commandId = decoded.envelope().commandId();
        Optional<byte[]> remembered = dedup.find(commandId);
        CommandOutcome outcome;
        boolean duplicate = remembered.isPresent();
        if (duplicate) {
            outcome = CommandOutcome.fromBytes(remembered.get());
        } else {
            if (failures.failedBefore(commandId)) {
                unit.commit(); // a command that failed the store runs alone, so giving up on it drops nothing else
            }
            try {
                outcome = apply(decoded.command(), commandId, commandUuid, null);
            } catch (RuntimeException failed) {
                rollback(); // every command of the unit replays from the last Kafka commit
                EngineException infrastructure = failed instanceof EngineException e ? e
                        : new EngineException(new EngineError.Transport(io.skein.core.error.TransportKind.OTHER,
                                String.valueOf(failed.getMessage())), failed);
                if (failures.giveUp(commandId)) {
                    count(decoded.command().type(), EngineFigures.DEAD_LETTERED);
                    deadLetter(record, "the store failed this command " + InfrastructureFailures.LIMIT
                            + " times: " + infrastructure.getMessage());
                    if (decoded.envelope().replyTo() != null) {
                        reply(decoded.envelope().replyTo(), ReplyEnvelope.failure(commandId,
                                EngineErrorJson.toJson(infrastructure.error())), record);
                    }
                    return;
                }
                throw infrastructure; // the thread is replaced and the command replayed from the last commit
            }
            duplicate = replayedFromLog;
            dedup.remember(commandId, outcome.toBytes(), context.currentSystemTimeMs());
            if (unit.full()) {
                unit.commit();
                context.commit(); // let Kafka follow soon, so replies of the committed commands go out
            }
        }
        count(decoded.command().type(), duplicate ? EngineFigures.DUPLICATE
                : outcome.reply().ok() ? EngineFigures.APPLIED : EngineFigures.REJECTED);
        if (decoded.envelope().replyTo() != null) {
            // the JSON the log and the window already hold: the reply is not encoded a second time
            reply(decoded.envelope().replyTo(), outcome.replyJson().getBytes(StandardCharsets.UTF_8), record);
        }
        // The window is changelogged in the task's Kafka transaction: a command it remembers had its outputs
        // committed with it, so a repeat is answered and emits nothing. One found only in ff_command_log lost its
        // Kafka transaction after the SQL commit: its stored outputs go out now, once.
        if (remembered.isEmpty()) {
            emit(outcome.outputs(), record.headers(), record.timestamp());
        }
    }

    private void processAdmin(String what, Record<String, byte[]> record) {
        JsonNode envelope;
        try {
            envelope = SkeinJson.lenient().readTree(record.value());
        } catch (java.io.IOException | RuntimeException e) {
            deadLetter(record, "admin record: not JSON");
            return;
        }
        String commandId = envelope.path("command_id").asText("");
        String replyTo = envelope.path("reply_to").asText(null);
        if (!io.skein.topology.SkeinTopology.RUN_DUE.equals(what)) {
            deadLetter(record, "admin record: unknown action " + what);
            if (replyTo != null) {
                reply(replyTo, ReplyEnvelope.failure(commandId, EngineErrorJson.toJson(
                        EngineError.invalidInput("ff-admin: unknown action " + what).error())), record);
            }
            return;
        }
        // run_due: fixtures may have written SQL behind the stores' back, so they are rebuilt first
        ReplyEnvelope answer;
        try {
            SqlEngineBackend backend = backends.get();
            storesFrom = null;
            int fired = fireDue(backend);
            for (EngineTimer sweep : TaskTimers.sweepsOf(context.taskId().partition())) {
                runSweep(sweep);
            }
            answer = ReplyEnvelope.success(commandId, SkeinJson.lenient().createObjectNode()
                    .put("timers_fired", fired));
        } catch (EngineException failed) {
            // a store that is down or draining: the caller hears why; nothing is retried (it asks again)
            answer = ReplyEnvelope.failure(commandId, EngineErrorJson.toJson(failed.error()));
        }
        if (replyTo != null) {
            reply(replyTo, answer, record);
        }
    }

    /** Counts a processed command in the store's figures ({@code /metrics}); with no store there is nothing to count. */
    private void count(String type, String outcome) {
        try {
            backends.get().figures().commandProcessed(type, outcome);
        } catch (EngineException noStore) {
            // a test harness between databases: the command is refused anyway
        }
    }

    private static UUID parseCommandId(DecodedCommand decoded) throws PoisonCommandException {
        try {
            return UUID.fromString(decoded.envelope().commandId());
        } catch (IllegalArgumentException e) {
            throw new PoisonCommandException("command_id: must be a UUID, got " + decoded.envelope().commandId(),
                    decoded.envelope().replyTo(), decoded.envelope().commandId());
        }
    }

    /**
     * One command in the open SQL unit: the log check, the operation (in a savepoint), its events and grants, the log
     * entry, and the local stores brought up to date with every execution it wrote.
     *
     * @param timer the timer this command fires (an internal command), or null for a command from the topic
     */
    private CommandOutcome apply(EngineCommand command, String commandId, UUID commandUuid, TimerStore.Armed timer) {
        SqlEngineBackend backend = backends.get();
        ensureStores(backend);
        return unit.run(() -> backend, unitTx -> {
            // no savepoint around the whole command: if it fails beyond a typed rejection the unit rolls back
            Applied applied = applyIn(backend, unitTx, command, commandId, commandUuid, timer);
            refreshStores(backend, unitTx, applied.touched(), applied.known());
            return applied.outcome();
        });
    }

    /**
     * What {@link #applyIn} did: its outcome, the executions it wrote after the stores last learned them (those its
     * grant top-up touched; the command's own writes reached the stores before the top-up), and views already read
     * after its writes.
     */
    private record Applied(CommandOutcome outcome, List<ExecutionId> touched,
                           java.util.Map<ExecutionId, Optional<ExecutionView>> known) {}

    private Applied applyIn(SqlEngineBackend backend, Tx tx, EngineCommand command, String commandId,
                            UUID commandUuid, TimerStore.Armed timer) {
        unit.drainTouched(); // whatever came before in the unit is not this command's
        Optional<CommandLogStore.Logged> logged = CommandLogStore.find(tx, commandUuid);
        replayedFromLog = logged.isPresent();
        if (logged.isPresent()) {
            return new Applied(CommandOutcome.fromLog(logged.get().resultJson(), logged.get().outputsJson()),
                    List.of(), java.util.Map.of());
        }
        Object result = null;
        EngineError error = null;
        boolean changed = true;
        long writesBefore = tx.writes();
        // The engine checks every precondition before it writes (spec 01 §8), so a command needs no savepoint: a
        // rejection leaves nothing to undo. Should one ever come after a write, the unit is thrown away and the
        // command replays alone, inside a savepoint this time (it then counts as having failed before).
        boolean isolated = failures.failedBefore(commandId);
        try {
            result = isolated ? backend.inSavepoint(tx, t -> command.applyTo(backend))
                    : backend.joinBare(() -> command.applyTo(backend));
            // an accepted command that wrote nothing was an idempotent repeat (a second complete with the same
            // handle): it changed nothing, so it reports no event
            changed = tx.writes() > writesBefore;
        } catch (EngineException rejected) {
            if (isInfrastructure(rejected.error())) {
                throw rejected;
            }
            if (!isolated && !rejected.keepsEffects() && tx.writes() > writesBefore) {
                LOG.warn("{} wrote before it was rejected ({}): the unit is rolled back and the command replays alone",
                        command.type(), rejected.getMessage());
                throw new WroteBeforeRejecting(command.type(), rejected);
            }
            error = rejected.error();
            changed = rejected.keepsEffects();
        }
        List<ExecutionId> touched = new ArrayList<>(changed ? unit.drainTouched() : List.of());
        unit.drainTouched();
        Optional<ExecutionId> execution = CommandSubject.execution(command);
        Optional<FlowId> flow = CommandSubject.flow(command);
        List<Output> outputs = new ArrayList<>();
        ReplyEnvelope reply;
        // a timer that found nothing to do wrote nothing: no event, no grant change
        boolean idleTimer = timer != null && touched.isEmpty();
        Optional<ExecutionView> subject = changed && !idleTimer && execution.isPresent()
                ? backend.executionView(tx, execution.get()) : Optional.empty();
        if (error == null) {
            JsonNode resultJson = ResultCodec.encode(result);
            reply = ReplyEnvelope.success(commandId, resultJson);
            if (changed && (timer == null || subject.isPresent())) {
                outputs.addAll(CommandEvents.of(commandId, command, resultJson, tx.now(), execution, flow,
                        subject.map(ExecutionView::publicState)));
            }
        } else {
            reply = ReplyEnvelope.failure(commandId, EngineErrorJson.toJson(error));
        }
        boolean mayChangeGrants = subject.isPresent() && mayChangeLaneGrants(subject.get(), touched,
                stores.cached(subject.get().executionId()).map(ExecutionView::holdsGrant).orElse(true));
        // the stores learn what the command wrote before the top-up chooses from them
        java.util.Map<ExecutionId, Optional<ExecutionView>> known = new java.util.HashMap<>();
        subject.ifPresent(s -> {
            known.put(s.executionId(), subject);
            touched.add(s.executionId());
        });
        known.putAll(refreshStores(backend, tx, touched, known));
        List<LaneGrant> issued = new ArrayList<>();
        Optional<ExecutionView> current = subject;
        if (subject.isPresent()) {
            ExecutionView s = subject.get();
            if (dropStaleLaneGrant(backend, tx, s, command)) {
                current = backend.executionView(tx, s.executionId());
                stores.refresh(s.executionId(), current);
                known.put(s.executionId(), current);
            }
            if (mayChangeGrants) {
                issued.addAll(topUp(backend, tx, s.executionId().partition(), s.laneId()));
            }
        }
        outputs.addAll(dispatchRecords(issued));
        List<ExecutionId> granted = unit.drainTouched();
        known.putAll(grantedViews(issued, current));
        CommandOutcome outcome = new CommandOutcome(reply, outputs);
        // a rejected id may name a partition outside the configured range (and outside the column's type)
        CommandLogStore.insert(tx, commandUuid, execution.map(ExecutionId::partition)
                        .filter(p -> p < partitions.flowPartitions()).orElse(null),
                command.type(), outcome.replyJson(), outcome.outputsJson(),
                config.commandLogRetention().toMillis());
        return new Applied(outcome, granted, known);
    }

    /**
     * Whether a command that left {@code subject} as it is now may have changed what its lane's grant window holds:
     * it wrote another execution too (a flow member's children), or the subject is claimable, or it held a grant
     * before (a claim consumed it). A complete or fail of a claimed execution changes neither, so it skips the
     * top-up; the periodic top-up covers anything else.
     */
    private static boolean mayChangeLaneGrants(ExecutionView subject, List<ExecutionId> touched, boolean heldGrant) {
        if (subject.ready() || touched.size() != 1 || !touched.get(0).equals(subject.executionId())) {
            return true;
        }
        return heldGrant;
    }

    /** A rejection that came after the command's first write: its unit cannot keep the writes, so it replays. */
    static final class WroteBeforeRejecting extends RuntimeException {
        WroteBeforeRejecting(String type, EngineException rejected) {
            super(type + " was rejected after writing", rejected);
        }
    }

    /** Errors of the store itself, not of the command: the command is retried, never answered with them. */
    private static boolean isInfrastructure(EngineError error) {
        return error instanceof EngineError.Transport || (error instanceof EngineError.Unavailable u
                && u.op().equals("backend_shutting_down"));
    }

    /**
     * Lane grants exist only for claimable executions, and carry the priority they were issued at: one that stopped
     * being claimable loses its lane grant, and a priority change re-issues it so dispatch records order right. The
     * view, read after the command, says whether the execution holds any grant at all: most hold none by now (a
     * claim consumed it), and then there is nothing to delete.
     */
    private static boolean dropStaleLaneGrant(SqlEngineBackend backend, Tx tx, ExecutionView s,
                                              EngineCommand command) {
        if (s.holdsGrant() && (!s.ready() || command instanceof EngineCommand.ChangePriority)) {
            backend.dropLaneGrant(tx, s.executionId());
            return true;
        }
        return false;
    }

    /**
     * Keeps up to the grant window of lane grants outstanding for {@code lane} on {@code partition}, choosing from the
     * task's dispatch index (issue 17, "Dispatch from memory"): no SQL scan of the lane, no count of its grants. A
     * few more candidates than wanted are offered, since admission may hold some back.
     */
    private List<LaneGrant> topUp(SqlEngineBackend backend, Tx tx, int partition, String lane) {
        if (lane == null) {
            return List.of();
        }
        int wanted = config.grantWindow() - stores.dispatch().granted(partition, lane);
        if (wanted <= 0) {
            return List.of();
        }
        List<ExecutionId> candidates = stores.dispatch().waiting(partition, lane, wanted + SPARE_CANDIDATES);
        return candidates.isEmpty() ? List.of()
                : backend.issueLaneGrants(tx, lane, wanted, candidates, config.grantTtl().toMillis());
    }

    /** Candidates offered beyond those wanted, for the ones admission holds back. */
    private static final int SPARE_CANDIDATES = 16;

    /**
     * The views of the executions a top-up just granted, without reading SQL again: a lane grant goes only to an
     * execution that held no grant, and changes nothing but that, so its view is the one the task already had
     * ({@code subject} read in this unit, else the execution cache) with the new grant's expiry as its grant timer.
     * An execution the cache does not hold as claimable is left out and read: only a claimable one gets a lane grant,
     * so the cache missed a write to it (another task's, or SQL written behind the topology's back).
     */
    private java.util.Map<ExecutionId, Optional<ExecutionView>> grantedViews(List<LaneGrant> issued,
                                                                             Optional<ExecutionView> subject) {
        java.util.Map<ExecutionId, Optional<ExecutionView>> views = new java.util.HashMap<>();
        for (LaneGrant g : issued) {
            Optional<ExecutionView> before = subject.isPresent() && subject.get().executionId().equals(g.executionId())
                    ? subject : stores.cached(g.executionId()).filter(ExecutionView::ready);
            before.ifPresent(v -> views.put(g.executionId(), Optional.of(v.withSoleGrantExpiring(g.expiresAtMs()))));
        }
        return views;
    }

    private static List<Output> dispatchRecords(List<LaneGrant> issued) {
        List<Output> out = new ArrayList<>();
        for (LaneGrant g : issued) {
            GrantRecord record = new GrantRecord(1, g.executionId().toString(), g.laneId(), g.grantKey(),
                    g.expiresAtMs(), g.createdAtMs(), g.priority(), g.requiredCapabilities(),
                    g.kind().equals("resume") ? GrantRecord.Kind.RESUME : GrantRecord.Kind.CLAIM);
            out.add(new Output(Output.Sink.DISPATCH, g.laneId(), g.grantKey(),
                    SkeinJson.lenient().valueToTree(record)));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ local stores

    /** Rebuilds the task's stores from SQL when they were not built from {@code backend} (a new task, a failure). */
    private void ensureStores(SqlEngineBackend backend) {
        if (storesFrom == backend) {
            return;
        }
        long started = System.nanoTime();
        int executions = unit.run(() -> backend, tx -> {
            List<ExecutionView> views = backend.executionViews(tx, ownedFlowPartitions);
            stores.rebuild(views);
            return views.size();
        });
        unit.drainTouched();
        storesFrom = backend;
        LOG.info("task {} rebuilt its stores from SQL: {} live executions in {} ms", context.taskId(), executions,
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Writes the SQL view of every execution in {@code ids} through the stores (a unit writes only executions of its
     * task's partitions); {@code known} holds views already read after the unit's last write to them. Returns the
     * views it wrote, by execution.
     */
    private java.util.Map<ExecutionId, Optional<ExecutionView>> refreshStores(
            SqlEngineBackend backend, Tx tx, List<ExecutionId> ids,
            java.util.Map<ExecutionId, Optional<ExecutionView>> known) {
        java.util.Map<ExecutionId, Optional<ExecutionView>> used = new java.util.HashMap<>();
        for (ExecutionId id : new java.util.LinkedHashSet<>(ids)) {
            Optional<ExecutionView> view = known.get(id);
            if (view == null) {
                view = backend.executionView(tx, id);
            }
            stores.refresh(id, view);
            used.put(id, view);
        }
        return used;
    }

    /** Rolls the unit back; what the stores learned from it is undone by rebuilding them before the next unit. */
    private void rollback() {
        unit.rollback();
        storesFrom = null;
    }

    /**
     * Periodic: grants work that became eligible outside any command (timers, expired or released grants) and drops
     * lane grants of executions that stopped being claimable there. It chooses from SQL, not from the dispatch index,
     * so work written behind the topology's back is found too.
     */
    private void topUpOwned() {
        TopUp pass;
        try {
            pass = inPunctuationUnit(this::topUpOwnedUnit, TopUp::granted);
        } catch (EngineException e) {
            LOG.debug("a grant top-up pass failed; the next pass retries it: {}", e.getMessage());
            return;
        }
        emit(dispatchRecords(pass.issued()), new RecordHeaders(), context.currentSystemTimeMs());
    }

    /** What one top-up pass issued, and the views of the executions it granted. */
    private record TopUp(List<LaneGrant> issued, java.util.Map<ExecutionId, Optional<ExecutionView>> granted) {}

    private TopUp topUpOwnedUnit(SqlEngineBackend backend, Tx unitTx) {
        return backend.inSavepoint(unitTx, tx -> {
            List<LaneGrant> issued = new ArrayList<>();
            backend.sweepStaleLaneGrants(tx, ownedFlowPartitions);
            for (SqlEngineBackend.PartitionLane wanting : backend.lanesWantingGrants(tx, ownedFlowPartitions)) {
                issued.addAll(backend.topUpLaneGrants(tx, wanting.partition(), wanting.lane(), config.grantWindow(),
                        config.grantTtl().toMillis()));
            }
            // a swept grant changed no execution row either: a swept execution granted again has that one grant
            return new TopUp(issued, grantedViews(issued, Optional.empty()));
        });
    }

    /**
     * Runs periodic work in the thread's unit, brings the stores up to date with what it wrote, and commits: the
     * open unit holds SQLite's writer until Streams' next commit otherwise. A failed commit
     * propagates: the commands of the unit then replay from the last Kafka commit.
     */
    private <T> T inPunctuationUnit(java.util.function.BiFunction<SqlEngineBackend, Tx, T> work) {
        return inPunctuationUnit(work, result -> java.util.Map.of());
    }

    /** {@link #inPunctuationUnit(java.util.function.BiFunction)}, with views of executions the work already knows. */
    private <T> T inPunctuationUnit(java.util.function.BiFunction<SqlEngineBackend, Tx, T> work,
                                    java.util.function.Function<T, java.util.Map<ExecutionId,
                                            Optional<ExecutionView>>> known) {
        try {
            SqlEngineBackend backend = backends.get();
            ensureStores(backend);
            return unit.run(() -> backend, tx -> {
                unit.drainTouched();
                T result = work.apply(backend, tx);
                refreshStores(backend, tx, unit.drainTouched(), known.apply(result));
                return result;
            });
        } catch (RuntimeException e) {
            storesFrom = null; // what the failed work left in the stores is rebuilt before the next unit
            throw e;
        } finally {
            unit.commitIfCurrent(backends);
            // Streams marks a task for commit after every punctuation but waits for the interval; what the work
            // emitted (grants, events, timer outcomes) goes out at the end of this loop instead
            context.commit();
        }
    }

    // ------------------------------------------------------------------------------------------ timers

    /**
     * The timer punctuator (spec 05 §4 "Kafka mode"): fires every timer of the task's store that is due by the
     * backend clock, each as an internal command with a deterministic id through the same path as commands from
     * the topic (log, events, grants, stores). A timer that fired and left its execution as it was is taken off the
     * wheel, so a disagreement between the stores and SQL can never make it fire again and again.
     */
    private void fireDueTimers() {
        try {
            fireDue(backends.get());
        } catch (EngineException e) {
            if (e.error() instanceof EngineError.Unavailable u && "backend_shutting_down".equals(u.op())) {
                return; // the server is draining (shutdownPrepare): timers stop, as in direct mode
            }
            LOG.warn("a timer pass failed; the next pass retries it: {}", e.getMessage());
        }
    }

    /** Fires what is due now, again while firing made more due (a lease expiry arms its re-queue); returns count. */
    int fireDue(SqlEngineBackend backend) {
        int fired = 0;
        try {
            for (int round = 0; round < MAX_TIMER_ROUNDS; round++) {
                ensureStores(backend);
                List<TimerStore.Armed> due = stores.dueTimers(backend.clockMillis(), TIMERS_PER_ROUND);
                if (due.isEmpty()) {
                    break;
                }
                for (TimerStore.Armed armed : due) {
                    fire(armed);
                    fired++;
                }
            }
        } catch (RuntimeException e) {
            rollback();
            throw e;
        }
        unit.commitIfCurrent(backends);
        return fired;
    }

    private static final int MAX_TIMER_ROUNDS = 4;
    private static final int TIMERS_PER_ROUND = 512;

    private void fire(TimerStore.Armed armed) {
        SqlEngineBackend backend = backends.get();
        EngineCommand command = TaskTimers.command(armed, backend.clockMillis());
        UUID id = TaskTimers.commandId(armed);
        String commandId = id.toString();
        CommandOutcome outcome;
        Optional<byte[]> remembered = dedup.find(commandId);
        if (remembered.isPresent()) {
            outcome = CommandOutcome.fromBytes(remembered.get()); // fired and committed: its outputs went out
        } else {
            try {
                outcome = apply(command, commandId, id, armed);
            } catch (WroteBeforeRejecting replayAlone) {
                failures.giveUp(commandId); // the pass is abandoned; the timer's next firing runs isolated
                throw replayAlone;
            }
            dedup.remember(commandId, outcome.toBytes(), context.currentSystemTimeMs());
        }
        count(command.type(), replayedFromLog || remembered.isPresent() ? EngineFigures.DUPLICATE
                : outcome.reply().ok() ? EngineFigures.APPLIED : EngineFigures.REJECTED);
        stores.disarmIfStill(armed);
        if (remembered.isEmpty()) {
            emit(outcome.outputs(), new RecordHeaders(), context.currentSystemTimeMs());
        }
    }

    /**
     * One sweep of spec 05 §4 rows 8–14 over this task's partitions (global ones on the task of command partition
     * 0), each item in its own savepoint of the unit; an item that fails is logged and retried next pass.
     */
    void runSweep(EngineTimer sweep) {
        try {
            inPunctuationUnit((backend, tx) -> {
                backend.runTimer(sweep, (key, item) -> {
                    if (!TaskTimers.isGlobal(sweep) && !TaskTimers.owns(key, ownedPartitionSet)) {
                        return;
                    }
                    try {
                        item.run();
                    } catch (EngineException failed) {
                        if (isInfrastructure(failed.error())) {
                            throw failed;
                        }
                        LOG.warn("timer {} item {} failed; the next pass retries it: {}", sweep.timerName(), key,
                                failed.getMessage());
                    }
                });
                return null;
            });
        } catch (EngineException e) {
            if (e.error() instanceof EngineError.Unavailable u && "backend_shutting_down".equals(u.op())) {
                return;
            }
            LOG.warn("a {} pass failed; the next pass retries it: {}", sweep.timerName(), e.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------- forwarding

    private void reply(String replyTo, ReplyEnvelope reply, Record<String, byte[]> cause) {
        byte[] value;
        try {
            value = SkeinJson.lenient().writeValueAsBytes(reply);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a reply does not serialize", e);
        }
        reply(replyTo, value, cause);
    }

    private void reply(String replyTo, byte[] value, Record<String, byte[]> cause) {
        context.forward(new Record<>(replyTo, value, cause.timestamp(), trace(cause.headers())), REPLIES);
    }

    private void emit(List<Output> outputs, Headers cause, long timestamp) {
        for (Output o : outputs) {
            byte[] value = o.value().toString().getBytes(StandardCharsets.UTF_8);
            if (o.sink() == Output.Sink.DISPATCH) {
                laneTopics.accept(o.lane());
                Headers headers = new RecordHeaders().add(LANE_HEADER, o.lane().getBytes(StandardCharsets.UTF_8));
                context.forward(new Record<>(o.key(), value, timestamp, headers), DISPATCH);
            } else {
                context.forward(new Record<>(o.key(), value, timestamp, trace(cause)), EVENTS);
            }
        }
    }

    private void deadLetter(Record<String, byte[]> record, String reason) {
        LOG.warn("command record sent to the dead-letter topic: {}", reason);
        Headers headers = new RecordHeaders();
        record.headers().forEach(headers::add);
        headers.add("ff-dlq-reason", reason.getBytes(StandardCharsets.UTF_8));
        context.recordMetadata().ifPresent(m -> {
            headers.add("ff-dlq-offset", Long.toString(m.offset()).getBytes(StandardCharsets.UTF_8));
            headers.add("ff-dlq-partition", Integer.toString(m.partition()).getBytes(StandardCharsets.UTF_8));
        });
        context.forward(new Record<>(record.key(), record.value(), record.timestamp(), headers), DEAD_LETTERS);
    }

    /** W3C trace context travels from a command to its reply and events (spec 07). */
    private static Headers trace(Headers cause) {
        Headers out = new RecordHeaders();
        Header tp = cause.lastHeader("traceparent");
        if (tp != null) {
            out.add(tp);
        }
        return out;
    }
}
