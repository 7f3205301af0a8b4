package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.BudgetStatus;
import io.skein.core.api.BudgetUsageAndLimits;
import io.skein.core.api.CreateBudgetArgs;
import io.skein.core.api.CreateBudgetResult;
import io.skein.core.api.CreateQuotaPolicyArgs;
import io.skein.core.api.CreateQuotaPolicyResult;
import io.skein.core.api.Handle;
import io.skein.core.api.RecordSpendArgs;
import io.skein.core.api.ReleaseBudgetArgs;
import io.skein.core.api.ReportUsageAdminArgs;
import io.skein.core.api.ReportUsageResult;
import io.skein.core.api.ResetBudgetArgs;
import io.skein.core.api.ResetBudgetResult;
import io.skein.core.api.UsageDimensions;
import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.BudgetId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.QuotaPolicyId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Checklist K: budgets and quota policies (K9, the HTTP route, belongs to the server suite). */
class BudgetConformance extends Conformance {

    static final long DAY_MS = 24L * 60 * 60 * 1000;

    // ------------------------------------------------------------------------------------------------ givens

    /** A budget on one dimension {@code tokens} with the given limits and reset interval. */
    BudgetId budget(long hard, long soft, long resetIntervalMs) {
        BudgetId id = BudgetId.random();
        assertEquals(new CreateBudgetResult.Created(id), backend.createBudget(budgetArgs(id, hard, soft,
                resetIntervalMs)));
        return id;
    }

    CreateBudgetArgs budgetArgs(BudgetId id, long hard, long soft, long resetIntervalMs) {
        return new CreateBudgetArgs(id, "tenant", "acme", "strict", "fail", "warn", resetIntervalMs,
                List.of("tokens"), List.of(hard), List.of(soft), clock.millis());
    }

    ReportUsageResult report(BudgetId id, long tokens, String dedupKey) {
        return backend.reportUsageAdmin(id, new ReportUsageAdminArgs(List.of("tokens"), List.of(tokens), dedupKey,
                clock.millis()));
    }

    long usage(BudgetId id) {
        return backend.getBudgetStatus(id).usage().get("tokens");
    }

    RecordSpendArgs spend(BudgetId id, ExecutionId execution, long tokens, String key) {
        return new RecordSpendArgs(id, execution, new TreeMap<>(Map.of("tokens", tokens)), key);
    }

    // ------------------------------------------------------------------------------------------------ K

    @Test
    void k1_hardLimitIsCheckedBeforeIncrementAndSoftLimitIsAdvisory() {
        BudgetId id = budget(100, 80, 0);

        assertEquals(new ReportUsageResult.Ok(), report(id, 70, "a"));
        assertEquals(new ReportUsageResult.AlreadyApplied(), report(id, 70, "a"));
        assertEquals(70, usage(id));
        assertEquals(new ReportUsageResult.SoftBreach("tokens", 90, 80), report(id, 20, null));
        assertEquals(new ReportUsageResult.HardBreach("tokens", 90, 100), report(id, 20, null));
        assertEquals(90, usage(id));
        assertEquals(new ReportUsageResult.SoftBreach("tokens", 100, 80), report(id, 10, null));

        BudgetStatus status = backend.getBudgetStatus(id);
        assertEquals(100, status.usage().get("tokens"));
        assertEquals(1, status.breachCount());
        assertEquals(2, status.softBreachCount());
        assertEquals("tokens", status.lastBreachDim());
        assertEquals(clock.millis(), status.lastBreachAt());
    }

    @Test
    void k1_aHardBreachOnALaterDimensionAppliesNoEarlierIncrement() {
        BudgetId id = BudgetId.random();
        backend.createBudget(new CreateBudgetArgs(id, "tenant", "acme", "strict", "fail", "warn", 0,
                List.of("calls", "tokens"), List.of(10L, 100L), List.of(0L, 0L), clock.millis()));

        ReportUsageResult r = backend.reportUsageAdmin(id, new ReportUsageAdminArgs(List.of("calls", "tokens"),
                List.of(1L, 101L), "k", clock.millis()));

        assertEquals(new ReportUsageResult.HardBreach("tokens", 0, 100), r);
        assertEquals(Map.of("calls", 0L, "tokens", 0L), backend.getBudgetStatus(id).usage());
        // the dedup key of a rejected report is not recorded: the same key applies once within the limits
        assertEquals(new ReportUsageResult.Ok(), backend.reportUsageAdmin(id, new ReportUsageAdminArgs(
                List.of("calls", "tokens"), List.of(1L, 100L), "k", clock.millis())));
    }

