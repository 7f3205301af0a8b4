package io.skein.core.api.worker;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.Namespace;
import io.skein.core.id.WorkerInstanceId;

/** Arguments of {@code listWorkers} (spec 02 §10, T2); {@code after} is nullable, {@code limit} defaults to 1000. */
public record ListWorkersArgs(Namespace namespace, WorkerInstanceId after, Integer limit) {

    public static final int DEFAULT_LIMIT = 1000;

    public ListWorkersArgs {
        ArgCheck.present(namespace, "namespace");
        limit = limit == null ? DEFAULT_LIMIT : (int) ArgCheck.range(limit, 0, DEFAULT_LIMIT, "limit");
    }
}
