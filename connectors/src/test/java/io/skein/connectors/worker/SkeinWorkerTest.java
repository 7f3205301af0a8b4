package io.skein.connectors.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.connectors.client.KafkaEngineClient;
import io.skein.connectors.client.SkeinClient;
import io.skein.connectors.client.SkeinClientException;
import io.skein.connectors.kafka.EmbeddedKafkaBroker;
import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ExecutionSnapshot;
import io.skein.core.api.SeedWaitpointHmacSecretArgs;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.api.policy.ExecutionPolicy;
import io.skein.core.command.EngineCommand;
import io.skein.core.error.EngineException;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.WorkerId;
import io.skein.core.state.PublicState;
import io.skein.core.wire.ReplyEnvelope;
import io.skein.core.wire.TopicNames;
import io.skein.sql.sqlite.SqliteBackend;
import io.skein.sql.sqlite.SqliteOptions;
import io.skein.topology.SkeinEngine;
import io.skein.topology.SkeinTopologyConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The worker SDK against a real engine: one in-process broker, one topology over a file SQLite database (real
 * clock, timers every 100 ms) shared by the class; each test uses its own lane and namespace. The workers have no
 * reads backend: what they run comes with the claim.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SkeinWorkerTest {

    private Path dir;
    private EmbeddedKafkaBroker broker;
    private SqliteBackend sql;
    private SkeinEngine engine;
    private KafkaEngineClient.Connected client;

    @BeforeAll
    void startEngine() throws Exception {
        dir = Files.createTempDirectory("skein-worker-test");
        broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0);
        sql = SqliteBackend.open(SqliteOptions.of(dir.resolve("skein.db").toString())
                .withEnv(Map.of("FF_DEV_MODE", "1")::get));
        sql.seedWaitpointHmacSecret(new SeedWaitpointHmacSecretArgs("kid-test", "cafebabe".repeat(8)));
        SkeinTopologyConfig config = SkeinTopologyConfig.defaults(broker.bootstrapServers(), dir.resolve("state"))
                .withApplicationId("skein-worker-test")
                .withTimers(Duration.ofMillis(100), Duration.ofMillis(100));
        engine = SkeinEngine.start(config, () -> sql, PartitionConfig.DEFAULT, Duration.ofSeconds(60));
        client = KafkaEngineClient.connect(broker.bootstrapServers(), TopicNames.DEFAULT, sql,
                Duration.ofMillis(200), engine::ensureLane);
    }

    @AfterAll
    void stopEngine() {
        if (client != null) {
            client.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (sql != null) {
            sql.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void twoWorkersCompleteEveryExecutionExactlyOnce() {
        // given two workers of one lane with four slots each
        LaneId lane = LaneId.of("bulk");
        Map<ExecutionId, AtomicInteger> runs = new ConcurrentHashMap<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        WorkerHandler echo = ctx -> {
            int now = running.incrementAndGet();
            mostRunning.accumulateAndGet(now, Math::max);
            runs.computeIfAbsent(ctx.executionId(), id -> new AtomicInteger()).incrementAndGet();
            Thread.sleep(5);
            running.decrementAndGet();
            ctx.complete(ctx.input());
        };
        try (SkeinWorker first = worker(lane, "bulk-a", 4, CapabilitySet.EMPTY, Duration.ofSeconds(30))
                     .on("echo", echo).start();
             SkeinWorker second = worker(lane, "bulk-b", 4, CapabilitySet.EMPTY, Duration.ofSeconds(30))
                     .on("echo", echo).start()) {

            // when 200 executions are created
            List<ExecutionId> ids = createAll(lane, "bulk", "echo", 200, null);

            // then each completes, each ran once, and the work was shared within both workers' capacity
            awaitAll(ids, PublicState.COMPLETED, Duration.ofSeconds(40));
            assertEquals(Set.copyOf(ids), runs.keySet());
            runs.forEach((id, n) -> assertEquals(1, n.get(), "runs of " + id));
            assertEquals(200, completionEvents("bulk"));
            await(() -> first.counts().completed() + second.counts().completed() == 200, Duration.ofSeconds(10),
                    "both workers to count their completions");
            assertTrue(first.counts().claimed() > 0 && second.counts().claimed() > 0,
                    "both workers of the group take grants: " + first.counts() + " / " + second.counts());
            assertTrue(mostRunning.get() <= 8, "at most 4 + 4 handlers at once, saw " + mostRunning.get());
            assertEquals("input-7", new String(resultOf(ids.get(7)), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aWorkerWithoutTheRequiredCapabilityReleasesTheGrantToOneThatHasIt() {
        // given a lane whose only worker lacks "gpu", and executions that require it
        LaneId lane = LaneId.of("gpu");
        AtomicInteger ranWithoutGpu = new AtomicInteger();
        List<String> ranBy = new CopyOnWriteArrayList<>();
        try (SkeinWorker cpu = worker(lane, "cpu", 2, CapabilitySet.EMPTY, Duration.ofSeconds(30))
                .onAny(ctx -> ranWithoutGpu.incrementAndGet()).start()) {
            List<ExecutionId> ids = createAll(lane, "caps", "render", 3,
                    "{\"routing_requirements\":{\"required_capabilities\":[\"gpu\"]}}");
            await(() -> cpu.counts().released() >= 1, Duration.ofSeconds(20), "the cpu worker releases a grant");

            // when a worker offering "gpu" joins the lane
            try (SkeinWorker gpu = worker(lane, "gpu", 2, CapabilitySet.worker(List.of("gpu", "avx")),
                    Duration.ofSeconds(30)).onAny(ctx -> ranBy.add(ctx.executionId().toString())).start()) {

                // then it runs every execution and the other worker ran none
                awaitAll(ids, PublicState.COMPLETED, Duration.ofSeconds(30));
                assertEquals(3, ranBy.size());
                assertEquals(0, ranWithoutGpu.get());
                assertEquals(0, cpu.counts().claimed());
                await(() -> gpu.counts().completed() == 3, Duration.ofSeconds(10), "the gpu worker's count");
            }
        }
    }

    @Test
    void aThrowingHandlerFailsTheAttemptAndTheRetryPolicyDecides() {
        // given executions allowed one retry, and a handler that always throws
        LaneId lane = LaneId.of("flaky");
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        try (SkeinWorker worker = worker(lane, "flaky", 2, CapabilitySet.EMPTY, Duration.ofSeconds(30))
                .onAny(ctx -> {
                    attempts.add(ctx.attemptIndex());
                    throw new IllegalStateException("boom");
                }).start()) {

            // when one is created
            ExecutionId id = createAll(lane, "flaky", "explode", 1,
                    "{\"retry_policy\":{\"max_retries\":1,\"backoff\":{\"type\":\"fixed\",\"delay_ms\":100}}}")
                    .get(0);

            // then the first attempt fails into a retry, the retry fails too, and the execution is failed
            awaitAll(List.of(id), PublicState.FAILED, Duration.ofSeconds(20));
            assertEquals(List.of(0, 1), attempts);
            await(() -> worker.counts().failed() == 2, Duration.ofSeconds(10), "the worker's failure count");
            assertEquals(0, worker.counts().completed());
        }
    }

    @Test
    void aSlowHandlerKeepsItsLeaseThroughRenewals() {
        // given a worker whose leases last 2 s and a handler that takes 5 s
        LaneId lane = LaneId.of("slow");
        AtomicInteger runs = new AtomicInteger();
        AtomicBoolean lostDuringRun = new AtomicBoolean();
        try (SkeinWorker worker = worker(lane, "slow", 1, CapabilitySet.EMPTY, Duration.ofSeconds(2))
                .onAny(ctx -> {
                    runs.incrementAndGet();
                    Thread.sleep(5_000);
                    lostDuringRun.set(ctx.leaseLost());
                    ctx.complete("done".getBytes(StandardCharsets.UTF_8));
                }).start()) {

            // when one execution is created
            ExecutionId id = createAll(lane, "slow", "sleep", 1, null).get(0);

            // then it completes in its first attempt: the lease never expired
            awaitAll(List.of(id), PublicState.COMPLETED, Duration.ofSeconds(20));
            assertEquals(1, runs.get());
            assertFalse(lostDuringRun.get());
            ExecutionSnapshot done = sql.describeExecution(id).orElseThrow();
            assertEquals(1, done.totalAttemptCount());
            assertEquals("done", new String(resultOf(id), StandardCharsets.UTF_8));
        }
    }

    /** A typed job's input and result, bound by Jackson with their own field names. */
    record Resize(String image, int width) {}

    record Resized(String url, int width) {}

    @Test
    void aTypedWorkerAndClientNeedOnlyKafkaAndTalkJson() {
        // given a worker built with no reads backend, a typed handler, and a client over Kafka
        LaneId lane = LaneId.of("typed");
        List<String> kinds = new CopyOnWriteArrayList<>();
        try (SkeinWorker worker = worker(lane, "typed", 2, CapabilitySet.EMPTY, Duration.ofSeconds(30))
                .on("resize", Resize.class, (ctx, in) -> {
                    kinds.add(ctx.executionKind().orElseThrow() + "/" + ctx.payloadEncoding().orElseThrow());
                    return new Resized("s3://thumbs/" + in.image(), in.width() / 2);
                })
                .start();
             SkeinClient skein = SkeinClient.over(client.backend(), PartitionConfig.DEFAULT)) {

            // when the client submits typed inputs and awaits the typed results
            ExecutionId first = skein.submit("typed", "resize", new Resize("cat.png", 640));
            ExecutionId second = skein.submit("typed", "resize", Map.of("image", "dog.png", "width", 100,
                    "added_later", true));

            // then each result comes back typed, through the claim's input (the worker never reads SQL)
            assertEquals(new Resized("s3://thumbs/cat.png", 320),
                    skein.await(first, Duration.ofSeconds(30), Resized.class));
            assertEquals(new Resized("s3://thumbs/dog.png", 50),
                    skein.await(second, Duration.ofSeconds(30), Resized.class));
            assertEquals(List.of("resize/json", "resize/json"), kinds);
            assertEquals("{\"url\":\"s3://thumbs/cat.png\",\"width\":320}",
                    new String(resultOf(first), StandardCharsets.UTF_8));
            assertEquals(PublicState.COMPLETED, skein.describe(first).orElseThrow().publicState());
        }
    }

    @Test
    void anInputThatDoesNotBindFailsPermanentlyAndTheClientSaysWhy() {
        LaneId lane = LaneId.of("typed-bad");
        AtomicInteger ran = new AtomicInteger();
        try (SkeinWorker worker = worker(lane, "typed-bad", 1, CapabilitySet.EMPTY, Duration.ofSeconds(30))
                .on("resize", Resize.class, (ctx, in) -> {
                    ran.incrementAndGet();
                    return null;
                })
                .start();
             SkeinClient skein = SkeinClient.over(client.backend(), PartitionConfig.DEFAULT)) {
            ExecutionId id = skein.submit("typed-bad", "resize", List.of("not", "an", "object"));

            SkeinClientException failed = assertThrows(SkeinClientException.class,
                    () -> skein.await(id, Duration.ofSeconds(30), Resized.class));

            assertTrue(failed.getMessage().contains("failed") && failed.getMessage().contains("does not bind"),
                    failed.getMessage());
            assertEquals(0, ran.get());
            assertEquals(1, sql.describeExecution(id).orElseThrow().totalAttemptCount(), "no retry of a permanent "
                    + "failure");
            // and an execution still running when the wait ends is said so
            ExecutionId waiting = skein.submit("nobody-works-here", "resize", new Resize("x", 1));
            SkeinClientException running = assertThrows(SkeinClientException.class,
                    () -> skein.await(waiting, Duration.ofMillis(200), Resized.class));
            assertTrue(running.getMessage().contains("still waiting"), running.getMessage());
        }
        assertEquals("ff.worker.a.5fb", SkeinWorker.builder().bootstrapServers("x:1").lane(LaneId.of("a_b"))
                .workerId(WorkerId.of("w")).build().groupId());
    }

    @Test
    void aWorkerRegistersItselfHeartbeatsAndMarksItselfDeadWhenItCloses() {
        Namespace ns = Namespace.of("registry-" + UUID.randomUUID());
        SkeinWorker worker = SkeinWorker.builder()
                .bootstrapServers(broker.bootstrapServers())
                .lane(LaneId.of("registry"))
                .workerId(WorkerId.of("reg"))
                .capabilities(CapabilitySet.worker(List.of("gpu")))
                .namespace(ns)
                .livenessTtl(Duration.ofMillis(600))
                .shutdownGrace(Duration.ofSeconds(5))
                .build();
        worker.onAny(ctx -> { }).start();
        String instance;
        try {
            await(() -> registered(ns).size() == 1, Duration.ofSeconds(20), "the worker's registration");
            io.skein.core.api.worker.WorkerInfo info = registered(ns).get(0);
            instance = info.workerInstanceId().value();
            assertEquals(WorkerId.of("reg"), info.workerId());
            assertEquals(java.util.Set.of(LaneId.of("registry")), info.lanes());
            assertEquals(CapabilitySet.worker(List.of("gpu")), info.capabilities());
            assertEquals(600, info.livenessTtlMs());
            long registeredBeat = info.lastHeartbeatMs();
            // heartbeats every third of the TTL keep it live across several TTLs
            await(() -> registered(ns).stream().anyMatch(w -> w.lastHeartbeatMs() >= registeredBeat + 1_800),
                    Duration.ofSeconds(20), "heartbeats three TTLs after registering");
        } finally {
            worker.close();
        }
        assertEquals(List.of(), registered(ns));
        assertEquals(1L, (long) sql.database().<Long>read(connection -> {
            try (PreparedStatement q = connection.prepareStatement("SELECT count(*) FROM ff_worker_registry_event "
                    + "WHERE namespace = ? AND worker_instance_id = ? AND event_kind = 'marked_dead'")) {
                q.setString(1, ns.value());
                q.setString(2, instance);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }), "a clean shutdown marks the instance dead rather than letting it lapse");
    }

    private List<io.skein.core.api.worker.WorkerInfo> registered(Namespace ns) {
        return sql.listWorkers(new io.skein.core.api.worker.ListWorkersArgs(ns, null, null)).entries();
    }

    // ------------------------------------------------------------------------------------------ helpers

    private SkeinWorker worker(LaneId lane, String name, int capacity, CapabilitySet capabilities, Duration ttl) {
        return SkeinWorker.builder()
                .bootstrapServers(broker.bootstrapServers())
                .lane(lane)
                .workerId(WorkerId.of(name))
                .capabilities(capabilities)
                .capacity(capacity)
                .leaseTtl(ttl)
                .shutdownGrace(Duration.ofSeconds(5))
                .build();
    }

    /** Creates {@code count} executions at once and waits for every reply. */
    private List<ExecutionId> createAll(LaneId lane, String namespace, String kind, int count, String policyJson) {
        ExecutionPolicy policy = policyJson == null ? null : ExecutionPolicy.parse(policyJson);
        List<ExecutionId> ids = new ArrayList<>();
        List<CompletableFuture<ReplyEnvelope>> replies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ExecutionId id = PartitionConfig.DEFAULT.soloExecutionId(lane, UUID.randomUUID());
            ids.add(id);
            replies.add(client.client().commands().send(new EngineCommand.CreateExecution(new CreateExecutionArgs(
                    id, Namespace.of(namespace), lane, kind, ("input-" + i).getBytes(StandardCharsets.UTF_8), null,
                    0, "worker-test", null, Map.of(), policy, null, null, id.partition(),
                    System.currentTimeMillis()))));
        }
        for (CompletableFuture<ReplyEnvelope> reply : replies) {
            ReplyEnvelope r = reply.orTimeout(30, TimeUnit.SECONDS).join();
            assertTrue(r.ok(), () -> "create failed: " + r.error());
        }
        return ids;
    }

    private void awaitAll(List<ExecutionId> ids, PublicState state, Duration deadline) {
        await(() -> ids.stream().allMatch(id -> sql.describeExecution(id).map(ExecutionSnapshot::publicState)
                .orElse(null) == state), deadline, ids.size() + " executions " + state.wire());
    }

    private static void await(BooleanSupplier condition, Duration deadline, String what) {
        long until = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out after " + deadline.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private long completionEvents(String namespace) {
        return sql.database().read(connection -> {
            try (PreparedStatement q = connection.prepareStatement(
                    "SELECT count(*) FROM ff_completion_event WHERE namespace = ? AND outcome = 'success'")) {
                q.setString(1, namespace);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private byte[] resultOf(ExecutionId id) {
        return sql.getExecutionResult(id).orElseThrow();
    }
}
