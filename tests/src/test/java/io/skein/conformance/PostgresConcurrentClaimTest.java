package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.Handle;
import io.skein.core.id.LaneId;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.sql.engine.SqlDialect;
import io.skein.sql.engine.Tx;
import io.skein.sql.postgres.PostgresBackend;
import io.skein.sql.postgres.PostgresOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Claims under real concurrency on PostgreSQL: 8 workers on their own threads and connections claim and complete
 * 10 000 executions of one lane. Every execution is claimed and completed exactly once; none is lost or left leased.
 */
class PostgresConcurrentClaimTest {

    private static final int EXECUTIONS = 10_000;
    private static final int WORKERS = 8;
    private static final LaneId LANE = LaneId.of("concurrent");

    private PostgresOptions options;
    private PostgresBackend backend;

    @BeforeEach
    void start() {
        options = TestPostgres.freshDatabase().withPoolSize(WORKERS + 2);
        backend = PostgresBackend.open(options);
    }

    @AfterEach
    void stop() {
        backend.close();
        TestPostgres.drop(options);
    }

    @Test
    void eightWorkersClaimAndCompleteTenThousandExecutionsExactlyOnce() throws Exception {
        // given 10 000 runnable executions on one lane, spread over the execution partitions
        backend.database().inWriteTransaction(unit -> new Tx(unit.connection(), SqlDialect.POSTGRES, 0, unit::afterCommit)
                .update("INSERT INTO ff_exec_core (partition_key, execution_id, lane_id, lifecycle_phase, "
                        + "ownership_state, eligibility_state, public_state, attempt_state, created_at_ms) "
                        + "SELECT i % 256, gen_random_uuid(), ?, 'runnable', 'unowned', 'eligible_now', 'waiting', "
                        + "'pending_first_attempt', 1000 + i FROM generate_series(1, ?) AS i", LANE.value(),
                        EXECUTIONS));
        // as autovacuum would soon after a bulk load: without statistics the planner takes the 10 000 rows for one
        // and sorts the whole lane on every claim instead of walking the claim-order index
        backend.database().inWriteTransaction(unit -> new Tx(unit.connection(), SqlDialect.POSTGRES, 0,
                unit::afterCommit).update("ANALYZE ff_exec_core"));

        // when 8 workers loop claim → complete until the lane is empty
        AtomicInteger claims = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            ClaimPolicy policy = new ClaimPolicy(WorkerId.of("w" + w), WorkerInstanceId.of("w" + w + "-1"), 60_000,
                    null);
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    while (true) {
                        Optional<Handle> h = backend.claim(LANE, CapabilitySet.EMPTY, policy);
                        if (h.isEmpty()) {
                            return;
                        }
                        claims.incrementAndGet();
                        backend.complete(h.get(), null);
                        completed.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "claimer-" + w);
            threads.add(t);
            t.start();
        }
        go.countDown();
        for (Thread t : threads) {
            t.join(300_000);
        }

        // then every execution was claimed and completed exactly once
        assertTrue(threads.stream().noneMatch(Thread::isAlive), "every worker drained the lane");
        assertEquals(List.of(), failures, "no worker failed");
        // 10 000 claims and one attempt per execution: no execution was claimed twice, none was skipped
        assertEquals(EXECUTIONS, claims.get());
        assertEquals(EXECUTIONS, completed.get());
        assertEquals(EXECUTIONS, count("SELECT COUNT(*) FROM ff_exec_core WHERE lifecycle_phase = 'terminal' "
                + "AND terminal_outcome = 'success'"));
        assertEquals(EXECUTIONS, count("SELECT COUNT(*) FROM ff_attempt"), "one attempt per execution");
        assertEquals(0, count("SELECT COUNT(*) FROM ff_attempt WHERE lease_expires_at_ms IS NOT NULL"),
                "no lease left");
        assertEquals(EXECUTIONS, count("SELECT COUNT(DISTINCT execution_id) FROM ff_completion_event"));
        assertEquals(EXECUTIONS, count("SELECT COUNT(*) FROM ff_completion_event"), "one completion each");
    }

    private long count(String sql) {
        return backend.database().read(c -> new Tx(c, SqlDialect.POSTGRES, 0, r -> { }).queryLong(sql));
    }
}
