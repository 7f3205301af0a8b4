package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.CancelSource;
import io.skein.core.api.CapabilitySet;
import io.skein.core.api.FailOutcome;
import io.skein.core.api.FailureClass;
import io.skein.core.api.FailureReason;
import io.skein.core.api.Handle;
import io.skein.core.api.LeaseFence;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.api.execution.FailExecutionArgs;
import io.skein.core.api.execution.FailExecutionResult;
import io.skein.core.api.scheduler.ClaimExecutionArgs;
import io.skein.core.api.scheduler.ClaimExecutionResult;
import io.skein.core.api.scheduler.ClaimForWorkerArgs;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.StateKind;
import io.skein.core.id.AttemptId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LeaseId;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.state.PublicState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checklist E1–E9: failure, retry and backoff, failure classes, failExecution, attempt timeout, deadline, jitter. */
class FailureConformance extends LifecycleGivens {

    static final String EXPONENTIAL_TWO_RETRIES = "{\"retry_policy\":{\"max_retries\":2,\"backoff\":{"
            + "\"type\":\"exponential\",\"initial_delay_ms\":1000,\"multiplier\":2.0,\"max_delay_ms\":60000}}}";

    FailOutcome failWith(Handle h, FailureClass c) {
        return backend.fail(h, FailureReason.of("boom"), c);
    }

    FailExecutionArgs failArgs(ExecutionId id, LeaseFence fence, String category, String retryPolicyJson,
                               CancelSource source) {
        return new FailExecutionArgs(id, fence, 0, "boom", category, retryPolicyJson, "", source, clock.millis());
    }

    /** Claims the execution through a scheduler grant so the claim can carry an explicit attempt timeout. */
    Handle claimedWithAttemptTimeout(ExecutionId id, long attemptTimeoutMs) {
        backend.claimForWorker(new ClaimForWorkerArgs(LANE, WorkerId.of("worker-1"), WorkerInstanceId.of("wi-1"),
                CapabilitySet.EMPTY, 10_000));
        ClaimExecutionResult r = backend.claimExecution(new ClaimExecutionArgs(id, WorkerId.of("worker-1"),
                WorkerInstanceId.of("wi-1"), LANE, LeaseId.random(), LEASE_TTL_MS, AttemptId.random(), 0, "",
                attemptTimeoutMs, null, clock.millis(), null));
        return assertInstanceOf(ClaimExecutionResult.Claimed.class, r).claimed().handle();
    }

    ExecutionId createdWithDeadline(long deadlineAt, Long delayUntil) {
        ExecutionId id = soloId();
        CreateExecutionArgs a = createArgs(id);
        backend.createExecution(new CreateExecutionArgs(id, a.namespace(), a.laneId(), a.executionKind(),
                a.inputPayload(), a.payloadEncoding(), 0, a.creatorIdentity(), null, Map.of(), null, delayUntil,
                deadlineAt, a.partitionId(), clock.millis()));
        return id;
    }

    // ------------------------------------------------------------------------------------------------ E1–E5

    @Test
    void e1_aTransientFailureWithoutPolicyRetriesAfterOneSecond() {
        ExecutionId id = created();
        Handle h = claimed();

        FailOutcome out = failWith(h, FailureClass.TRANSIENT);

        assertEquals(new FailOutcome.RetryScheduled(clock.millis() + 1_000), out);
        assertEquals("runnable", core(id, "lifecycle_phase"));
        assertEquals(PublicState.DELAYED, state(id));
        assertEquals("ended_failure", latestAttempt(id, "lifecycle"));
        assertEquals("attempt_failure", streamClosedReason(id, 0));
        assertEquals(1, leaseEvents(id, "released", "failed_retry_scheduled"));
        assertEquals(0, count("ff_completion_event", id));
    }

    @Test
    void e1_aFailRepeatedAfterTheRetryBecameClaimableAnswersTheSameDelayUntil() {
        // given a transient failure whose retry was promoted once its backoff passed
        ExecutionId id = created();
        Handle h = claimed();
        FailOutcome first = failWith(h, FailureClass.TRANSIENT);
        advanceAndRunDue(1_000);
        assertEquals(PublicState.WAITING, state(id));
        Map<String, List<String>> before = fx.snapshot();

        // when the worker, having lost the answer, repeats the fail with the same handle
        FailOutcome replayed = failWith(h, FailureClass.TRANSIENT);

        // then it learns the same retry time, and nothing changed
        assertEquals(first, replayed);
        assertEquals(before, fx.snapshot());
    }

    @Test
    void e2_aPermanentFailureIsTerminalWithOneCompletionEvent() {
        ExecutionId id = created();

        assertEquals(new FailOutcome.TerminalFailed(), failWith(claimed(), FailureClass.PERMANENT));

        assertEquals("terminal", core(id, "lifecycle_phase"));
        assertEquals(PublicState.FAILED, state(id));
        assertEquals(1, completionEvents(id, "failed"));
        assertEquals(1, count("ff_completion_event", id));
        assertEquals(1, leaseEvents(id, "released", "failed_terminal"));
    }

