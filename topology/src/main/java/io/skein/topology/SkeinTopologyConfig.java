package io.skein.topology;

import io.skein.core.wire.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the Kafka-mode engine is configured with, one place, with its defaults. Values that differ from Kafka
 * Streams' upstream defaults say why.
 *
 * @param bootstrapServers      the Kafka cluster ({@code FF_KAFKA_BOOTSTRAP_SERVERS})
 * @param applicationId         the Streams application id shared by every engine instance of one deployment
 *                              ({@code FF_KAFKA_APPLICATION_ID}, default {@code skein})
 * @param topics                topic names under {@code FF_KAFKA_TOPIC_PREFIX} (default {@code ff.})
 * @param commandPartitions     partitions of {@code ff.commands} ({@code FF_KAFKA_COMMAND_PARTITIONS}, default 12,
 *                              spec 07)
 * @param dispatchPartitions    partitions of each {@code ff.dispatch.<lane>} ({@code FF_KAFKA_DISPATCH_PARTITIONS},
 *                              default 3: grants are small and a lane rarely has more than a few worker processes)
 * @param replicationFactor     replication of every topic Skein creates ({@code FF_KAFKA_REPLICATION_FACTOR},
 *                              default 1 for the embedded broker; use 3 on a real cluster)
 * @param grantWindow           outstanding lane grants per lane and partition ({@code FF_KAFKA_GRANT_WINDOW},
 *                              default 64, spec 03): bounded so priority order holds beyond the window (05 §7);
 *                              a solo lane lives on one partition, so this also bounds its claims in flight
 * @param grantTtl              how long an unused lane grant lives before it expires and is issued again
 *                              ({@code FF_KAFKA_GRANT_TTL_MS}, default 30 s)
 * @param grantTopUpInterval    wall-clock period of the punctuator that re-grants work made eligible outside any
 *                              command (timers, expired grants); zero turns it off (tests drive it by hand)
 * @param timerInterval         wall-clock period of the punctuator that fires each task's due timers from its timer
 *                              store ({@code FF_KAFKA_TIMER_INTERVAL_MS}, default 100 ms, spec 05 §4); zero turns
 *                              every timer and sweep off (tests fire them through {@code run_due})
 * @param sweepIntervals        how often each sweep of spec 05 §4 rows 8–14 runs (the direct-mode
 *                              {@code FF_*_INTERVAL*} variables and defaults); rows 1–7 come from the timer store
 * @param commandLogRetention   how long {@code ff_command_log} keeps an applied command (default 7 days, the
 *                              retention of {@code ff.commands}: a command older than that cannot be replayed)
 * @param dedupWindow           how long the task-local de-dup store remembers a command (default 10 min; SQL's
 *                              log answers beyond it)
 * @param streamThreads         stream threads per instance (default 1: with SQLite's single writer more threads
 *                              only queue on it; raise it over PostgreSQL)
 * @param commitInterval        the longest a Streams commit waits under load ({@code FF_KAFKA_COMMIT_INTERVAL_MS},
 *                              default 50 ms instead of upstream's and spec 03's 100 ms under exactly-once). A
 *                              reply is visible only after the commit, and the batched SQL unit commits with it.
 *                              A command that arrives with nothing queued ahead of it asks for a commit at once, so
 *                              an idle engine answers in one poll; under load, commands arrive queued and one
 *                              commit carries everything applied in the interval. Each commit costs the stream
 *                              thread about 6 ms on two cores (producer flush, offsets, end of transaction): at
 *                              5 ms a commit carried about three commands and commits took half the thread
 * @param sqlBatchMaxCommands   commands per SQL unit of work at most ({@code FF_KAFKA_SQL_BATCH}, default 256): a
 *                              stream thread's commands share one SQL transaction, committed when Streams
 *                              prepares its commit (every {@code commitInterval}) or when it holds this many, so
 *                              one SQL commit and one Kafka transaction carry many commands; 1 commits each command
 *                              on its own
 * @param stateDir              Streams' local state folder (RocksDB); a project-owned folder, not /tmp
 * @param applicationServer     {@code host:port} this instance serves interactive queries on, or null
 * @param maxCommandBytes       the largest {@code ff.commands} record the engine applies
 *                              ({@code FF_KAFKA_MAX_COMMAND_BYTES}, default {@link #DEFAULT_MAX_COMMAND_BYTES}); a
 *                              larger one is dead-lettered with the reason and answered {@code payload_too_large}
 * @param groupInstanceId       the consumer group's static member id of this instance ({@code FF_KAFKA_GROUP_INSTANCE_ID}):
 *                              {@value #GROUP_INSTANCE_FROM_STATE_DIR} (the default from the environment) means one
 *                              generated once and kept in {@code stateDir}, {@code none} or null means dynamic
 *                              membership (upstream's default). Static membership lets a restarted instance take its
 *                              tasks back at once: a dynamic member that crashed holds them until its session times
 *                              out, which made every restart after a crash wait {@code sessionTimeout}
 * @param sessionTimeout        how long the group waits for a silent instance before moving its tasks
 *                              ({@code FF_KAFKA_SESSION_TIMEOUT_MS}, default 10 s instead of upstream's 45 s, so a
 *                              dead instance's partitions move to a live one quickly)
 * @param adminRecords          test-only, off by default and not read from the environment: whether a record with
 *                              the {@code ff-admin} header is obeyed ({@code run_due}: fire every due timer now);
 *                              off, such a record is dead-lettered, so no producer can drive the engine's timers
 */
public record SkeinTopologyConfig(
        String bootstrapServers,
        String applicationId,
        TopicNames topics,
        int commandPartitions,
        int dispatchPartitions,
        short replicationFactor,
        int grantWindow,
        Duration grantTtl,
        Duration grantTopUpInterval,
        Duration timerInterval,
        io.skein.sql.engine.TimerIntervals sweepIntervals,
        Duration commandLogRetention,
        Duration dedupWindow,
        int streamThreads,
        Duration commitInterval,
        int sqlBatchMaxCommands,
        Path stateDir,
        String applicationServer,
        int maxCommandBytes,
        boolean adminRecords,
        String groupInstanceId,
        Duration sessionTimeout) {

    /** {@link #groupInstanceId} value: an id generated once per state folder and kept there. */
    public static final String GROUP_INSTANCE_FROM_STATE_DIR = "state-dir";

    /**
     * The largest request body the HTTP API takes (a completion carrying a 512 KiB result as a JSON number array,
     * 2 MiB + 64 KiB, spec 03 §2.1) plus 64 KiB for the envelope around the args: no command a valid request makes is
     * larger.
     */
    public static final int DEFAULT_MAX_COMMAND_BYTES = 4 * 512 * 1024 + 128 * 1024;

    public SkeinTopologyConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(sweepIntervals, "sweepIntervals");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        if (groupInstanceId != null && (groupInstanceId.isBlank() || groupInstanceId.equals("none"))) {
            groupInstanceId = null;
        }
        if (commandPartitions < 1 || dispatchPartitions < 1 || replicationFactor < 1 || grantWindow < 1
                || streamThreads < 1 || sqlBatchMaxCommands < 1 || maxCommandBytes < 1) {
            throw new IllegalArgumentException("partitions, replication, grant window, threads and the command "
                    + "size limit must be >= 1");
        }
    }

    /** The defaults above for a cluster at {@code bootstrapServers}, state under {@code stateDir}. */
    public static SkeinTopologyConfig defaults(String bootstrapServers, Path stateDir) {
        return new SkeinTopologyConfig(bootstrapServers, "skein", TopicNames.DEFAULT, 12, 3, (short) 1, 64,
                Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMillis(100),
                io.skein.sql.engine.TimerIntervals.defaults(), Duration.ofDays(7),
                Duration.ofMinutes(10), 1, Duration.ofMillis(50), 256, stateDir, null, DEFAULT_MAX_COMMAND_BYTES,
                false, null, Duration.ofSeconds(10));
    }

    /** Reads the {@code FF_KAFKA_*} variables over {@link #defaults}; {@code env} is usually {@code System::getenv}. */
    public static SkeinTopologyConfig fromEnv(Function<String, String> env, String bootstrapServers, Path stateDir) {
        SkeinTopologyConfig d = defaults(bootstrapServers, stateDir);
        return new SkeinTopologyConfig(
                or(env, "FF_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers),
                or(env, "FF_KAFKA_APPLICATION_ID", d.applicationId),
                new TopicNames(or(env, "FF_KAFKA_TOPIC_PREFIX", d.topics.prefix())),
                Integer.parseInt(or(env, "FF_KAFKA_COMMAND_PARTITIONS", "" + d.commandPartitions)),
                Integer.parseInt(or(env, "FF_KAFKA_DISPATCH_PARTITIONS", "" + d.dispatchPartitions)),
                Short.parseShort(or(env, "FF_KAFKA_REPLICATION_FACTOR", "" + d.replicationFactor)),
                Integer.parseInt(or(env, "FF_KAFKA_GRANT_WINDOW", "" + d.grantWindow)),
                Duration.ofMillis(Long.parseLong(or(env, "FF_KAFKA_GRANT_TTL_MS", "" + d.grantTtl.toMillis()))),
                d.grantTopUpInterval,
                Duration.ofMillis(Long.parseLong(or(env, "FF_KAFKA_TIMER_INTERVAL_MS",
                        "" + d.timerInterval.toMillis()))),
                io.skein.sql.engine.TimerIntervals.fromEnvironment(env),
                d.commandLogRetention, d.dedupWindow,
                Integer.parseInt(or(env, "FF_KAFKA_STREAM_THREADS", "" + d.streamThreads)),
                Duration.ofMillis(Long.parseLong(or(env, "FF_KAFKA_COMMIT_INTERVAL_MS",
                        "" + d.commitInterval.toMillis()))),
                Integer.parseInt(or(env, "FF_KAFKA_SQL_BATCH", "" + d.sqlBatchMaxCommands)),
                stateDir, env.apply("FF_KAFKA_APPLICATION_SERVER"),
                Integer.parseInt(or(env, "FF_KAFKA_MAX_COMMAND_BYTES", "" + d.maxCommandBytes)), false,
                or(env, "FF_KAFKA_GROUP_INSTANCE_ID", GROUP_INSTANCE_FROM_STATE_DIR),
                Duration.ofMillis(Long.parseLong(or(env, "FF_KAFKA_SESSION_TIMEOUT_MS",
                        "" + d.sessionTimeout.toMillis()))));
    }

    private static String or(Function<String, String> env, String name, String fallback) {
        String v = env.apply(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    public SkeinTopologyConfig withApplicationId(String id) {
        return new SkeinTopologyConfig(bootstrapServers, id, topics, commandPartitions, dispatchPartitions,
                replicationFactor, grantWindow, grantTtl, grantTopUpInterval, timerInterval, sweepIntervals, commandLogRetention,
                dedupWindow, streamThreads, commitInterval, sqlBatchMaxCommands, stateDir, applicationServer,
                maxCommandBytes, adminRecords, groupInstanceId, sessionTimeout);
    }

    public SkeinTopologyConfig withTimers(Duration timerInterval, Duration grantTopUpInterval) {
        return new SkeinTopologyConfig(bootstrapServers, applicationId, topics, commandPartitions,
                dispatchPartitions, replicationFactor, grantWindow, grantTtl, grantTopUpInterval, timerInterval, sweepIntervals,
                commandLogRetention, dedupWindow, streamThreads, commitInterval, sqlBatchMaxCommands, stateDir, applicationServer,
                maxCommandBytes, adminRecords, groupInstanceId, sessionTimeout);
    }

    public SkeinTopologyConfig withSweepIntervals(io.skein.sql.engine.TimerIntervals intervals) {
        return new SkeinTopologyConfig(bootstrapServers, applicationId, topics, commandPartitions,
                dispatchPartitions, replicationFactor, grantWindow, grantTtl, grantTopUpInterval, timerInterval,
                intervals, commandLogRetention, dedupWindow, streamThreads, commitInterval, sqlBatchMaxCommands,
                stateDir, applicationServer, maxCommandBytes, adminRecords, groupInstanceId, sessionTimeout);
    }

    /** Outstanding lane grants per lane and partition ({@code FF_KAFKA_GRANT_WINDOW}). */
    public SkeinTopologyConfig withGrantWindow(int window) {
        return new SkeinTopologyConfig(bootstrapServers, applicationId, topics, commandPartitions,
                dispatchPartitions, replicationFactor, window, grantTtl, grantTopUpInterval, timerInterval,
                sweepIntervals, commandLogRetention, dedupWindow, streamThreads, commitInterval, sqlBatchMaxCommands,
                stateDir, applicationServer, maxCommandBytes, adminRecords, groupInstanceId, sessionTimeout);
    }

    public SkeinTopologyConfig withStreamThreads(int threads) {
        return new SkeinTopologyConfig(bootstrapServers, applicationId, topics, commandPartitions,
                dispatchPartitions, replicationFactor, grantWindow, grantTtl, grantTopUpInterval, timerInterval, sweepIntervals,
                commandLogRetention, dedupWindow, threads, commitInterval, sqlBatchMaxCommands, stateDir, applicationServer,
                maxCommandBytes, adminRecords, groupInstanceId, sessionTimeout);
    }

    public SkeinTopologyConfig withSqlBatch(int maxCommands) {
        return new SkeinTopologyConfig(bootstrapServers, applicationId, topics, commandPartitions,
                dispatchPartitions, replicationFactor, grantWindow, grantTtl, grantTopUpInterval, timerInterval, sweepIntervals,
                commandLogRetention, dedupWindow, streamThreads, commitInterval, maxCommands, stateDir,
                applicationServer, maxCommandBytes, adminRecords, groupInstanceId, sessionTimeout);
    }

    public SkeinTopologyConfig withApplicationServer(String hostPort) {
        return new SkeinTopologyConfig(bootstrapServers, applicationId, topics, commandPartitions,
                dispatchPartitions, replicationFactor, grantWindow, grantTtl, grantTopUpInterval, timerInterval, sweepIntervals,
                commandLogRetention, dedupWindow, streamThreads, commitInterval, sqlBatchMaxCommands, stateDir, hostPort,
                maxCommandBytes, adminRecords, groupInstanceId, sessionTimeout);
    }

    public SkeinTopologyConfig withMaxCommandBytes(int bytes) {
        return withCommandLimits(bytes, adminRecords);
    }

    /** Test-only: obey {@code ff-admin} records ({@code run_due}); see {@link #adminRecords}. */
    public SkeinTopologyConfig withAdminRecords(boolean obeyed) {
        return withCommandLimits(maxCommandBytes, obeyed);
    }

    private SkeinTopologyConfig withCommandLimits(int bytes, boolean obeyed) {
        return new SkeinTopologyConfig(bootstrapServers, applicationId, topics, commandPartitions,
                dispatchPartitions, replicationFactor, grantWindow, grantTtl, grantTopUpInterval, timerInterval,
                sweepIntervals, commandLogRetention, dedupWindow, streamThreads, commitInterval, sqlBatchMaxCommands,
                stateDir, applicationServer, bytes, obeyed, groupInstanceId, sessionTimeout);
    }

    /** This configuration as a static member of the group under {@code id} (null: dynamic membership). */
    public SkeinTopologyConfig withGroupInstanceId(String id) {
        return withMembership(id, sessionTimeout);
    }

    public SkeinTopologyConfig withSessionTimeout(Duration timeout) {
        return withMembership(groupInstanceId, timeout);
    }

    private SkeinTopologyConfig withMembership(String id, Duration timeout) {
        return new SkeinTopologyConfig(bootstrapServers, applicationId, topics, commandPartitions,
                dispatchPartitions, replicationFactor, grantWindow, grantTtl, grantTopUpInterval, timerInterval,
                sweepIntervals, commandLogRetention, dedupWindow, streamThreads, commitInterval, sqlBatchMaxCommands,
                stateDir, applicationServer, maxCommandBytes, adminRecords, id, timeout);
    }

    /**
     * The Kafka Streams properties this engine runs with.
     *
     * @param instanceId the resolved static member id ({@link #groupInstanceId} with
     *                   {@value #GROUP_INSTANCE_FROM_STATE_DIR} replaced), or null for dynamic membership
     */
    public Properties streamsProperties(String instanceId) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // The SQL unit commits before Kafka's transaction; exactly-once makes outputs and offsets follow it.
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        // Upstream polls for 100 ms when idle; commands are latency-bound, so come back quickly.
        p.put(StreamsConfig.POLL_MS_CONFIG, 5L);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replicationFactor);
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        // Upstream lingers 5 ms per batch; a reply should leave as soon as its commit allows.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 1);
        // Records up to the topics' limit (large payloads): upstream's 1 MiB would fail a big reply or event.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), KafkaTopics.MAX_RECORD_BYTES);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), (int) sessionTimeout.toMillis());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
                (int) Math.max(500, sessionTimeout.toMillis() / 5));
        if (instanceId != null) {
            // Streams gives each stream thread's consumer this id plus the thread's index
            p.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), instanceId);
        }
        if (applicationServer != null) {
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        }
        return p;
    }
}
