package io.skein.core.api.scheduler;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.ExecutionId;
import io.skein.core.wire.ExternallyTagged;

/** Result of {@code issueClaimGrant} (spec 02 §9); the state vector is unchanged. */
@ExternallyTagged
public sealed interface IssueClaimGrantResult permits IssueClaimGrantResult.Granted {

    /**
     * A {@code claim} grant is stored for the execution. {@code grantKey} and {@code expiresAtMs} let a caller that
     * cannot see the worker (Kafka mode's {@code claimForWorker}, spec 05 §7) hand the grant on.
     */
    record Granted(ExecutionId executionId, String grantKey, long expiresAtMs) implements IssueClaimGrantResult {
        public Granted {
            ArgCheck.present(executionId, "execution_id");
        }
    }
}
