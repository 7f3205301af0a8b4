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
import io.skein.core.state.PublicState;
import io.skein.core.wire.EngineErrorJson;
import io.skein.core.wire.GrantRecord;
import io.skein.core.wire.ReplyEnvelope;
import io.skein.core.wire.SkeinJson;
import io.skein.core.wire.WireEnum;
import io.skein.sql.engine.CommandLogStore;
import io.skein.sql.engine.LaneGrant;
import io.skein.sql.engine.EngineFigures;
import io.skein.sql.engine.SqlEngineBackend;
import io.skein.sql.engine.Tx;
import io.skein.stores.CommandDedupWindow;
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
 * method inside one SQL unit that also records the outcome, then forward the reply, the events and new lane grants.
 * The SQL unit commits here, before Kafka's transaction: a crash in between replays the command, which the log
 * answers with the stored outcome, so every effect and every output happens once.
 */
public final class CommandProcessor implements Processor<String, byte[], String, byte[]> {

    public static final String REPLIES = "replies";
    public static final String EVENTS = "events";
    public static final String DISPATCH = "dispatch";
    public static final String DEAD_LETTERS = "dead-letters";
    /** The dispatch sink reads the lane from this header to pick the lane's topic. */
    public static final String LANE_HEADER = "ff-lane";

