package io.skein.core.api;

import io.skein.core.error.EngineError;
import io.skein.core.id.BudgetId;
import io.skein.core.id.QuotaPolicyId;
import java.util.Optional;

/**
 * Budgets, quota policies and admission checks (spec 02 §2, §8; 04 §5). Every method defaults to
 * {@code Unavailable{op}} with its snake_case name (spec 02 §12).
 */
public interface BudgetOperations {

    /** Reports usage for the handle's execution; no lease check (report_usage; spec 04 §5.2). */
    default ReportUsageResult reportUsage(Handle handle, BudgetId budgetId, UsageDimensions dimensions) {
        throw EngineError.unavailable("report_usage");
    }

    /** Creates a budget; idempotent, never overwrites (create_budget; spec 04 §5.1). */
    default CreateBudgetResult createBudget(CreateBudgetArgs args) {
        throw EngineError.unavailable("create_budget");
    }

    /** Zeroes usage and schedules the next recurring reset (reset_budget; spec 04 §5.5). */
    default ResetBudgetResult resetBudget(ResetBudgetArgs args) {
        throw EngineError.unavailable("reset_budget");
    }

    /** Usage, limits and breach counters of a budget (get_budget_status; spec 02 §8). */
    default BudgetStatus getBudgetStatus(BudgetId budgetId) {
        throw EngineError.unavailable("get_budget_status");
    }

    /** Reports usage without a handle (report_usage_admin; spec 04 §5.2). */
    default ReportUsageResult reportUsageAdmin(BudgetId budgetId, ReportUsageAdminArgs args) {
        throw EngineError.unavailable("report_usage_admin");
    }

    /** Raw limits and usage of a budget, empty when unconfigured (read_budget_usage_and_limits; spec 02 §8). */
    default BudgetUsageAndLimits readBudgetUsageAndLimits(BudgetId budgetId) {
        throw EngineError.unavailable("read_budget_usage_and_limits");
    }

    /** Reports usage and adds it to the execution's ledger (record_spend; spec 04 §5.2). */
    default ReportUsageResult recordSpend(RecordSpendArgs args) {
        throw EngineError.unavailable("record_spend");
    }

    /** Subtracts and deletes one execution's ledger; idempotent (release_budget; spec 04 §5.2). */
    default void releaseBudget(ReleaseBudgetArgs args) {
        throw EngineError.unavailable("release_budget");
    }

    /** Creates a quota policy; idempotent (create_quota_policy; spec 04 §5.3). */
    default CreateQuotaPolicyResult createQuotaPolicy(CreateQuotaPolicyArgs args) {
        throw EngineError.unavailable("create_quota_policy");
    }

    /** A quota policy's limits, empty when absent (read_quota_policy_limits; spec 02 §8). */
    default Optional<QuotaPolicyLimits> readQuotaPolicyLimits(QuotaPolicyId quotaPolicyId) {
        throw EngineError.unavailable("read_quota_policy_limits");
    }

    /**
     * Sliding-window rate and concurrency check for one execution (check_admission; spec 04 §5.3); an empty
     * {@code dimension} means {@code "default"}.
     */
    default CheckAdmissionResult checkAdmission(QuotaPolicyId quotaPolicyId, String dimension,
                                                CheckAdmissionArgs args) {
        throw EngineError.unavailable("check_admission");
    }

    /** Drops an execution's admission guard and frees its slot; idempotent (release_admission; spec 04 §5.3). */
    default ReleaseAdmissionResult releaseAdmission(ReleaseAdmissionArgs args) {
        throw EngineError.unavailable("release_admission");
    }
}