    @Test
    void e3_exponentialBackoffDoublesUntilRetriesAreExhausted() {
        ExecutionId id = created(EXPONENTIAL_TWO_RETRIES);

        assertEquals(new FailOutcome.RetryScheduled(clock.millis() + 1_000), failWith(claimed(), FailureClass.TRANSIENT));
        assertEquals("pending_retry_attempt", core(id, "attempt_state"));
        advanceAndRunDue(1_000);
        Handle second = claimed();
        assertEquals(1, fields(second).attemptIndex());
        assertEquals("retry", attempt(id, 1, "attempt_type"));
        assertEquals("0", attempt(id, 1, "previous_attempt_index"));

        assertEquals(new FailOutcome.RetryScheduled(clock.millis() + 2_000), failWith(second, FailureClass.TRANSIENT));
        advanceAndRunDue(2_000);
        Handle third = claimed();
        assertEquals(2, fields(third).attemptIndex());

        assertEquals(new FailOutcome.TerminalFailed(), failWith(third, FailureClass.TRANSIENT));
        assertEquals(PublicState.FAILED, state(id));
        assertEquals("2", core(id, "retry_count"));
        assertEquals(3, backend.readTotalAttemptCount(id));
    }

    @Test
    void e4_zeroBackoffMakesTheRetryClaimableAtOnce() {
        ExecutionId id = created("{\"retry_policy\":{\"max_retries\":1,\"backoff\":{\"type\":\"fixed\","
                + "\"delay_ms\":0}}}");

        assertEquals(new FailOutcome.RetryScheduled(clock.millis()), failWith(claimed(), FailureClass.TRANSIENT));

        assertEquals(PublicState.WAITING, state(id));
        assertEquals(1, fields(claimed()).attemptIndex());
    }

    @Test
    void e5_permanentAndCancelledNeverRetryOtherClassesDo() {
        for (FailureClass c : FailureClass.values()) {
            ExecutionId id = created();
            FailOutcome out = failWith(claimed(), c);
            if (c == FailureClass.PERMANENT || c == FailureClass.CANCELLED) {
                assertEquals(new FailOutcome.TerminalFailed(), out, c.wire());
                assertEquals(PublicState.FAILED, state(id));
            } else {
                assertInstanceOf(FailOutcome.RetryScheduled.class, out, c.wire());
                assertEquals(PublicState.DELAYED, state(id));
            }
        }
        ExecutionId unknown = created();
        Handle h = claimed();
        assertInstanceOf(FailExecutionResult.RetryScheduled.class, backend.failExecution(
                failArgs(unknown, fence(h), "disk_on_fire", "", CancelSource.LEASE_HOLDER)));
        assertEquals("disk_on_fire", latestAttempt(unknown, "failure_category"));
    }

    // ------------------------------------------------------------------------------------------------ E6

    @Test
    void e6_failExecutionUsesTheGivenRetryPolicy() {
        ExecutionId id = created();
        Handle h = claimed();
        String override = "{\"max_retries\":1,\"backoff\":{\"type\":\"fixed\",\"delay_ms\":250}}";

        assertEquals(new FailExecutionResult.RetryScheduled(clock.millis() + 250, 1),
                backend.failExecution(failArgs(id, fence(h), "transient", override, CancelSource.LEASE_HOLDER)));

        advanceAndRunDue(250);
        Handle again = claimed();
        assertEquals(new FailExecutionResult.TerminalFailed(),
                backend.failExecution(failArgs(id, fence(again), "transient", override, CancelSource.LEASE_HOLDER)));
        assertEquals(PublicState.FAILED, state(id));
        assertEquals(1, completionEvents(id, "failed"));
    }

    @Test
    void e6_failExecutionRejectionsChangeNothing() {
        ExecutionId id = created();
        Handle h = claimed();

        assertEquals("fence_required", expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.failExecution(failArgs(id, null, "transient", "", CancelSource.LEASE_HOLDER))).detail());
        assertEquals(StateKind.STALE_LEASE, expectRejectedUnchanged(EngineError.State.class,
                () -> backend.failExecution(failArgs(id, fenceWithEpoch(h, 5), "transient", "",
                        CancelSource.LEASE_HOLDER))).kind());

