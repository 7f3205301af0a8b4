package io.skein.engine.state;

import io.skein.core.api.QuotaPolicyLimits;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.QuotaPolicyId;
import java.util.Optional;

/**
 * Quota policies and their admissions (spec 04 §5.3), read-only: a sliding-window log of admissions per (policy,
 * dimension), one admission guard per (policy, execution) living one window, and the policy's concurrency counter.
 * A policy's rows live in its quota partition {@code {q:N}}, which every call names with the policy's id.
 */
public interface QuotaState {

    /**
     * The policy's limits. In a unit that may write, the policy is locked first (a row lock on PostgreSQL), so
     * admissions and releases on one policy serialise: the window and the counter a decision checks cannot change
     * under it.
     */
    Optional<QuotaPolicyLimits> limits(int partition, QuotaPolicyId policy);

    /** Whether the execution holds an admission guard of the policy that is live at {@code now}. */
    boolean admitted(int partition, QuotaPolicyId policy, ExecutionId execution, long now);

    /** Window entries of the dimension admitted after {@code afterMs}. */
    long windowEntries(int partition, QuotaPolicyId policy, String dimension, long afterMs);

    /** When the dimension's oldest window entry was admitted; 0 when the window is empty. */
    long oldestWindowEntry(int partition, QuotaPolicyId policy, String dimension);

    /** The policy's concurrency counter: the slots its admissions hold. */
    long activeConcurrency(int partition, QuotaPolicyId policy);

    /** The policy's admission guards, expired or not. */
    long admissions(int partition, QuotaPolicyId policy);
}
