package io.skein.core.api;

import io.skein.core.id.SuspensionId;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WaitpointKey;
import java.util.List;

/**
 * What a suspend reports (spec 04 §2.1): the suspension, the primary waitpoint with its token, and every additional
 * waitpoint with its own token. {@link #toString()} redacts the tokens.
 */
public record SuspendOutcomeDetails(SuspensionId suspensionId, WaitpointId waitpointId, WaitpointKey waitpointKey,
                                    String waitpointToken, List<AdditionalWaitpoint> additionalWaitpoints) {

    public SuspendOutcomeDetails {
        additionalWaitpoints = additionalWaitpoints == null ? List.of() : List.copyOf(additionalWaitpoints);
    }

    @Override
    public String toString() {
        return "SuspendOutcomeDetails[suspensionId=" + suspensionId + ", waitpointId=" + waitpointId
                + ", waitpointKey=" + waitpointKey + ", waitpointToken=" + WaitpointTokens.redact(waitpointToken)
                + ", additionalWaitpoints=" + additionalWaitpoints + "]";
    }
}
