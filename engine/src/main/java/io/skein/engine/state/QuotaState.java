package io.skein.engine.state;

import io.skein.core.id.ExecutionId;

/** Quota policies and their admissions (spec 04 §5.3). */
public interface QuotaState {

    /** Frees the execution's concurrency slot of {@code quotaPolicyId}, if it holds one (a terminal transition). */
    void releaseAdmission(String quotaPolicyId, ExecutionId executionId, long now);
}
