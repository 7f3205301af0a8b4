package io.skein.core.api;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.skein.core.error.EngineError;
import io.skein.core.id.SuspensionId;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WaitpointKey;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Arguments of {@code suspend} / {@code suspendByTriple} (spec 04 §2.1). {@code waitpoints} is non-empty with the
 * primary binding first. Optional (nullable) fields: {@code timeoutAt}, {@code continuationMetadataPointer},
 * {@code idempotencyKey}. Defaults for missing fields: {@code resumePolicy} {@link ResumePolicy#defaults()},
 * {@code reasonCode} {@code waiting_for_signal}, {@code requestedBy} {@code worker}, {@code timeoutBehavior}
 * {@code fail} (input alias {@code auto_resume} accepted).
 */
public record SuspendArgs(SuspensionId suspensionId, List<WaitpointBinding> waitpoints,
                          ResumeCondition resumeCondition, ResumePolicy resumePolicy,
                          SuspensionReasonCode reasonCode, SuspensionRequester requestedBy, Long timeoutAt,
                          @JsonDeserialize(using = WireAliases.TimeoutBehaviorDeserializer.class)
                          TimeoutBehavior timeoutBehavior,
                          String continuationMetadataPointer, long now, String idempotencyKey) {

    /** How far in the past a {@code timeoutAt} may lie before it is rejected ({@code timeout_at_in_past}). */
    public static final long TIMEOUT_AT_PAST_TOLERANCE_MS = 600_000;

    public SuspendArgs {
        waitpoints = waitpoints == null ? List.of() : List.copyOf(waitpoints);
        resumePolicy = resumePolicy == null ? ResumePolicy.defaults() : resumePolicy;
        reasonCode = reasonCode == null ? SuspensionReasonCode.WAITING_FOR_SIGNAL : reasonCode;
        requestedBy = requestedBy == null ? SuspensionRequester.WORKER : requestedBy;
        timeoutBehavior = timeoutBehavior == null ? TimeoutBehavior.FAIL : timeoutBehavior;
    }

    /**
     * The argument validation of spec 04 §2.3, run before any write; every failure is
     * {@code Validation(InvalidInput, detail)} with detail {@code suspension_id_missing},
     * {@code resume_condition_missing}, {@code waitpoints_empty}, {@code waitpoint_key_mismatch},
     * {@code additional_waitpoint_binding_must_be_fresh}, {@code additional_waitpoint_binding_empty_key},
     * {@code duplicate_waitpoint_binding}, {@code referenced_waitpoint_key_missing_binding: <key>},
     * {@code timeout_only_without_deadline}, {@code timeout_at_in_past}, or a structural detail of
     * {@link ResumeCondition#validateStructure()}.
     *
     * @param now            the backend clock
     * @param pendingKeyOf   the stored key of a {@code UsePending} waitpoint, empty when the backend does not know
     *                       it; the referenced-key check is then left to the pending-waitpoint checks of step 5
     */
    public void validate(long now, Function<WaitpointId, Optional<WaitpointKey>> pendingKeyOf) {
        if (suspensionId == null) {
            throw EngineError.invalidInput("suspension_id_missing");
        }
        if (resumeCondition == null) {
            throw EngineError.invalidInput("resume_condition_missing");
        }
        if (waitpoints.isEmpty()) {
            throw EngineError.invalidInput("waitpoints_empty");
        }
        WaitpointBinding primary = waitpoints.get(0);
        if (primary instanceof WaitpointBinding.Fresh fresh && resumeCondition instanceof ResumeCondition.Single single
                && fresh.waitpointKey() != null && !fresh.waitpointKey().equals(single.waitpointKey())) {
            throw EngineError.invalidInput("waitpoint_key_mismatch");
        }
        for (WaitpointBinding extra : waitpoints.subList(1, waitpoints.size())) {
            if (!(extra instanceof WaitpointBinding.Fresh fresh)) {
                throw EngineError.invalidInput("additional_waitpoint_binding_must_be_fresh");
            }
            if (fresh.waitpointKey() == null) {
                throw EngineError.invalidInput("additional_waitpoint_binding_empty_key");
            }
        }
        Set<WaitpointId> ids = new HashSet<>();
        Set<WaitpointKey> keys = new HashSet<>();
        boolean everyKeyKnown = true;
        for (WaitpointBinding binding : waitpoints) {
            if (!ids.add(binding.waitpointId())) {
                throw EngineError.invalidInput("duplicate_waitpoint_binding");
            }
            WaitpointKey key = bindingKey(binding, pendingKeyOf);
            if (key == null) {
                everyKeyKnown = false;
            } else if (!keys.add(key)) {
                throw EngineError.invalidInput("duplicate_waitpoint_binding");
            }
        }
        if (everyKeyKnown) {
            for (WaitpointKey referenced : resumeCondition.referencedWaitpointKeys()) {
                if (!keys.contains(referenced)) {
                    throw EngineError.invalidInput("referenced_waitpoint_key_missing_binding: " + referenced);
                }
            }
        }
        if (timeoutAt == null && containsTimeoutOnly(resumeCondition)) {
            throw EngineError.invalidInput("timeout_only_without_deadline");
        }
        if (timeoutAt != null && timeoutAt + TIMEOUT_AT_PAST_TOLERANCE_MS < now) {
            throw EngineError.invalidInput("timeout_at_in_past");
        }
        resumeCondition.validateStructure();
    }

    /** The primary binding (the first). */
    public WaitpointBinding primaryWaitpoint() {
        return waitpoints.get(0);
    }

    /**
     * The key of a binding: a {@code Fresh} binding's own key ({@code wpk:<id>} when absent on the primary), a
     * {@code UsePending} binding's stored key, or null when unknown.
     */
    private static WaitpointKey bindingKey(WaitpointBinding binding,
                                           Function<WaitpointId, Optional<WaitpointKey>> pendingKeyOf) {
        if (binding instanceof WaitpointBinding.Fresh fresh) {
            return fresh.waitpointKey() != null ? fresh.waitpointKey() : WaitpointKey.defaultFor(fresh.waitpointId());
        }
        return pendingKeyOf.apply(binding.waitpointId()).orElse(null);
    }

    private static boolean containsTimeoutOnly(ResumeCondition condition) {
        if (condition instanceof ResumeCondition.TimeoutOnly) {
            return true;
        }
        if (condition instanceof ResumeCondition.AllOf allOf) {
            for (ResumeCondition member : allOf.members()) {
                if (member != null && containsTimeoutOnly(member)) {
                    return true;
                }
            }
        }
        return false;
    }
}
