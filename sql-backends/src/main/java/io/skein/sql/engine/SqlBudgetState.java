package io.skein.sql.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.core.api.ReportUsageResult;
import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.BudgetId;
import io.skein.core.id.ExecutionId;
import io.skein.core.wire.SkeinJson;
import io.skein.engine.state.BudgetCounters;
import io.skein.engine.state.BudgetPolicy;
import io.skein.engine.state.MutableBudgetState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Budgets over {@code ff_budget_policy}, {@code ff_budget_usage} (one row per dimension, {@code dimensions_key} =
 * dimension name), {@code ff_budget_usage_by_exec} (the ledgers) and {@code ff_budget_usage_dedup}, in one unit of
 * work. Budget and execution ids are stored as text.
 *
 * <p>{@code ff_budget_policy.policy_json} layout (one object, written once at create, never changed):
 * <pre>
 * {"dimensions":["tokens","calls"],              // configured dimensions in create order
 *  "hard_limits":{"tokens":100,"calls":0},       // per dimension; 0 = no hard limit
 *  "soft_limits":{"tokens":80,"calls":0},        // per dimension; 0 = no soft limit
 *  "reset_interval_ms":0,                        // 0 = not recurring
 *  "on_hard_limit":"…","on_soft_limit":"…"}      // descriptive, as given
 * </pre>
 */
final class SqlBudgetState implements MutableBudgetState {

    private final Tx tx;

    SqlBudgetState(Tx tx) {
        this.tx = tx;
    }

    // ------------------------------------------------------------------------------------------ reads

    @Override
    public boolean exists(int partition, BudgetId budget) {
        return tx.queryLong("SELECT COUNT(*) FROM ff_budget_policy WHERE partition_key = ? AND budget_id = ?",
                partition, budget.toString()) > 0;
    }

    @Override
    public Optional<BudgetPolicy> policy(int partition, BudgetId budget) {
        return tx.queryOne("SELECT policy_json FROM ff_budget_policy WHERE partition_key = ? AND budget_id = ?"
                        + tx.forUpdate(), rs -> rs.getString(1), partition, budget.toString())
                .map(SqlBudgetState::parsePolicy);
    }

    @Override
    public Optional<BudgetCounters> counters(int partition, BudgetId budget) {
        return tx.queryOne("SELECT scope_type, scope_id, enforcement_mode, breach_count, soft_breach_count, "
                        + "last_breach_at_ms, last_breach_dim, next_reset_at_ms, created_at_ms FROM ff_budget_policy "
                        + "WHERE partition_key = ? AND budget_id = ?",
                rs -> new BudgetCounters(rs.getString("scope_type"), rs.getString("scope_id"),
                        rs.getString("enforcement_mode"), rs.getLong("breach_count"), rs.getLong("soft_breach_count"),
                        Tx.nullableLong(rs, "last_breach_at_ms"), rs.getString("last_breach_dim"),
                        Tx.nullableLong(rs, "next_reset_at_ms"), Tx.nullableLong(rs, "created_at_ms")),
                partition, budget.toString());
    }

    @Override
    public Map<String, Long> usage(int partition, BudgetId budget) {
        Map<String, Long> out = new TreeMap<>();
        tx.query("SELECT dimensions_key, current_value FROM ff_budget_usage WHERE partition_key = ? AND budget_id = ?",
                rs -> out.put(rs.getString(1), rs.getLong(2)), partition, budget.toString());
        return out;
    }

    @Override
    public boolean dedupApplied(int partition, BudgetId budget, String dedupKey, long now) {
        return tx.queryLong("SELECT COUNT(*) FROM ff_budget_usage_dedup WHERE partition_key = ? AND budget_id = ? "
                + "AND dedup_key = ? AND (expires_at_ms IS NULL OR expires_at_ms > ?)",
                partition, budget.toString(), dedupKey, now) > 0;
    }

