package io.skein.core.api.scheduler;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;

/** Arguments of {@code releaseGrant} (spec 02 §9, 05 §7); {@code reason} defaults to {@code other}. */
public record ReleaseGrantArgs(
        ExecutionId executionId,
        String grantKey,
        WorkerId workerId,
        WorkerInstanceId workerInstanceId,
        ReleaseGrantReason reason) {

    public ReleaseGrantArgs {
        ArgCheck.present(executionId, "execution_id");
        ArgCheck.text(grantKey, 512, "grant_key");
        ArgCheck.present(workerId, "worker_id");
        ArgCheck.present(workerInstanceId, "worker_instance_id");
        reason = reason == null ? ReleaseGrantReason.OTHER : reason;
    }
}
