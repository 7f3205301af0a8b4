package io.skein.core.api.worker;

import io.skein.core.api.ArgCheck;
import io.skein.core.error.EngineError;
import io.skein.core.id.Namespace;
import io.skein.core.id.WorkerInstanceId;

/** Arguments of {@code markWorkerDead} (spec 02 §10, T2); {@code reason} ≤ 256 bytes without control characters. */
public record MarkWorkerDeadArgs(WorkerInstanceId workerInstanceId, Namespace namespace, String reason, long now) {

    public MarkWorkerDeadArgs {
        ArgCheck.present(workerInstanceId, "worker_instance_id");
        ArgCheck.present(namespace, "namespace");
        reason = reason == null ? "" : ArgCheck.maxBytes(reason, 256, "reason");
        for (int i = 0; i < reason.length(); i++) {
            if (Character.isISOControl(reason.charAt(i))) {
                throw EngineError.invalidInput("reason: contains a control character");
            }
        }
    }
}
