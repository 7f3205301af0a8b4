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

    /** Moves to {@code next}, stamping the transition time (every transition writes all seven dimensions). */
    public void transition(StateVector next, long now) {
        this.state = next;
        this.lastTransitionAtMs = now;
    }
}
