package io.skein.engine.state;

import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import java.util.List;

/** What retention (timer 14 of spec 05 §4, {@code trimRetention} of 02 §9) reads: terminal executions by age. */
public interface RetentionState {

    /**
     * The record sets housekeeping trims, each in its own unit, in this order: entries that carry an expiry, then
     * the history logs (the outboxes and the worker-event log), which are kept by age.
     */
    enum Housekeeping {
        EXECUTION_IDEMPOTENCY(false),
        SIGNAL_DEDUP(false),
        SUSPEND_DEDUP(false),
        BUDGET_USAGE_DEDUP(false),
        QUOTA_ADMISSIONS(false),
        COMMAND_LOG(false),
        COMPLETION_EVENTS(true),
        LEASE_EVENTS(true),
        SIGNAL_EVENTS(true),
        OPERATOR_EVENTS(true),
        WORKER_REGISTRY_EVENTS(true);

        private final boolean history;

        Housekeeping(boolean history) {
            this.history = history;
        }

        /** Whether the set is a history log, kept by the age of its events rather than by an expiry. */
        public boolean history() {
            return history;
        }
    }

    /**
     * Terminal executions that became terminal at or before {@code cutoffMs}, oldest first, at most {@code limit};
     * narrowed to one execution partition and one lane when given (null: any).
     */
    List<ExecutionId> terminalAtOrBefore(long cutoffMs, Integer partition, LaneId lane, int limit);

    /** Whether the execution is terminal and became terminal at or before {@code cutoffMs}. */
    boolean isTerminalAtOrBefore(ExecutionId id, long cutoffMs);
}
