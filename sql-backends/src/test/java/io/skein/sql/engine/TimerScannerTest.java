package io.skein.sql.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.sql.BackendStartException;
import io.skein.sql.StartFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Spec 05 §4 "Direct mode": per-item failure counting and skipping, never-fatal passes, stop between items. */
class TimerScannerTest {

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(5);
        }
    }

    @Test
    void givenAnItemThatAlwaysThrows_whenPassesRun_thenItIsTriedThreeTimesSkippedForTenPassesAndTriedAgain() {
        AtomicInteger badTries = new AtomicInteger();
        AtomicInteger goodRuns = new AtomicInteger();
        TimerScanner scanner = TimerScanner.idle((timer, items) -> {
            items.run("bad", () -> {
                badTries.incrementAndGet();
                throw new IllegalStateException("corrupt row");
            });
            items.run("good", goodRuns::incrementAndGet);
        });

        for (int pass = 1; pass <= 3; pass++) {
            scanner.runPass(EngineTimer.LEASE_EXPIRY);
        }
        assertEquals(3, badTries.get(), "retried on each of the first three passes");
        assertEquals(3, scanner.errorCount(), "every failure is counted");

        for (int pass = 1; pass <= TimerScanner.SKIPPED_PASSES; pass++) {
            scanner.runPass(EngineTimer.LEASE_EXPIRY);
        }
        assertEquals(3, badTries.get(), "skipped for ten passes");
        assertEquals(13, goodRuns.get(), "the other items of the pass keep running");

        scanner.runPass(EngineTimer.LEASE_EXPIRY);
        assertEquals(4, badTries.get(), "tried again after the skip");
        assertEquals(14, scanner.passCount(EngineTimer.LEASE_EXPIRY));
    }

    @Test
    void givenAnItemThatFailsTwiceThenSucceeds_whenItFailsAgain_thenTheStreakStartsOver() {
        List<Boolean> script = new ArrayList<>(List.of(false, false, true, false, false, false, false));
        AtomicInteger tries = new AtomicInteger();
        TimerScanner scanner = TimerScanner.idle((timer, items) -> items.run("flaky", () -> {
            tries.incrementAndGet();
            if (!script.remove(0)) {
                throw new IllegalStateException("transient");
            }
        }));

        for (int pass = 1; pass <= 6; pass++) {
            scanner.runPass(EngineTimer.DELAYED_PROMOTION);
        }

        assertEquals(6, tries.get(), "two failures, a success, then three failures: never skipped before the third");
        scanner.runPass(EngineTimer.DELAYED_PROMOTION);
        assertEquals(6, tries.get(), "the third failure in a row starts the skip");
    }

    @Test
    void givenTheSameKeyUnderTwoTimers_whenOneFails_thenTheOtherTimerIsNotSkipped() {
        AtomicInteger deadlineRuns = new AtomicInteger();
        TimerScanner scanner = TimerScanner.idle((timer, items) -> items.run("exec-1", () -> {
            if (timer == EngineTimer.ATTEMPT_TIMEOUT) {
                throw new IllegalStateException("boom");
            }
            deadlineRuns.incrementAndGet();
        }));
        for (int pass = 1; pass <= 4; pass++) {
            scanner.runPass(EngineTimer.ATTEMPT_TIMEOUT);
            scanner.runPass(EngineTimer.EXECUTION_DEADLINE);
        }
        assertEquals(4, deadlineRuns.get());
    }

    @Test
    void givenAPassThatFailsBeforeItsItems_whenTheLoopRuns_thenTheErrorIsCountedAndTheLoopKeepsGoing()
            throws InterruptedException {
        TimerScanner scanner = TimerScanner.start(TimerIntervals.every(Duration.ofMillis(20)), (timer, items) -> {
            throw new IllegalStateException("store unreachable");
        });
        try {
            awaitTrue(() -> scanner.passCount(EngineTimer.RETENTION) >= 3, "three retention passes ran");
            assertTrue(scanner.errorCount() >= 3);
        } finally {
            assertTrue(scanner.stop(Duration.ofSeconds(5)));
        }
        assertTrue(scanner.isTerminated());
    }

    @Test
    void givenAStopDuringAPass_whenTheItemInFlightEnds_thenNoFurtherItemRuns() {
        List<String> ran = new ArrayList<>();
        TimerScanner[] self = new TimerScanner[1];
        self[0] = TimerScanner.idle((timer, items) -> {
            items.run("first", () -> {
                ran.add("first");
                self[0].stop(Duration.ZERO);
            });
            items.run("second", () -> ran.add("second"));
        });

        self[0].runPass(EngineTimer.UNBLOCK);
        self[0].runPass(EngineTimer.UNBLOCK);

        assertEquals(List.of("first"), ran);
        assertEquals(0, self[0].errorCount());
    }

    @Test
    void defaultsAreTheIntervalsOfTheSpecTable() {
        TimerIntervals d = TimerIntervals.defaults();
        assertEquals(Duration.ofMillis(1_500), d.of(EngineTimer.LEASE_EXPIRY));
        assertEquals(Duration.ofMillis(750), d.of(EngineTimer.DELAYED_PROMOTION));
        assertEquals(Duration.ofSeconds(1), d.of(EngineTimer.EDGE_CANCEL_DISPATCHER));
        assertEquals(Duration.ofSeconds(10), d.of(EngineTimer.EDGE_CANCEL_RECONCILER));
        assertEquals(Duration.ofSeconds(30), d.of(EngineTimer.QUOTA_RECONCILER));
        assertEquals(Duration.ofSeconds(60), d.of(EngineTimer.RETENTION));
        assertEquals(Duration.ofSeconds(30), d.of(EngineTimer.WORKER_REGISTRY_SWEEP));
        assertEquals(d, TimerIntervals.fromEnvironment(Map.<String, String>of()::get));
    }

    @Test
    void fromEnvironmentReadsMillisecondAndSecondVariables() {
        TimerIntervals t = TimerIntervals.fromEnvironment(Map.of("FF_LEASE_EXPIRY_INTERVAL_MS", "200",
                "FF_DELAYED_PROMOTER_INTERVAL_MS", " 50 ", "FF_RETENTION_TRIMMER_INTERVAL_S", "5")::get);
        assertEquals(Duration.ofMillis(200), t.of(EngineTimer.LEASE_EXPIRY));
        assertEquals(Duration.ofMillis(50), t.of(EngineTimer.DELAYED_PROMOTION));
        assertEquals(Duration.ofSeconds(5), t.of(EngineTimer.RETENTION));
        assertEquals(Duration.ofSeconds(2), t.of(EngineTimer.ATTEMPT_TIMEOUT));
    }

    @Test
    void anInvalidIntervalIsAStartErrorNamingTheVariable() {
        for (String bad : List.of("abc", "0", "-5", "1.5", "")) {
            BackendStartException e = org.junit.jupiter.api.Assertions.assertThrows(BackendStartException.class,
                    () -> TimerIntervals.fromEnvironment(Map.of("FF_UNBLOCK_INTERVAL_S", bad)::get));
            assertEquals(StartFailure.INVALID_CONFIGURATION, e.failure());
            assertTrue(e.getMessage().startsWith("FF_UNBLOCK_INTERVAL_S must be a positive integer (seconds)"),
                    e.getMessage());
            assertFalse(e.isRetryable());
        }
    }
}
