package io.skein.sql.engine.handler;

import io.skein.engine.processing.Lifecycle;

import io.skein.core.api.CheckAdmissionArgs;
import io.skein.core.api.CheckAdmissionResult;
import io.skein.core.api.CreateQuotaPolicyArgs;
import io.skein.core.api.CreateQuotaPolicyResult;
import io.skein.core.api.QuotaPolicyLimits;
import io.skein.core.api.ReleaseAdmissionArgs;
import io.skein.core.api.ReleaseAdmissionResult;
import io.skein.core.error.EngineError;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.QuotaPolicyId;
import io.skein.sql.engine.Tx;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Quota policies and admission checks (spec 04 §5.3; 02 §8): a sliding-window log per (policy, dimension) in
 * {@code ff_quota_window}, one admission guard per (policy, execution) in {@code ff_quota_admitted} living one
 * window, and the concurrency counter {@code ff_quota_policy.active_concurrency}. Rows live in the policy's quota
 * partition {@code {q:N}}; policy and execution ids are stored as text. The engine frees a slot at every terminal
 * transition through {@code Lifecycle.releaseQuotaAdmission}, which deletes the same guard and decrements the same
 * counter as {@link #releaseAdmission}.
 */
public final class QuotaHandlers {

    /** Window used by claim-time admission when the policy names none (spec 04 §5.4 step 5). */
    public static final long DEFAULT_WINDOW_SECONDS = 60;

    private final Supplier<PartitionConfig> partitions;

    public QuotaHandlers(Supplier<PartitionConfig> partitions) {
        this.partitions = partitions;
    }

    /** Checks that need no storage. */
    public static void validate(CheckAdmissionArgs args) {
        if (args.windowSeconds() < 0) {
            throw EngineError.invalidInput("window_seconds: must be >= 0, got " + args.windowSeconds());
        }
        if (args.rateLimit() < 0) {
            throw EngineError.invalidInput("rate_limit: must be >= 0, got " + args.rateLimit());
        }
        if (args.concurrencyCap() < 0) {
            throw EngineError.invalidInput("concurrency_cap: must be >= 0, got " + args.concurrencyCap());
        }
        if (args.jitterMs() != null && args.jitterMs() < 0) {
            throw EngineError.invalidInput("jitter_ms: must be >= 0, got " + args.jitterMs());
        }
    }

    /** {@code createQuotaPolicy}: idempotent, never overwrites; concurrency counter 0. */
    public CreateQuotaPolicyResult create(Tx tx, CreateQuotaPolicyArgs args) {
        int partition = partition(args.quotaPolicyId());
        String id = args.quotaPolicyId().toString();
        if (limits(tx, partition, id).isPresent()) {
            return new CreateQuotaPolicyResult.AlreadySatisfied();
        }
        long now = args.now() > 0 ? args.now() : tx.now();
        tx.update("INSERT INTO ff_quota_policy (partition_key, quota_policy_id, requests_per_window_seconds, "
                        + "max_requests_per_window, active_concurrency_cap, active_concurrency, jitter_ms, created_at_ms, "
                        + "updated_at_ms) VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?)",
                partition, id, args.windowSeconds(), args.maxRequestsPerWindow(), args.maxConcurrent(), now, now);
        return new CreateQuotaPolicyResult.Created();
    }

    /** {@code readQuotaPolicyLimits}: empty for an unknown policy. */
    public Optional<QuotaPolicyLimits> limits(Tx tx, QuotaPolicyId policyId) {
        return limits(tx, partition(policyId), policyId.toString());
    }

    /**
     * {@code checkAdmission}, steps 1–5 of spec 04 §5.3 in one unit. A window of 0 seconds keeps no history
     * (every earlier entry has left it). Unknown policy → {@code NotFound(quota_policy)}.
     */
    public CheckAdmissionResult check(Tx tx, QuotaPolicyId policyId, String dimension, CheckAdmissionArgs args) {
        int partition = partition(policyId);
        String id = policyId.toString();
        if (limits(tx, partition, id).isEmpty()) {
            throw EngineError.notFound("quota_policy");
        }
        String dim = CheckAdmissionArgs.admissionDimension(dimension);
        String exec = args.executionId().toString();
        long now = args.now() > 0 ? args.now() : tx.now();
        long windowMs = args.windowSeconds() * 1000;
        // 1. a live guard admits the execution again without counting it twice
        if (tx.queryLong("SELECT COUNT(*) FROM ff_quota_admitted WHERE partition_key = ? AND quota_policy_id = ? "
                + "AND execution_id = ? AND expires_at_ms > ?", partition, id, exec, now) > 0) {
            return new CheckAdmissionResult.AlreadyAdmitted();
        }
        // 2. slide the window
        tx.update("DELETE FROM ff_quota_window WHERE partition_key = ? AND quota_policy_id = ? AND dimension = ? "
                + "AND admitted_at_ms <= ?", partition, id, dim, now - windowMs);
        // 3. rate
        if (args.rateLimit() > 0) {
            long entries = tx.queryLong("SELECT COUNT(*) FROM ff_quota_window WHERE partition_key = ? "
                    + "AND quota_policy_id = ? AND dimension = ?", partition, id, dim);
            if (entries >= args.rateLimit()) {
                long oldest = tx.queryLong("SELECT MIN(admitted_at_ms) FROM ff_quota_window WHERE partition_key = ? "
                        + "AND quota_policy_id = ? AND dimension = ?", partition, id, dim);
                long jitter = args.jitterMs() == null || args.jitterMs() == 0 ? 0
                        : ThreadLocalRandom.current().nextLong(args.jitterMs() + 1);
                return new CheckAdmissionResult.RateExceeded(Math.max(0, oldest + windowMs - now) + jitter);
            }
        }
        // 4. concurrency
        if (args.concurrencyCap() > 0 && active(tx, partition, id) >= args.concurrencyCap()) {
            return new CheckAdmissionResult.ConcurrencyExceeded();
        }
        // 5. admit: one window entry per execution, a guard living one window, a slot when a cap is set
        tx.update("DELETE FROM ff_quota_window WHERE partition_key = ? AND quota_policy_id = ? AND dimension = ? "
                + "AND execution_id = ?", partition, id, dim, exec);
        tx.update("INSERT INTO ff_quota_window (partition_key, quota_policy_id, dimension, admitted_at_ms, "
                + "execution_id) VALUES (?, ?, ?, ?, ?)", partition, id, dim, now, exec);
        tx.update("INSERT INTO ff_quota_admitted (partition_key, quota_policy_id, execution_id, admitted_at_ms, "
                + "expires_at_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (partition_key, quota_policy_id, execution_id) "
                + "DO UPDATE SET admitted_at_ms = excluded.admitted_at_ms, expires_at_ms = excluded.expires_at_ms",
                partition, id, exec, now, now + windowMs);
        if (args.concurrencyCap() > 0) {
            tx.update("UPDATE ff_quota_policy SET active_concurrency = active_concurrency + 1, updated_at_ms = ? "
                    + "WHERE partition_key = ? AND quota_policy_id = ?", now, partition, id);
        }
        return new CheckAdmissionResult.Admitted();
    }

    /** {@code releaseAdmission}: the guard goes and its slot is freed (floor 0); a second call changes nothing. */
    public ReleaseAdmissionResult release(Tx tx, ReleaseAdmissionArgs args) {
        int partition = partition(args.quotaPolicyId());
        String id = args.quotaPolicyId().toString();
        int deleted = tx.update("DELETE FROM ff_quota_admitted WHERE partition_key = ? AND quota_policy_id = ? "
                + "AND execution_id = ?", partition, id, args.executionId().toString());
        if (deleted > 0) {
            tx.update("UPDATE ff_quota_policy SET active_concurrency = CASE WHEN active_concurrency > 0 "
                    + "THEN active_concurrency - 1 ELSE 0 END, updated_at_ms = ? WHERE partition_key = ? "
                    + "AND quota_policy_id = ?", tx.now(), partition, id);
        }
        return new ReleaseAdmissionResult.Released();
    }

    /**
     * Whether the policy would admit a new execution now, without writing: window count (over the policy's own
     * window) below the rate and active below the cap. The unblock timer uses it (spec 04 §5.4).
     */
    public boolean hasRoom(Tx tx, QuotaPolicyId policyId) {
        int partition = partition(policyId);
        String id = policyId.toString();
        Optional<QuotaPolicyLimits> limits = limits(tx, partition, id);
        if (limits.isEmpty() || limits.get().unlimited()) {
            return true;
        }
        QuotaPolicyLimits l = limits.get();
        long windowMs = windowSeconds(l) * 1000;
        if (l.maxRequestsPerWindow() > 0 && tx.queryLong("SELECT COUNT(*) FROM ff_quota_window WHERE partition_key = ? "
                        + "AND quota_policy_id = ? AND dimension = ? AND admitted_at_ms > ?", partition, id,
                CheckAdmissionArgs.DEFAULT_DIMENSION, tx.now() - windowMs) >= l.maxRequestsPerWindow()) {
            return false;
        }
        return l.activeConcurrencyCap() <= 0 || active(tx, partition, id) < l.activeConcurrencyCap();
    }

    /** Timer 13 selection: every policy, or those of one quota partition when {@code partition} is given. */
    public List<QuotaPolicyId> all(Tx tx, Integer partition) {
        if (partition == null) {
            return tx.query("SELECT quota_policy_id FROM ff_quota_policy ORDER BY partition_key, quota_policy_id",
                    rs -> QuotaPolicyId.parse(rs.getString(1)));
        }
        return tx.query("SELECT quota_policy_id FROM ff_quota_policy WHERE partition_key = ? ORDER BY quota_policy_id",
                rs -> QuotaPolicyId.parse(rs.getString(1)), partition);
    }

    /**
     * Timer 13 item ({@code reconcileQuotaCounters}): trims the window log to the policy's window, drops expired
     * guards and recomputes {@code active_concurrency} from the live guards (0 when the policy has no cap).
     * Returns whether any row changed.
     */
    public boolean reconcile(Tx tx, QuotaPolicyId policyId) {
        int partition = partition(policyId);
        String id = policyId.toString();
        Optional<QuotaPolicyLimits> limits = limits(tx, partition, id);
        if (limits.isEmpty()) {
            return false;
        }
        long now = tx.now();
        int changed = tx.update("DELETE FROM ff_quota_window WHERE partition_key = ? AND quota_policy_id = ? "
                + "AND admitted_at_ms <= ?", partition, id, now - windowSeconds(limits.get()) * 1000);
        changed += tx.update("DELETE FROM ff_quota_admitted WHERE partition_key = ? AND quota_policy_id = ? "
                + "AND expires_at_ms <= ?", partition, id, now);
        long live = limits.get().activeConcurrencyCap() > 0 ? tx.queryLong("SELECT COUNT(*) FROM ff_quota_admitted "
                + "WHERE partition_key = ? AND quota_policy_id = ?", partition, id) : 0;
        if (live != active(tx, partition, id)) {
            tx.update("UPDATE ff_quota_policy SET active_concurrency = ?, updated_at_ms = ? WHERE partition_key = ? "
                    + "AND quota_policy_id = ?", live, now, partition, id);
            changed++;
        }
        return changed > 0;
    }

    /** The window claim-time admission uses for a policy: its own, or 60 s when it names none. */
    public static long windowSeconds(QuotaPolicyLimits limits) {
        return limits.requestsPerWindowSeconds() > 0 ? limits.requestsPerWindowSeconds() : DEFAULT_WINDOW_SECONDS;
    }

    /** The admission arguments claim-time admission passes for a policy (spec 04 §5.4 step 5). */
    public static CheckAdmissionArgs claimTimeArgs(ExecutionId executionId, long now, QuotaPolicyLimits limits) {
        return new CheckAdmissionArgs(executionId, now, windowSeconds(limits), limits.maxRequestsPerWindow(),
                limits.activeConcurrencyCap(), limits.jitterMs());
    }

    private int partition(QuotaPolicyId policyId) {
        if (policyId == null) {
            // a missing id is the caller's error, never a NullPointerException (spec 06 M2)
            throw EngineError.invalidInput("quota_policy_id: required");
        }
        return partitions.get().quotaPartition(policyId);
    }

    /**
     * The policy's limits. In a write unit the policy row is locked first ({@code FOR UPDATE} on PostgreSQL), so
     * concurrent admissions and releases on one policy serialise: the window count and the concurrency slot a unit
     * checks cannot change under it.
     */
    private static Optional<QuotaPolicyLimits> limits(Tx tx, int partition, String id) {
        return tx.queryOne("SELECT max_requests_per_window, requests_per_window_seconds, active_concurrency_cap, "
                        + "jitter_ms FROM ff_quota_policy WHERE partition_key = ? AND quota_policy_id = ?"
                        + tx.forUpdate(),
                rs -> new QuotaPolicyLimits(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)), partition, id);
    }

    private static long active(Tx tx, int partition, String id) {
        return tx.queryLong("SELECT active_concurrency FROM ff_quota_policy WHERE partition_key = ? "
                + "AND quota_policy_id = ?", partition, id);
    }
}
