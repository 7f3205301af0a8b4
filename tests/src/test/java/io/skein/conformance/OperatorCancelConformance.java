package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.skein.core.api.CancelSource;
import io.skein.core.api.Handle;
import io.skein.core.api.execution.CancelExecutionArgs;
import io.skein.core.api.execution.CancelExecutionResult;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.StateKind;
import io.skein.core.error.ValidationKind;
import io.skein.core.handle.HandleFields;
import io.skein.core.id.ExecutionId;
import io.skein.core.state.PublicState;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Checklist F1–F5: operator cancel of leased and waiting executions, idempotency, fencing, concurrent cancels. */
class OperatorCancelConformance extends LifecycleGivens {

    CancelExecutionArgs override(ExecutionId id) {
        return new CancelExecutionArgs(id, "operator says stop", CancelSource.OPERATOR_OVERRIDE, null, null, null,
                clock.millis());
    }

    CancelExecutionArgs byHolder(ExecutionId id, Handle h, Long epoch) {
        HandleFields f = fields(h);
        return new CancelExecutionArgs(id, "done with it", CancelSource.LEASE_HOLDER, f.leaseId(), epoch,
                f.attemptId(), clock.millis());
    }

    @Test
    void f1_cancellingALeasedExecutionReleasesTheLeaseAndEndsTheAttempt() {
        ExecutionId id = created();
        claimed();

        CancelExecutionResult r = backend.cancelExecution(override(id));

        assertEquals(new CancelExecutionResult.Cancelled(id, PublicState.CANCELLED), r);
        assertNull(latestAttempt(id, "lease_expires_at_ms"));
        assertEquals(1, leaseEvents(id, "released", "cancelled"));
        assertEquals(2, count("ff_lease_event", id), "acquired + released");
        assertEquals(1, completionEvents(id, "cancelled"));
        assertEquals("ended_cancelled", latestAttempt(id, "lifecycle"));
        assertEquals("cancelled: operator says stop", latestAttempt(id, "failure_reason"));
        assertEquals("attempt_cancelled", streamClosedReason(id, 0));
        assertEquals("operator_override", core(id, "cancelled_by"));
        assertEquals("operator says stop", core(id, "cancellation_reason"));
    }

    @Test
    void f1_cancellingAnExecutionItsWorkerDelayedEndsTheDelayedAttempt() {
        // given an execution whose worker delayed it: runnable, its attempt parked (suspended), no lease
        ExecutionId id = created();
        backend.delay(claimed(), clock.millis() + 60_000);
        assertEquals("suspended", latestAttempt(id, "lifecycle"));

        // when an operator cancels it
        backend.cancelExecution(override(id));

        // then the attempt ended with it: nothing of a cancelled execution is left suspended
        assertEquals(PublicState.CANCELLED, state(id));
        assertEquals("ended_cancelled", latestAttempt(id, "lifecycle"));
        assertEquals("cancelled: operator says stop", latestAttempt(id, "failure_reason"));
        assertEquals(String.valueOf(clock.millis()), latestAttempt(id, "terminal_at_ms"));
        assertEquals("attempt_cancelled", streamClosedReason(id, 0));
        assertEquals(1, completionEvents(id, "cancelled"));
    }

    @Test
    void f2_cancellingAWaitingExecutionEmitsNoLeaseEvent() {
        ExecutionId id = created();

        assertEquals(new CancelExecutionResult.Cancelled(id, PublicState.CANCELLED),
                backend.cancelExecution(override(id)));

        assertEquals(0, count("ff_lease_event", id));
        assertEquals(1, completionEvents(id, "cancelled"));
        assertEquals("pending_first_attempt", core(id, "attempt_state"));
        assertEquals(0, count("ff_attempt", id));
    }

    @Test
    void f3_cancelIsIdempotentAndRefusesOtherTerminalOutcomes() {
        ExecutionId id = created();
        backend.cancelExecution(override(id));
        Map<String, List<String>> before = fx.snapshot();

        assertEquals(new CancelExecutionResult.Cancelled(id, PublicState.CANCELLED),
                backend.cancelExecution(override(id)));
        assertEquals(before, fx.snapshot());

        ExecutionId done = created();
        backend.complete(claimed(), null);
        EngineError.Contention err = expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.cancelExecution(override(done)));
        assertEquals(ContentionKind.EXECUTION_NOT_ACTIVE, err.kind());
        assertEquals("success", err.notActive().terminalOutcome());
    }

    @Test
    void f4_aLeaseHolderCancelIsFenced() {
        ExecutionId id = created();
        Handle h = claimed();

        EngineError.Validation noEpoch = expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.cancelExecution(new CancelExecutionArgs(id, "x", CancelSource.LEASE_HOLDER, null, null,
                        null, clock.millis())));
        assertEquals(ValidationKind.INVALID_INPUT, noEpoch.kind());
        assertEquals("fence_required", noEpoch.detail());
        assertEquals(StateKind.STALE_LEASE, expectRejectedUnchanged(EngineError.State.class,
                () -> backend.cancelExecution(byHolder(id, h, fields(h).leaseEpoch() + 1))).kind());
        assertEquals("execution", expectRejectedUnchanged(EngineError.NotFound.class,
                () -> backend.cancelExecution(override(soloId()))).entity());

        setCore(id, "ownership_state = 'lease_revoked'");
        assertEquals(StateKind.LEASE_REVOKED, expectRejectedUnchanged(EngineError.State.class,
                () -> backend.cancelExecution(byHolder(id, h, fields(h).leaseEpoch()))).kind());
        setCore(id, "ownership_state = 'leased'");

        assertEquals(new CancelExecutionResult.Cancelled(id, PublicState.CANCELLED),
                backend.cancelExecution(byHolder(id, h, fields(h).leaseEpoch())));
        assertEquals("lease_holder", core(id, "cancelled_by"));
    }

    @Test
    void f5_concurrentCancelsBothSucceedWithOneCompletionEvent() throws Exception {
        ExecutionId id = created();
        claimed();
        CountDownLatch start = new CountDownLatch(1);
        Callable<CancelExecutionResult> cancel = () -> {
            start.await();
            return backend.cancelExecution(override(id));
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<CancelExecutionResult> a = pool.submit(cancel);
            Future<CancelExecutionResult> b = pool.submit(cancel);
            start.countDown();

            CancelExecutionResult expected = new CancelExecutionResult.Cancelled(id, PublicState.CANCELLED);
            assertEquals(expected, a.get());
            assertEquals(expected, b.get());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, completionEvents(id, "cancelled"));
        assertEquals(1, leaseEvents(id, "released", "cancelled"));
    }
}