    @Override
    public Map<String, Long> ledger(int partition, BudgetId budget, ExecutionId execution) {
        Map<String, Long> ledger = new LinkedHashMap<>();
        tx.query("SELECT dimensions_key, delta_total FROM ff_budget_usage_by_exec WHERE partition_key = ? "
                        + "AND budget_id = ? AND execution_id = ? ORDER BY dimensions_key",
                rs -> ledger.put(rs.getString(1), rs.getLong(2)), partition, budget.toString(), execution.toString());
        return ledger;
    }

    // ------------------------------------------------------------------------------------------ writes

    @Override
    public void insert(int partition, BudgetId budget, BudgetPolicy policy, String scopeType, String scopeId,
                       String enforcementMode, Long nextResetAtMs, long now) {
        tx.update("INSERT INTO ff_budget_policy (partition_key, budget_id, policy_json, scope_type, scope_id, "
                        + "enforcement_mode, breach_count, soft_breach_count, next_reset_at_ms, reset_count, "
                        + "created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?, 0, ?, ?)",
                partition, budget.toString(), policyJson(policy), scopeType, scopeId, enforcementMode, nextResetAtMs,
                now, now);
    }

    @Override
    public void setUsage(int partition, BudgetId budget, String dimension, long value, long now) {
        tx.update("INSERT INTO ff_budget_usage (partition_key, budget_id, dimensions_key, current_value, "
                + "updated_at_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (partition_key, budget_id, dimensions_key) "
                + "DO UPDATE SET current_value = excluded.current_value, updated_at_ms = excluded.updated_at_ms",
                partition, budget.toString(), dimension, value, now);
    }

    @Override
    public void subtractUsage(int partition, BudgetId budget, String dimension, long amount, long now) {
        tx.update("UPDATE ff_budget_usage SET current_value = CASE WHEN current_value > ? THEN current_value - ? "
                        + "ELSE 0 END, updated_at_ms = ? WHERE partition_key = ? AND budget_id = ? AND dimensions_key = ?",
                amount, amount, now, partition, budget.toString(), dimension);
    }

    @Override
    public void addToLedger(int partition, BudgetId budget, ExecutionId execution, String dimension, long delta,
                            long now) {
        tx.update("INSERT INTO ff_budget_usage_by_exec (partition_key, budget_id, execution_id, dimensions_key, "
                        + "delta_total, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (partition_key, budget_id, execution_id, dimensions_key) DO UPDATE SET "
                        + "delta_total = ff_budget_usage_by_exec.delta_total + excluded.delta_total, "
                        + "updated_at_ms = excluded.updated_at_ms",
                partition, budget.toString(), execution.toString(), dimension, delta, now);
    }

    @Override
    public void deleteLedger(int partition, BudgetId budget, ExecutionId execution) {
        tx.update("DELETE FROM ff_budget_usage_by_exec WHERE partition_key = ? AND budget_id = ? AND execution_id = ?",
                partition, budget.toString(), execution.toString());
    }

    @Override
    public void rememberDedup(int partition, BudgetId budget, String dedupKey, ReportUsageResult outcome, long now,
                              long expiresAtMs) {
        tx.update("INSERT INTO ff_budget_usage_dedup (partition_key, budget_id, dedup_key, outcome_json, "
                        + "applied_at_ms, expires_at_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (partition_key, budget_id, "
                        + "dedup_key) DO UPDATE SET outcome_json = excluded.outcome_json, applied_at_ms = "
                        + "excluded.applied_at_ms, expires_at_ms = excluded.expires_at_ms",
                partition, budget.toString(), dedupKey, json(outcome), now, expiresAtMs);
    }

    @Override
    public void forgetExpiredDedup(int partition, BudgetId budget, long now) {
        tx.update("DELETE FROM ff_budget_usage_dedup WHERE partition_key = ? AND budget_id = ? AND expires_at_ms <= ?",
                partition, budget.toString(), now);
    }

