package io.skein.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.connectors.client.CommandClient;
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
import java.time.Duration;
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

/**
 * The load of the fault tests (spec 05 §7, issue 17 "Show"): executions created by 32 client threads and worked by a
 * pool of workers over Kafka only, every call sent again under its command id when no reply comes within 3 s, while
 * the test breaks something. {@link #verify} then holds the run to what a user of the engine relies on: every
 * execution created by its own command and completed, one {@code ff_completion_event} row and exactly one
 * {@code execution_completed} record on {@code ff.events} (read_committed) each, however often its complete was sent.
 */
final class FaultLoad implements AutoCloseable {

    static final LaneId LANE = LaneId.of("crash");
    static final TopicNames TOPICS = TopicNames.DEFAULT;
    /** A call not answered within this is sent again under its command id. */
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
    /**
     * Creators keep at most this many executions created but not completed: SQLite's grant top-up scans the lane's
     * eligible executions, so an unbounded backlog would make every command slower (see the report).
     */
    private static final int MAX_BACKLOG = 500;
    /** Worker threads, each running one claim and complete at a time. */
    private static final int WORKERS = 16;

    private final String bootstrapServers;
    private final int executions;
    private final Random random;
    private final CommandClient client;
    private final RetryingCommands commands;
    private final LaneWorkers workers;
    private final ExecutorService creators = Executors.newFixedThreadPool(32);
    private final Map<String, CreateExecutionResult> created = new ConcurrentHashMap<>();
    private final List<Throwable> createFailures = new CopyOnWriteArrayList<>();
    private final long started = System.nanoTime();

    /** Creates the lane's dispatch topic (the engine must have created the others) and starts the workers. */
    FaultLoad(String bootstrapServers, int executions, Random random) {
        this.bootstrapServers = bootstrapServers;
        this.executions = executions;
        this.random = random;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            KafkaTopics.ensureLane(admin, TOPICS, LANE.value(), 3, (short) 1);
        }
        this.client = new CommandClient(bootstrapServers, TOPICS, PartitionConfig.DEFAULT);
        this.commands = new RetryingCommands(client, ATTEMPT_TIMEOUT, Duration.ofMinutes(3));
        this.workers = new LaneWorkers(bootstrapServers, TOPICS, LANE, commands, WORKERS, Duration.ofMinutes(10));
    }

    /** Starts creating the executions (each on a random partition) from the client threads. */
    void start() {
        for (int i = 0; i < executions; i++) {
            ExecutionId id = ExecutionId.of(random.nextInt(PartitionConfig.DEFAULT.flowPartitions()),
                    UUID.randomUUID());
            creators.execute(() -> {
                try {
                    awaitBacklogBelow(MAX_BACKLOG);
                    created.put(id.toString(), (CreateExecutionResult) commands.call(create(id)));
                } catch (RuntimeException | AssertionError e) {
                    createFailures.add(e);
                }
            });
        }
    }

    /** The completion count at which fault {@code k} of {@code faults} lands: at a random point of its own share. */
    int faultPoint(int k, int faults) {
        double share = 0.8 / faults;
        return (int) (executions * (0.1 + share * k + share * 0.6 * random.nextDouble()));
    }

    /** How long a wait for completions may take: generous, and growing with the size of the run. */
    Duration patience() {
        return Duration.ofMinutes(2).plusMillis(executions * 50L);
    }

    int completions() {
        return workers.completions().size();
    }

    /** Waits until {@code count} executions completed, reporting progress every 5 s. */
    void awaitCompletions(int count, Duration deadline) throws InterruptedException {
        long until = System.nanoTime() + deadline.toNanos();
        long report = System.nanoTime();
        while (completions() < count) {
            if (System.nanoTime() - report > 5_000_000_000L) {
                report = System.nanoTime();
                System.out.printf("%tT %d completions%n", System.currentTimeMillis(), completions());
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("only " + completions() + " of " + count + " executions completed within "
                        + deadline + "; worker failures: " + workers.failures() + "; create failures: "
                        + createFailures);
            }
            Thread.sleep(50);
        }
    }

    /**
     * Waits for every execution to complete, stops the load and checks the outcome against {@code store} (the
     * engine may still run). Returns a one-line account of the run.
     */
    String verify(StoreRows store, Duration deadline) throws InterruptedException {
        awaitCompletions(executions, deadline);
        creators.shutdown();
        assertTrue(creators.awaitTermination(1, TimeUnit.MINUTES), "every create was answered");
        long worked = System.nanoTime();
        workers.close();

        // a repeat the task remembers is answered only; one whose Kafka transaction was lost after the SQL commit
        // re-emits its stored outputs once, and the lost ones were never committed
        Map<String, String> completions = workers.completions();
        CompletionEvents events = awaitEvents(completions);

        assertEquals(List.of(), createFailures, "create failures");
        assertEquals(List.of(), workers.failures(), "worker failures");
        assertEquals(executions, created.size(), "every create was answered");
        created.forEach((id, result) -> assertTrue(result instanceof CreateExecutionResult.Created,
                id + " was created by its own command, even when the command was sent again: " + result));

        Map<String, String> states = store.publicStates();
        assertEquals(created.keySet(), states.keySet(), "the executions in SQL are exactly those created");
        states.forEach((id, state) -> assertEquals("completed", state, id + " public state"));
        Map<String, String> outbox = store.completionEventRows();
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
        return String.format("%d executions worked in %d s (total %d s), %d commands re-sent after a timeout, "
                        + "%d completes sent again (one record each all the same), %d expired grants skipped, "
                        + "claims refused: %s", executions, (worked - started) / 1_000_000_000,
                (System.nanoTime() - started) / 1_000_000_000, commands.resends(), repeatedRecords,
                workers.expiredGrants(), workers.refusedGrants());
    }

    @Override
    public void close() {
        creators.shutdownNow();
        workers.close();
        client.close();
    }

    /** Read-only questions about the engine's SQL rows after the run. */
    interface StoreRows {

        /** Execution id (as {@link ExecutionId#toString()}) → its public state, for every execution. */
        Map<String, String> publicStates();

        /** Execution id → how many rows {@code ff_completion_event} holds for it. */
        Map<String, String> completionEventRows();
    }

    private void awaitBacklogBelow(int max) {
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

    /**
     * Reads ff.events until every completion has its record (or 30 s pass), then once more a few seconds later: every
     * complete was answered before this runs, so a repeat sent after its first reply is on the topic by then, behind
     * its original, and a repeated record would have followed within the engine's commit interval.
     */
    private CompletionEvents awaitEvents(Map<String, String> completions) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            CompletionEvents events = CompletionEvents.read(bootstrapServers, TOPICS);
            boolean settled = completions.values().stream().allMatch(cmd -> events.records(cmd + ":0") >= 1);
            if (settled || System.nanoTime() > until) {
                Thread.sleep(3_000);
                return CompletionEvents.read(bootstrapServers, TOPICS);
            }
            Thread.sleep(1_000);
        }
    }
}
