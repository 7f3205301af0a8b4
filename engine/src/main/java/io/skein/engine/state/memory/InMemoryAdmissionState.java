package io.skein.engine.state.memory;

import io.skein.core.api.QuotaPolicyLimits;
import io.skein.core.api.ReportUsageResult;
import io.skein.core.id.BudgetId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.QuotaPolicyId;
import io.skein.engine.state.BudgetCounters;
import io.skein.engine.state.BudgetPolicy;
import io.skein.engine.state.MutableBudgetState;
import io.skein.engine.state.MutableQuotaState;
import io.skein.engine.state.RetentionState.Housekeeping;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Budgets and quota policies in memory, journaled by the {@link InMemoryEngineState}
 * they belong to. Every value is an immutable record or a map replaced whole, so a write is one journaled put.
 */
final class InMemoryAdmissionState {

    private record BudgetRef(int partition, BudgetId budget) {}

    private record LedgerRef(BudgetRef budget, ExecutionId execution) {}

    private record QuotaRef(int partition, QuotaPolicyId policy) {}

    private record Budget(BudgetPolicy policy, BudgetCounters counters, Map<String, Long> usage, long updatedAtMs) {
        Budget with(BudgetCounters c) {
            return new Budget(policy, c, usage, updatedAtMs);
        }
    }

    private record Quota(QuotaPolicyLimits limits, long active, Map<String, Map<ExecutionId, Long>> windows,
                         Map<ExecutionId, Long> guards) {}

    private final InMemoryEngineState state;
    private final Map<BudgetRef, Budget> budgets = new HashMap<>();
    private final Map<LedgerRef, Map<String, Long>> ledgers = new HashMap<>();
    private final Map<String, Long> budgetDedup = new HashMap<>();
    private final Map<QuotaRef, Quota> quotas = new HashMap<>();

    InMemoryAdmissionState(InMemoryEngineState state) {
        this.state = state;
    }

    // ------------------------------------------------------------------------------------------ budgets

