package io.skein.engine.state;

import io.skein.core.id.ExecutionId;
import io.skein.core.id.QuotaPolicyId;

/** Writes of quota policies, their windows, admission guards and concurrency counters. */
public interface MutableQuotaState extends QuotaState {

    /** A new policy with no admission and a concurrency counter of 0. */
    void insert(int partition, QuotaPolicyId policy, long windowSeconds, long maxRequestsPerWindow,
                long maxConcurrent, long now);

    /** Drops the dimension's window entries admitted at or before {@code cutoffMs}; returns how many. */
    int trimWindow(int partition, QuotaPolicyId policy, String dimension, long cutoffMs);

    /** Drops every dimension's window entries admitted at or before {@code cutoffMs}; returns how many. */
    int trimWindows(int partition, QuotaPolicyId policy, long cutoffMs);

    /**
     * Admits the execution: its one window entry of the dimension admitted at {@code now} (an earlier one of it is
     * replaced) and its guard living until {@code expiresAtMs}.
     */
    void admit(int partition, QuotaPolicyId policy, String dimension, ExecutionId execution, long now,
               long expiresAtMs);

    /** One more concurrency slot held. */
    void takeSlot(int partition, QuotaPolicyId policy, long now);

    /** Deletes the execution's guard and frees its slot (the counter never goes below 0); false when it had none. */
    boolean releaseAdmission(int partition, QuotaPolicyId policy, ExecutionId execution, long now);

    /**
     * As {@link #releaseAdmission(int, QuotaPolicyId, ExecutionId, long)} in whichever partition holds the guard:
     * a terminal transition frees the execution's slot without knowing the quota partitions.
     */
    void releaseAdmission(String quotaPolicyId, ExecutionId execution, long now);

    /** Deletes the guards expired at {@code now}; returns how many. */
    int dropExpiredAdmissions(int partition, QuotaPolicyId policy, long now);

    /** Sets the concurrency counter (the reconciler's recount). */
    void setActiveConcurrency(int partition, QuotaPolicyId policy, long active, long now);
}
