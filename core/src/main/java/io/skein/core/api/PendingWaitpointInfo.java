package io.skein.core.api;

import io.skein.core.id.ExecutionId;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WaitpointKey;
import java.util.List;

/**
 * One entry of {@code listPendingWaitpoints} (spec 04 §1.1): a {@code pending} or {@code active} waitpoint, with the
 * kid and fingerprint of its token but never the token itself. {@code activatedAt} and {@code expiresAt} are
 * nullable.
 */
public record PendingWaitpointInfo(WaitpointId waitpointId, WaitpointKey waitpointKey, WaitpointState state,
                                   List<String> requiredSignalNames, long createdAt, Long activatedAt, Long expiresAt,
                                   ExecutionId executionId, String tokenKid, String tokenFingerprint) {

    public PendingWaitpointInfo {
        requiredSignalNames = requiredSignalNames == null ? List.of() : List.copyOf(requiredSignalNames);
    }
}
