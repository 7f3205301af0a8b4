package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.CheckAdmissionArgs;
import io.skein.core.api.CheckAdmissionResult;
import io.skein.core.api.CreateBudgetArgs;
import io.skein.core.api.CreateQuotaPolicyArgs;
import io.skein.core.api.ExecutionInfo;
import io.skein.core.api.Handle;
import io.skein.core.api.QuotaPolicyLimits;
import io.skein.core.api.ReleaseAdmissionArgs;
import io.skein.core.api.ReleaseAdmissionResult;
import io.skein.core.api.ReportUsageAdminArgs;
import io.skein.core.api.ResetBudgetArgs;
import io.skein.core.api.policy.ExecutionPolicy;
import io.skein.core.api.scheduler.ClaimForWorkerArgs;
import io.skein.core.api.scheduler.ClaimForWorkerResult;
import io.skein.core.error.EngineError;
import io.skein.core.id.BudgetId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.QuotaPolicyId;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.state.BlockingReason;
import io.skein.core.state.EligibilityState;
import io.skein.core.state.PublicState;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Checklist C16–C21: quota admission checks and claim-time admission (C22 needs the T2 worker registry). */
class AdmissionConformance extends Conformance {

    // ------------------------------------------------------------------------------------------------ givens

    QuotaPolicyId quota(long windowSeconds, long rate, long cap) {
        QuotaPolicyId id = QuotaPolicyId.random();
        backend.createQuotaPolicy(new CreateQuotaPolicyArgs(id, windowSeconds, rate, cap, clock.millis()));
        return id;
    }

    CheckAdmissionArgs admissionArgs(ExecutionId execution, long rate, long cap) {
        return new CheckAdmissionArgs(execution, clock.millis(), 60, rate, cap, 0L);
    }

    long active(QuotaPolicyId id) {
        return fx.queryLong("SELECT active_concurrency FROM ff_quota_policy WHERE quota_policy_id = ?", id.toString());
    }

    ExecutionId createdWith(String policyJson) {
        return created(0, ExecutionPolicy.parse(policyJson));
    }

    ClaimForWorkerResult claimForWorker() {
        return backend.claimForWorker(new ClaimForWorkerArgs(LANE, WorkerId.of("worker-1"),
                WorkerInstanceId.of("worker-1-i1"), CapabilitySet.EMPTY, 10_000));
    }

    ExecutionInfo info(ExecutionId id) {
        return backend.readExecutionInfo(id).orElseThrow();
    }

    // ------------------------------------------------------------------------------------------------ C16–C18

    @Test
    void c16_checkAdmissionAdmitsOnceThenEnforcesRateAndConcurrency() {
        QuotaPolicyId rated = quota(60, 1, 0);
        ExecutionId e1 = soloId();
        ExecutionId e2 = soloId();

        assertEquals(new CheckAdmissionResult.Admitted(), backend.checkAdmission(rated, "", admissionArgs(e1, 1, 0)));
        assertEquals(new CheckAdmissionResult.AlreadyAdmitted(),
                backend.checkAdmission(rated, "", admissionArgs(e1, 1, 0)));
        assertEquals(new CheckAdmissionResult.RateExceeded(60_000),
                backend.checkAdmission(rated, "", admissionArgs(e2, 1, 0)));
        assertEquals(1, fx.queryLong("SELECT COUNT(*) FROM ff_quota_window WHERE quota_policy_id = ? "
                + "AND dimension = 'default'", rated.toString()));

        QuotaPolicyId capped = quota(60, 0, 1);
        assertEquals(new CheckAdmissionResult.Admitted(), backend.checkAdmission(capped, "default",
                admissionArgs(e1, 0, 1)));
        assertEquals(new CheckAdmissionResult.ConcurrencyExceeded(), backend.checkAdmission(capped, "default",
                admissionArgs(e2, 0, 1)));
        assertEquals(1, active(capped));
    }

