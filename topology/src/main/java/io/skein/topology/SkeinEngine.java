package io.skein.topology;

import io.skein.core.id.PartitionConfig;
import io.skein.sql.engine.SqlEngineBackend;
import io.skein.topology.internals.SqlUnitOfWork;
import io.skein.topology.internals.StateDirInstanceId;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka-mode engine instance: creates the topics it needs, runs the topology on Kafka Streams against a SQL
 * backend, and stops cleanly. Several instances with one application id split the partitions between them.
 */
public final class SkeinEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SkeinEngine.class);

    private final SkeinTopologyConfig config;
    private final Admin admin;
    private final KafkaStreams streams;
    private final Set<String> readyLanes = ConcurrentHashMap.newKeySet();
    private final PartitionConfig partitions;
    private volatile boolean closed;

    private SkeinEngine(SkeinTopologyConfig config, Supplier<SqlEngineBackend> backends, PartitionConfig partitions) {
        this.config = config;
        this.partitions = partitions;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()));
        KafkaTopics.ensure(admin, KafkaTopics.skeinTopics(config.topics(), config.commandPartitions(),
                config.replicationFactor(), java.util.List.of()));
        // Workers reach the store through this topology: its handles carry Kafka's tag (spec 01 §12).
        Supplier<SqlEngineBackend> fronted = () -> {
            SqlEngineBackend store = backends.get();
            store.issueHandlesAs(io.skein.core.api.BackendTag.KAFKA);
            return store;
        };
        this.streams = new KafkaStreams(SkeinTopology.build(config, fronted, partitions, this::ensureLane),
                config.streamsProperties(StateDirInstanceId.resolve(config)));
        // A failing command (store down) replays from the last commit on a fresh thread instead of stopping.
        streams.setUncaughtExceptionHandler(e -> {
            SqlUnitOfWork.abandonCurrentThread();
            LOG.error("stream thread failed; replacing it and replaying from the last commit", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    /** Starts an instance and waits until it is RUNNING (at most {@code startDeadline}). */
    public static SkeinEngine start(SkeinTopologyConfig config, Supplier<SqlEngineBackend> backends,
                                   PartitionConfig partitions, Duration startDeadline) {
        SkeinEngine engine = new SkeinEngine(config, backends, partitions);
        engine.streams.start();
        long deadline = System.nanoTime() + startDeadline.toNanos();
        while (engine.streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || engine.streams.state() == KafkaStreams.State.ERROR) {
                engine.close();
                throw new IllegalStateException("the topology did not reach RUNNING within " + startDeadline);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                engine.close();
                throw new IllegalStateException("interrupted while starting", e);
            }
        }
        return engine;
    }

    /**
     * Which instance runs which {@code ff.commands} partition (interactive query, issue #6): this instance from its
     * local thread metadata, first; the others from Streams' client metadata, which names them only when every
     * instance sets {@code FF_KAFKA_APPLICATION_SERVER}.
     */
    public java.util.List<PartitionOwner> partitionOwners() {
        String topic = config.topics().commands();
        java.util.SortedSet<Integer> active = new java.util.TreeSet<>();
        java.util.SortedSet<Integer> standby = new java.util.TreeSet<>();
        for (org.apache.kafka.streams.ThreadMetadata thread : streams.metadataForLocalThreads()) {
            thread.activeTasks().forEach(task -> commandPartitions(task.topicPartitions(), topic, active));
            thread.standbyTasks().forEach(task -> commandPartitions(task.topicPartitions(), topic, standby));
        }
        java.util.List<PartitionOwner> owners = new java.util.ArrayList<>();
        owners.add(owner(config.applicationServer(), true, active, standby));
        for (org.apache.kafka.streams.StreamsMetadata other : streams.metadataForAllStreamsClients()) {
            String server = other.host() + ":" + other.port();
            if (server.equals(config.applicationServer())) {
                continue;
            }
            java.util.SortedSet<Integer> a = new java.util.TreeSet<>();
            java.util.SortedSet<Integer> s = new java.util.TreeSet<>();
            commandPartitions(other.topicPartitions(), topic, a);
            commandPartitions(other.standbyTopicPartitions(), topic, s);
            owners.add(owner(server, false, a, s));
        }
        return owners;
    }

    private static void commandPartitions(Set<org.apache.kafka.common.TopicPartition> from, String topic,
                                          Set<Integer> into) {
        from.stream().filter(tp -> tp.topic().equals(topic)).forEach(tp -> into.add(tp.partition()));
    }

    private PartitionOwner owner(String server, boolean local, Set<Integer> active, Set<Integer> standby) {
        java.util.List<Integer> flows = new java.util.ArrayList<>();
        for (int p : active) {
            flows.addAll(io.skein.topology.internals.FlowPartitionOwnership.owned(partitions.flowPartitions(),
                    config.commandPartitions(), p));
        }
        java.util.Collections.sort(flows);
        return new PartitionOwner(server, local, java.util.List.copyOf(active), java.util.List.copyOf(standby),
                flows);
    }

    /** Creates a lane's dispatch topic once per instance, before its first grant is produced. */
    public void ensureLane(String lane) {
        if (readyLanes.contains(lane)) {
            return;
        }
        KafkaTopics.ensureLane(admin, config.topics(), lane, config.dispatchPartitions(), config.replicationFactor());
        readyLanes.add(lane);
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Interactive queries over this instance's local stores (ready queues, timer wheels) and its peers. */
    public LocalQueries queries() {
        return new LocalQueries(streams, config);
    }

    public SkeinTopologyConfig config() {
        return config;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Leave the group on a clean stop, so a restart or a peer takes the tasks at once rather than after the
        // consumer session timeout (Streams stays in the group on close by default).
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        admin.close(Duration.ofSeconds(5));
    }
}
