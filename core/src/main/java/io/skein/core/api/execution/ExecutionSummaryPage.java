package io.skein.core.api.execution;

import io.skein.core.api.ArgCheck;
import java.util.List;

/** One page of {@code searchExecutions}, newest first; {@code nextCursor} is null on the last page. */
public record ExecutionSummaryPage(List<ExecutionSummary> executions, ExecutionQuery.Cursor nextCursor) {

    public ExecutionSummaryPage {
        executions = ArgCheck.list(executions, "executions");
    }
}
