package io.skein.engine.state;

import io.skein.core.id.ExecutionId;
import java.util.UUID;

/**
 * The image of one {@code ff_suspension_current} row (spec 05 §1.6): the execution's latest suspension, open or
 * closed. JSON columns stay text here; the signal handlers parse them.
 */
public final class Suspension {
    public static final String OPEN = "open";
    public static final String CLOSED = "closed";

    public ExecutionId executionId;
    public UUID suspensionId;
    public Integer attemptIndex;
    public String state = OPEN;
    public Long suspendedAtMs;
    public Long timeoutAtMs;
    /** Stored literal; null reads as {@code fail}. */
    public String timeoutBehavior;
    public String reasonCode;
    public String requestedBy;
    public UUID waitpointId;
    public String waitpointKey;
    /** JSON array of {@code {waitpoint_id, waitpoint_key}}. */
    public String additionalWaitpoints = "[]";
    /** JSON of the {@code ResumeCondition}. */
    public String condition;
    /** JSON of the {@code ResumePolicy}. */
    public String resumePolicy;
    public String continuationMetadataPointer;
    /** JSON object: condition node path → satisfier tokens. */
    public String satisfiedSet = "{}";
    /** JSON object: waitpoint key → ids of the signals a node accepted. */
    public String memberMap = "{}";
    public Long lastSignalAtMs;
    public Long satisfiedAtMs;
    public Long closedAtMs;
    public String closeReason;
    public UUID closerSignalId;
    /** JSON array of signal ids. */
    public String satisfierSignalIds;

    public boolean isOpen() {
        return OPEN.equals(state);
    }

    /** A copy of this image: a store that keeps images in memory hands out copies, so a decision that is
     *  rejected half way leaves the stored one untouched. Byte arrays are never changed in place, so they are
     *  shared. */
    public Suspension copy() {
        Suspension c = new Suspension();
        c.executionId = executionId;
        c.suspensionId = suspensionId;
        c.attemptIndex = attemptIndex;
        c.state = state;
        c.suspendedAtMs = suspendedAtMs;
        c.timeoutAtMs = timeoutAtMs;
        c.timeoutBehavior = timeoutBehavior;
        c.reasonCode = reasonCode;
        c.requestedBy = requestedBy;
        c.waitpointId = waitpointId;
        c.waitpointKey = waitpointKey;
        c.additionalWaitpoints = additionalWaitpoints;
        c.condition = condition;
        c.resumePolicy = resumePolicy;
        c.continuationMetadataPointer = continuationMetadataPointer;
        c.satisfiedSet = satisfiedSet;
        c.memberMap = memberMap;
        c.lastSignalAtMs = lastSignalAtMs;
        c.satisfiedAtMs = satisfiedAtMs;
        c.closedAtMs = closedAtMs;
        c.closeReason = closeReason;
        c.closerSignalId = closerSignalId;
        c.satisfierSignalIds = satisfierSignalIds;
        return c;
    }
}
