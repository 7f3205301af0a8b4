package io.skein.engine.state;

import io.skein.core.id.ExecutionId;
import io.skein.core.state.StateVector;
import java.util.UUID;

/**
 * The image of one {@code ff_exec_core} row inside a unit of work (spec 05 §1.2). Operation code changes the
 * fields; the store writes them back in one statement, bumping {@code state_version}. Fields
 * mirror columns one to one, so a reader of the spec finds each by name.
 */
public final class ExecCore {
    public ExecutionId executionId;
    public UUID flowId;
    public String laneId;
    public String namespace = "default";
    public String executionKind;
    public String creatorIdentity;
    public String idempotencyKey;
    /** JSON array text, sorted. */
    public String requiredCapabilities = "[]";
    public int attemptIndex;
    public int totalAttemptCount;
    public StateVector state;
    public String blockingDetail;
    public int priority;
    public long createdAtMs;
    public Long startedAtMs;
    public Long terminalAtMs;
    public Long lastTransitionAtMs;
    public Long lastMutationAtMs;
    public Long delayUntilMs;
    public Long deadlineAtMs;
    public int retryCount;
    public int replayCount;
    public int leaseReclaimCount;
    /** JSON array text. */
    public String budgetIds = "[]";
    public String quotaPolicyId;
    public byte[] payload;
    public byte[] result;
    public String payloadEncoding;
    public String resultEncoding;
    /** Frozen ExecutionPolicy JSON, or null. */
    public String policy;
    /** JSON object text. */
    public String tags = "{}";
    public Integer progressPct;
    public String progressMessage;
    public Long progressUpdatedAtMs;
    public String failureReason;
    public String failureCategory;
    public String cancellationReason;
    public String cancelledBy;
    public String pendingRetryReason;
    public String pendingReplayReason;
    public String pendingReplayRequestedBy;
    public Integer pendingPreviousAttemptIndex;
    public UUID currentSuspensionId;
    public UUID currentWaitpointId;
    public Long lastCapabilityMismatchAtMs;
    public long stateVersion;

    /** The tags as a map (the column holds a JSON object of strings). */
    public java.util.Map<String, String> tagMap() {
        try {
            java.util.Map<String, String> m = io.skein.core.wire.SkeinJson.lenient().readerForMapOf(String.class)
                    .readValue(tags);
            return new java.util.TreeMap<>(m);
        } catch (java.io.IOException ex) {
            throw io.skein.core.error.EngineError.validation(io.skein.core.error.ValidationKind.CORRUPTION,
                    "ff_exec_core.tags: not a JSON object of strings");
        }
    }

    /** Moves to {@code next}, stamping the transition time (every transition writes all seven dimensions). */
    public void transition(StateVector next, long now) {
        this.state = next;
        this.lastTransitionAtMs = now;
    }

    /** A copy of this image: a store that keeps images in memory hands out copies, so a decision that is
     *  rejected half way leaves the stored one untouched. Byte arrays are never changed in place, so they are
     *  shared. */
    public ExecCore copy() {
        ExecCore c = new ExecCore();
        c.executionId = executionId;
        c.flowId = flowId;
        c.laneId = laneId;
        c.namespace = namespace;
        c.executionKind = executionKind;
        c.creatorIdentity = creatorIdentity;
        c.idempotencyKey = idempotencyKey;
        c.requiredCapabilities = requiredCapabilities;
        c.attemptIndex = attemptIndex;
        c.totalAttemptCount = totalAttemptCount;
        c.state = state;
        c.blockingDetail = blockingDetail;
        c.priority = priority;
        c.createdAtMs = createdAtMs;
        c.startedAtMs = startedAtMs;
        c.terminalAtMs = terminalAtMs;
        c.lastTransitionAtMs = lastTransitionAtMs;
        c.lastMutationAtMs = lastMutationAtMs;
        c.delayUntilMs = delayUntilMs;
        c.deadlineAtMs = deadlineAtMs;
        c.retryCount = retryCount;
        c.replayCount = replayCount;
        c.leaseReclaimCount = leaseReclaimCount;
        c.budgetIds = budgetIds;
        c.quotaPolicyId = quotaPolicyId;
        c.payload = payload;
        c.result = result;
        c.payloadEncoding = payloadEncoding;
        c.resultEncoding = resultEncoding;
        c.policy = policy;
        c.tags = tags;
        c.progressPct = progressPct;
        c.progressMessage = progressMessage;
        c.progressUpdatedAtMs = progressUpdatedAtMs;
        c.failureReason = failureReason;
        c.failureCategory = failureCategory;
        c.cancellationReason = cancellationReason;
        c.cancelledBy = cancelledBy;
        c.pendingRetryReason = pendingRetryReason;
        c.pendingReplayReason = pendingReplayReason;
        c.pendingReplayRequestedBy = pendingReplayRequestedBy;
        c.pendingPreviousAttemptIndex = pendingPreviousAttemptIndex;
        c.currentSuspensionId = currentSuspensionId;
        c.currentWaitpointId = currentWaitpointId;
        c.lastCapabilityMismatchAtMs = lastCapabilityMismatchAtMs;
        c.stateVersion = stateVersion;
        return c;
    }
}
