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
}
