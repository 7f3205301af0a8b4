package io.skein.core.timer;

import io.skein.core.id.ExecutionId;
import io.skein.core.state.PublicState;
import java.util.List;
import java.util.Objects;

/**
 * What a Kafka-mode task keeps about one live execution of its partitions (its execution cache): where it sits in
 * its lane's ready queue, if it is claimable now, and its pending timers, each armed at {@code stateVersion}. Read
 * from SQL, the authoritative store, after every unit that touched the execution.
 *
 * @param ready whether it is runnable and eligible now: queued in {@code laneId}'s ready queue
 */
public record ExecutionView(ExecutionId executionId, String laneId, int priority, long createdAtMs,
                            PublicState publicState, boolean ready, long stateVersion, List<DueTimer> timers) {

    public ExecutionView {
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(publicState, "publicState");
        timers = List.copyOf(timers);
    }

    /** Whether the task keeps it: every execution that is not terminal yet, or still has a timer. */
    public boolean live() {
        return !terminal(publicState) || !timers.isEmpty();
    }

    private static boolean terminal(PublicState s) {
        return switch (s) {
            case COMPLETED, FAILED, CANCELLED, EXPIRED, SKIPPED -> true;
            default -> false;
        };
    }
}
