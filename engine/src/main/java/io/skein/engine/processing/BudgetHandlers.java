package io.skein.engine.processing;

import io.skein.core.api.BudgetStatus;
import io.skein.core.api.BudgetUsageAndLimits;
import io.skein.core.api.CreateBudgetArgs;
import io.skein.core.api.CreateBudgetResult;
import io.skein.core.api.RecordSpendArgs;
import io.skein.core.api.ReleaseBudgetArgs;
import io.skein.core.api.ReportUsageResult;
import io.skein.core.api.ResetBudgetArgs;
import io.skein.core.api.ResetBudgetResult;
import io.skein.core.api.UsageDelta;
import io.skein.core.error.EngineError;
import io.skein.core.id.BudgetId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.PartitionConfig;
import io.skein.engine.EngineUnit;
import io.skein.engine.state.BudgetCounters;
import io.skein.engine.state.BudgetPolicy;
import io.skein.engine.state.BudgetState;
import io.skein.engine.state.MutableBudgetState;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Budgets (spec 04 §5.1, §5.2, §5.5; 02 §8): create, reset, status and limit reads, usage reports with
 * check-before-increment and dedup, the per-execution spend ledger, and the budget timers (reset of due budgets,
 * breach-marker reconciler). Every budget lives in its budget partition {@code {b:N}}.
 *
 * <p>{@code readBudgetUsageAndLimits} renders the limits as FlowFabric's {@code "hard:<dim>"} / {@code "soft:<dim>"}
 * fields. A dimension without usage has usage 0.
 */
public final class BudgetHandlers {

    /** How long a usage dedup key is remembered (spec 04 §5.2). */
    public static final long DEDUP_TTL_MS = 24L * 60 * 60 * 1000;

    private final Supplier<PartitionConfig> partitions;

    public BudgetHandlers(Supplier<PartitionConfig> partitions) {
        this.partitions = partitions;
    }

    // ------------------------------------------------------------------------------------------ validation

