package io.skein.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.CreateBudgetArgs;
import io.skein.core.api.CreateBudgetResult;
import io.skein.core.api.Handle;
import io.skein.core.api.RecordSpendArgs;
import io.skein.core.api.ReleaseBudgetArgs;
import io.skein.core.api.ReportUsageAdminArgs;
import io.skein.core.api.ReportUsageResult;
import io.skein.core.api.ResetBudgetArgs;
import io.skein.core.api.ResetBudgetResult;
import io.skein.core.api.UsageDimensions;
import io.skein.core.api.scheduler.ResetDueBudgetArgs;
import io.skein.core.command.EngineCommand;
import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.BudgetId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.PartitionConfig;
import io.skein.engine.processing.BudgetHandlers;
import io.skein.engine.state.BudgetCounters;
import io.skein.engine.state.BudgetPolicy;
import io.skein.engine.state.RetentionState.Housekeeping;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Budgets (spec 04 §5.1, §5.2, §5.5), given / when / then against the in-memory state: create, usage reports with
 * the hard limit checked before any increment, soft breaches, dedup keys, the per-execution spend ledger and its
 * release, and resets (on demand and by the reset timer).
 */
class BudgetDecisionsTest {

    private final EngineRule engine = new EngineRule();
    private final ClaimGivens given = new ClaimGivens(engine);
    private final BudgetId budget = new BudgetId(engine.state.newId());
    private final int partition = PartitionConfig.DEFAULT.budgetPartition(budget);

    // ------------------------------------------------------------------------------------------ create

    @Test
    void createStoresTheLimitsAndCreatingAgainNeverOverwrites() {
        Object created = engine.when(create(0, List.of("tokens", "calls"), List.of(100L, 0L), List.of(80L, 0L)));
        engine.advance(10);

        Object again = engine.when(create(0, List.of("tokens"), List.of(5L), List.of(1L)));

        assertEquals(new CreateBudgetResult.Created(budget), created);
        assertEquals(new CreateBudgetResult.AlreadySatisfied(budget), again);
        BudgetPolicy policy = engine.state.budgets().policy(partition, budget).orElseThrow();
        assertEquals(List.of("tokens", "calls"), policy.dimensions());
        assertEquals(100, policy.hardLimit("tokens"));
        assertEquals(80, policy.softLimit("tokens"));
        assertEquals(0, policy.hardLimit("calls"));
        BudgetCounters counters = counters();
        assertEquals(0, counters.breachCount());
        assertEquals(engine.now - 10, counters.createdAtMs());
        assertNull(counters.nextResetAtMs(), "not recurring");
        assertEquals(Map.of(), usage());
    }

    @Test
    void aRecurringBudgetIsDueOneIntervalAfterItsCreation() {
        engine.when(create(60_000, List.of("tokens"), List.of(10L), List.of(0L)));

        assertEquals(engine.now + 60_000, counters().nextResetAtMs());
    }

    @Test
    void aCreateWithAnEmptyOrRepeatedDimensionOrANegativeLimitIsInvalidInputAndCreatesNothing() {
        List<EngineCommand> bad = List.of(
                create(0, List.of("tokens", "tokens"), List.of(1L, 1L), List.of(0L, 0L)),
                create(0, List.of(""), List.of(1L), List.of(0L)),
                create(0, List.of("tokens"), List.of(-1L), List.of(0L)),
                create(0, List.of("tokens"), List.of(1L), List.of(-1L)));

        for (EngineCommand command : bad) {
            EngineError.Validation error = engine.rejected(command, EngineError.Validation.class);
            assertEquals(ValidationKind.INVALID_INPUT, error.kind(), command.toString());
        }
        assertFalse(engine.state.budgets().exists(partition, budget));
    }

    // ------------------------------------------------------------------------------------------ report

