package io.skein.engine.processing;

import io.skein.core.api.CheckAdmissionArgs;
import io.skein.core.api.CheckAdmissionResult;
import io.skein.core.api.QuotaPolicyLimits;
import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.BudgetId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.QuotaPolicyId;
import io.skein.core.state.BlockingReason;
import io.skein.core.state.EligibilityState;
import io.skein.core.state.LifecyclePhase;
import io.skein.core.state.OwnershipState;
import io.skein.core.state.StateVector;
import io.skein.core.wire.SkeinJson;
import io.skein.engine.EngineUnit;
import io.skein.engine.state.ExecCore;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Claim-time admission (spec 04 §5.4 steps 4–5) and the budget/quota half of the unblock timer (spec 05 §4,
 * timer 8). A candidate whose attached budget sits at a hard limit is blocked {@code blocked_by_budget /
 * waiting_for_budget}; one whose quota policy refuses it ({@code RateExceeded} or {@code ConcurrencyExceeded}) is
 * blocked {@code blocked_by_quota / waiting_for_quota}. Both read {@code rate_limited} (spec 01 §8 "admission
 * block"); the unblock timer returns them to {@code waiting} once every attached budget is below its hard limits,
 * or the policy's window and concurrency have room.
 */
public final class AdmissionHandlers implements SchedulerHandlers.Admission {

    private final BudgetHandlers budgets;
    private final QuotaHandlers quotas;

    public AdmissionHandlers(BudgetHandlers budgets, QuotaHandlers quotas) {
        this.budgets = budgets;
        this.quotas = quotas;
    }

    /** Steps 4 and 5: budgets first, then the quota check (which admits in this same unit). */
    @Override
    public boolean admit(EngineUnit unit, ExecCore candidate) {
        return admitBudgets(unit, candidate) && admitQuota(unit, candidate);
    }

    /** Step 4: every attached budget below its hard limits, else the candidate is blocked by budget. */
    private boolean admitBudgets(EngineUnit unit, ExecCore candidate) {
        Optional<String> exhausted = exhaustedBudget(unit, candidate);
        if (exhausted.isPresent()) {
            block(unit, candidate, EligibilityState.BLOCKED_BY_BUDGET, BlockingReason.WAITING_FOR_BUDGET,
                    exhausted.get());
            return false;
        }
        return true;
    }

    /** Step 5: the quota check, which admits in this same unit, else the candidate is blocked by quota. */
    private boolean admitQuota(EngineUnit unit, ExecCore candidate) {
        if (candidate.quotaPolicyId == null) {
            return true;
        }
        QuotaPolicyId policyId = QuotaPolicyId.parse(candidate.quotaPolicyId);
        Optional<QuotaPolicyLimits> limits = quotas.limits(unit, policyId);
        if (limits.isEmpty() || limits.get().unlimited()) {
            return true;
        }
        CheckAdmissionResult r = quotas.check(unit, policyId, CheckAdmissionArgs.DEFAULT_DIMENSION,
                QuotaHandlers.claimTimeArgs(candidate.executionId, unit.now(), limits.get()));
        if (r instanceof CheckAdmissionResult.RateExceeded rate) {
            block(unit, candidate, EligibilityState.BLOCKED_BY_QUOTA, BlockingReason.WAITING_FOR_QUOTA,
                    "quota " + policyId + ": rate exceeded, retry after " + rate.retryAfterMs() + " ms");
            return false;
        }
        if (r instanceof CheckAdmissionResult.ConcurrencyExceeded) {
            block(unit, candidate, EligibilityState.BLOCKED_BY_QUOTA, BlockingReason.WAITING_FOR_QUOTA,
                    "quota " + policyId + ": concurrency cap " + limits.get().activeConcurrencyCap() + " reached");
            return false;
        }
        return true;
    }

    @Override
    public boolean admitForLaneGrant(EngineUnit unit, ExecCore candidate) {
        return admitBudgets(unit, candidate);
    }

    @Override
    public boolean admitAtLaneClaim(EngineUnit unit, ExecCore candidate) {
        return admitQuota(unit, candidate);
    }

    // ------------------------------------------------------------------------------------------ unblock timer

    /** Timer 8 condition for {@code waiting_for_budget}: every attached budget is below its hard limits. */
    public boolean budgetBlockGone(EngineUnit unit, ExecCore e) {
        return exhaustedBudget(unit, e).isEmpty();
    }

    /** Timer 8 condition for {@code waiting_for_quota}: the window and the concurrency cap have room again. */
    public boolean quotaBlockGone(EngineUnit unit, ExecCore e) {
        return e.quotaPolicyId == null || quotas.hasRoom(unit, QuotaPolicyId.parse(e.quotaPolicyId));
    }

    // ------------------------------------------------------------------------------------------ internals

    /** The first attached budget at a hard limit, described; missing budgets are ignored. */
    private Optional<String> exhaustedBudget(EngineUnit unit, ExecCore e) {
        for (String text : budgetIds(e)) {
            BudgetId budgetId = BudgetId.parse(text);
            Optional<String> dim = budgets.exhaustedDimension(unit, budgetId);
            if (dim.isPresent()) {
                return Optional.of("budget " + budgetId + ": " + dim.get());
            }
        }
        return Optional.empty();
    }

    /** Admission block (spec 01 §8): runnable, unowned, blocked; reason set; attempt state kept. */
    private static void block(EngineUnit unit, ExecCore e, EligibilityState eligibility, BlockingReason reason,
                              String detail) {
        e.transition(new StateVector(LifecyclePhase.RUNNABLE, OwnershipState.UNOWNED, eligibility, reason,
                e.state.terminalOutcome(), e.state.attemptState()), unit.now());
        e.blockingDetail = detail;
        unit.executions().save(e);
    }

    private static List<String> budgetIds(ExecCore e) {
        try {
            return SkeinJson.lenient().readerForListOf(String.class).readValue(e.budgetIds);
        } catch (IOException ex) {
            throw EngineError.validation(ValidationKind.CORRUPTION, "ff_exec_core.budget_ids: not a JSON list");
        }
    }
}
