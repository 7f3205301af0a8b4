package io.skein.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.skein.topology.KafkaTopics;
import io.skein.topology.SkeinEngine;
import io.skein.topology.SkeinTopologyConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out (ARCHITECTURE "Two ways to run the same contract"): two engine instances with one application id split
 * the 12 command partitions over one SQL store; when one stops, the other takes over every partition, and every
 * execution submitted before, during and after the hand-over completes.
 */
class KafkaScaleOutTest {

    private static final LaneId LANE = LaneId.of("scale");
    private static final TopicNames TOPICS = TopicNames.DEFAULT;
    private static final int COMMAND_PARTITIONS = 12;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theRemainingInstanceTakesOverEveryPartitionAndLosesNoExecution(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("skein.db");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0);
             SqliteBackend backend = SqliteBackend.open(SqliteOptions.of(db.toString())
                     .withEnv(Map.of("FF_DEV_MODE", "1")::get), new HmacSeed(EngineProcess.KID,
                     EngineProcess.SECRET_HEX))) {
            backend.prepare();
            // given: two instances of one deployment over one store
            SkeinEngine first = SkeinEngine.start(config(broker, dir.resolve("state-a")), () -> backend,
                    PartitionConfig.DEFAULT, Duration.ofSeconds(90));
            SkeinEngine second = SkeinEngine.start(config(broker, dir.resolve("state-b")), () -> backend,
                    PartitionConfig.DEFAULT, Duration.ofSeconds(90));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()))) {
                KafkaTopics.ensureLane(admin, TOPICS, LANE.value(), 3, (short) 1);
            }
            awaitOwnership(() -> owned(first).size() + owned(second).size() == COMMAND_PARTITIONS
                    && !owned(first).isEmpty() && !owned(second).isEmpty(), "both instances own partitions");
            Set<Integer> ownedByFirst = owned(first);
            Set<Integer> ownedBySecond = owned(second);
            Set<Integer> overlap = new HashSet<>(ownedByFirst);
            overlap.retainAll(ownedBySecond);
            assertEquals(Set.of(), overlap, "no partition is owned twice");

            CommandClient client = new CommandClient(broker.bootstrapServers(), TOPICS, PartitionConfig.DEFAULT);
            RetryingCommands commands = new RetryingCommands(client, Duration.ofSeconds(3), Duration.ofMinutes(2));
            LaneWorkers workers = new LaneWorkers(broker.bootstrapServers(), TOPICS, LANE, commands, 8,
                    Duration.ofMinutes(10));
            Map<String, String> phaseOf = new ConcurrentHashMap<>();
            Map<String, CreateExecutionResult> created = new ConcurrentHashMap<>();
            List<Throwable> createFailures = new CopyOnWriteArrayList<>();
            AtomicReference<String> phase = new AtomicReference<>("before");
            List<Thread> submitters = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 4; i++) {
                Thread t = new Thread(() -> submitUntilStopped(commands, phase, phaseOf, created, createFailures),
                        "submitter-" + i);
                t.setDaemon(true);
                submitters.add(t);
                t.start();
            }

            // when: work flows through both instances, then one stops while submissions continue
            awaitCompletions(workers, 200);
            // submissions made just before the stop are in flight while the second instance hands over
            phase.set("during");
            Thread.sleep(1_000);
            second.close();
            awaitOwnership(() -> owned(first).size() == COMMAND_PARTITIONS, "the first instance owns all");
            phase.set("after");
            int afterStart = workers.completions().size();
            awaitCompletions(workers, afterStart + 200);
            phase.set("stopped");
            for (Thread t : submitters) {
                t.join(TimeUnit.MINUTES.toMillis(2));
            }

            // then: every execution, whichever phase it was submitted in, completes exactly once
            awaitCompletions(workers, created.size());
            workers.close();
            client.close();
            first.close();
            assertEquals(List.of(), createFailures, "create failures");
            assertEquals(List.of(), workers.failures(), "worker failures");
            for (String p : List.of("before", "during", "after")) {
                assertTrue(phaseOf.containsValue(p), "executions were submitted " + p + " the hand-over");
            }
            assertEquals(created.keySet(), workers.completions().keySet(), "every created execution completed");
            SqliteFile file = new SqliteFile(db);
            Map<String, String> states = file.publicStates();
            assertEquals(created.keySet(), states.keySet(), "the executions in SQL are exactly those created");
            states.forEach((id, state) -> assertEquals("completed", state, id + " (" + phaseOf.get(id) + ")"));
            file.completionEventRows().forEach((id, rows) -> assertEquals("1", rows, id + " completion rows"));
            assertFalse(created.isEmpty());
            System.out.printf("KafkaScaleOutTest: partitions split %s / %s; %d executions completed "
                            + "(%d before, %d during, %d after the hand-over), %d re-sent after a timeout%n",
                    ownedByFirst, ownedBySecond, created.size(), count(phaseOf, "before"),
                    count(phaseOf, "during"), count(phaseOf, "after"), commands.resends());
        }
    }

    private static SkeinTopologyConfig config(EmbeddedKafkaBroker broker, Path stateDir) {
        return SkeinTopologyConfig.defaults(broker.bootstrapServers(), stateDir).withApplicationId("skein-scale");
    }

    /** The command partitions whose tasks run on this instance. */
    static Set<Integer> owned(SkeinEngine engine) {
        Set<Integer> out = new HashSet<>();
        for (ThreadMetadata thread : engine.streams().metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                out.add(task.taskId().partition());
            }
        }
        return out;
    }

    private static void submitUntilStopped(RetryingCommands commands, AtomicReference<String> phase,
                                           Map<String, String> phaseOf, Map<String, CreateExecutionResult> created,
                                           List<Throwable> failures) {
        String current;
        while (!(current = phase.get()).equals("stopped")) {
            ExecutionId id = ExecutionId.of(ThreadLocalRandom.current().nextInt(
                    PartitionConfig.DEFAULT.flowPartitions()), UUID.randomUUID());
            phaseOf.put(id.toString(), current);
            try {
                created.put(id.toString(), (CreateExecutionResult) commands.call(new EngineCommand.CreateExecution(
                        new CreateExecutionArgs(id, Namespace.of("default"), LANE, "scale.test", new byte[0], null,
                                0, "scale-test", null, Map.of(), null, null, null, id.partition(), 0))));
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | AssertionError e) {
                failures.add(e);
            }
        }
    }

    private static long count(Map<String, String> phaseOf, String phase) {
        return phaseOf.values().stream().filter(phase::equals).count();
    }

    private static void awaitOwnership(java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError(what + ": not within 90 s");
            }
            Thread.sleep(100);
        }
    }

    private static void awaitCompletions(LaneWorkers workers, int count) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (workers.completions().size() < count) {
            if (System.nanoTime() > until) {
                throw new AssertionError("only " + workers.completions().size() + " of " + count
                        + " executions completed; worker failures: " + workers.failures());
            }
            Thread.sleep(50);
        }
    }
}
