package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.Frame;
import io.skein.core.api.FrameKind;
import io.skein.core.api.Handle;
import io.skein.core.api.StreamCursor;
import io.skein.core.api.StreamFrames;
import io.skein.core.api.TailVisibility;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.time.ManualClock;
import io.skein.sql.engine.SqlDialect;
import io.skein.sql.engine.Tx;
import io.skein.sql.postgres.PostgresBackend;
import io.skein.sql.postgres.PostgresOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two engine processes (two backends, each with its own pools and LISTEN connection) on one PostgreSQL database:
 * due timers take effect once, tails wake on the other process's commits, and parked tails hold no pool connection.
 */
class PostgresMultiInstanceTest {

    private static final LaneId LANE = LaneId.of("default");
    private static final StreamCursor ZERO = StreamCursor.parse("0-0");

    private final ManualClock clock = new ManualClock(SqliteUnderTest.START_MS);
    private PostgresOptions options;
    private PostgresBackend first;
    private PostgresBackend second;

    @BeforeEach
    void start() {
        options = TestPostgres.freshDatabase().withClock(clock);
        first = PostgresBackend.open(options, Conformance.SEED);
        second = PostgresBackend.open(options, Conformance.SEED); // one deployment: one secret
    }

    @AfterEach
    void stop() {
        first.close();
        second.close();
        TestPostgres.drop(options);
    }

    private ExecutionId create(PostgresBackend backend) {
        ExecutionId id = PartitionConfig.DEFAULT.soloExecutionId(LANE, UUID.randomUUID());
        backend.createExecution(new CreateExecutionArgs(id, Namespace.of("default"), LANE, "test.kind", new byte[0],
                null, 0, "test", null, Map.of(), null, null, null, id.partition(), clock.millis()));
        return id;
    }

    private Handle claim(PostgresBackend backend, int ttlMs) {
        return backend.claim(LANE, CapabilitySet.EMPTY, new ClaimPolicy(WorkerId.of("w"), WorkerInstanceId.of("w-1"),
                ttlMs, null)).orElseThrow();
    }

    private long count(String sql) {
        return first.database().read(c -> new Tx(c, SqlDialect.POSTGRES, 0, r -> { }).queryLong(sql));
    }

    private static Frame stdout(String text) {
        return new Frame(text.getBytes(StandardCharsets.UTF_8), FrameKind.STDOUT, null, null, null);
    }

    @Test
    void aDueLeaseExpiryTakesEffectOnceWhenTwoInstancesRunTimersTogether() throws Exception {
        // given 200 leases that expire at the same instant
        int leases = 200;
        for (int i = 0; i < leases; i++) {
            create(first);
            claim(first, 1_000);
        }
        clock.advance(5_000);

        // when both instances run their timers at the same time, three rounds each
        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> rounds(first, together));
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> rounds(second, together));
        a.get(60, TimeUnit.SECONDS);
        b.get(60, TimeUnit.SECONDS);

        // then each lease was expired once, each execution re-queued once, with one interrupted attempt each
        assertEquals(leases, count("SELECT COUNT(*) FROM ff_lease_event WHERE event_type = 'expired'"));
        assertEquals(leases, count("SELECT COUNT(DISTINCT execution_id) FROM ff_lease_event WHERE event_type = "
                + "'expired'"));
        assertEquals(leases, count("SELECT COUNT(*) FROM ff_exec_core WHERE lifecycle_phase = 'runnable' "
                + "AND eligibility_state = 'eligible_now'"));
        assertEquals(leases, count("SELECT COUNT(*) FROM ff_attempt WHERE lifecycle = 'interrupted_reclaimed'"));
        assertEquals(leases, count("SELECT COUNT(*) FROM ff_attempt"));
    }

    private static void rounds(PostgresBackend backend, CyclicBarrier together) {
        try {
            for (int i = 0; i < 3; i++) {
                together.await(30, TimeUnit.SECONDS);
                backend.runDue();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aTailWakesOnAFrameAnotherInstanceCommits() throws Exception {
        // given a tail parked on the first instance
        ExecutionId id = create(first);
        Handle h = claim(first, 30_000);
        CompletableFuture<StreamFrames> tail = CompletableFuture.supplyAsync(() ->
                first.tailStream(id, 0, ZERO, 20_000, 10, TailVisibility.ALL));
        Thread.sleep(200);

        // when the second instance appends (its in-process notifier is not the first one's)
        long start = System.nanoTime();
        second.appendFrame(h, stdout("from the other process"));

        // then the NOTIFY fired at commit wakes the tail long before its 20 s deadline
        StreamFrames frames = tail.get(5, TimeUnit.SECONDS);
        assertEquals(1, frames.frames().size());
        assertTrue((System.nanoTime() - start) / 1_000_000 < 5_000);
    }

    @Test
    void afterTheListenConnectionDropsTheListenerReconnectsAndTailsStillWake() throws Exception {
        // given the first instance's LISTEN connection was lost
        ExecutionId id = create(first);
        Handle h = claim(first, 30_000);
        first.database().dropListenConnection();
        Thread.sleep(500); // the listener reconnects after 100 ms

        // when a tail parks there and the other instance appends
        CompletableFuture<StreamFrames> tail = CompletableFuture.supplyAsync(() ->
                first.tailStream(id, 0, ZERO, 20_000, 10, TailVisibility.ALL));
        Thread.sleep(200);
        second.appendFrame(h, stdout("after reconnect"));

        // then the tail wakes
        assertEquals(1, tail.get(5, TimeUnit.SECONDS).frames().size());
    }

    @Test
    void parkedTailsHoldNoPoolConnection() throws Exception {
        // given an instance with one writer and two reader connections, and six tails parked on it
        PostgresBackend small = PostgresBackend.open(options.withPoolSize(1), Conformance.SEED);
        try {
            ExecutionId id = create(small);
            Handle h = claim(small, 30_000);
            List<CompletableFuture<StreamFrames>> tails = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                tails.add(CompletableFuture.supplyAsync(() ->
                        small.tailStream(id, 0, ZERO, 20_000, 10, TailVisibility.ALL)));
            }
            Thread.sleep(500);

            // when the same instance writes and reads while they wait
            long start = System.nanoTime();
            ExecutionId other = create(small);
            assertTrue(small.readExecutionState(other).isPresent());
            assertTrue((System.nanoTime() - start) / 1_000_000 < 2_000, "writes and reads did not wait for tails");

            // then one append releases every tail
            small.appendFrame(h, stdout("wake"));
            for (CompletableFuture<StreamFrames> t : tails) {
                assertEquals(1, t.get(5, TimeUnit.SECONDS).frames().size());
            }
        } finally {
            small.close();
        }
    }
}
