package io.skein.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.skein.topology.KafkaTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash replay (spec 05 §7 "De-duplication", ARCHITECTURE "The path of one command"): the engine runs in a JVM of its
 * own over a SQLite file and is killed with SIGKILL several times while executions are created and worked, then
 * started again on the same file and state folder. Afterwards every execution is completed exactly once: one row in
 * {@code ff_completion_event}, one completion event id on {@code ff.events}, and no command lost.
 *
 * <p>{@code -Dskein.crash.executions=N} sets the count (default {@value #DEFAULT_EXECUTIONS}: about 105 s on a shared
 * 2-core box; 10,000 took about 490 s there), {@code -Dskein.crash.seed} the kill points.
 */
class KafkaCrashTest {

    static final int DEFAULT_EXECUTIONS = 1_500;
    private static final int EXECUTIONS = Integer.getInteger("skein.crash.executions", DEFAULT_EXECUTIONS);
    private static final int KILLS = Integer.getInteger("skein.crash.kills", 3);
    private static final int MAX_BACKLOG = 500;
    private static final LaneId LANE = LaneId.of("crash");
    private static final TopicNames TOPICS = TopicNames.DEFAULT;
    /** A call not answered within this is sent again under its command id. */
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(3);

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void killingTheEngineRepeatedlyLosesNoCommandAndCompletesEveryExecutionOnce(@TempDir Path dir) throws Exception {
        long seed = Long.getLong("skein.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        long started = System.nanoTime();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0);
             EngineJvm engine = new EngineJvm(broker.bootstrapServers(), dir.resolve("skein.db"),
                     dir.resolve("state"), "skein-crash", Map.of("FF_DEV_MODE", "1"))) {
            // given: an engine (it creates the topics), the lane's dispatch topic, a client and a worker pool
            engine.start();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()))) {
                KafkaTopics.ensureLane(admin, TOPICS, LANE.value(), 3, (short) 1);
            }
            CommandClient client = new CommandClient(broker.bootstrapServers(), TOPICS, PartitionConfig.DEFAULT);
            RetryingCommands commands = new RetryingCommands(client, ATTEMPT_TIMEOUT, Duration.ofMinutes(3));
            LaneWorkers workers = new LaneWorkers(broker.bootstrapServers(), TOPICS, LANE, commands, 16,
                    Duration.ofMinutes(10));

            // when: executions are created and worked while the engine is killed and restarted
            Map<String, CreateExecutionResult> created = new ConcurrentHashMap<>();
            List<Throwable> createFailures = new CopyOnWriteArrayList<>();
            ExecutorService creators = Executors.newFixedThreadPool(32);
            for (int i = 0; i < EXECUTIONS; i++) {
                ExecutionId id = ExecutionId.of(random.nextInt(PartitionConfig.DEFAULT.flowPartitions()),
                        UUID.randomUUID());
                creators.execute(() -> {
                    try {
                        awaitBacklogBelow(MAX_BACKLOG, created, workers);
                        created.put(id.toString(), (CreateExecutionResult) commands.call(create(id)));
                    } catch (RuntimeException | AssertionError e) {
                        createFailures.add(e);
                    }
                });
            }
            List<String> kills = new ArrayList<>();
            for (int k = 0; k < KILLS; k++) {
                // each kill lands at a random point of its own quarter of the work, at a random millisecond
                int threshold = (int) (EXECUTIONS * (0.1 + 0.25 * k + 0.15 * random.nextDouble()));
                awaitCompletions(workers, threshold, Duration.ofMinutes(3));
                Thread.sleep(random.nextInt(500));
                int before = workers.completions().size();
                long t = System.nanoTime();
                engine.kill();
                engine.start();
                kills.add(String.format("kill at %d completions, back in %d ms", before,
                        (System.nanoTime() - t) / 1_000_000));
            }
            awaitCompletions(workers, EXECUTIONS, Duration.ofMinutes(4));
            creators.shutdown();
            assertTrue(creators.awaitTermination(1, TimeUnit.MINUTES), "every create was answered");
            long worked = System.nanoTime();
            workers.close();

            // then: ff.events holds exactly one completion record per execution, however often its command was sent
            // again (a repeat the task remembers is answered only; one whose Kafka transaction was lost after the SQL
            // commit re-emits its stored outputs once, and the lost ones were never committed)
            Map<String, String> completions = workers.completions();
            CompletionEvents events = awaitEvents(broker.bootstrapServers(), completions, commands);
            engine.stop();
            client.close();

            assertEquals(List.of(), createFailures, "create failures");
            assertEquals(List.of(), workers.failures(), "worker failures");
            assertEquals(EXECUTIONS, created.size(), "every create was answered");
            created.forEach((id, result) -> assertTrue(result instanceof CreateExecutionResult.Created,
                    id + " was created by its own command, even when the command was sent again: " + result));

            Map<String, String> states = new SqliteFile(dir.resolve("skein.db")).publicStates();
            assertEquals(created.keySet(), states.keySet(), "the executions in SQL are exactly those created");
            states.forEach((id, state) -> assertEquals("completed", state, id + " public state"));
            Map<String, String> outbox = new SqliteFile(dir.resolve("skein.db")).completionEventRows();
            assertEquals(created.keySet(), outbox.keySet(), "every execution has ff_completion_event rows");
            outbox.forEach((id, rows) -> assertEquals("1", rows, id + " rows in ff_completion_event"));

            assertEquals(created.keySet(), events.eventIdsByExecution().keySet(),
                    "every execution has a completion event on ff.events");
            int repeatedRecords = 0;
            for (Map.Entry<String, String> c : completions.entrySet()) {
                String eventId = c.getValue() + ":0";
                assertEquals(Set.of(eventId), events.eventIdsByExecution().get(c.getKey()),
                        c.getKey() + " completion event ids");
                assertEquals(1, events.records(eventId), eventId + " records, its command sent "
                        + commands.sends(c.getValue()) + " times");
                repeatedRecords += commands.sends(c.getValue()) - 1;
            }
            assertEquals(KILLS + 1, engine.runs(), "engine runs");
            System.out.printf("KafkaCrashTest: %d executions, seed %d, %s; worked in %d s (total %d s), "
                            + "%d commands re-sent after a timeout, %d completes sent again (one record each all the same), "
                            + "%d expired grants skipped, claims refused: %s%n", EXECUTIONS, seed, kills,
                    (worked - started) / 1_000_000_000, (System.nanoTime() - started) / 1_000_000_000,
                    commands.resends(), repeatedRecords, workers.expiredGrants(), workers.refusedGrants());
        }
    }

    /**
     * Creators keep at most this many executions created but not completed: SQLite's grant top-up scans the lane's
     * eligible executions, so an unbounded backlog would make every command slower (see the report).
     */
    private static void awaitBacklogBelow(int max, Map<String, ?> created, LaneWorkers workers) {
        while (created.size() - workers.completions().size() >= max) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static EngineCommand create(ExecutionId id) {
        return new EngineCommand.CreateExecution(new CreateExecutionArgs(id, Namespace.of("default"), LANE,
                "crash.test", id.toString().getBytes(StandardCharsets.UTF_8), null, 0, "crash-test", null, Map.of(),
                null, null, null, id.partition(), 0));
    }

    private static void awaitCompletions(LaneWorkers workers, int count, Duration deadline)
            throws InterruptedException {
        long until = System.nanoTime() + deadline.toNanos();
        long report = System.nanoTime();
        while (workers.completions().size() < count) {
            if (System.nanoTime() - report > 5_000_000_000L) {
                report = System.nanoTime();
                System.out.printf("%tT %d completions%n", System.currentTimeMillis(), workers.completions().size());
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("only " + workers.completions().size() + " of " + count
                        + " executions completed within " + deadline + "; worker failures: " + workers.failures());
            }
            Thread.sleep(50);
        }
    }

    /** Reads ff.events until every completion's records match its command's sends (late re-sends) or 30 s pass. */
    private static CompletionEvents awaitEvents(String bootstrap, Map<String, String> completions,
                                                RetryingCommands commands) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            CompletionEvents events = CompletionEvents.read(bootstrap, TOPICS);
            boolean settled = completions.values().stream()
                    .allMatch(cmd -> events.records(cmd + ":0") >= commands.sends(cmd));
            if (settled || System.nanoTime() > until) {
                return events;
            }
            Thread.sleep(1_000);
        }
    }
}
