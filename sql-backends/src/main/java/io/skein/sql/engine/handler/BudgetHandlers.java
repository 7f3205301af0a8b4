package io.skein.sql.engine.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.skein.core.error.ValidationKind;
import io.skein.core.id.BudgetId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.PartitionConfig;
import io.skein.core.wire.SkeinJson;
import io.skein.sql.engine.Tx;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Budgets (spec 04 §5.1, §5.2, §5.5; 02 §8): create, reset, status and limit reads, usage reports with
 * check-before-increment and dedup, the per-execution spend ledger, and the budget timers (reset of due budgets,
 * breach-marker reconciler). Every budget row lives in its budget partition {@code {b:N}}; the budget id and
 * execution ids are stored as text.
 *
 * <p>{@code ff_budget_policy.policy_json} layout (one object, written once at create, never changed):
 * <pre>
 * {"dimensions":["tokens","calls"],              // configured dimensions in create order
 *  "hard_limits":{"tokens":100,"calls":0},       // per dimension; 0 = no hard limit
 *  "soft_limits":{"tokens":80,"calls":0},        // per dimension; 0 = no soft limit
 *  "reset_interval_ms":0,                        // 0 = not recurring
 *  "on_hard_limit":"…","on_soft_limit":"…"}      // descriptive, as given
 * </pre>
 * {@code readBudgetUsageAndLimits} renders the limits as FlowFabric's {@code "hard:<dim>"} / {@code "soft:<dim>"}
 * fields. Usage is one {@code ff_budget_usage} row per dimension ({@code dimensions_key} = dimension name); a
 * dimension without a row has usage 0.
 */
public final class BudgetHandlers {

    /** How long a usage dedup key is remembered (spec 04 §5.2). */
    public static final long DEDUP_TTL_MS = 24L * 60 * 60 * 1000;
    /** Budgets reset per partition per pass of the reset timer (spec 05 §4, timer 9). */
    static final int RESETS_PER_PARTITION = 20;

    private final Supplier<PartitionConfig> partitions;

    public BudgetHandlers(Supplier<PartitionConfig> partitions) {
        this.partitions = partitions;
    }

    /** The stored policy of one budget, parsed from {@code policy_json}. */
    record Policy(List<String> dimensions, Map<String, Long> hard, Map<String, Long> soft, long resetIntervalMs) {
        long hardLimit(String dimension) {
            return hard.getOrDefault(dimension, 0L);
        }

        long softLimit(String dimension) {
            return soft.getOrDefault(dimension, 0L);
        }
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
    public CreateBudgetResult create(Tx tx, CreateBudgetArgs args) {
        int partition = partition(args.budgetId());
        String id = args.budgetId().toString();
        if (exists(tx, partition, id)) {
            return new CreateBudgetResult.AlreadySatisfied(args.budgetId());
        }
        long now = now(tx, args.now());
        ObjectNode json = SkeinJson.lenient().createObjectNode();
        ArrayNode dims = json.putArray("dimensions");
        ObjectNode hard = json.putObject("hard_limits");
        ObjectNode soft = json.putObject("soft_limits");
        for (int i = 0; i < args.dimensions().size(); i++) {
            String dim = args.dimensions().get(i);
            dims.add(dim);
            hard.put(dim, args.hardLimits().get(i));
            soft.put(dim, args.softLimits().get(i));
        }
        json.put("reset_interval_ms", args.resetIntervalMs());
        json.put("on_hard_limit", args.onHardLimit());
        json.put("on_soft_limit", args.onSoftLimit());
        Long nextReset = args.resetIntervalMs() > 0 ? now + args.resetIntervalMs() : null;
        tx.update("INSERT INTO ff_budget_policy (partition_key, budget_id, policy_json, scope_type, scope_id, "
                        + "enforcement_mode, breach_count, soft_breach_count, next_reset_at_ms, reset_count, "
                        + "created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?, 0, ?, ?)",
                partition, id, json.toString(), args.scopeType(), args.scopeId(),
                args.enforcementMode() == null ? "" : args.enforcementMode(), nextReset, now, now);
        return new CreateBudgetResult.Created(args.budgetId());
    }

