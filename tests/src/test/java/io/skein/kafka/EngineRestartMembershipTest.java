package io.skein.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.connectors.client.CommandClient;
import io.skein.connectors.kafka.EmbeddedKafkaBroker;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.api.execution.CreateExecutionResult;
import io.skein.core.command.EngineCommand;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import io.skein.core.wire.TopicNames;
import io.skein.sql.engine.HmacSeed;
import io.skein.sql.sqlite.SqliteBackend;
import io.skein.sql.sqlite.SqliteOptions;
import io.skein.topology.SkeinEngine;
import io.skein.topology.SkeinTopologyConfig;
import io.skein.topology.internals.StateDirInstanceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.CloseOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine that died without leaving the consumer group (a crash: no LeaveGroup, its session still open) is taken
 * over by the instance restarted on its state folder at once, not after the session timeout: the folder keeps the
 * instance's static member id (issue #17 "Recovery": every restart after a crash used to wait for the old session).
 */
class EngineRestartMembershipTest {

    private static final LaneId LANE = LaneId.of("restart");
    private static final int COMMAND_PARTITIONS = 12;
    /** Far longer than the restart may take: a restart that waited for the dead member's session would fail. */
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(90);

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void anInstanceRestartedOnItsStateFolderTakesItsPartitionsBackBeforeTheDeadSessionExpires(@TempDir Path dir)
            throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0);
             SqliteBackend backend = SqliteBackend.open(SqliteOptions.of(dir.resolve("skein.db").toString())
                     .withEnv(Map.of("FF_DEV_MODE", "1")::get), new HmacSeed(EngineProcess.KID,
                     EngineProcess.SECRET_HEX))) {
            backend.prepare();
            // the environment's default: the member id kept in the state folder
            SkeinTopologyConfig config = SkeinTopologyConfig.fromEnv(Map.<String, String>of()::get,
                            broker.bootstrapServers(), dir.resolve("state"))
                    .withApplicationId("skein-restart").withSessionTimeout(SESSION_TIMEOUT);
            assertEquals(SkeinTopologyConfig.GROUP_INSTANCE_FROM_STATE_DIR, config.groupInstanceId());

            // given: an instance that owns every partition and has applied a command
            SkeinEngine crashed = SkeinEngine.start(config, () -> backend, PartitionConfig.DEFAULT,
                    Duration.ofSeconds(90));
            String memberId = Files.readString(dir.resolve("state").resolve(StateDirInstanceId.FILE)).strip();
            assertTrue(memberId.startsWith("skein-restart-"), memberId);
            assertEquals(COMMAND_PARTITIONS, KafkaScaleOutTest.owned(crashed).size());
            // the engine made the topics the client reads its replies from
            CommandClient client = new CommandClient(broker.bootstrapServers(), TopicNames.DEFAULT,
                    PartitionConfig.DEFAULT);
            create(client);

            // when: it dies without leaving the group, and an instance starts again on its state folder
            crashed.streams().close(CloseOptions.groupMembershipOperation(
                    CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP).withTimeout(Duration.ofSeconds(30)));
            long restartedAt = System.nanoTime();
            SkeinEngine restarted = SkeinEngine.start(config, () -> backend, PartitionConfig.DEFAULT,
                    Duration.ofSeconds(90));
            try {
                Duration takeover = Duration.ofNanos(System.nanoTime() - restartedAt);

                // then: it is the same member, owns every partition well inside the dead session, and applies commands
                assertEquals(memberId, Files.readString(dir.resolve("state").resolve(StateDirInstanceId.FILE)).strip());
                assertEquals(COMMAND_PARTITIONS, KafkaScaleOutTest.owned(restarted).size());
                assertTrue(takeover.compareTo(SESSION_TIMEOUT.dividedBy(3)) < 0,
                        "took the partitions back after " + takeover.toMillis() + " ms, session timeout "
                                + SESSION_TIMEOUT.toMillis() + " ms");
                create(client);
                System.out.printf("EngineRestartMembershipTest: partitions back %d ms after the restart%n",
                        takeover.toMillis());
            } finally {
                client.close();
                restarted.close();
                crashed.close();
            }
        }
    }

    private static void create(CommandClient client) {
        ExecutionId id = PartitionConfig.DEFAULT.soloExecutionId(LANE, UUID.randomUUID());
        Object reply = client.call(new EngineCommand.CreateExecution(new CreateExecutionArgs(id,
                Namespace.of("default"), LANE, "restart.test", new byte[0], null, 0, "restart-test", null, Map.of(),
                null, null, null, id.partition(), 0)), Duration.ofSeconds(30));
        assertInstanceOf(CreateExecutionResult.class, reply);
    }
}