    @Override
    public void recordHardBreach(int partition, BudgetId budget, String dimension, long now) {
        tx.update("UPDATE ff_budget_policy SET breach_count = breach_count + 1, last_breach_at_ms = ?, "
                        + "last_breach_dim = ?, updated_at_ms = ? WHERE partition_key = ? AND budget_id = ?",
                now, dimension, now, partition, budget.toString());
    }

    @Override
    public void recordReport(int partition, BudgetId budget, boolean softBreach, long now) {
        tx.update("UPDATE ff_budget_policy SET soft_breach_count = soft_breach_count + ?, updated_at_ms = ? "
                + "WHERE partition_key = ? AND budget_id = ?", softBreach ? 1 : 0, now, partition, budget.toString());
    }

    @Override
    public void touch(int partition, BudgetId budget, long now) {
        tx.update("UPDATE ff_budget_policy SET updated_at_ms = ? WHERE partition_key = ? AND budget_id = ?",
                now, partition, budget.toString());
    }

    @Override
    public void setBreachMarkers(int partition, BudgetId budget, Long lastBreachAtMs, String lastBreachDim,
                                 long breachCount, long now) {
        tx.update("UPDATE ff_budget_policy SET last_breach_at_ms = ?, last_breach_dim = ?, breach_count = ?, "
                        + "updated_at_ms = ? WHERE partition_key = ? AND budget_id = ?", lastBreachAtMs, lastBreachDim,
                breachCount, now, partition, budget.toString());
    }

    @Override
    public void reset(int partition, BudgetId budget, Long nextResetAtMs, long now) {
        tx.update("UPDATE ff_budget_usage SET current_value = 0, last_reset_at_ms = ?, updated_at_ms = ? "
                + "WHERE partition_key = ? AND budget_id = ?", now, now, partition, budget.toString());
        tx.update("UPDATE ff_budget_policy SET reset_count = reset_count + 1, last_reset_at_ms = ?, "
                + "last_breach_at_ms = NULL, last_breach_dim = NULL, next_reset_at_ms = ?, updated_at_ms = ? "
                + "WHERE partition_key = ? AND budget_id = ?", now, nextResetAtMs, now, partition, budget.toString());
    }

    // ------------------------------------------------------------------------------------------ policy_json

    private static String policyJson(BudgetPolicy policy) {
        ObjectNode json = SkeinJson.lenient().createObjectNode();
        ArrayNode dims = json.putArray("dimensions");
        ObjectNode hard = json.putObject("hard_limits");
        ObjectNode soft = json.putObject("soft_limits");
        for (String dim : policy.dimensions()) {
            dims.add(dim);
            hard.put(dim, policy.hardLimit(dim));
            soft.put(dim, policy.softLimit(dim));
        }
        json.put("reset_interval_ms", policy.resetIntervalMs());
        json.put("on_hard_limit", policy.onHardLimit());
        json.put("on_soft_limit", policy.onSoftLimit());
        return json.toString();
    }

    private static BudgetPolicy parsePolicy(String text) {
        try {
            JsonNode node = SkeinJson.lenient().readTree(text);
            List<String> dims = new ArrayList<>();
            node.path("dimensions").forEach(d -> dims.add(d.asText()));
            Map<String, Long> hard = new TreeMap<>();
            Map<String, Long> soft = new TreeMap<>();
            node.path("hard_limits").fields().forEachRemaining(f -> hard.put(f.getKey(), f.getValue().asLong()));
            node.path("soft_limits").fields().forEachRemaining(f -> soft.put(f.getKey(), f.getValue().asLong()));
            return new BudgetPolicy(dims, hard, soft, node.path("reset_interval_ms").asLong(0),
                    text(node, "on_hard_limit"), text(node, "on_soft_limit"));
        } catch (IOException e) {
            throw EngineError.validation(ValidationKind.CORRUPTION, "ff_budget_policy.policy_json: not JSON");
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static String json(ReportUsageResult result) {
        try {
            return SkeinJson.lenient().writeValueAsString(result);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
