package io.skein.core.api.worker;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.WorkerInstanceId;
import java.util.List;

/** One page of {@code listWorkers} by instance id; {@code cursor} is null on the last page. */
public record ListWorkersPage(List<WorkerInfo> entries, WorkerInstanceId cursor) {

    public ListWorkersPage {
        entries = ArgCheck.list(entries, "entries");
    }
}