    @Test
    void c16_retryAfterShrinksAsTheWindowSlidesAndJitterIsBounded() {
        QuotaPolicyId rated = quota(60, 1, 0);
        backend.checkAdmission(rated, "", admissionArgs(soloId(), 1, 0));
        clock.advance(20_000);

        CheckAdmissionResult r = backend.checkAdmission(rated, "", new CheckAdmissionArgs(soloId(), clock.millis(),
                60, 1, 0, 500L));

        long retry = assertInstanceOf(CheckAdmissionResult.RateExceeded.class, r).retryAfterMs();
        assertTrue(retry >= 40_000 && retry <= 40_500, "retry_after_ms " + retry);

        clock.advance(40_000);
        assertEquals(new CheckAdmissionResult.Admitted(), backend.checkAdmission(rated, "",
                admissionArgs(soloId(), 1, 0)));
    }

    @Test
    void c16_badAdmissionInputAndUnknownPolicyChangeNothing() {
        QuotaPolicyId id = quota(60, 1, 0);

        expectRejectedUnchanged(EngineError.Validation.class, () -> backend.checkAdmission(id, "",
                new CheckAdmissionArgs(soloId(), clock.millis(), -1, 1, 0, 0L)));
        expectRejectedUnchanged(EngineError.NotFound.class, () -> backend.checkAdmission(QuotaPolicyId.random(), "",
                admissionArgs(soloId(), 1, 0)));
    }

    @Test
    void c17_releaseAdmissionIsIdempotentAndFloorsAtZero() {
        QuotaPolicyId capped = quota(60, 0, 2);
        ExecutionId e1 = soloId();
        backend.checkAdmission(capped, "", admissionArgs(e1, 0, 2));
        assertEquals(1, active(capped));

        assertEquals(new ReleaseAdmissionResult.Released(),
                backend.releaseAdmission(new ReleaseAdmissionArgs(capped, e1)));
        assertEquals(new ReleaseAdmissionResult.Released(),
                backend.releaseAdmission(new ReleaseAdmissionArgs(capped, e1)));
        assertEquals(0, active(capped));

        // fixture: a guard whose slot the counter lost; releasing it never goes below 0
        ExecutionId e2 = soloId();
        backend.checkAdmission(capped, "", admissionArgs(e2, 0, 2));
        fx.exec("UPDATE ff_quota_policy SET active_concurrency = 0 WHERE quota_policy_id = ?", capped.toString());
        backend.releaseAdmission(new ReleaseAdmissionArgs(capped, e2));
        assertEquals(0, active(capped));
        // released: the same execution is admitted afresh
        assertEquals(new CheckAdmissionResult.Admitted(), backend.checkAdmission(capped, "", admissionArgs(e2, 0, 2)));
    }

    @Test
    void c18_quotaLimitsReadBack() {
        QuotaPolicyId limited = quota(30, 5, 2);
        QuotaPolicyId unlimited = quota(60, 0, 0);

        assertEquals(Optional.of(new QuotaPolicyLimits(5, 30, 2, 0)), backend.readQuotaPolicyLimits(limited));
        assertEquals(Optional.empty(), backend.readQuotaPolicyLimits(QuotaPolicyId.random()));
        assertTrue(backend.readQuotaPolicyLimits(unlimited).orElseThrow().unlimited());
    }

    // ------------------------------------------------------------------------------------------------ C19–C21

    @Test
    void c19_budgetAtItsHardLimitBlocksTheClaimUntilReset() {
        BudgetId budget = BudgetId.random();
        backend.createBudget(new CreateBudgetArgs(budget, "t", "s", "", "", "", 0, List.of("tokens"),
                List.of(100L), List.of(0L), clock.millis()));
        backend.reportUsageAdmin(budget, new ReportUsageAdminArgs(List.of("tokens"), List.of(100L), null,
                clock.millis()));
        ExecutionId e = createdWith("{\"budget_ids\":[\"" + budget + "\"]}");

        assertEquals(new ClaimForWorkerResult.NoWork(), claimForWorker());

        ExecutionInfo blocked = info(e);
        assertEquals(EligibilityState.BLOCKED_BY_BUDGET, blocked.stateVector().eligibilityState());
        assertEquals(BlockingReason.WAITING_FOR_BUDGET, blocked.stateVector().blockingReason());
        assertEquals(PublicState.RATE_LIMITED, blocked.publicState());
        assertNotNull(blocked.blockingDetail());
        assertEquals(0, count("ff_claim_grant", e));

        under.runDue(); // still exhausted: stays blocked
        assertEquals(PublicState.RATE_LIMITED, info(e).publicState());

        backend.resetBudget(new ResetBudgetArgs(budget, clock.millis()));
        under.runDue();

        assertEquals(PublicState.WAITING, info(e).publicState());
        assertEquals(BlockingReason.WAITING_FOR_WORKER, info(e).stateVector().blockingReason());
        ClaimForWorkerResult granted = claimForWorker();
        assertEquals(e, assertInstanceOf(ClaimForWorkerResult.Granted.class, granted).grant().executionId());
    }

