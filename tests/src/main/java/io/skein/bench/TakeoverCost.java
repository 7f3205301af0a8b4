package io.skein.bench;

import io.skein.connectors.client.KafkaEngineClient;
import io.skein.connectors.kafka.EmbeddedKafkaBroker;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.api.SeedWaitpointHmacSecretArgs;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import io.skein.core.wire.TopicNames;
import io.skein.sql.engine.SqlEngineBackend;
import io.skein.sql.sqlite.SqliteBackend;
import io.skein.sql.sqlite.SqliteOptions;
import io.skein.topology.SkeinEngine;
import io.skein.topology.SkeinTopologyConfig;
import io.skein.topology.internals.FlowPartitionOwnership;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What taking over a partition costs (issue 17, "Recovery"): {@code N} pending executions (default 100,000) sit in
 * the flow partitions of {@code ff.commands} partition 0 of a SQLite store; an engine then starts on it with an empty
 * state folder (a new owner: the task rebuilds its execution cache, ready queues and timer wheel from SQL), and again
 * after a clean stop on the same folder. Each time: how long until the topology is RUNNING, and until the first
 * command on that partition is answered (the task rebuilds its stores before it applies it).
 *
 * <p>Usage: {@code bench/takeover.sh [N]}. Not a test.
 */
public final class TakeoverCost {

    private static final String KID = "kid-bench";
    private static final String SECRET_HEX = "0123456789abcdef".repeat(4);
    private static final int UNIT = 5_000;

    private TakeoverCost() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("skein-takeover-");
        PartitionConfig partitions = PartitionConfig.DEFAULT;
        List<Integer> owned = FlowPartitionOwnership.owned(partitions.flowPartitions(), 12, 0);
        LaneId lane = LaneId.of("takeover");
        try (SqliteBackend sql = SqliteBackend.open(SqliteOptions.of(dir.resolve("skein.db").toString())
                .withEnv(Map.of("FF_DEV_MODE", "1")::get))) {
            sql.seedWaitpointHmacSecret(new SeedWaitpointHmacSecretArgs(KID, SECRET_HEX));
            long t = System.nanoTime();
            fill(sql, n, owned, lane);
            System.out.printf("filled %d pending executions over the %d flow partitions of command partition 0 in "
                    + "%.1f s%n", n, owned.size(), (System.nanoTime() - t) / 1e9);
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0)) {
                Path state = dir.resolve("state");
                takeOver("new owner (empty state folder)", broker, sql, state, owned, lane);
                takeOver("restart on the same state folder", broker, sql, state, owned, lane);
            }
        }
    }

    /** Writes {@code n} runnable executions in units of {@value #UNIT}, round robin over {@code owned}. */
    private static void fill(SqlEngineBackend sql, int n, List<Integer> owned, LaneId lane) {
        for (int done = 0; done < n; ) {
            SqlEngineBackend.OpenUnit unit = sql.openUnit();
            int end = Math.min(n, done + UNIT);
            for (; done < end; done++) {
                sql.joinBare(() -> sql.createExecution(create(owned, lane)));
            }
            unit.commit();
        }
    }

    private static int next;

    private static CreateExecutionArgs create(List<Integer> owned, LaneId lane) {
        ExecutionId id = ExecutionId.of(owned.get(next++ % owned.size()), UUID.randomUUID());
        return new CreateExecutionArgs(id, Namespace.of("default"), lane, "takeover", new byte[256], null, 0,
                "takeover", null, Map.of(), null, null, null, id.partition(), System.currentTimeMillis());
    }

    private static void takeOver(String what, EmbeddedKafkaBroker broker, SqlEngineBackend sql, Path state,
                                 List<Integer> owned, LaneId lane) throws Exception {
        SkeinTopologyConfig config = SkeinTopologyConfig.defaults(broker.bootstrapServers(), state)
                .withApplicationId("skein-takeover");
        long t = System.nanoTime();
        try (SkeinEngine engine = SkeinEngine.start(config, () -> sql, PartitionConfig.DEFAULT,
                Duration.ofMinutes(10))) {
            long running = System.nanoTime();
            engine.ensureLane(lane.value());
            try (KafkaEngineClient.Connected client = KafkaEngineClient.connect(broker.bootstrapServers(),
                    TopicNames.DEFAULT, sql, Duration.ofMillis(200), engine::ensureLane)) {
                long sent = System.nanoTime();
                client.backend().createExecution(create(owned, lane));
                long answered = System.nanoTime();
                System.out.printf("%s: RUNNING after %.2f s; the first command on partition 0 answered %.2f s "
                                + "after that (%.2f s from start)%n", what, (running - t) / 1e9,
                        (answered - sent) / 1e9, (answered - t) / 1e9);
            }
        }
    }
}
