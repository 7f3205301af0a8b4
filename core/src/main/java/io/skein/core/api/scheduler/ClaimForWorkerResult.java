package io.skein.core.api.scheduler;

import io.skein.core.api.ArgCheck;
import io.skein.core.api.ClaimGrant;
import io.skein.core.wire.ExternallyTagged;

/** Result of {@code claimForWorker} (spec 02 §9). */
@ExternallyTagged
public sealed interface ClaimForWorkerResult permits ClaimForWorkerResult.NoWork, ClaimForWorkerResult.Granted {

    /** No admissible eligible execution in the scanned partitions. */
    record NoWork() implements ClaimForWorkerResult {}

    /** A grant (kind {@code claim} or {@code resume} by routing) for one execution. */
    record Granted(ClaimGrant grant) implements ClaimForWorkerResult {
        public Granted {
            ArgCheck.present(grant, "grant");
        }
    }
}
