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

    /**
     * The same execution once it holds exactly one claim grant, expiring at {@code expiresAtMs}: its grant-expiry
     * timer is that grant's, every other timer stays (a grant changes no column of the execution's own row).
     */
    public ExecutionView withSoleGrantExpiring(long expiresAtMs) {
        List<DueTimer> next = new java.util.ArrayList<>(timers.size() + 1);
        List<DueTimer> waitpoints = new java.util.ArrayList<>();
        for (DueTimer t : timers) {
            if (t.kind() == TimerKind.PENDING_WAITPOINT_EXPIRY) {
                waitpoints.add(t); // kept last, in the order a view read from the rows lists them
            } else if (t.kind() != TimerKind.CLAIM_GRANT_EXPIRY) {
                next.add(t);
            }
        }
        next.add(new DueTimer(TimerKind.CLAIM_GRANT_EXPIRY, expiresAtMs, null));
        next.addAll(waitpoints);
        return new ExecutionView(executionId, laneId, priority, createdAtMs, publicState, ready, stateVersion, next);
    }

    /** Whether it holds a claim grant: every grant row arms the grant-expiry timer (the soonest one's). */
    public boolean holdsGrant() {
        return timers.stream().anyMatch(t -> t.kind() == TimerKind.CLAIM_GRANT_EXPIRY);
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