    @Test
    void theHardLimitIsCheckedBeforeTheIncrementAndTheSoftLimitIsAdvisory() {
        givenBudget(100, 80);

        assertEquals(new ReportUsageResult.Ok(), report("tokens", 70, "a"));
        assertEquals(new ReportUsageResult.AlreadyApplied(), report("tokens", 70, "a"));
        assertEquals(Map.of("tokens", 70L), usage());
        assertEquals(new ReportUsageResult.SoftBreach("tokens", 90, 80), report("tokens", 20, null));
        assertEquals(new ReportUsageResult.HardBreach("tokens", 90, 100), report("tokens", 20, null));
        assertEquals(Map.of("tokens", 90L), usage(), "a hard breach applies nothing");
        assertEquals(new ReportUsageResult.SoftBreach("tokens", 100, 80), report("tokens", 10, null),
                "usage may reach the hard limit exactly");

        BudgetCounters counters = counters();
        assertEquals(1, counters.breachCount());
        assertEquals(2, counters.softBreachCount());
        assertEquals("tokens", counters.lastBreachDim());
        assertEquals(engine.now, counters.lastBreachAtMs());
    }

    @Test
    void aHardBreachOnALaterDimensionAppliesNoEarlierIncrementAndKeepsNoDedupKey() {
        engine.when(create(0, List.of("calls", "tokens"), List.of(0L, 10L), List.of(0L, 0L)));

        Object breach = engine.when(reportAdmin(List.of("calls", "tokens"), List.of(5L, 11L), "k"));
        Object retried = engine.when(reportAdmin(List.of("calls", "tokens"), List.of(5L, 5L), "k"));

        assertEquals(new ReportUsageResult.HardBreach("tokens", 0, 10), breach);
        assertEquals(new ReportUsageResult.Ok(), retried, "the refused report did not record its key");
        assertEquals(Map.of("calls", 5L, "tokens", 5L), usage());
    }

    @Test
    void aDedupKeyAppliesAgainAfterTwentyFourHours() {
        givenBudget(0, 0);
        report("tokens", 5, "d");

        engine.advance(BudgetHandlers.DEDUP_TTL_MS - 1);
        assertEquals(new ReportUsageResult.AlreadyApplied(), report("tokens", 5, "d"));
        engine.advance(1);
        assertEquals(new ReportUsageResult.Ok(), report("tokens", 5, "d"));

        assertEquals(Map.of("tokens", 10L), usage());
    }

    @Test
    void reportsToAnUnknownBudgetOrWithBadDeltasAreRejectedAndApplyNothing() {
        givenBudget(0, 0);
        BudgetId unknown = new BudgetId(engine.state.newId());

        EngineError.NotFound missing = engine.rejected(new EngineCommand.ReportUsageAdmin(unknown,
                new ReportUsageAdminArgs(List.of("tokens"), List.of(1L), null, engine.now)), EngineError.NotFound.class);
        for (EngineCommand bad : List.of(reportAdmin(List.of("tokens"), List.of(-1L), null),
                reportAdmin(List.of("tokens", "tokens"), List.of(1L, 1L), null),
                reportAdmin(List.of(""), List.of(1L), null))) {
            EngineError.Validation error = engine.rejected(bad, EngineError.Validation.class);
            assertEquals(ValidationKind.INVALID_INPUT, error.kind(), bad.toString());
        }

        assertEquals("budget", missing.entity());
        assertEquals(Map.of(), usage());
    }

    @Test
    void aWorkerReportsThroughItsHandleIntoTheFixedDimensionsEvenAfterItsAttemptEnded() {
        engine.when(create(0, List.of("input_tokens", "output_tokens", "wall_ms"), List.of(0L, 0L, 0L),
                List.of(0L, 0L, 0L)));
        ExecutionId id = given.created(ExecutionId.of(0, engine.state.newId()), null);
        Handle handle = given.claimed(id).handle();

        Object during = engine.when(new EngineCommand.ReportUsage(handle, budget,
                new UsageDimensions(10, 20, 30L, Map.of("calls", 1L), "r1")));
        engine.when(new EngineCommand.Complete(handle, null));
        Object after = engine.when(new EngineCommand.ReportUsage(handle, budget,
                new UsageDimensions(1, 0, null, Map.of(), "r2")));

        assertEquals(new ReportUsageResult.Ok(), during);
        assertEquals(new ReportUsageResult.Ok(), after);
        assertEquals(Map.of("input_tokens", 11L, "output_tokens", 20L, "wall_ms", 30L, "calls", 1L), usage());
    }