    @Test
    void k2_createIsIdempotentAndNeverOverwrites() {
        BudgetId id = budget(100, 80, 0);

        CreateBudgetResult again = backend.createBudget(budgetArgs(id, 5, 1, 1_000));

        assertEquals(new CreateBudgetResult.AlreadySatisfied(id), again);
        BudgetStatus status = backend.getBudgetStatus(id);
        assertEquals(Map.of("tokens", 100L), status.hardLimits());
        assertEquals(Map.of("tokens", 80L), status.softLimits());
        assertEquals(Map.of("tokens", 0L), status.usage());
        assertEquals("tenant", status.scopeType());
        assertEquals("acme", status.scopeId());
        assertEquals("strict", status.enforcementMode());
        assertNull(status.nextResetAt());
        assertEquals(clock.millis(), status.createdAt());
        assertEquals(new BudgetUsageAndLimits(Map.of("hard:tokens", "100", "soft:tokens", "80"), Map.of()),
                backend.readBudgetUsageAndLimits(id));
    }

    @Test
    void k2_mismatchedArraysAreInvalidInput() {
        Map<String, List<String>> before = fx.snapshot();

        EngineError.Validation e = expectError(EngineError.Validation.class, () -> backend.createBudget(
                new CreateBudgetArgs(BudgetId.random(), "t", "s", "", "", "", 0, List.of("a", "b"), List.of(1L),
                        List.of(1L, 1L), clock.millis())));
        EngineError.Validation duplicate = expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.createBudget(new CreateBudgetArgs(BudgetId.random(), "t", "s", "", "", "", 0,
                        List.of("a", "a"), List.of(1L, 1L), List.of(0L, 0L), clock.millis())));