    /** Checks that need no storage: dimension names present and distinct, limits not negative. */
    public static void validate(CreateBudgetArgs args) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < args.dimensions().size(); i++) {
            String dim = args.dimensions().get(i);
            if (dim == null || dim.isEmpty()) {
                throw EngineError.invalidInput("dimensions: entry " + i + " is empty");
            }
            if (!seen.add(dim)) {
                throw EngineError.invalidInput("dimensions: " + dim + " is listed twice");
            }
            Long hard = args.hardLimits().get(i);
            Long soft = args.softLimits().get(i);
            if (hard == null || hard < 0) {
                throw EngineError.invalidInput("hard_limits: limit of " + dim + " must be >= 0");
            }
            if (soft == null || soft < 0) {
                throw EngineError.invalidInput("soft_limits: limit of " + dim + " must be >= 0");
            }
        }
    }

    /** A usage report's pairs: names present and distinct, deltas not negative. */
    public static void validateDeltas(List<UsageDelta> deltas) {
        Set<String> seen = new HashSet<>();
        for (UsageDelta d : deltas) {
            if (d.dimension().isEmpty()) {
                throw EngineError.invalidInput("dimensions: a dimension name is empty");
            }
            if (!seen.add(d.dimension())) {
                throw EngineError.invalidInput("dimensions: " + d.dimension() + " is reported twice");
            }
            if (d.delta() < 0) {
                throw EngineError.invalidInput("deltas: delta of " + d.dimension() + " must be >= 0, got "
                        + d.delta());
            }
        }
    }

    // ------------------------------------------------------------------------------------------ operations

    /** {@code createBudget}: idempotent; an existing budget is never overwritten. */
    public CreateBudgetResult create(EngineUnit unit, CreateBudgetArgs args) {
        int partition = partition(args.budgetId());
        MutableBudgetState budgets = unit.budgets();
        if (budgets.exists(partition, args.budgetId())) {
            return new CreateBudgetResult.AlreadySatisfied(args.budgetId());
        }
        long now = now(unit, args.now());
        Map<String, Long> hard = new TreeMap<>();
        Map<String, Long> soft = new TreeMap<>();
        for (int i = 0; i < args.dimensions().size(); i++) {
            hard.put(args.dimensions().get(i), args.hardLimits().get(i));
            soft.put(args.dimensions().get(i), args.softLimits().get(i));
        }
        BudgetPolicy policy = new BudgetPolicy(args.dimensions(), hard, soft, args.resetIntervalMs(),
                args.onHardLimit(), args.onSoftLimit());
        Long nextReset = args.resetIntervalMs() > 0 ? now + args.resetIntervalMs() : null;
        budgets.insert(partition, args.budgetId(), policy, args.scopeType(), args.scopeId(),
                args.enforcementMode() == null ? "" : args.enforcementMode(), nextReset, now);
        return new CreateBudgetResult.Created(args.budgetId());
    }

    /** {@code resetBudget}: usage to 0, reset count and time, last-breach fields cleared, next reset scheduled. */
    public ResetBudgetResult reset(EngineUnit unit, ResetBudgetArgs args) {
        int partition = partition(args.budgetId());
        BudgetPolicy policy = unit.budgets().policy(partition, args.budgetId())
                .orElseThrow(() -> EngineError.notFound("budget"));
        return new ResetBudgetResult.Reset(reset(unit.budgets(), partition, args.budgetId(), policy,
                now(unit, args.now())));
    }

    /** {@code getBudgetStatus}. */
    public BudgetStatus status(EngineUnit unit, BudgetId budgetId) {
        int partition = partition(budgetId);
        BudgetState budgets = unit.budgets();
        BudgetPolicy policy = budgets.policy(partition, budgetId).orElseThrow(() -> EngineError.notFound("budget"));
        Map<String, Long> usage = new TreeMap<>();
        policy.dimensions().forEach(d -> usage.put(d, 0L));
        usage.putAll(budgets.usage(partition, budgetId));
        BudgetCounters c = budgets.counters(partition, budgetId).orElseThrow(() -> EngineError.notFound("budget"));
        return new BudgetStatus(budgetId, c.scopeType(), c.scopeId(), c.enforcementMode(), usage,
                policy.hardLimits(), policy.softLimits(), c.breachCount(), c.softBreachCount(), c.lastBreachAtMs(),
                c.lastBreachDim(), c.nextResetAtMs(), c.createdAtMs());
    }

    /** {@code readBudgetUsageAndLimits}: empty maps for an unknown budget. */
    public BudgetUsageAndLimits usageAndLimits(EngineUnit unit, BudgetId budgetId) {
        int partition = partition(budgetId);
        Optional<BudgetPolicy> policy = unit.budgets().policy(partition, budgetId);
        if (policy.isEmpty()) {
            return new BudgetUsageAndLimits(Map.of(), Map.of());
        }
        Map<String, String> limits = new TreeMap<>();
        policy.get().hardLimits().forEach((dim, v) -> limits.put("hard:" + dim, Long.toString(v)));
        policy.get().softLimits().forEach((dim, v) -> limits.put("soft:" + dim, Long.toString(v)));
        return new BudgetUsageAndLimits(limits, unit.budgets().usage(partition, budgetId));
    }

    /**
     * {@code reportUsage} / {@code reportUsageAdmin}: one unit in the budget's partition, steps 1–4 of spec 04 §5.2.
     * {@code now} 0 means the unit's clock.
     */
    public ReportUsageResult report(EngineUnit unit, BudgetId budgetId, List<UsageDelta> deltas, String dedupKey,
                                    long now) {
        return apply(unit, budgetId, deltas, dedupKey, null, now(unit, now));
    }

    /** {@code recordSpend}: a usage report that also adds each applied delta to the execution's ledger. */
    public ReportUsageResult recordSpend(EngineUnit unit, RecordSpendArgs args) {
        return apply(unit, args.budgetId(), args.usageDeltas(), args.idempotencyKey(), args.executionId(),
                unit.now());
    }

    /**
     * {@code releaseBudget}: subtracts the execution's ledger from usage (floor 0) and deletes it. Idempotent: a
     * second call, or an unknown budget, finds no ledger and changes nothing.
     */
    public void release(EngineUnit unit, ReleaseBudgetArgs args) {
        int partition = partition(args.budgetId());
        BudgetId id = args.budgetId();
        MutableBudgetState budgets = unit.budgets();
        // lock the budget first: two concurrent releases of one ledger must not both subtract it
        budgets.policy(partition, id);
        Map<String, Long> ledger = budgets.ledger(partition, id, args.executionId());
        if (ledger.isEmpty()) {
            return;
        }
        long now = unit.now();
        ledger.forEach((dim, total) -> budgets.subtractUsage(partition, id, dim, total, now));
        budgets.deleteLedger(partition, id, args.executionId());
        budgets.touch(partition, id, now);
    }

    // ------------------------------------------------------------------------------------------ admission reads

    /**
     * The first dimension of the budget whose hard limit is set and reached ({@code usage >= hard}), as
     * {@code "<dim> usage U >= hard limit H"}; empty when the budget is below every hard limit or does not exist
     * (missing budgets are ignored by admission, spec 04 §5.4 step 4).
     */
    public Optional<String> exhaustedDimension(EngineUnit unit, BudgetId budgetId) {
        int partition = partition(budgetId);
        Optional<BudgetPolicy> policy = unit.budgets().policy(partition, budgetId);
        if (policy.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Long> usage = unit.budgets().usage(partition, budgetId);
        for (String dim : policy.get().dimensions()) {
            long hard = policy.get().hardLimit(dim);
            long used = usage.getOrDefault(dim, 0L);
            if (hard > 0 && used >= hard) {
                return Optional.of(dim + " usage " + used + " >= hard limit " + hard);
            }
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------------------------------ timers

    /**
     * Timer 9 item ({@code resetDueBudget}): resets the budget only if it is still due. The budget is locked before
     * its due time is read: an item that waited for another unit's reset (and the reports after it) sees the reset
     * re-armed and leaves the budget alone, instead of resetting it again and losing those reports.
     */
    public void resetIfDue(EngineUnit unit, BudgetId budgetId) {
        int partition = partition(budgetId);
        MutableBudgetState budgets = unit.budgets();
        Optional<BudgetPolicy> policy = budgets.policy(partition, budgetId);
        Long due = budgets.counters(partition, budgetId).map(BudgetCounters::nextResetAtMs).orElse(null);
        if (policy.isEmpty() || due == null || due > unit.now()) {
            return;
        }
        reset(budgets, partition, budgetId, policy.get(), unit.now());
    }

    /**
     * Timer 13 item ({@code reconcileBudgetCounters}): keeps the breach markers consistent with the counters and
     * the usage. {@code last_breach_at_ms} and {@code last_breach_dim} are set together or not at all and name a
     * dimension with a hard limit; markers imply {@code breach_count >= 1}; a budget sitting at or above a hard
     * limit without markers gets them (the next positive report there must breach). Expired dedup keys of the
     * budget are dropped so they apply again. Returns whether the markers changed.
     */
    public boolean reconcile(EngineUnit unit, BudgetId budgetId) {
        int partition = partition(budgetId);
        MutableBudgetState budgets = unit.budgets();
        Optional<BudgetPolicy> policy = budgets.policy(partition, budgetId);
        if (policy.isEmpty()) {
            return false;
        }
        long now = unit.now();
        budgets.forgetExpiredDedup(partition, budgetId, now);
        BudgetCounters m = budgets.counters(partition, budgetId).orElseThrow();
        Long at = m.lastBreachAtMs();
        String dim = m.lastBreachDim();
        long breaches = m.breachCount();
        if (dim != null && policy.get().hardLimit(dim) <= 0) {
            dim = null;
        }
        if (at == null || dim == null) {
            at = null;
            dim = null;
        }
        if (dim == null) {
            Map<String, Long> usage = budgets.usage(partition, budgetId);
            for (String d : policy.get().dimensions()) {
                long hard = policy.get().hardLimit(d);
                if (hard > 0 && usage.getOrDefault(d, 0L) >= hard) {
                    dim = d;
                    at = now;
                    break;
                }
            }
        }
        if (dim != null && breaches < 1) {
            breaches = 1;
        }
        boolean same = Objects.equals(at, m.lastBreachAtMs()) && Objects.equals(dim, m.lastBreachDim())
                && breaches == m.breachCount();
        if (!same) {
            budgets.setBreachMarkers(partition, budgetId, at, dim, breaches, now);
        }
        return !same;
    }

    // ------------------------------------------------------------------------------------------ internals

    private ReportUsageResult apply(EngineUnit unit, BudgetId budgetId, List<UsageDelta> deltas, String dedupKey,
                                    ExecutionId ledgerExecution, long now) {
        int partition = partition(budgetId);
        MutableBudgetState budgets = unit.budgets();
        BudgetPolicy policy = budgets.policy(partition, budgetId).orElseThrow(() -> EngineError.notFound("budget"));
        boolean dedup = dedupKey != null && !dedupKey.isEmpty();
        // 1. a live dedup key was already applied
        if (dedup && budgets.dedupApplied(partition, budgetId, dedupKey, now)) {
            return new ReportUsageResult.AlreadyApplied();
        }
        // 2. check every dimension before incrementing any
        Map<String, Long> usage = budgets.usage(partition, budgetId);
        for (UsageDelta d : deltas) {
            long current = usage.getOrDefault(d.dimension(), 0L);
            long hard = policy.hardLimit(d.dimension());
            if (hard > 0 && current + d.delta() > hard) {
                budgets.recordHardBreach(partition, budgetId, d.dimension(), now);
                return new ReportUsageResult.HardBreach(d.dimension(), current, hard);
            }
        }
        // 3. apply every increment; remember the first soft breach
        ReportUsageResult result = new ReportUsageResult.Ok();
        for (UsageDelta d : deltas) {
            long next = usage.getOrDefault(d.dimension(), 0L) + d.delta();
            budgets.setUsage(partition, budgetId, d.dimension(), next, now);
            if (ledgerExecution != null) {
                budgets.addToLedger(partition, budgetId, ledgerExecution, d.dimension(), d.delta(), now);
            }
            long soft = policy.softLimit(d.dimension());
            if (result instanceof ReportUsageResult.Ok && soft > 0 && next > soft) {
                result = new ReportUsageResult.SoftBreach(d.dimension(), next, soft);
            }
        }
        // 4. record the dedup key; count a soft breach
        if (dedup) {
            budgets.rememberDedup(partition, budgetId, dedupKey, result, now, now + DEDUP_TTL_MS);
        }
        budgets.recordReport(partition, budgetId, result instanceof ReportUsageResult.SoftBreach, now);
        return result;
    }

    /** Zeroes usage and re-arms the reset; returns the next reset time, 0 when the budget does not recur. */
    private static long reset(MutableBudgetState budgets, int partition, BudgetId id, BudgetPolicy policy, long now) {
        Long next = policy.resetIntervalMs() > 0 ? now + policy.resetIntervalMs() : null;
        budgets.reset(partition, id, next, now);
        return next == null ? 0 : next;
    }

    private int partition(BudgetId budgetId) {
        if (budgetId == null) {
            // a missing id is the caller's error, never a NullPointerException (spec 06 M2)
            throw EngineError.invalidInput("budget_id: required");
        }
        return partitions.get().budgetPartition(budgetId);
    }

    private static long now(EngineUnit unit, long given) {
        return given > 0 ? given : unit.now();
    }
}