    /** {@code resetBudget}: usage to 0, reset count and time, last-breach fields cleared, next reset scheduled. */
    public ResetBudgetResult reset(Tx tx, ResetBudgetArgs args) {
        int partition = partition(args.budgetId());
        String id = args.budgetId().toString();
        Policy policy = policy(tx, partition, id).orElseThrow(() -> EngineError.notFound("budget"));
        return new ResetBudgetResult.Reset(resetRow(tx, partition, id, policy, now(tx, args.now())));
    }

    /** {@code getBudgetStatus}. */
    public BudgetStatus status(Tx tx, BudgetId budgetId) {
        int partition = partition(budgetId);
        String id = budgetId.toString();
        Policy policy = policy(tx, partition, id).orElseThrow(() -> EngineError.notFound("budget"));
        Map<String, Long> usage = new TreeMap<>();
        policy.dimensions().forEach(d -> usage.put(d, 0L));
        usage.putAll(usage(tx, partition, id));
        return tx.queryOne("SELECT scope_type, scope_id, enforcement_mode, breach_count, soft_breach_count, "
                        + "last_breach_at_ms, last_breach_dim, next_reset_at_ms, created_at_ms FROM ff_budget_policy "
                        + "WHERE partition_key = ? AND budget_id = ?",
                rs -> new BudgetStatus(budgetId, rs.getString("scope_type"), rs.getString("scope_id"),
                        rs.getString("enforcement_mode"), usage, policy.hard(), policy.soft(),
                        rs.getLong("breach_count"), rs.getLong("soft_breach_count"),
                        Tx.nullableLong(rs, "last_breach_at_ms"), rs.getString("last_breach_dim"),
                        Tx.nullableLong(rs, "next_reset_at_ms"), Tx.nullableLong(rs, "created_at_ms")),
                partition, id).orElseThrow(() -> EngineError.notFound("budget"));
    }

    /** {@code readBudgetUsageAndLimits}: empty maps for an unknown budget. */
    public BudgetUsageAndLimits usageAndLimits(Tx tx, BudgetId budgetId) {
        int partition = partition(budgetId);
        String id = budgetId.toString();
        Optional<Policy> policy = policy(tx, partition, id);
        if (policy.isEmpty()) {
            return new BudgetUsageAndLimits(Map.of(), Map.of());
        }
        Map<String, String> limits = new TreeMap<>();
        policy.get().hard().forEach((dim, v) -> limits.put("hard:" + dim, Long.toString(v)));
        policy.get().soft().forEach((dim, v) -> limits.put("soft:" + dim, Long.toString(v)));
        return new BudgetUsageAndLimits(limits, usage(tx, partition, id));
    }

    /**
     * {@code reportUsage} / {@code reportUsageAdmin}: one unit in the budget's partition, steps 1–4 of spec 04 §5.2.
     * {@code now} 0 means the unit's clock.
     */
    public ReportUsageResult report(Tx tx, BudgetId budgetId, List<UsageDelta> deltas, String dedupKey, long now) {
        return apply(tx, budgetId, deltas, dedupKey, null, now(tx, now));
    }

    /** {@code recordSpend}: a usage report that also adds each applied delta to the execution's ledger. */
    public ReportUsageResult recordSpend(Tx tx, RecordSpendArgs args) {
        return apply(tx, args.budgetId(), args.usageDeltas(), args.idempotencyKey(), args.executionId(), tx.now());
    }

    /**
     * {@code releaseBudget}: subtracts the execution's ledger from usage (floor 0) and deletes it. Idempotent: a
     * second call, or an unknown budget, finds no ledger and changes nothing.
     */
    public void release(Tx tx, ReleaseBudgetArgs args) {
        int partition = partition(args.budgetId());
        String id = args.budgetId().toString();
        String exec = args.executionId().toString();
        // lock the budget row first: two concurrent releases of one ledger must not both subtract it
        policy(tx, partition, id);
        Map<String, Long> ledger = new LinkedHashMap<>();
        tx.query("SELECT dimensions_key, delta_total FROM ff_budget_usage_by_exec WHERE partition_key = ? "
                        + "AND budget_id = ? AND execution_id = ? ORDER BY dimensions_key",
                rs -> ledger.put(rs.getString(1), rs.getLong(2)), partition, id, exec);
        if (ledger.isEmpty()) {
            return;
        }
        long now = tx.now();
        ledger.forEach((dim, total) -> tx.update("UPDATE ff_budget_usage SET current_value = CASE WHEN "
                        + "current_value > ? THEN current_value - ? ELSE 0 END, updated_at_ms = ? "
                        + "WHERE partition_key = ? AND budget_id = ? AND dimensions_key = ?",
                total, total, now, partition, id, dim));
        tx.update("DELETE FROM ff_budget_usage_by_exec WHERE partition_key = ? AND budget_id = ? AND execution_id = ?",
                partition, id, exec);
        tx.update("UPDATE ff_budget_policy SET updated_at_ms = ? WHERE partition_key = ? AND budget_id = ?",
                now, partition, id);
    }