    @Test
    void c19_missingBudgetIsIgnoredAndSoftLimitsNeverBlock() {
        BudgetId soft = BudgetId.random();
        backend.createBudget(new CreateBudgetArgs(soft, "t", "s", "", "", "", 0, List.of("tokens"),
                List.of(0L), List.of(10L), clock.millis()));
        backend.reportUsageAdmin(soft, new ReportUsageAdminArgs(List.of("tokens"), List.of(50L), null,
                clock.millis()));
        createdWith("{\"budget_ids\":[\"" + BudgetId.random() + "\",\"" + soft + "\"]}");

        assertTrue(backend.claim(LANE, CapabilitySet.EMPTY, workerPolicy("w")).isPresent());
    }

    @Test
    void c20_quotaRateBlocksTheSecondClaimUntilTheWindowSlides() {
        QuotaPolicyId q = quota(60, 1, 0);
        String policy = "{\"quota_policy_id\":\"" + q + "\"}";
        ExecutionId first = createdWith(policy);
        clock.advance(1);
        ExecutionId second = createdWith(policy);

        ClaimForWorkerResult r1 = claimForWorker();
        ClaimForWorkerResult r2 = claimForWorker();

        assertEquals(first, assertInstanceOf(ClaimForWorkerResult.Granted.class, r1).grant().executionId());
        assertEquals(new ClaimForWorkerResult.NoWork(), r2);
        ExecutionInfo blocked = info(second);
        assertEquals(EligibilityState.BLOCKED_BY_QUOTA, blocked.stateVector().eligibilityState());
        assertEquals(BlockingReason.WAITING_FOR_QUOTA, blocked.stateVector().blockingReason());
        assertEquals(PublicState.RATE_LIMITED, blocked.publicState());

        clock.advance(59_000);
        under.runDue();
        assertEquals(PublicState.RATE_LIMITED, info(second).publicState());

        clock.advance(1_000);
        under.runDue();
        assertEquals(PublicState.WAITING, info(second).publicState());
    }

    @Test
    void c21_terminalTransitionFreesTheQuotaSlot() {
        QuotaPolicyId q = quota(60, 0, 1);
        String policy = "{\"quota_policy_id\":\"" + q + "\"}";
        ExecutionId e1 = createdWith(policy);
        clock.advance(1);
        ExecutionId e2 = createdWith(policy);

        Handle h1 = claimed();
        assertEquals(1, active(q));
        backend.complete(h1, null);

        assertEquals(0, active(q));
        Handle h2 = claimed();
        assertEquals(e2, backend.readExecutionInfo(e2).orElseThrow().executionId());
        assertEquals(PublicState.ACTIVE, info(e2).publicState());
        assertEquals(PublicState.COMPLETED, info(e1).publicState());
        assertNotNull(h2);
        assertEquals(1, active(q));
    }

    @Test
    void c21_concurrencyCapBlocksWhileTheSlotIsHeld() {
        QuotaPolicyId q = quota(60, 0, 1);
        String policy = "{\"quota_policy_id\":\"" + q + "\"}";
        createdWith(policy);
        clock.advance(1);
        ExecutionId e2 = createdWith(policy);
        Handle h1 = claimed();

        assertTrue(backend.claim(LANE, CapabilitySet.EMPTY, workerPolicy("worker-2")).isEmpty());
        assertEquals(EligibilityState.BLOCKED_BY_QUOTA, info(e2).stateVector().eligibilityState());

        backend.complete(h1, null);
        under.runDue();

        assertEquals(PublicState.WAITING, info(e2).publicState());
        assertTrue(backend.claim(LANE, CapabilitySet.EMPTY, workerPolicy("worker-2")).isPresent());
    }
}
