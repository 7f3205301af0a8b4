package io.skein.core.api;

import io.skein.core.id.ExecutionId;
import java.util.List;

/** One page of {@code listExecutions} (spec 02 §5); {@code nextCursor} is the last id iff more remain, else null. */
public record ListExecutionsPage(List<ExecutionId> executions, ExecutionId nextCursor) {

    public ListExecutionsPage {
        executions = ArgCheck.list(executions, "executions");
    }
}