    // ------------------------------------------------------------------------------------------ admission reads

    /**
     * The first dimension of the budget whose hard limit is set and reached ({@code usage >= hard}), as
     * {@code "<dim> usage U >= hard limit H"}; empty when the budget is below every hard limit or does not exist
     * (missing budgets are ignored by admission, spec 04 §5.4 step 4).
     */
    public Optional<String> exhaustedDimension(Tx tx, BudgetId budgetId) {
        int partition = partition(budgetId);
        String id = budgetId.toString();
        Optional<Policy> policy = policy(tx, partition, id);
        if (policy.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Long> usage = usage(tx, partition, id);
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

    /** Timer 9 selection: due budgets, at most {@value #RESETS_PER_PARTITION} per partition, earliest first. */
    public List<BudgetId> dueResets(Tx tx) {
        Map<Integer, Integer> perPartition = new TreeMap<>();
        List<BudgetId> out = new ArrayList<>();
        tx.query("SELECT partition_key, budget_id FROM ff_budget_policy WHERE next_reset_at_ms IS NOT NULL "
                        + "AND next_reset_at_ms <= ? ORDER BY partition_key, next_reset_at_ms, budget_id",
                rs -> {
                    int p = rs.getInt(1);
                    if (perPartition.merge(p, 1, Integer::sum) <= RESETS_PER_PARTITION) {
                        out.add(BudgetId.parse(rs.getString(2)));
                    }
                    return null;
                }, tx.now());
        return out;
    }

    /** Timer 9 item ({@code resetDueBudget}): resets the budget only if it is still due. */
    public void resetIfDue(Tx tx, BudgetId budgetId) {
        int partition = partition(budgetId);
        String id = budgetId.toString();
        Long due = tx.queryOne("SELECT next_reset_at_ms FROM ff_budget_policy WHERE partition_key = ? AND budget_id = ?",
                rs -> Tx.nullableLong(rs, "next_reset_at_ms"), partition, id).orElse(null);
        if (due == null || due > tx.now()) {
            return;
        }
        policy(tx, partition, id).ifPresent(p -> resetRow(tx, partition, id, p, tx.now()));
    }

    /** Timer 13 selection: every budget, or those of one budget partition when {@code partition} is given. */
    public List<BudgetId> all(Tx tx, Integer partition) {
        if (partition == null) {
            return tx.query("SELECT budget_id FROM ff_budget_policy ORDER BY partition_key, budget_id",
                    rs -> BudgetId.parse(rs.getString(1)));
        }
        return tx.query("SELECT budget_id FROM ff_budget_policy WHERE partition_key = ? ORDER BY budget_id",
                rs -> BudgetId.parse(rs.getString(1)), partition);
    }

    /**
     * Timer 13 item ({@code reconcileBudgetCounters}): keeps the breach markers consistent with the counters and
     * the usage. {@code last_breach_at_ms} and {@code last_breach_dim} are set together or not at all and name a
     * dimension with a hard limit; markers imply {@code breach_count >= 1}; a budget sitting at or above a hard
     * limit without markers gets them (the next positive report there must breach). Expired dedup keys of the
     * budget are dropped so they apply again. Returns whether the markers changed.
     */
    public boolean reconcile(Tx tx, BudgetId budgetId) {
        int partition = partition(budgetId);
        String id = budgetId.toString();
        Optional<Policy> policy = policy(tx, partition, id);
        if (policy.isEmpty()) {
            return false;
        }
        long now = tx.now();
        tx.update("DELETE FROM ff_budget_usage_dedup WHERE partition_key = ? AND budget_id = ? AND expires_at_ms <= ?",
                partition, id, now);
        record Markers(Long at, String dim, long breaches) {}
        Markers m = tx.queryOne("SELECT last_breach_at_ms, last_breach_dim, breach_count FROM ff_budget_policy "
                        + "WHERE partition_key = ? AND budget_id = ?",
                rs -> new Markers(Tx.nullableLong(rs, "last_breach_at_ms"), rs.getString("last_breach_dim"),
                        rs.getLong("breach_count")), partition, id).orElseThrow();
        Long at = m.at();
        String dim = m.dim();
        long breaches = m.breaches();
        if (dim != null && policy.get().hardLimit(dim) <= 0) {
            dim = null;
        }
        if (at == null || dim == null) {
            at = null;
            dim = null;
        }
        if (dim == null) {
            Map<String, Long> usage = usage(tx, partition, id);
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
        boolean same = java.util.Objects.equals(at, m.at()) && java.util.Objects.equals(dim, m.dim())
                && breaches == m.breaches();
        if (!same) {
            tx.update("UPDATE ff_budget_policy SET last_breach_at_ms = ?, last_breach_dim = ?, breach_count = ?, "
                    + "updated_at_ms = ? WHERE partition_key = ? AND budget_id = ?", at, dim, breaches, now,
                    partition, id);
        }
        return !same;
    }

    // ------------------------------------------------------------------------------------------ internals

    private ReportUsageResult apply(Tx tx, BudgetId budgetId, List<UsageDelta> deltas, String dedupKey,
                                    ExecutionId ledgerExecution, long now) {
        int partition = partition(budgetId);
        String id = budgetId.toString();
        Policy policy = policy(tx, partition, id).orElseThrow(() -> EngineError.notFound("budget"));
        boolean dedup = dedupKey != null && !dedupKey.isEmpty();
        // 1. a live dedup key was already applied
        if (dedup && tx.queryLong("SELECT COUNT(*) FROM ff_budget_usage_dedup WHERE partition_key = ? "
                + "AND budget_id = ? AND dedup_key = ? AND (expires_at_ms IS NULL OR expires_at_ms > ?)",
                partition, id, dedupKey, now) > 0) {
            return new ReportUsageResult.AlreadyApplied();
        }
        // 2. check every dimension before incrementing any
        Map<String, Long> usage = usage(tx, partition, id);
        for (UsageDelta d : deltas) {
            long current = usage.getOrDefault(d.dimension(), 0L);
            long hard = policy.hardLimit(d.dimension());
            if (hard > 0 && current + d.delta() > hard) {
                tx.update("UPDATE ff_budget_policy SET breach_count = breach_count + 1, last_breach_at_ms = ?, "
                        + "last_breach_dim = ?, updated_at_ms = ? WHERE partition_key = ? AND budget_id = ?",
                        now, d.dimension(), now, partition, id);
                return new ReportUsageResult.HardBreach(d.dimension(), current, hard);
            }
        }
        // 3. apply every increment; remember the first soft breach
        ReportUsageResult result = new ReportUsageResult.Ok();
        for (UsageDelta d : deltas) {
            long next = usage.getOrDefault(d.dimension(), 0L) + d.delta();
            tx.update("INSERT INTO ff_budget_usage (partition_key, budget_id, dimensions_key, current_value, "
                    + "updated_at_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (partition_key, budget_id, dimensions_key) "
                    + "DO UPDATE SET current_value = excluded.current_value, updated_at_ms = excluded.updated_at_ms",
                    partition, id, d.dimension(), next, now);
            if (ledgerExecution != null) {
                tx.update("INSERT INTO ff_budget_usage_by_exec (partition_key, budget_id, execution_id, "
                        + "dimensions_key, delta_total, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (partition_key, budget_id, execution_id, dimensions_key) DO UPDATE SET "
                        + "delta_total = ff_budget_usage_by_exec.delta_total + excluded.delta_total, "
                        + "updated_at_ms = excluded.updated_at_ms",
                        partition, id, ledgerExecution.toString(), d.dimension(), d.delta(), now);
            }
            long soft = policy.softLimit(d.dimension());
            if (result instanceof ReportUsageResult.Ok && soft > 0 && next > soft) {
                result = new ReportUsageResult.SoftBreach(d.dimension(), next, soft);
            }
        }
        // 4. record the dedup key; count a soft breach
        if (dedup) {
            tx.update("INSERT INTO ff_budget_usage_dedup (partition_key, budget_id, dedup_key, outcome_json, "
                    + "applied_at_ms, expires_at_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (partition_key, budget_id, "
                    + "dedup_key) DO UPDATE SET outcome_json = excluded.outcome_json, applied_at_ms = "
                    + "excluded.applied_at_ms, expires_at_ms = excluded.expires_at_ms",
                    partition, id, dedupKey, json(result), now, now + DEDUP_TTL_MS);
        }
        tx.update("UPDATE ff_budget_policy SET soft_breach_count = soft_breach_count + ?, updated_at_ms = ? "
                + "WHERE partition_key = ? AND budget_id = ?",
                result instanceof ReportUsageResult.SoftBreach ? 1 : 0, now, partition, id);
        return result;
    }

    /** Zeroes usage and re-arms the reset; returns the next reset time, 0 when the budget does not recur. */
    private static long resetRow(Tx tx, int partition, String id, Policy policy, long now) {
        tx.update("UPDATE ff_budget_usage SET current_value = 0, last_reset_at_ms = ?, updated_at_ms = ? "
                + "WHERE partition_key = ? AND budget_id = ?", now, now, partition, id);
        Long next = policy.resetIntervalMs() > 0 ? now + policy.resetIntervalMs() : null;
        tx.update("UPDATE ff_budget_policy SET reset_count = reset_count + 1, last_reset_at_ms = ?, "
                + "last_breach_at_ms = NULL, last_breach_dim = NULL, next_reset_at_ms = ?, updated_at_ms = ? "
                + "WHERE partition_key = ? AND budget_id = ?", now, next, now, partition, id);
        return next == null ? 0 : next;
    }

    private int partition(BudgetId budgetId) {
        if (budgetId == null) {
            // a missing id is the caller's error, never a NullPointerException (spec 06 M2)
            throw EngineError.invalidInput("budget_id: required");
        }
        return partitions.get().budgetPartition(budgetId);
    }

    private static boolean exists(Tx tx, int partition, String id) {
        return tx.queryLong("SELECT COUNT(*) FROM ff_budget_policy WHERE partition_key = ? AND budget_id = ?",
                partition, id) > 0;
    }

    /**
     * The budget's policy. In a write unit the budget row is locked first ({@code FOR UPDATE} on PostgreSQL), so
     * concurrent reports, resets and admissions on one budget serialise and read each other's usage: no lost update.
     */
    static Optional<Policy> policy(Tx tx, int partition, String id) {
        return tx.queryOne("SELECT policy_json FROM ff_budget_policy WHERE partition_key = ? AND budget_id = ?"
                + tx.forUpdate(), rs -> rs.getString(1), partition, id).map(BudgetHandlers::parsePolicy);
    }

    private static Policy parsePolicy(String text) {
        try {
            JsonNode node = SkeinJson.lenient().readTree(text);
            List<String> dims = new ArrayList<>();
            node.path("dimensions").forEach(d -> dims.add(d.asText()));
            Map<String, Long> hard = new TreeMap<>();
            Map<String, Long> soft = new TreeMap<>();
            node.path("hard_limits").fields().forEachRemaining(f -> hard.put(f.getKey(), f.getValue().asLong()));
            node.path("soft_limits").fields().forEachRemaining(f -> soft.put(f.getKey(), f.getValue().asLong()));
            return new Policy(List.copyOf(dims), hard, soft, node.path("reset_interval_ms").asLong(0));
        } catch (IOException e) {
            throw EngineError.validation(ValidationKind.CORRUPTION, "ff_budget_policy.policy_json: not JSON");
        }
    }

    private static Map<String, Long> usage(Tx tx, int partition, String id) {
        Map<String, Long> out = new TreeMap<>();
        tx.query("SELECT dimensions_key, current_value FROM ff_budget_usage WHERE partition_key = ? AND budget_id = ?",
                rs -> out.put(rs.getString(1), rs.getLong(2)), partition, id);
        return out;
    }

    private static String json(ReportUsageResult result) {
        try {
            return SkeinJson.lenient().writeValueAsString(result);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long now(Tx tx, long given) {
        return given > 0 ? given : tx.now();
    }
}