    @Test
    void aReportThroughAForgedHandleIsRejectedAndAppliesNothing() {
        givenBudget(0, 0);
        ExecutionId id = given.created(ExecutionId.of(0, engine.state.newId()), null);
        Handle handle = given.claimed(id).handle();
        Handle forged = new Handle(handle.backend(), handle.kind(), new byte[] {1, 2, 3});

        engine.rejected(new EngineCommand.ReportUsage(forged, budget,
                UsageDimensions.ofCustom(Map.of("tokens", 1L), null)), EngineError.Validation.class);

        assertEquals(Map.of(), usage());
    }

    @Test
    void theHousekeepingSweepForgetsADedupKeyOnceItExpired() {
        givenBudget(0, 0);
        report("tokens", 5, "d");

        engine.advance(BudgetHandlers.DEDUP_TTL_MS - 1);
        assertEquals(0, sweep());
        engine.advance(1);
        assertEquals(1, sweep());

        assertFalse(engine.state.budgets().dedupApplied(partition, budget, "d", 0));
        assertEquals(new ReportUsageResult.Ok(), report("tokens", 5, "d"));
    }

    // ------------------------------------------------------------------------------------------ spend ledger

    @Test
    void recordSpendKeepsALedgerPerExecutionAndReleaseReversesItOnce() {
        givenBudget(0, 0);
        ExecutionId first = ExecutionId.of(0, engine.state.newId());
        ExecutionId second = ExecutionId.of(0, engine.state.newId());
        engine.when(spend(first, 30, "s1"));
        engine.when(spend(first, 20, "s2"));
        engine.when(spend(second, 10, null));
        assertEquals(Map.of("tokens", 50L), engine.state.budgets().ledger(partition, budget, first));

        engine.when(release(first));
        engine.when(release(first));

        assertEquals(Map.of("tokens", 10L), usage());
        assertEquals(Map.of(), engine.state.budgets().ledger(partition, budget, first));
        assertEquals(Map.of("tokens", 10L), engine.state.budgets().ledger(partition, budget, second));
    }

    @Test
    void aSpendWithARepeatedIdempotencyKeyIsAlreadyAppliedAndLeavesTheLedger() {
        givenBudget(0, 0);
        ExecutionId id = ExecutionId.of(0, engine.state.newId());
        engine.when(spend(id, 30, "s1"));

        Object again = engine.when(spend(id, 30, "s1"));

        assertEquals(new ReportUsageResult.AlreadyApplied(), again);
        assertEquals(Map.of("tokens", 30L), engine.state.budgets().ledger(partition, budget, id));
        assertEquals(Map.of("tokens", 30L), usage());
    }

    @Test
    void aReleaseAfterAResetNeverTakesUsageBelowZero() {
        givenBudget(0, 0);
        ExecutionId id = ExecutionId.of(0, engine.state.newId());
        engine.when(spend(id, 30, null));
        engine.when(reset());
        report("tokens", 5, null);

        engine.when(release(id));

        assertEquals(Map.of("tokens", 0L), usage());
    }

    @Test
    void releasingOnAnUnknownBudgetChangesNothing() {
        ExecutionId id = ExecutionId.of(0, engine.state.newId());

        engine.when(release(id));

        assertFalse(engine.state.budgets().exists(partition, budget));
    }

    // ------------------------------------------------------------------------------------------ reset

    @Test
    void aResetZeroesUsageClearsTheBreachMarkersAndSchedulesTheNextReset() {
        engine.when(create(60_000, List.of("tokens", "calls"), List.of(10L, 0L), List.of(0L, 0L)));
        engine.when(reportAdmin(List.of("tokens", "calls"), List.of(10L, 3L), null));
        report("tokens", 1, null);
        engine.advance(5_000);

        Object reset = engine.when(reset());

        assertEquals(new ResetBudgetResult.Reset(engine.now + 60_000), reset);
        assertEquals(Map.of("tokens", 0L, "calls", 0L), usage());
        BudgetCounters counters = counters();
        assertNull(counters.lastBreachDim());
        assertNull(counters.lastBreachAtMs());
        assertEquals(1, counters.breachCount(), "the count of breaches stays");
        assertEquals(engine.now + 60_000, counters.nextResetAtMs());
        assertEquals(new ReportUsageResult.Ok(), report("tokens", 10, null));
    }