    final MutableBudgetState budgetState = new MutableBudgetState() {
        private Budget budget(int partition, BudgetId id) {
            return budgets.get(new BudgetRef(partition, id));
        }

        private void write(int partition, BudgetId id, Budget b) {
            state.put(budgets, new BudgetRef(partition, id), b);
        }

        @Override
        public boolean exists(int partition, BudgetId budget) {
            return budget(partition, budget) != null;
        }

        @Override
        public Optional<BudgetPolicy> policy(int partition, BudgetId budget) {
            return Optional.ofNullable(budget(partition, budget)).map(Budget::policy);
        }

        @Override
        public Optional<BudgetCounters> counters(int partition, BudgetId budget) {
            return Optional.ofNullable(budget(partition, budget)).map(Budget::counters);
        }

        @Override
        public Map<String, Long> usage(int partition, BudgetId budget) {
            Budget b = budget(partition, budget);
            return b == null ? Map.of() : Map.copyOf(b.usage());
        }

        @Override
        public boolean dedupApplied(int partition, BudgetId budget, String dedupKey, long now) {
            Long expires = budgetDedup.get(partition + "|" + budget + "|" + dedupKey);
            return expires != null && expires > now;
        }

        @Override
        public Map<String, Long> ledger(int partition, BudgetId budget, ExecutionId execution) {
            return Map.copyOf(ledgers.getOrDefault(new LedgerRef(new BudgetRef(partition, budget), execution),
                    Map.of()));
        }

        @Override
        public void insert(int partition, BudgetId budget, BudgetPolicy policy, String scopeType, String scopeId,
                           String enforcementMode, Long nextResetAtMs, long now) {
            write(partition, budget, new Budget(policy, new BudgetCounters(scopeType, scopeId, enforcementMode, 0, 0,
                    null, null, nextResetAtMs, now), Map.of(), now));
        }

        private void usage(int partition, BudgetId budget, String dimension, long value, long now) {
            Budget b = budget(partition, budget);
            Map<String, Long> usage = new TreeMap<>(b.usage());
            usage.put(dimension, value);
            write(partition, budget, new Budget(b.policy(), b.counters(), usage, now));
        }

        @Override
        public void setUsage(int partition, BudgetId budget, String dimension, long value, long now) {
            usage(partition, budget, dimension, value, now);
        }

        @Override
        public void subtractUsage(int partition, BudgetId budget, String dimension, long amount, long now) {
            long current = budget(partition, budget).usage().getOrDefault(dimension, 0L);
            usage(partition, budget, dimension, Math.max(0, current - amount), now);
        }

        @Override
        public void addToLedger(int partition, BudgetId budget, ExecutionId execution, String dimension, long delta,
                                long now) {
            LedgerRef ref = new LedgerRef(new BudgetRef(partition, budget), execution);
            Map<String, Long> ledger = new TreeMap<>(ledgers.getOrDefault(ref, Map.of()));
            ledger.merge(dimension, delta, Long::sum);
            state.put(ledgers, ref, ledger);
        }

        @Override
        public void deleteLedger(int partition, BudgetId budget, ExecutionId execution) {
            state.remove(ledgers, new LedgerRef(new BudgetRef(partition, budget), execution));
        }

        @Override
        public void rememberDedup(int partition, BudgetId budget, String dedupKey, ReportUsageResult outcome,
                                  long now, long expiresAtMs) {
            state.put(budgetDedup, partition + "|" + budget + "|" + dedupKey, expiresAtMs);
        }

        @Override
        public void forgetExpiredDedup(int partition, BudgetId budget, long now) {
            dropExpiredDedup(partition + "|" + budget + "|", now);
        }

        @Override
        public void recordHardBreach(int partition, BudgetId budget, String dimension, long now) {
            Budget b = budget(partition, budget);
            BudgetCounters c = b.counters();
            write(partition, budget, b.with(new BudgetCounters(c.scopeType(), c.scopeId(), c.enforcementMode(),
                    c.breachCount() + 1, c.softBreachCount(), now, dimension, c.nextResetAtMs(), c.createdAtMs())));
        }

        @Override
        public void recordReport(int partition, BudgetId budget, boolean softBreach, long now) {
            Budget b = budget(partition, budget);
            BudgetCounters c = b.counters();
            write(partition, budget, new Budget(b.policy(), new BudgetCounters(c.scopeType(), c.scopeId(),
                    c.enforcementMode(), c.breachCount(), c.softBreachCount() + (softBreach ? 1 : 0),
                    c.lastBreachAtMs(), c.lastBreachDim(), c.nextResetAtMs(), c.createdAtMs()), b.usage(), now));
        }

        @Override
        public void touch(int partition, BudgetId budget, long now) {
            Budget b = budget(partition, budget);
            write(partition, budget, new Budget(b.policy(), b.counters(), b.usage(), now));
        }

        @Override
        public void setBreachMarkers(int partition, BudgetId budget, Long lastBreachAtMs, String lastBreachDim,
                                     long breachCount, long now) {
            Budget b = budget(partition, budget);
            BudgetCounters c = b.counters();
            write(partition, budget, new Budget(b.policy(), new BudgetCounters(c.scopeType(), c.scopeId(),
                    c.enforcementMode(), breachCount, c.softBreachCount(), lastBreachAtMs, lastBreachDim,
                    c.nextResetAtMs(), c.createdAtMs()), b.usage(), now));
        }

        @Override
        public void reset(int partition, BudgetId budget, Long nextResetAtMs, long now) {
            Budget b = budget(partition, budget);
            BudgetCounters c = b.counters();
            Map<String, Long> zero = new TreeMap<>();
            b.usage().keySet().forEach(d -> zero.put(d, 0L));
            write(partition, budget, new Budget(b.policy(), new BudgetCounters(c.scopeType(), c.scopeId(),
                    c.enforcementMode(), c.breachCount(), c.softBreachCount(), null, null, nextResetAtMs,
                    c.createdAtMs()), zero, now));
        }
    };