        assertEquals(ValidationKind.INVALID_INPUT, e.kind());
        assertEquals(ValidationKind.INVALID_INPUT, duplicate.kind());
        assertEquals(before, fx.snapshot());
    }

    @Test
    void k2_unknownBudgetIsNotFound() {
        BudgetId missing = BudgetId.random();

        assertEquals("budget", expectRejectedUnchanged(EngineError.NotFound.class,
                () -> backend.getBudgetStatus(missing)).entity());
        assertEquals("budget", expectRejectedUnchanged(EngineError.NotFound.class,
                () -> report(missing, 1, "x")).entity());
        assertEquals(new BudgetUsageAndLimits(Map.of(), Map.of()), backend.readBudgetUsageAndLimits(missing));
    }

    @Test
    void k3_resetZeroesUsageAndSchedulesTheNextReset() {
        BudgetId recurring = budget(100, 0, 60_000);
        BudgetId once = budget(100, 0, 0);
        report(recurring, 100, null);
        report(recurring, 1, null); // a hard breach sets the last-breach fields
        report(once, 40, null);
        clock.advance(1_000);

        ResetBudgetResult r1 = backend.resetBudget(new ResetBudgetArgs(recurring, clock.millis()));
        ResetBudgetResult r2 = backend.resetBudget(new ResetBudgetArgs(once, clock.millis()));

        assertEquals(new ResetBudgetResult.Reset(clock.millis() + 60_000), r1);
        assertEquals(new ResetBudgetResult.Reset(0), r2);
        BudgetStatus status = backend.getBudgetStatus(recurring);
        assertEquals(0, status.usage().get("tokens"));
        assertNull(status.lastBreachDim());
        assertNull(status.lastBreachAt());
        assertEquals(clock.millis() + 60_000, status.nextResetAt());
        assertEquals(0, usage(once));
        assertNull(backend.getBudgetStatus(once).nextResetAt());
        assertEquals("budget", expectRejectedUnchanged(EngineError.NotFound.class,
                () -> backend.resetBudget(new ResetBudgetArgs(BudgetId.random(), clock.millis()))).entity());
    }

    @Test
    void k4_resetTimerResetsDueBudgetsOnly() {
        BudgetId due = budget(100, 0, 10_000);
        BudgetId notDue = budget(100, 0, 60_000);
        report(due, 30, null);
        report(notDue, 30, null);

        clock.advance(10_000);
        under.runDue();

        assertEquals(0, usage(due));
        assertEquals(clock.millis() + 10_000, backend.getBudgetStatus(due).nextResetAt());
        assertEquals(30, usage(notDue));
        assertEquals(1, fx.queryLong("SELECT reset_count FROM ff_budget_policy WHERE budget_id = ?", due.toString()));

        under.runDue(); // once with effect: the re-armed budget is not due again
        assertEquals(1, fx.queryLong("SELECT reset_count FROM ff_budget_policy WHERE budget_id = ?", due.toString()));
    }

    @Test
    void k4_budgetReconcilerRepairsBreachMarkers() {
        BudgetId exhausted = budget(100, 0, 0);
        BudgetId halfMarked = budget(100, 0, 0);
        report(exhausted, 100, null);
        // fixture: markers lost on the exhausted budget; a marker without its time on the other
        fx.exec("UPDATE ff_budget_policy SET last_breach_at_ms = NULL, last_breach_dim = NULL, breach_count = 0 "
                + "WHERE budget_id = ?", exhausted.toString());
        fx.exec("UPDATE ff_budget_policy SET last_breach_at_ms = NULL, last_breach_dim = 'tokens', breach_count = 3 "
                + "WHERE budget_id = ?", halfMarked.toString());

        under.runDue();

        BudgetStatus repaired = backend.getBudgetStatus(exhausted);
        assertEquals("tokens", repaired.lastBreachDim());
        assertEquals(clock.millis(), repaired.lastBreachAt());
        assertEquals(1, repaired.breachCount());
        BudgetStatus cleared = backend.getBudgetStatus(halfMarked);
        assertNull(cleared.lastBreachDim());
        assertNull(cleared.lastBreachAt());
        assertEquals(3, cleared.breachCount());
    }

    @Test
    void k5_recordSpendKeepsAPerExecutionLedger() {
        BudgetId id = budget(100, 50, 0);
        ExecutionId e1 = soloId();

        assertEquals(new ReportUsageResult.Ok(), backend.recordSpend(spend(id, e1, 40, "s1")));
        assertEquals(new ReportUsageResult.SoftBreach("tokens", 60, 50), backend.recordSpend(spend(id, e1, 20, "s2")));
        Map<String, List<String>> before = fx.snapshot();
        ReportUsageResult hard = backend.recordSpend(spend(id, e1, 41, "s3"));
        assertEquals(new ReportUsageResult.AlreadyApplied(), backend.recordSpend(spend(id, e1, 40, "s1")));

        assertEquals(new ReportUsageResult.HardBreach("tokens", 60, 100), hard);
        assertEquals(before.get("ff_budget_usage"), fx.snapshot().get("ff_budget_usage"));
        assertEquals(before.get("ff_budget_usage_by_exec"), fx.snapshot().get("ff_budget_usage_by_exec"));
        assertEquals(60, usage(id));
        assertEquals(60, fx.queryLong("SELECT delta_total FROM ff_budget_usage_by_exec WHERE budget_id = ? "
                + "AND execution_id = ? AND dimensions_key = 'tokens'", id.toString(), e1.toString()));
        assertEquals(1, fx.queryLong("SELECT COUNT(*) FROM ff_budget_usage_by_exec WHERE budget_id = ?",
                id.toString()));
    }

    @Test
    void k6_releaseBudgetReversesOneExecutionsLedgerOnce() {
        BudgetId id = budget(0, 0, 0);
        ExecutionId e1 = soloId();
        ExecutionId e2 = soloId();
        backend.recordSpend(spend(id, e1, 30, "e1"));
        backend.recordSpend(spend(id, e2, 12, "e2"));

        backend.releaseBudget(new ReleaseBudgetArgs(id, e1));
        assertEquals(12, usage(id));
        backend.releaseBudget(new ReleaseBudgetArgs(id, e1));
        assertEquals(12, usage(id));
        assertEquals(1, fx.queryLong("SELECT COUNT(*) FROM ff_budget_usage_by_exec WHERE budget_id = ?",
                id.toString()));

        // a reset zeroed usage below e2's ledger: releasing it floors at 0
        backend.resetBudget(new ResetBudgetArgs(id, clock.millis()));
        backend.releaseBudget(new ReleaseBudgetArgs(id, e2));
        assertEquals(0, usage(id));
        assertEquals(0, fx.queryLong("SELECT COUNT(*) FROM ff_budget_usage_by_exec WHERE budget_id = ?",
                id.toString()));
    }

    @Test
    void k7_quotaPolicyCreateIsIdempotent() {
        QuotaPolicyId id = QuotaPolicyId.random();

        assertEquals(new CreateQuotaPolicyResult.Created(),
                backend.createQuotaPolicy(new CreateQuotaPolicyArgs(id, 60, 10, 2, clock.millis())));
        assertEquals(new CreateQuotaPolicyResult.AlreadySatisfied(),
                backend.createQuotaPolicy(new CreateQuotaPolicyArgs(id, 1, 1, 1, clock.millis())));

        assertEquals(10, backend.readQuotaPolicyLimits(id).orElseThrow().maxRequestsPerWindow());
        assertEquals(0, fx.queryLong("SELECT active_concurrency FROM ff_quota_policy WHERE quota_policy_id = ?",
                id.toString()));
    }

    @Test
    void k8_reportUsageByHandleLandsInTheFixedDimensionsAfterCompletionToo() {
        BudgetId id = BudgetId.random();
        backend.createBudget(new CreateBudgetArgs(id, "t", "s", "", "", "", 0,
                List.of("input_tokens", "output_tokens", "wall_ms"), List.of(0L, 0L, 0L), List.of(0L, 0L, 0L),
                clock.millis()));
        created();
        Handle handle = claimed();

        ReportUsageResult during = backend.reportUsage(handle, id, new UsageDimensions(10, 20, 30L,
                Map.of("calls", 1L), "r1"));
        backend.complete(handle, null);
        ReportUsageResult after = backend.reportUsage(handle, id, new UsageDimensions(1, 0, null, Map.of(), "r2"));

        assertEquals(new ReportUsageResult.Ok(), during);
        assertEquals(new ReportUsageResult.Ok(), after);
        assertEquals(Map.of("input_tokens", 11L, "output_tokens", 20L, "wall_ms", 30L, "calls", 1L),
                backend.getBudgetStatus(id).usage());
    }

    @Test
    void k8_reportUsageRejectsAForeignHandleAndNegativeDeltasUnchanged() {
        BudgetId id = budget(0, 0, 0);
        created();
        Handle handle = claimed();
        Handle forged = new Handle(handle.backend(), handle.kind(), new byte[] {1, 2, 3});

        expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.reportUsage(forged, id, UsageDimensions.ofCustom(Map.of("tokens", 1L), null)));
        expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.reportUsage(handle, id, UsageDimensions.ofCustom(Map.of("tokens", -1L), null)));
        expectRejectedUnchanged(EngineError.NotFound.class,
                () -> backend.reportUsage(handle, BudgetId.random(), UsageDimensions.ofCustom(Map.of("t", 1L), null)));
    }

    @Test
    void k10_dedupKeyAppliesAgainAfter24Hours() {
        BudgetId id = budget(0, 0, 0);
        assertEquals(new ReportUsageResult.Ok(), report(id, 5, "d"));
        clock.advance(DAY_MS - 1);
        assertEquals(new ReportUsageResult.AlreadyApplied(), report(id, 5, "d"));

        clock.advance(1);
        under.runDue();

        assertEquals(0, fx.queryLong("SELECT COUNT(*) FROM ff_budget_usage_dedup WHERE budget_id = ?",
                id.toString()));
        assertEquals(new ReportUsageResult.Ok(), report(id, 5, "d"));
        assertEquals(10, usage(id));
        assertNotNull(fx.queryString("SELECT outcome_json FROM ff_budget_usage_dedup WHERE budget_id = ?",
                id.toString()));
        assertTrue(backend.getBudgetStatus(id).usage().containsKey("tokens"));
    }

    @Test
    void k_budgetRowsLiveInTheBudgetPartitionWithTextIds() {
        BudgetId id = budget(10, 0, 0);
        ExecutionId e = soloId();
        backend.recordSpend(spend(id, e, 1, null));

        long partition = io.skein.core.id.PartitionConfig.DEFAULT.budgetPartition(id);
        assertEquals(partition, fx.queryLong("SELECT partition_key FROM ff_budget_policy WHERE budget_id = ?",
                id.toString()));
        assertEquals(e.toString(), fx.queryString("SELECT execution_id FROM ff_budget_usage_by_exec "
                + "WHERE budget_id = ?", id.toString()));
        assertInstanceOf(ReportUsageResult.Ok.class, backend.recordSpend(spend(id, e, 1, null)));
    }
}