    @Test
    void aResetOfABudgetThatDoesNotRecurSchedulesNothingAndOfAnUnknownOneIsNotFound() {
        givenBudget(10, 0);

        Object reset = engine.when(reset());
        EngineError.NotFound missing = engine.rejected(new EngineCommand.ResetBudget(
                new ResetBudgetArgs(new BudgetId(engine.state.newId()), engine.now)), EngineError.NotFound.class);

        assertEquals(new ResetBudgetResult.Reset(0), reset);
        assertNull(counters().nextResetAtMs());
        assertEquals("budget", missing.entity());
    }

    @Test
    void theResetTimerResetsABudgetOnlyOnceItIsDue() {
        engine.when(create(60_000, List.of("tokens"), List.of(0L), List.of(0L)));
        report("tokens", 7, null);
        long due = counters().nextResetAtMs();

        engine.advance(59_999);
        engine.when(resetDue());
        assertEquals(Map.of("tokens", 7L), usage());

        engine.advance(1);
        engine.when(resetDue());
        assertEquals(Map.of("tokens", 0L), usage());
        assertEquals(due + 60_000, counters().nextResetAtMs());

        report("tokens", 2, null);
        engine.when(resetDue());
        assertEquals(Map.of("tokens", 2L), usage(), "re-armed: a second item does not reset it again");
    }

    // ------------------------------------------------------------------------------------------ reconciler

    @Test
    void theReconcilerMarksABudgetSittingAtItsHardLimitAsBreached() {
        givenBudget(10, 0);
        report("tokens", 10, null);
        assertNull(counters().lastBreachDim(), "reaching the limit exactly is no breach");

        boolean changed = given.inUnit(unit -> engine.engine.budgets().reconcile(unit, budget));
        boolean again = given.inUnit(unit -> engine.engine.budgets().reconcile(unit, budget));

        assertTrue(changed);
        assertFalse(again);
        BudgetCounters counters = counters();
        assertEquals("tokens", counters.lastBreachDim());
        assertEquals(engine.now, counters.lastBreachAtMs());
        assertEquals(1, counters.breachCount());
    }

    // ------------------------------------------------------------------------------------------ givens

    private EngineCommand create(long resetIntervalMs, List<String> dimensions, List<Long> hard, List<Long> soft) {
        return new EngineCommand.CreateBudget(new CreateBudgetArgs(budget, "tenant", "t1", "strict", "block", "warn",
                resetIntervalMs, dimensions, hard, soft, engine.now));
    }

    /** The budget with one dimension, {@code tokens}, and its limits (0: none). */
    private void givenBudget(long hard, long soft) {
        engine.when(create(0, List.of("tokens"), List.of(hard), List.of(soft)));
    }

    private EngineCommand reportAdmin(List<String> dimensions, List<Long> deltas, String dedupKey) {
        return new EngineCommand.ReportUsageAdmin(budget, new ReportUsageAdminArgs(dimensions, deltas, dedupKey,
                engine.now));
    }

    private ReportUsageResult report(String dimension, long delta, String dedupKey) {
        return (ReportUsageResult) engine.when(reportAdmin(List.of(dimension), List.of(delta), dedupKey));
    }

    private EngineCommand spend(ExecutionId id, long tokens, String idempotencyKey) {
        return new EngineCommand.RecordSpend(new RecordSpendArgs(budget, id, new TreeMap<>(Map.of("tokens", tokens)),
                idempotencyKey));
    }

    private EngineCommand release(ExecutionId id) {
        return new EngineCommand.ReleaseBudget(new ReleaseBudgetArgs(budget, id));
    }

    private EngineCommand reset() {
        return new EngineCommand.ResetBudget(new ResetBudgetArgs(budget, engine.now));
    }

    private EngineCommand resetDue() {
        return new EngineCommand.ResetDueBudget(new ResetDueBudgetArgs(PartitionConfig.DEFAULT.budgetKey(budget),
                budget, engine.now));
    }

    /** Timer 14's pass over the budget dedup keys; returns how many it deleted. */
    private int sweep() {
        return given.inUnit(unit -> engine.engine.retention().deleteExpired(unit, Housekeeping.BUDGET_USAGE_DEDUP));
    }

    private Map<String, Long> usage() {
        return engine.state.budgets().usage(partition, budget);
    }

    private BudgetCounters counters() {
        return engine.state.budgets().counters(partition, budget).orElseThrow();
    }
}
