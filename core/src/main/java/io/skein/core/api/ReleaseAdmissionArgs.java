package io.skein.core.api;

import io.skein.core.id.ExecutionId;
import io.skein.core.id.QuotaPolicyId;
import java.util.Objects;

/** Arguments of {@code releaseAdmission} (spec 02 §8). */
public record ReleaseAdmissionArgs(QuotaPolicyId quotaPolicyId, ExecutionId executionId) {

    public ReleaseAdmissionArgs {
        Objects.requireNonNull(quotaPolicyId, "quotaPolicyId");
        Objects.requireNonNull(executionId, "executionId");
    }
}
