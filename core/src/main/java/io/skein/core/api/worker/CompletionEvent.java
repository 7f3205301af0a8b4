package io.skein.core.api.worker;

import io.skein.core.api.ArgCheck;
import io.skein.core.id.ExecutionId;

/** An execution reached a terminal outcome (spec 02 §11 {@code subscribeCompletion}). */
public record CompletionEvent(EventCursor cursor, ExecutionId executionId, CompletionOutcome outcome, long at) {

    public CompletionEvent {
        ArgCheck.present(cursor, "cursor");
        ArgCheck.present(executionId, "execution_id");
        ArgCheck.present(outcome, "outcome");
    }
}
