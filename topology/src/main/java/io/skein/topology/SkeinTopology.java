package io.skein.topology;

import io.skein.core.id.PartitionConfig;
import io.skein.sql.engine.SqlEngineBackend;
import io.skein.stores.CommandDedupWindow;
import io.skein.topology.internals.CommandProcessor;
import io.skein.topology.internals.InfrastructureFailures;
import io.skein.topology.internals.SqlUnitOfWork;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;

/**
 * The Kafka Streams topology (Processor API): {@code ff.commands} → the command processor (with its de-dup store) →
 * sinks for replies, events, lane dispatch topics (chosen per record by lane) and dead letters.
 */
public final class SkeinTopology {

    public static final String SOURCE = "commands";
    public static final String PROCESSOR = "command-processor";
    /**
     * Header naming an administrative record for the task of the partition it is sent to, instead of a command type.
     * {@value #RUN_DUE} (test-only, spec 05 §4 "Tests"): the task refreshes its stores from SQL, fires every timer
     * due by the backend clock, runs each of its sweeps once, and answers on {@code ff.replies} like a command.
     */
    public static final String ADMIN_HEADER = "ff-admin";
    public static final String RUN_DUE = "run_due";

    private SkeinTopology() {}

    /**
     * @param backends   the SQL backend commands apply to (a supplier so a test harness can point a running
     *                   topology at a fresh database per test)
     * @param laneTopics called before the first grant of a lane is forwarded; creates the lane's dispatch topic
     */
    public static Topology build(SkeinTopologyConfig config, Supplier<SqlEngineBackend> backends,
                                 PartitionConfig partitions, Consumer<String> laneTopics) {
        var names = config.topics();
        InfrastructureFailures failures = new InfrastructureFailures();
        Topology topology = new Topology();
        topology.addSource(SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                names.commands());
        topology.addProcessor(PROCESSOR,
                () -> new CommandProcessor(config, backends, partitions, laneTopics, failures), SOURCE);
        topology.addStateStore(CommandDedupWindow.builder(), PROCESSOR);
        // derived from SQL (no changelog), rebuilt when a task starts: the execution cache and what it indexes
        topology.addStateStore(io.skein.stores.ExecutionCacheStore.builder(), PROCESSOR);
        topology.addStateStore(io.skein.stores.ReadyQueueStore.builder(), PROCESSOR);
        topology.addStateStore(io.skein.stores.TimerStore.builder(), PROCESSOR);
        // commits the stream thread's open SQL unit when Streams prepares the commit, before the Kafka transaction
        topology.addStateStore(io.skein.stores.CommitHookStore.builder(() -> SqlUnitOfWork.ofCurrentThread(
                config.sqlBatchMaxCommands()).commit()), PROCESSOR);
        topology.addSink(CommandProcessor.REPLIES, names.replies(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), PROCESSOR);
        topology.addSink(CommandProcessor.EVENTS, names.events(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), PROCESSOR);
        topology.addSink(CommandProcessor.DEAD_LETTERS, names.deadLetters(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), PROCESSOR);
        topology.addSink(CommandProcessor.DISPATCH, (key, value, context) -> {
            Header lane = context.headers().lastHeader(CommandProcessor.LANE_HEADER);
            return names.dispatch(new String(lane.value(), StandardCharsets.UTF_8));
        }, Serdes.String().serializer(), Serdes.ByteArray().serializer(), PROCESSOR);
        return topology;
    }
}
