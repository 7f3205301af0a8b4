package io.skein.core.api.worker;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.Namespace;
import io.skein.core.id.WorkerInstanceId;

/** Arguments of {@code heartbeatWorker} (spec 02 §10, T2). */
public record HeartbeatWorkerArgs(WorkerInstanceId workerInstanceId, Namespace namespace, long now) {

    public HeartbeatWorkerArgs {
        ArgCheck.present(workerInstanceId, "worker_instance_id");
        ArgCheck.present(namespace, "namespace");
    }
}
