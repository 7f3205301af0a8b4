package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.ExecutionInfo;
import io.skein.core.api.Handle;
import io.skein.core.api.HandleKind;
import io.skein.core.api.ResumeSignal;
import io.skein.core.api.SignalEffect;
import io.skein.core.api.SuspendOutcome;
import io.skein.core.api.TimeoutBehavior;
import io.skein.core.state.BlockingReason;
import io.skein.core.state.PublicState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checklist H17, H18, H25: suspension timeouts (timer 4), D8, and when {@code observeSignals} is empty. */
class SuspensionTimeoutConformance extends SignalConformance {

    /** Suspends a fresh execution with a timeout 1 000 ms from now, then lets it pass and runs the timers. */
    Timed suspendAndTimeOut(TimeoutBehavior behavior) {
        Claimed c = claimedSolo();
        SuspendOutcome.Suspended s = suspendSingle(c.handle(), "wpk:t", byName("never"), clock.millis() + 1_000,
                behavior);
        clock.advance(1_000);
        under.runDue();
        return new Timed(c, s);
    }

    record Timed(Claimed claimed, SuspendOutcome.Suspended suspended) {
        io.skein.core.id.ExecutionId id() {
            return claimed.id();
        }
    }

    @Test
    void h17_failTimeoutFailsTheExecution() {
        Timed t = suspendAndTimeOut(TimeoutBehavior.FAIL);

        assertEquals(PublicState.FAILED, state(t.id()));
        assertEquals("suspension_timeout:fail",
                fx.queryString("SELECT failure_reason FROM ff_exec_core WHERE execution_id = ?", t.id().uuid()));
        assertEquals("timed_out_fail", waitpointColumn("close_reason", t.suspended().details().waitpointId()));
        assertEquals("timed_out_fail", suspensionColumn("close_reason", t.id()));
        assertEquals("ended_failure", fx.queryString("SELECT lifecycle FROM ff_attempt WHERE execution_id = ?",
                t.id().uuid()));
        assertEquals("suspension_timeout", fx.queryString(
                "SELECT closed_reason FROM ff_stream_meta WHERE execution_id = ?", t.id().uuid()));
        assertEquals(1, count("ff_completion_event", t.id()));
    }

    @Test
    void h17_cancelAndExpireTimeoutsEndTheExecution() {
        Map<TimeoutBehavior, PublicState> expected = Map.of(TimeoutBehavior.CANCEL, PublicState.CANCELLED,
                TimeoutBehavior.EXPIRE, PublicState.EXPIRED);
        for (Map.Entry<TimeoutBehavior, PublicState> e : expected.entrySet()) {
            Timed t = suspendAndTimeOut(e.getKey());
            assertEquals(e.getValue(), state(t.id()), e.getKey().wire());
            assertEquals("timed_out_" + e.getKey().wire(),
                    waitpointColumn("close_reason", t.suspended().details().waitpointId()));
        }
    }

    @Test
    void h17_autoResumeRecordsASyntheticTimeoutSignal() {
        Timed t = suspendAndTimeOut(TimeoutBehavior.AUTO_RESUME_WITH_TIMEOUT_SIGNAL);

        assertEquals(PublicState.WAITING, state(t.id()));
        assertEquals("timed_out_auto_resume", waitpointColumn("close_reason", t.suspended().details().waitpointId()));
        Handle resumed = claimed();
        assertEquals(HandleKind.RESUMED, resumed.kind());
        List<ResumeSignal> observed = backend.observeSignals(resumed);
        assertEquals(1, observed.size());
        assertEquals("timeout", observed.get(0).signalName());
        assertEquals("system", observed.get(0).sourceType());
        assertEquals("suspension_timeout", observed.get(0).sourceIdentity());
    }

    @Test
    void h17_escalateKeepsTheExecutionSuspendedForAnOperator() {
        Timed t = suspendAndTimeOut(TimeoutBehavior.ESCALATE);

        ExecutionInfo info = backend.readExecutionInfo(t.id()).orElseThrow();
        assertEquals(PublicState.SUSPENDED, info.publicState());
        assertEquals(BlockingReason.PAUSED_BY_OPERATOR, info.stateVector().blockingReason());
        assertEquals("waiting_for_operator_review", suspensionColumn("reason_code", t.id()));
        assertEquals(1, fx.queryLong("SELECT COUNT(*) FROM ff_suspension_current WHERE execution_id = ? "
                + "AND state = 'open' AND timeout_at_ms IS NULL", t.id().uuid()), "timeout cleared");

        Map<String, List<String>> before = fx.snapshot();
        clock.advance(60_000);
        under.runDue();
        assertEquals(before, fx.snapshot(), "later passes change nothing");

        // a signal still resumes it
        accepted(signal(t.id(), t.suspended().details().waitpointId(), t.suspended().details().waitpointToken(),
                "never").deliver(), SignalEffect.RESUME_CONDITION_SATISFIED);
        assertEquals(PublicState.WAITING, state(t.id()));
    }

    @Test
    void h17_aRepeatedTimerPassChangesNothing() {
        Timed t = suspendAndTimeOut(TimeoutBehavior.FAIL);
        Map<String, List<String>> before = fx.snapshot();

        under.runDue();

        assertEquals(before, fx.snapshot());
        assertEquals(PublicState.FAILED, state(t.id()));
    }

    @Test
    void h18_aResumedSuspensionNeverFires() {
        Claimed c = claimedSolo();
        SuspendOutcome.Suspended s = suspendSingle(c.handle(), "wpk:d8", wildcard(), clock.millis() + 1_000,
                TimeoutBehavior.FAIL);
        accepted(signal(c.id(), s.details().waitpointId(), s.details().waitpointToken(), "go").deliver(),
                SignalEffect.RESUME_CONDITION_SATISFIED);

        clock.advance(2_000);
        under.runDue();

        assertEquals(PublicState.WAITING, state(c.id()));
        Handle resumed = claimed();
        assertEquals(HandleKind.RESUMED, resumed.kind());
        backend.complete(resumed, null);
        assertEquals(PublicState.COMPLETED, state(c.id()));
    }

    @Test
    void h25_observeSignalsIsEmptyAfterATerminalTimeoutOrForAnotherAttempt() {
        for (TimeoutBehavior behavior : List.of(TimeoutBehavior.FAIL, TimeoutBehavior.CANCEL)) {
            Timed t = suspendAndTimeOut(behavior);
            assertTrue(backend.observeSignals(t.claimed().handle()).isEmpty(), behavior.wire());
        }

        Claimed c = claimedSolo();
        SuspendOutcome.Suspended s = suspendSingle(c.handle(), "wpk:o", wildcard());
        accepted(signal(c.id(), s.details().waitpointId(), s.details().waitpointToken(), "go").deliver(),
                SignalEffect.RESUME_CONDITION_SATISFIED);
        Handle resumed = claimed();
        assertEquals(1, backend.observeSignals(resumed).size());
        // given (raw): the suspension recorded on another attempt than the handle's
        fx.exec("UPDATE ff_suspension_current SET attempt_index = 7 WHERE execution_id = ?", c.id().uuid());
        assertTrue(backend.observeSignals(resumed).isEmpty(), "a handle of another attempt observes nothing");
    }
}
