package io.skein.core.api;

import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.id.FlowId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Library helpers for waiting on a flow cancel (spec 02 §12, 04 §4.4). */
public final class FlowCancellation {

    /** The longest a {@code WaitIndefinite} cancel waits. */
    public static final Duration INDEFINITE_WAIT_CAP = Duration.ofSeconds(300);

    /** How often {@link #waitForFlowCancellation} re-reads the flow. */
    public static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    /** The op named by the timeout error of a cancel wait. */
    public static final String OP = "cancel_flow";

    private FlowCancellation() {}

    /**
     * How long a cancel waits: none for {@code NoWait}, {@code d} for {@code WaitTimeout(d)}, 300 s for
     * {@code WaitIndefinite}.
     */
    public static Optional<Duration> cancelFlowWaitDeadline(CancelFlowWait wait) {
        Objects.requireNonNull(wait, "wait");
        if (wait instanceof CancelFlowWait.WaitTimeout timeout) {
            return Optional.of(timeout.timeout());
        }
        if (wait instanceof CancelFlowWait.WaitIndefinite) {
            return Optional.of(INDEFINITE_WAIT_CAP);
        }
        return Optional.empty();
    }

    /**
     * Polls {@code describeFlow} every 100 ms until the flow's {@code public_flow_state} is {@code cancelled} or the
     * flow is gone; at {@code deadline} throws {@code Timeout{op:"cancel_flow"}}. Uses the system clock.
     */
    public static void waitForFlowCancellation(FlowOperations backend, FlowId flowId, Instant deadline) {
        waitForFlowCancellation(backend, flowId, deadline, Clock.systemUTC());
    }

    /** As the three-argument form, with the clock that decides the deadline. */
    public static void waitForFlowCancellation(FlowOperations backend, FlowId flowId, Instant deadline, Clock clock) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(flowId, "flowId");
        Objects.requireNonNull(deadline, "deadline");
        Instant started = clock.instant();
        while (true) {
            Optional<FlowSnapshot> flow = backend.describeFlow(flowId);
            if (flow.isEmpty() || flow.get().publicFlowState() == PublicFlowState.CANCELLED) {
                return;
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                throw timeout(started, now);
            }
            Duration remaining = Duration.between(now, deadline);
            try {
                Thread.sleep(Math.max(1, Math.min(POLL_INTERVAL.toMillis(), remaining.toMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw timeout(started, clock.instant());
            }
        }
    }

    private static EngineException timeout(Instant started, Instant now) {
        long elapsedMs = Math.max(0, Duration.between(started, now).toMillis());
        return new EngineException(new EngineError.Timeout(OP, elapsedMs));
    }
}
