package io.skein.sql.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.state.PublicState;
import io.skein.core.time.ManualClock;
import io.skein.sql.BackendStartException;
import io.skein.sql.StartFailure;
import io.skein.sql.engine.EngineTimer;
import io.skein.sql.engine.TimerIntervals;
import io.skein.sql.engine.TimerScanner;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spec 05 §4 "Direct mode" on SQLite: the timer loops act by themselves and {@code shutdownPrepare} stops them. */
class TimerLoopsTest {

    private static final LaneId LANE = LaneId.of("default");
    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private SqliteBackend backend;

    private SqliteBackend open(Map<String, String> env) {
        backend = SqliteBackend.open(SqliteOptions.of(TestStores.memoryUri("timer-loops")).withEnv(env::get)
                .withClock(clock));
        return backend;
    }

    @AfterEach
    void close() {
        if (backend != null) {
            backend.close();
        }
    }

    private ExecutionId createdAndClaimed(int leaseTtlMs) {
        ExecutionId id = PartitionConfig.DEFAULT.soloExecutionId(LANE, UUID.randomUUID());
        backend.createExecution(new CreateExecutionArgs(id, Namespace.of("default"), LANE, "k", new byte[0], null,
                0, "test", null, Map.of(), null, null, null, id.partition(), clock.millis()));
        backend.claim(LANE, CapabilitySet.EMPTY, new ClaimPolicy(WorkerId.of("w"), WorkerInstanceId.of("w-1"),
                leaseTtlMs, null)).orElseThrow();
        return id;
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(5);
        }
    }

    @Test
    void givenADueLease_whenTheTimersRunEvery50ms_thenTheExpiryIsAppliedWithoutRunDue() throws Exception {
        open(Map.of("FF_DEV_MODE", "1"));
        ExecutionId id = createdAndClaimed(1_000);
        clock.advance(1_001);
        assertEquals(Optional.of(PublicState.ACTIVE), backend.readExecutionState(id));

        TimerScanner scanner = backend.startTimers(TimerIntervals.every(Duration.ofMillis(50)));

        awaitTrue(() -> backend.readExecutionState(id).equals(Optional.of(PublicState.WAITING)),
                "the lease-expiry loop re-queued the execution");
        int expiredEvents = backend.database().read(c -> {
            try (var ps = c.prepareStatement("SELECT COUNT(*) FROM ff_lease_event WHERE event_type = 'expired'");
                 var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
        assertEquals(1, expiredEvents);
        assertSame(scanner, backend.startTimers(TimerIntervals.defaults()), "a second start keeps the running loops");
        assertEquals(0, scanner.errorCount());
    }

    @Test
    void givenRunningTimers_whenShutdownPrepareReturns_thenEveryLoopHasEndedAndCallsAreUnavailable()
            throws Exception {
        open(Map.of("FF_DEV_MODE", "1"));
        TimerScanner scanner = backend.startTimers(TimerIntervals.every(Duration.ofMillis(10)));
        awaitTrue(() -> scanner.passCount(EngineTimer.RETENTION) >= 2, "the loops are running");

        backend.shutdownPrepare(Duration.ofSeconds(5));

        assertTrue(scanner.isTerminated(), "no loop runs after shutdownPrepare");
        long passes = scanner.passCount(EngineTimer.LEASE_EXPIRY);
        assertEquals(passes, scanner.passCount(EngineTimer.LEASE_EXPIRY));
        assertEquals(0, scanner.errorCount(), "stopping between items is not an error");
        EngineException e = assertThrows(EngineException.class,
                () -> backend.startTimers(TimerIntervals.defaults()));
        assertTrue(e.error() instanceof EngineError.Unavailable);
    }

    @Test
    void anInvalidRetentionIsAStartErrorNamingTheVariable() {
        BackendStartException e = assertThrows(BackendStartException.class,
                () -> open(Map.of("FF_DEV_MODE", "1", "FF_RETENTION_MS", "a week")));
        assertEquals(StartFailure.INVALID_CONFIGURATION, e.failure());
        assertTrue(e.getMessage().startsWith("FF_RETENTION_MS"), e.getMessage());
    }

    @Test
    void theRetentionComesFromFfRetentionMs() {
        open(Map.of("FF_DEV_MODE", "1", "FF_RETENTION_MS", "86400000"));
        assertEquals(86_400_000L, backend.retentionMs());
    }
}