    // ------------------------------------------------------------------------------------------ quotas

    final MutableQuotaState quotaState = new MutableQuotaState() {
        private Quota quota(int partition, QuotaPolicyId id) {
            return quotas.get(new QuotaRef(partition, id));
        }

        private void write(int partition, QuotaPolicyId id, Quota q) {
            state.put(quotas, new QuotaRef(partition, id), q);
        }

        @Override
        public Optional<QuotaPolicyLimits> limits(int partition, QuotaPolicyId policy) {
            return Optional.ofNullable(quota(partition, policy)).map(Quota::limits);
        }

        @Override
        public boolean admitted(int partition, QuotaPolicyId policy, ExecutionId execution, long now) {
            Quota q = quota(partition, policy);
            Long expires = q == null ? null : q.guards().get(execution);
            return expires != null && expires > now;
        }

        @Override
        public long windowEntries(int partition, QuotaPolicyId policy, String dimension, long afterMs) {
            Quota q = quota(partition, policy);
            return q == null ? 0 : q.windows().getOrDefault(dimension, Map.of()).values().stream()
                    .filter(at -> at > afterMs).count();
        }

        @Override
        public long oldestWindowEntry(int partition, QuotaPolicyId policy, String dimension) {
            Quota q = quota(partition, policy);
            return q == null ? 0 : q.windows().getOrDefault(dimension, Map.of()).values().stream()
                    .mapToLong(Long::longValue).min().orElse(0);
        }

        @Override
        public long activeConcurrency(int partition, QuotaPolicyId policy) {
            Quota q = quota(partition, policy);
            return q == null ? 0 : q.active();
        }

        @Override
        public long admissions(int partition, QuotaPolicyId policy) {
            Quota q = quota(partition, policy);
            return q == null ? 0 : q.guards().size();
        }

        @Override
        public void insert(int partition, QuotaPolicyId policy, long windowSeconds, long maxRequestsPerWindow,
                           long maxConcurrent, long now) {
            write(partition, policy, new Quota(new QuotaPolicyLimits(maxRequestsPerWindow, windowSeconds,
                    maxConcurrent, 0), 0, Map.of(), Map.of()));
        }

        private int trim(int partition, QuotaPolicyId policy, String onlyDimension, long cutoffMs) {
            Quota q = quota(partition, policy);
            if (q == null) {
                return 0;
            }
            int dropped = 0;
            Map<String, Map<ExecutionId, Long>> windows = new HashMap<>();
            for (var w : q.windows().entrySet()) {
                Map<ExecutionId, Long> kept = new HashMap<>(w.getValue());
                if (onlyDimension == null || onlyDimension.equals(w.getKey())) {
                    int before = kept.size();
                    kept.values().removeIf(at -> at <= cutoffMs);
                    dropped += before - kept.size();
                }
                windows.put(w.getKey(), kept);
            }
            if (dropped > 0) {
                write(partition, policy, new Quota(q.limits(), q.active(), windows, q.guards()));
            }
            return dropped;
        }

        @Override
        public int trimWindow(int partition, QuotaPolicyId policy, String dimension, long cutoffMs) {
            return trim(partition, policy, dimension, cutoffMs);
        }

        @Override
        public int trimWindows(int partition, QuotaPolicyId policy, long cutoffMs) {
            return trim(partition, policy, null, cutoffMs);
        }

        @Override
        public void admit(int partition, QuotaPolicyId policy, String dimension, ExecutionId execution, long now,
                          long expiresAtMs) {
            Quota q = quota(partition, policy);
            Map<String, Map<ExecutionId, Long>> windows = new HashMap<>(q.windows());
            Map<ExecutionId, Long> window = new HashMap<>(windows.getOrDefault(dimension, Map.of()));
            window.put(execution, now);
            windows.put(dimension, window);
            Map<ExecutionId, Long> guards = new HashMap<>(q.guards());
            guards.put(execution, expiresAtMs);
            write(partition, policy, new Quota(q.limits(), q.active(), windows, guards));
        }

        @Override
        public void takeSlot(int partition, QuotaPolicyId policy, long now) {
            Quota q = quota(partition, policy);
            write(partition, policy, new Quota(q.limits(), q.active() + 1, q.windows(), q.guards()));
        }

        @Override
        public boolean releaseAdmission(int partition, QuotaPolicyId policy, ExecutionId execution, long now) {
            Quota q = quota(partition, policy);
            if (q == null || !q.guards().containsKey(execution)) {
                return false;
            }
            Map<ExecutionId, Long> guards = new HashMap<>(q.guards());
            guards.remove(execution);
            write(partition, policy, new Quota(q.limits(), Math.max(0, q.active() - 1), q.windows(), guards));
            return true;
        }

        @Override
        public void releaseAdmission(String quotaPolicyId, ExecutionId execution, long now) {
            if (quotaPolicyId == null) {
                return;
            }
            for (QuotaRef ref : List.copyOf(quotas.keySet())) {
                if (ref.policy().toString().equals(quotaPolicyId)) {
                    releaseAdmission(ref.partition(), ref.policy(), execution, now);
                }
            }
        }

        @Override
        public int dropExpiredAdmissions(int partition, QuotaPolicyId policy, long now) {
            Quota q = quota(partition, policy);
            if (q == null) {
                return 0;
            }
            Map<ExecutionId, Long> guards = new HashMap<>(q.guards());
            int before = guards.size();
            guards.values().removeIf(expires -> expires <= now);
            if (guards.size() != before) {
                write(partition, policy, new Quota(q.limits(), q.active(), q.windows(), guards));
            }
            return before - guards.size();
        }

        @Override
        public void setActiveConcurrency(int partition, QuotaPolicyId policy, long active, long now) {
            Quota q = quota(partition, policy);
            write(partition, policy, new Quota(q.limits(), active, q.windows(), q.guards()));
        }
    };

