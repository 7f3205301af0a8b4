package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.api.execution.CreateExecutionResult;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import io.skein.sql.postgres.PostgresBackend;
import io.skein.sql.postgres.PostgresOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Creation races on PostgreSQL: two units on their own connections insert the same key at once, so one of them meets
 * the other's row as a unique violation (23505). The loser must answer as it would have after the winner (spec 02:
 * {@code Duplicate}), never {@code Contention(RetryExhausted)} or a transport error.
 */
class PostgresCreationRaceTest {

    private static final int ROUNDS = 40;
    private static final LaneId LANE = LaneId.of("race");
    private static final Namespace NAMESPACE = Namespace.of("default");

    private PostgresOptions options;
    private PostgresBackend backend;

    @BeforeEach
    void start() {
        options = TestPostgres.freshDatabase().withPoolSize(4);
        backend = PostgresBackend.open(options);
    }

    @AfterEach
    void stop() {
        backend.close();
        TestPostgres.drop(options);
    }

    private static CreateExecutionArgs args(ExecutionId id, String payload, String idempotencyKey) {
        return new CreateExecutionArgs(id, NAMESPACE, LANE, "race.kind", payload.getBytes(), "utf8", 0, "test",
                idempotencyKey, Map.of(), null, null, null, id.partition(), 0);
    }

    @Test
    void twoUnitsCreatingOneExecutionIdWithDifferentArgsAnswerCreatedAndDuplicate() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            ExecutionId id = PartitionConfig.DEFAULT.soloExecutionId(LANE, UUID.randomUUID());
            List<CreateExecutionResult> results = race(side -> args(id, "input-" + side, null));
            assertEquals(List.of(new CreateExecutionResult.Created(id, results.stream()
                            .filter(CreateExecutionResult.Created.class::isInstance)
                            .map(r -> ((CreateExecutionResult.Created) r).publicState()).findFirst().orElse(null)),
                    new CreateExecutionResult.Duplicate(id)), sorted(results), "round " + round);
        }
    }

    @Test
    void twoUnitsCreatingWithOneIdempotencyKeyAnswerCreatedAndDuplicateOfTheWinner() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            UUID shared = UUID.randomUUID();
            ExecutionId first = PartitionConfig.DEFAULT.soloExecutionId(LANE, UUID.randomUUID());
            // same partition, so both idempotency rows clash on one key
            ExecutionId second = new ExecutionId(first.partition(), UUID.randomUUID());
            String key = "key-" + shared;
            List<CreateExecutionResult> results = race(side -> args(side == 0 ? first : second, "in", key));
            List<CreateExecutionResult> ordered = sorted(results);
            CreateExecutionResult.Created winner = (CreateExecutionResult.Created) ordered.get(0);
            assertEquals(new CreateExecutionResult.Duplicate(winner.executionId()), ordered.get(1), "round " + round);
        }
    }

    /** Runs the two sides at once (a barrier releases them together) and returns what each answered. */
    private List<CreateExecutionResult> race(IntFunction<CreateExecutionArgs> side) throws Exception {
        CyclicBarrier go = new CyclicBarrier(2);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<CreateExecutionResult> results = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            CreateExecutionArgs a = side.apply(s);
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    results.add(backend.createExecution(a));
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "creator-" + s);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(30_000);
            assertFalse(t.isAlive(), "a creator finished within 30 s");
        }
        assertEquals(List.of(), failures, "no creator failed");
        return results;
    }

    /** Created first, then Duplicate. */
    private static List<CreateExecutionResult> sorted(List<CreateExecutionResult> results) {
        List<CreateExecutionResult> ordered = new ArrayList<>(results);
        ordered.sort((a, b) -> Boolean.compare(a instanceof CreateExecutionResult.Duplicate,
                b instanceof CreateExecutionResult.Duplicate));
        return ordered;
    }
}
