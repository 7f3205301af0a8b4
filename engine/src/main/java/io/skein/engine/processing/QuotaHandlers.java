package io.skein.engine.processing;

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
import io.skein.engine.EngineUnit;
import io.skein.engine.state.MutableQuotaState;
import io.skein.engine.state.QuotaState;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Quota policies and admission checks (spec 04 §5.3; 02 §8): a sliding-window log per (policy, dimension), one
 * admission guard per (policy, execution) living one window, and the policy's concurrency counter. A policy lives in
 * its quota partition {@code {q:N}}. The engine frees a slot at every terminal transition through
 * {@code Lifecycle.releaseQuotaAdmission}, which releases the same guard and slot as {@link #release}.
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
    public CreateQuotaPolicyResult create(EngineUnit unit, CreateQuotaPolicyArgs args) {
        int partition = partition(args.quotaPolicyId());
        if (unit.quotas().limits(partition, args.quotaPolicyId()).isPresent()) {
            return new CreateQuotaPolicyResult.AlreadySatisfied();
        }
        long now = args.now() > 0 ? args.now() : unit.now();
        unit.quotas().insert(partition, args.quotaPolicyId(), args.windowSeconds(), args.maxRequestsPerWindow(),
                args.maxConcurrent(), now);
        return new CreateQuotaPolicyResult.Created();
    }

    /** {@code readQuotaPolicyLimits}: empty for an unknown policy. */
    public Optional<QuotaPolicyLimits> limits(EngineUnit unit, QuotaPolicyId policyId) {
        return unit.quotas().limits(partition(policyId), policyId);
    }

    /**
     * {@code checkAdmission}, steps 1–5 of spec 04 §5.3 in one unit. A window of 0 seconds keeps no history
     * (every earlier entry has left it). Unknown policy → {@code NotFound(quota_policy)}.
     */
    public CheckAdmissionResult check(EngineUnit unit, QuotaPolicyId policyId, String dimension,
                                      CheckAdmissionArgs args) {
        int partition = partition(policyId);
        MutableQuotaState quotas = unit.quotas();
        if (quotas.limits(partition, policyId).isEmpty()) {
            throw EngineError.notFound("quota_policy");
        }
        String dim = CheckAdmissionArgs.admissionDimension(dimension);
        ExecutionId exec = args.executionId();
        long now = args.now() > 0 ? args.now() : unit.now();
        long windowMs = args.windowSeconds() * 1000;
        // 1. a live guard admits the execution again without counting it twice
        if (quotas.admitted(partition, policyId, exec, now)) {
            return new CheckAdmissionResult.AlreadyAdmitted();
        }
        // 2. slide the window
        quotas.trimWindow(partition, policyId, dim, now - windowMs);
        // 3. rate
        if (args.rateLimit() > 0) {
            long entries = quotas.windowEntries(partition, policyId, dim, now - windowMs);
            if (entries >= args.rateLimit()) {
                long oldest = quotas.oldestWindowEntry(partition, policyId, dim);
                long jitter = args.jitterMs() == null || args.jitterMs() == 0 ? 0
                        : unit.randomBelow(args.jitterMs() + 1);
                return new CheckAdmissionResult.RateExceeded(Math.max(0, oldest + windowMs - now) + jitter);
            }
        }
        // 4. concurrency
        if (args.concurrencyCap() > 0 && quotas.activeConcurrency(partition, policyId) >= args.concurrencyCap()) {
            return new CheckAdmissionResult.ConcurrencyExceeded();
        }
        // 5. admit: one window entry per execution, a guard living one window, a slot when a cap is set
        quotas.admit(partition, policyId, dim, exec, now, now + windowMs);
        if (args.concurrencyCap() > 0) {
            quotas.takeSlot(partition, policyId, now);
        }
        return new CheckAdmissionResult.Admitted();
    }

    /** {@code releaseAdmission}: the guard goes and its slot is freed (floor 0); a second call changes nothing. */
    public ReleaseAdmissionResult release(EngineUnit unit, ReleaseAdmissionArgs args) {
        unit.quotas().releaseAdmission(partition(args.quotaPolicyId()), args.quotaPolicyId(), args.executionId(),
                unit.now());
        return new ReleaseAdmissionResult.Released();
    }

    /**
     * Whether the policy would admit a new execution now, without writing: window count (over the policy's own
     * window) below the rate and active below the cap. The unblock timer uses it (spec 04 §5.4).
     */
    public boolean hasRoom(EngineUnit unit, QuotaPolicyId policyId) {
        int partition = partition(policyId);
        QuotaState quotas = unit.quotas();
        Optional<QuotaPolicyLimits> limits = quotas.limits(partition, policyId);
        if (limits.isEmpty() || limits.get().unlimited()) {
            return true;
        }
        QuotaPolicyLimits l = limits.get();
        long windowMs = windowSeconds(l) * 1000;
        if (l.maxRequestsPerWindow() > 0 && quotas.windowEntries(partition, policyId,
                CheckAdmissionArgs.DEFAULT_DIMENSION, unit.now() - windowMs) >= l.maxRequestsPerWindow()) {
            return false;
        }
        return l.activeConcurrencyCap() <= 0
                || quotas.activeConcurrency(partition, policyId) < l.activeConcurrencyCap();
    }

    /**
     * Timer 13 item ({@code reconcileQuotaCounters}): trims the window log to the policy's window, drops expired
     * guards and recomputes the concurrency counter from the live guards (0 when the policy has no cap). Returns
     * whether anything changed.
     */
    public boolean reconcile(EngineUnit unit, QuotaPolicyId policyId) {
        int partition = partition(policyId);
        MutableQuotaState quotas = unit.quotas();
        Optional<QuotaPolicyLimits> limits = quotas.limits(partition, policyId);
        if (limits.isEmpty()) {
            return false;
        }
        long now = unit.now();
        int changed = quotas.trimWindows(partition, policyId, now - windowSeconds(limits.get()) * 1000);
        changed += quotas.dropExpiredAdmissions(partition, policyId, now);
        long live = limits.get().activeConcurrencyCap() > 0 ? quotas.admissions(partition, policyId) : 0;
        if (live != quotas.activeConcurrency(partition, policyId)) {
            quotas.setActiveConcurrency(partition, policyId, live, now);
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
}