        ExecutionId waiting = created();
        assertEquals(ContentionKind.EXECUTION_NOT_ACTIVE, expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.failExecution(failArgs(waiting, fence(h), "transient", "",
                        CancelSource.LEASE_HOLDER))).kind());
    }

    // ------------------------------------------------------------------------------------------------ E7

    @Test
    void e7_anAttemptTimeoutSchedulesARetryWhileRetriesRemain() {
        ExecutionId id = created();
        claimedWithAttemptTimeout(id, 1_000);

        advanceAndRunDue(1_000);

        assertEquals(PublicState.DELAYED, state(id));
        assertEquals("pending_retry_attempt", core(id, "attempt_state"));
        assertEquals("attempt_timeout", latestAttempt(id, "failure_reason"));
        assertEquals("timeout", latestAttempt(id, "failure_category"));
        assertNull(latestAttempt(id, "lease_expires_at_ms"));
    }

    @Test
    void e7_anAttemptTimeoutWithoutRetriesFailsTheExecution() {
        ExecutionId id = created("{\"retry_policy\":{\"max_retries\":0},\"timeout_policy\":"
                + "{\"attempt_timeout_ms\":1000}}");
        claimed();

        advanceAndRunDue(1_000);

        assertEquals(PublicState.FAILED, state(id));
        assertEquals("attempt_timeout", core(id, "failure_reason"));
        assertEquals(1, completionEvents(id, "failed"));
        // a second pass at the same instant changes nothing
        Map<String, List<String>> before = fx.snapshot();
        under.runDue();
        assertEquals(before, fx.snapshot());
    }

    // ------------------------------------------------------------------------------------------------ E8

    @Test
    void e8_theDeadlineExpiresAnActiveExecution() {
        ExecutionId id = createdWithDeadline(clock.millis() + 1_000, null);
        claimed();

        advanceAndRunDue(1_000);

        assertEquals(PublicState.EXPIRED, state(id));
        assertEquals("execution_deadline", core(id, "failure_reason"));
        assertEquals("ended_failure", latestAttempt(id, "lifecycle"));
        assertEquals("expired", streamClosedReason(id, 0));
        assertNull(latestAttempt(id, "lease_expires_at_ms"));
        assertEquals(1, leaseEvents(id, "released", "expired:execution_deadline"));
        assertEquals(1, completionEvents(id, "expired"));
    }

    @Test
    void e8_theDeadlineEndsTheAttemptOfAnExecutionItsWorkerDelayed() {
        // given an execution whose worker delayed it past its deadline: runnable, its attempt parked
        ExecutionId id = createdWithDeadline(clock.millis() + 1_000, null);
        backend.delay(claimed(), clock.millis() + 60_000);
        assertEquals("suspended", latestAttempt(id, "lifecycle"));

        // when the deadline passes
        advanceAndRunDue(1_000);

        // then the attempt ended with the execution: nothing of an expired execution is left suspended
        assertEquals(PublicState.EXPIRED, state(id));
        assertEquals("ended_failure", latestAttempt(id, "lifecycle"));
        assertEquals("execution_deadline", latestAttempt(id, "failure_reason"));
        assertEquals(String.valueOf(clock.millis()), latestAttempt(id, "terminal_at_ms"));
        assertEquals("expired", streamClosedReason(id, 0));
        assertEquals(1, completionEvents(id, "expired"));
    }

    @Test
    void e8_theDeadlineExpiresARunnableExecutionAndClearsItsTimers() {
        long deadline = clock.millis() + 1_000;
        ExecutionId id = createdWithDeadline(deadline, clock.millis() + 5_000);
        assertEquals(PublicState.DELAYED, state(id));

        advanceAndRunDue(1_000);

        assertEquals(PublicState.EXPIRED, state(id));
        assertEquals("pending_first_attempt", core(id, "attempt_state"));
        assertNull(core(id, "delay_until_ms"));
        assertEquals(1, completionEvents(id, "expired"));
        // the delay that was armed no longer fires
        Map<String, List<String>> before = fx.snapshot();
        advanceAndRunDue(10_000);
        assertEquals(before, fx.snapshot());
    }

    @Test
    void e8_theDeadlineFromThePolicyIsArmedAtCreate() {
        ExecutionId id = created("{\"timeout_policy\":{\"execution_deadline_ms\":2000}}");
        advanceAndRunDue(1_999);
        assertEquals(PublicState.WAITING, state(id));
        advanceAndRunDue(1);
        assertEquals(PublicState.EXPIRED, state(id));
    }

    // ------------------------------------------------------------------------------------------------ E9

    @Test
    void e9_jitterKeepsTheDelayWithinHalfToFull() {
        for (int i = 0; i < 20; i++) {
            ExecutionId id = created("{\"retry_policy\":{\"max_retries\":1,\"backoff\":{\"type\":\"fixed\","
                    + "\"delay_ms\":1000,\"jitter\":true}}}");
            FailOutcome.RetryScheduled r = assertInstanceOf(FailOutcome.RetryScheduled.class,
                    failWith(claimed(), FailureClass.TRANSIENT));
            long delay = r.delayUntil() - clock.millis();
            assertTrue(delay >= 500 && delay <= 1_000, "delay " + delay + " outside [500, 1000]");
            assertEquals(String.valueOf(r.delayUntil()), core(id, "delay_until_ms"));
        }
    }
}
