package io.skein.engine.state;

import io.skein.core.id.ExecutionId;
import io.skein.core.state.AttemptLifecycle;
import io.skein.core.state.AttemptType;
import java.util.UUID;

/** The image of one {@code ff_attempt} row (spec 05 §1.3); the lease lives here (spec 01 §7). */
public final class Attempt {
    public ExecutionId executionId;
    public int attemptIndex;
    public UUID attemptId;
    public UUID leaseId;
    public AttemptType attemptType;
    public AttemptLifecycle lifecycle = AttemptLifecycle.CREATED;
    public String workerId;
    public String workerInstanceId;
    public long leaseEpoch;
    public Long leaseExpiresAtMs;
    public Long leaseAcquiredAtMs;
    public Long leaseRenewedAtMs;
    public Long createdAtMs;
    public Long startedAtMs;
    public Long terminalAtMs;
    public Long suspendedAtMs;
    public Long resumedAtMs;
    public Long attemptTimeoutAtMs;
    public String failureReason;
    public String failureCategory;
    public Integer previousAttemptIndex;
    public String lineageReason;
    public String replayRequestedBy;
    /** Lease TTL of the current lease; kept in {@code raw_fields} (no column of its own). */
    public Long leaseTtlMs;

    /** A live lease exists: {@code lease_expires_at_ms} set (whether or not it is already past). */
    public boolean hasLease() {
        return leaseExpiresAtMs != null;
    }

    /** The lineage reason a reclaim of this attempt records: why it was interrupted. */
    public String lineageReasonForReclaim() {
        return "lease_revoked".equals(failureReason) ? "lease_revoked" : "lease_expired";
    }

    /** A copy of this image: a store that keeps images in memory hands out copies, so a decision that is
     *  rejected half way leaves the stored one untouched. Byte arrays are never changed in place, so they are
     *  shared. */
    public Attempt copy() {
        Attempt c = new Attempt();
        c.executionId = executionId;
        c.attemptIndex = attemptIndex;
        c.attemptId = attemptId;
        c.leaseId = leaseId;
        c.attemptType = attemptType;
        c.lifecycle = lifecycle;
        c.workerId = workerId;
        c.workerInstanceId = workerInstanceId;
        c.leaseEpoch = leaseEpoch;
        c.leaseExpiresAtMs = leaseExpiresAtMs;
        c.leaseAcquiredAtMs = leaseAcquiredAtMs;
        c.leaseRenewedAtMs = leaseRenewedAtMs;
        c.createdAtMs = createdAtMs;
        c.startedAtMs = startedAtMs;
        c.terminalAtMs = terminalAtMs;
        c.suspendedAtMs = suspendedAtMs;
        c.resumedAtMs = resumedAtMs;
        c.attemptTimeoutAtMs = attemptTimeoutAtMs;
        c.failureReason = failureReason;
        c.failureCategory = failureCategory;
        c.previousAttemptIndex = previousAttemptIndex;
        c.lineageReason = lineageReason;
        c.replayRequestedBy = replayRequestedBy;
        c.leaseTtlMs = leaseTtlMs;
        return c;
    }
}