    private static final Logger LOG = LoggerFactory.getLogger(CommandProcessor.class);

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
        int task = context.taskId().partition();
        this.ownedFlowPartitions = FlowPartitionOwnership.owned(partitions.flowPartitions(),
                config.commandPartitions(), task);
        if (!config.grantTopUpInterval().isZero()) {
            context.schedule(config.grantTopUpInterval(), PunctuationType.WALL_CLOCK_TIME, now -> topUpOwned());
        }
        if (!config.timerInterval().isZero() && task == 0) {
            // One task runs the timer passes: partition 0 has exactly one owner at any time across instances.
            context.schedule(config.timerInterval(), PunctuationType.WALL_CLOCK_TIME, now -> runTimers());
        }
        context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME, dedup::purge);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        DecodedCommand decoded;
        UUID commandUuid;
        try {
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
                outcome = apply(decoded, commandUuid);
            } catch (RuntimeException failed) {
                unit.rollback(); // every command of the unit replays from the last Kafka commit
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
            reply(decoded.envelope().replyTo(), outcome.reply(), record);
        }
        emit(outcome.outputs(), record.headers(), record.timestamp());
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

    /** One SQL unit: the log check, the operation (in a savepoint), its events and grants, and the log entry. */
    private CommandOutcome apply(DecodedCommand decoded, UUID commandUuid) {
        SqlEngineBackend backend = backends.get();
        EngineCommand command = decoded.command();
        String commandId = decoded.envelope().commandId();
        return unit.run(() -> backend, unitTx -> backend.inSavepoint(unitTx, tx -> {
            Optional<CommandLogStore.Logged> logged = CommandLogStore.find(tx, commandUuid);
            replayedFromLog = logged.isPresent();
            if (logged.isPresent()) {
                return CommandOutcome.fromLog(logged.get().resultJson(), logged.get().outputsJson());
            }
            Object result = null;
            EngineError error = null;
            boolean changed = true;
            try {
                result = backend.inSavepoint(tx, t -> command.applyTo(backend));
            } catch (EngineException rejected) {
                if (isInfrastructure(rejected.error())) {
                    throw rejected;
                }
                error = rejected.error();
                changed = rejected.keepsEffects();
            }
            Optional<ExecutionId> execution = CommandSubject.execution(command);
            Optional<FlowId> flow = CommandSubject.flow(command);
            List<Output> outputs = new ArrayList<>();
            ReplyEnvelope reply;
            Optional<Subject> subject = changed ? execution.flatMap(id -> Subject.load(tx, id)) : Optional.empty();
            if (error == null) {
                JsonNode resultJson = ResultCodec.encode(result);
                reply = ReplyEnvelope.success(commandId, resultJson);
                outputs.addAll(CommandEvents.of(commandId, command, resultJson, tx.now(), execution, flow,
                        subject.map(Subject::publicState)));
            } else {
                reply = ReplyEnvelope.failure(commandId, EngineErrorJson.toJson(error));
            }
            subject.ifPresent(s -> {
                dropStaleLaneGrant(backend, tx, s, command);
                outputs.addAll(grants(backend, tx, s.partition(), s.lane()));
            });
            CommandOutcome outcome = new CommandOutcome(reply, outputs);
            // a rejected id may name a partition outside the configured range (and outside the column's type)
            CommandLogStore.insert(tx, commandUuid, execution.map(ExecutionId::partition)
                            .filter(p -> p < partitions.flowPartitions()).orElse(null),
                    command.type(), outcome.replyJson(), outcome.outputsJson(),
                    config.commandLogRetention().toMillis());
            return outcome;
        }));
    }

    /** Errors of the store itself, not of the command: the command is retried, never answered with them. */
    private static boolean isInfrastructure(EngineError error) {
        return error instanceof EngineError.Transport || (error instanceof EngineError.Unavailable u
                && u.op().equals("backend_shutting_down"));
    }

    /** The subject execution's lane, public state and claimability after the command. */
    private record Subject(ExecutionId id, String lane, PublicState publicState, boolean eligible) {
        static Optional<Subject> load(Tx tx, ExecutionId id) {
            return tx.queryOne("SELECT lane_id, public_state, lifecycle_phase, eligibility_state FROM ff_exec_core "
                    + "WHERE partition_key = ? AND execution_id = ?", rs -> new Subject(id, rs.getString(1),
                    WireEnum.lookup(PublicState.class, rs.getString(2)), "runnable".equals(rs.getString(3))
                    && "eligible_now".equals(rs.getString(4))), id.partition(), id.uuid());
        }

        int partition() {
            return id.partition();
        }
    }

    /**
     * Lane grants exist only for claimable executions, and carry the priority they were issued at: one that stopped
     * being claimable loses its lane grant, and a priority change re-issues it so dispatch records order right.
     */
    private static void dropStaleLaneGrant(SqlEngineBackend backend, Tx tx, Subject s, EngineCommand command) {
        if (!s.eligible() || command instanceof EngineCommand.ChangePriority) {
            backend.dropLaneGrant(tx, s.id());
        }
    }

    private List<Output> grants(SqlEngineBackend backend, Tx tx, int partition, String lane) {
        if (lane == null) {
            return List.of();
        }
        List<Output> out = new ArrayList<>();
        for (LaneGrant g : backend.topUpLaneGrants(tx, partition, lane, config.grantWindow(),
                config.grantTtl().toMillis())) {
            GrantRecord record = new GrantRecord(1, g.executionId().toString(), g.laneId(), g.grantKey(),
                    g.expiresAtMs(), g.createdAtMs(), g.priority(), g.requiredCapabilities(),
                    g.kind().equals("resume") ? GrantRecord.Kind.RESUME : GrantRecord.Kind.CLAIM);
            out.add(new Output(Output.Sink.DISPATCH, g.laneId(), g.grantKey(),
                    SkeinJson.lenient().valueToTree(record)));
        }
        return out;
    }

    /**
     * Periodic: grants work that became eligible outside any command (timers, expired or released grants) and drops
     * lane grants of executions that stopped being claimable there.
     */
    private void topUpOwned() {
        List<Output> outputs;
        try {
            outputs = topUpOwnedUnit();
        } catch (EngineException e) {
            LOG.debug("a grant top-up pass failed; the next pass retries it: {}", e.getMessage());
            return;
        }
        // A punctuation alone does not make Streams commit, and the open unit holds SQLite's writer. A failed
        // commit propagates: the commands of the unit then replay from the last Kafka commit.
        unit.commitIfCurrent(backends);
        emit(outputs, new RecordHeaders(), context.currentSystemTimeMs());
    }

    private List<Output> topUpOwnedUnit() {
        SqlEngineBackend backend = backends.get();
        return unit.run(() -> backend, unitTx -> backend.inSavepoint(unitTx, tx -> {
            List<Output> out = new ArrayList<>();
            backend.sweepStaleLaneGrants(tx, ownedFlowPartitions);
            for (SqlEngineBackend.PartitionLane wanting : backend.lanesWantingGrants(tx, ownedFlowPartitions)) {
                out.addAll(grants(backend, tx, wanting.partition(), wanting.lane()));
            }
            return out;
        }));
    }

    private void runTimers() {
        try {
            SqlEngineBackend backend = backends.get();
            unit.run(() -> backend, tx -> {
                backend.runDueTimers();
                return null;
            });
        } catch (EngineException e) {
            if (e.error() instanceof EngineError.Unavailable u && "backend_shutting_down".equals(u.op())) {
                return; // the server is draining (shutdownPrepare): timers stop, as in direct mode
            }
            LOG.warn("a timer pass failed; the next pass retries it: {}", e.getMessage());
        }
        unit.commitIfCurrent(backends); // as for the grant top-up
    }

    // ---------------------------------------------------------------------------------------------- forwarding

    private void reply(String replyTo, ReplyEnvelope reply, Record<String, byte[]> cause) {
        byte[] value;
        try {
            value = SkeinJson.lenient().writeValueAsBytes(reply);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a reply does not serialize", e);
        }
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