    /** Forgets the dedup keys under {@code prefix} expired at {@code now}; returns how many. */
    private int dropExpiredDedup(String prefix, long now) {
        List<String> expired = budgetDedup.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix) && e.getValue() <= now).map(Map.Entry::getKey).toList();
        expired.forEach(key -> state.remove(budgetDedup, key));
        return expired.size();
    }

    /**
     * Housekeeping (timer 14) of the budget dedup keys or the quota admission guards: deletes the entries expired at
     * {@code at} and returns how many; as on SQL, a guard's slot stays counted until the quota reconciler recounts.
     */
    int deleteExpired(Housekeeping set, long at) {
        if (set == Housekeeping.BUDGET_USAGE_DEDUP) {
            return dropExpiredDedup("", at);
        }
        int deleted = 0;
        for (QuotaRef ref : List.copyOf(quotas.keySet())) {
            deleted += quotaState.dropExpiredAdmissions(ref.partition(), ref.policy(), at);
        }
        return deleted;
    }

    /** Drops a purged execution's quota rows. */
    void forget(ExecutionId execution) {
        for (QuotaRef ref : List.copyOf(quotas.keySet())) {
            Quota q = quotas.get(ref);
            if (q.guards().containsKey(execution) || q.windows().values().stream().anyMatch(w -> w.containsKey(execution))) {
                Map<String, Map<ExecutionId, Long>> windows = new HashMap<>();
                q.windows().forEach((d, w) -> {
                    Map<ExecutionId, Long> kept = new HashMap<>(w);
                    kept.remove(execution);
                    windows.put(d, kept);
                });
                Map<ExecutionId, Long> guards = new HashMap<>(q.guards());
                guards.remove(execution);
                state.put(quotas, ref, new Quota(q.limits(), q.active(), windows, guards));
            }
        }
    }
}
