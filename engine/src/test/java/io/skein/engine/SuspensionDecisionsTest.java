package io.skein.engine;

import static io.skein.engine.Givens.byName;
import static io.skein.engine.Givens.fields;
import static io.skein.engine.Givens.fresh;
import static io.skein.engine.Givens.idOf;
import static io.skein.engine.Givens.single;
import static io.skein.engine.Givens.wildcard;
import static io.skein.engine.Givens.withEpoch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.CountKind;
import io.skein.core.api.Handle;
import io.skein.core.api.HandleKind;
import io.skein.core.api.PendingWaitpoint;
import io.skein.core.api.ResumeCondition;
import io.skein.core.api.ResumePolicy;
import io.skein.core.api.ResumeSignal;
import io.skein.core.api.SignalEffect;
import io.skein.core.api.SuspendArgs;
import io.skein.core.api.SuspendOutcome;
import io.skein.core.api.SuspensionReasonCode;
import io.skein.core.api.TimeoutBehavior;
import io.skein.core.api.WaitpointBinding;
import io.skein.core.api.execution.ResumeExecutionArgs;
import io.skein.core.api.execution.ResumeExecutionResult;
import io.skein.core.api.execution.ResumeTriggerType;
import io.skein.core.api.scheduler.CloseWaitpointArgs;
import io.skein.core.api.scheduler.TimerArgs;
import io.skein.core.command.EngineCommand;
import io.skein.core.error.ConflictKind;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.StateKind;
import io.skein.core.error.ValidationKind;
import io.skein.core.handle.HandleFields;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.SuspensionId;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WaitpointKey;
import io.skein.core.state.AttemptLifecycle;
import io.skein.core.state.AttemptState;
import io.skein.core.state.BlockingReason;
import io.skein.core.state.PublicState;
import io.skein.engine.state.Attempt;
import io.skein.engine.state.ExecCore;
import io.skein.engine.state.StoredSignal;
import io.skein.engine.state.Suspension;
import io.skein.engine.state.Waitpoint;
import io.skein.engine.state.memory.InMemoryEngineState.LoggedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Suspension's decisions, given / when / then against the in-memory state: suspend on waitpoints under a resume
 * condition, the buffered signals of a pending waitpoint (D9), resume and its closing of every waitpoint (D8), the
 * timeout behaviours, operator resume, createWaitpoint and pending-waitpoint expiry (spec 04 §1–§2, 01 §8).
 */
class SuspensionDecisionsTest {

    private final EngineRule engine = new EngineRule();
    private final Givens given = new Givens(engine);

    // ------------------------------------------------------------------------------------------ suspend

    @Test
    void suspendOnOneWaitpointReleasesTheLeaseAndOpensTheSuspensionWithItsTimeout() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        long timeoutAt = engine.now + 60_000;

        SuspendOutcome.Suspended s = given.suspended(handle, given.suspendArgs(List.of(fresh("wpk:approval")),
                single("wpk:approval", byName("approval")), timeoutAt, null, null));

        ExecCore e = engine.execution(id);
        assertEquals(PublicState.SUSPENDED, e.state.publicState());
        assertEquals(BlockingReason.WAITING_FOR_SIGNAL, e.state.blockingReason());
        assertEquals(AttemptState.ATTEMPT_INTERRUPTED, e.state.attemptState());
        assertEquals(HandleKind.SUSPENDED, s.handle().kind());
        Attempt a = engine.currentAttempt(id);
        assertEquals(AttemptLifecycle.SUSPENDED, a.lifecycle);
        assertNull(a.leaseExpiresAtMs, "the lease is released");
        Waitpoint w = given.waitpoint(s.details().waitpointId());
        assertEquals("active", w.state);
        assertEquals(s.details().waitpointToken(), w.token);
        assertTrue(w.token.matches("k1:[0-9a-f]{64}"), "signed by the current kid");
        assertEquals("[\"approval\"]", w.requiredSignalNames);
        assertEquals(timeoutAt, w.expiresAtMs);
        Suspension suspension = given.suspension(id);
        assertTrue(suspension.isOpen());
        assertEquals(s.details().suspensionId().uuid(), suspension.suspensionId);
        assertEquals(timeoutAt, suspension.timeoutAtMs);
        assertEquals("fail", suspension.timeoutBehavior);
        assertEquals(0, suspension.attemptIndex);
        assertEquals(suspension.suspensionId, e.currentSuspensionId);
        assertEquals(w.waitpointId, e.currentWaitpointId);
        assertEquals(List.of(), readyIds(), "a suspended execution is not claimable");
        assertEquals(new LoggedEvent("lease", id, "released", "suspend"), engine.history(id).get(1));
    }

    @Test
    void suspendOnSeveralWaitpointsGivesEachItsOwnToken() {
        Handle handle = given.claimed();
        ResumeCondition condition = new ResumeCondition.AllOf(List.of(single("wpk:a", byName("x")),
                single("wpk:b", wildcard())));

        SuspendOutcome.Suspended s = given.suspended(handle, given.suspendArgs(List.of(fresh("wpk:a"),
                fresh("wpk:b"), fresh("wpk:unreferenced")), condition));

        assertEquals(2, s.details().additionalWaitpoints().size());
        List<String> tokens = new ArrayList<>(List.of(s.details().waitpointToken()));
        s.details().additionalWaitpoints().forEach(extra -> tokens.add(extra.waitpointToken()));
        assertEquals(3, tokens.stream().distinct().count(), "one token per waitpoint");
        var b = s.details().additionalWaitpoints().get(0);
        var unreferenced = s.details().additionalWaitpoints().get(1);
        assertEquals("[\"x\"]", given.waitpoint(s.details().waitpointId()).requiredSignalNames);
        assertEquals("[]", given.waitpoint(b.waitpointId()).requiredSignalNames, "a wildcard names nothing");
        assertEquals("active", given.waitpoint(unreferenced.waitpointId()).state,
                "a binding the condition does not reference is created active");
        assertEquals(b.waitpointToken(), given.waitpoint(b.waitpointId()).token);
        assertTrue(given.suspension(idOf(handle)).additionalWaitpoints.contains(b.waitpointId().toString()));
        EngineError.Validation crossed = engine.rejected(given.signal(idOf(handle), b.waitpointId(),
                s.details().waitpointToken(), "y").command(), EngineError.Validation.class);
        assertEquals(ValidationKind.INVALID_TOKEN, crossed.kind(), "a token verifies for its own waitpoint only");
    }

    @Test
    void theReasonCodeSetsTheBlockingReason() {
        for (var expected : List.of(
                new Object[] {SuspensionReasonCode.MANUAL_PAUSE, BlockingReason.PAUSED_BY_OPERATOR},
                new Object[] {SuspensionReasonCode.PAUSED_BY_BUDGET, BlockingReason.WAITING_FOR_BUDGET},
                new Object[] {SuspensionReasonCode.STEP_BOUNDARY, BlockingReason.WAITING_FOR_SIGNAL},
                new Object[] {SuspensionReasonCode.WAITING_FOR_APPROVAL, BlockingReason.WAITING_FOR_APPROVAL})) {
            Handle handle = given.claimed();
            given.suspended(handle, new SuspendArgs(SuspensionId.random(), List.of(fresh("wpk:r")),
                    single("wpk:r", wildcard()), null, (SuspensionReasonCode) expected[0], null, null, null, null,
                    engine.now, null));

            assertEquals(expected[1], engine.execution(idOf(handle)).state.blockingReason(), expected[0].toString());
        }
    }

    @Test
    void aPolicyDefaultTimeoutAndBehaviourApplyWhenTheSuspendGivesNone() {
        Handle handle = given.claimed("{\"suspension_policy\":{\"default_timeout_ms\":5000,"
                + "\"timeout_behavior\":\"cancel\"}}");

        given.suspendedOn(handle, "wpk:p", wildcard());

        Suspension s = given.suspension(idOf(handle));
        assertEquals(engine.now + 5_000, s.timeoutAtMs);
        assertEquals("cancel", s.timeoutBehavior);
    }

    @Test
    void aRepeatedSuspendWithItsIdempotencyKeyReturnsTheStoredOutcome() {
        Handle handle = given.claimed();
        SuspendArgs args = given.suspendArgs(List.of(fresh("wpk:k")), single("wpk:k", wildcard()), null, null, "k");
        Object first = engine.when(new EngineCommand.Suspend(handle, args));
        long version = engine.execution(idOf(handle)).stateVersion;
        engine.advance(1_000);

        Object again = engine.when(new EngineCommand.Suspend(handle, args));

        assertEquals(first, again, "the same outcome, tokens and handle included");
        assertEquals(version, engine.execution(idOf(handle)).stateVersion);
        assertEquals(1, openWaitpoints(idOf(handle)).size());
    }

    // ------------------------------------------------------------------------------------------ suspend rejections

    @Test
    void aHandleOfKindSuspendedIsAlreadySuspendedAndWritesNothing() {
        Handle handle = given.claimed();
        SuspendOutcome.Suspended s = given.suspendedOn(handle, "wpk:1", wildcard());

        EngineError.State error = engine.rejected(new EngineCommand.Suspend(s.handle(),
                given.suspendArgs(List.of(fresh("wpk:2")), single("wpk:2", wildcard()))), EngineError.State.class);

        assertEquals(StateKind.ALREADY_SUSPENDED, error.kind());
        assertEquals(1, openWaitpoints(idOf(handle)).size());
    }

    @Test
    void aSuspendByTripleAfterTheSuspendFindsTheExecutionNotActive() {
        Handle handle = given.claimed();
        HandleFields f = fields(handle);
        given.suspendedOn(handle, "wpk:1", wildcard());

        EngineError.Contention error = engine.rejected(new EngineCommand.SuspendByTriple(f.executionId(), f.fence(),
                given.suspendArgs(List.of(fresh("wpk:2")), single("wpk:2", wildcard()))),
                EngineError.Contention.class);

        assertEquals(ContentionKind.EXECUTION_NOT_ACTIVE, error.kind(), "the lease went with the first suspend");
        assertEquals(1, openWaitpoints(idOf(handle)).size());
    }

    @Test
    void aStaleFenceCannotSuspendAndChangesNothing() {
        Handle handle = given.claimed();
        HandleFields f = fields(handle);
        SuspendArgs args = given.suspendArgs(List.of(fresh("wpk:t")), single("wpk:t", wildcard()));

        EngineError.Contention byHandle = engine.rejected(new EngineCommand.Suspend(withEpoch(handle,
                f.leaseEpoch() + 1), args), EngineError.Contention.class);
        EngineError.State byTriple = engine.rejected(new EngineCommand.SuspendByTriple(f.executionId(),
                new io.skein.core.api.LeaseFence(f.leaseId(), f.leaseEpoch() + 1, f.attemptId()), args),
                EngineError.State.class);

        assertEquals(ContentionKind.LEASE_CONFLICT, byHandle.kind());
        assertEquals(StateKind.STALE_LEASE, byTriple.kind());
        assertEquals(PublicState.ACTIVE, engine.execution(f.executionId()).state.publicState());
        Object outcome = engine.when(new EngineCommand.SuspendByTriple(f.executionId(), f.fence(), args));
        SuspendOutcome.Suspended suspended = assertInstanceOf(SuspendOutcome.Suspended.class, outcome);
        assertEquals(f.attemptIndex(), fields(suspended.handle()).attemptIndex(), "the attempt comes from state");
    }

    @Test
    void argumentErrorsAreInvalidInputAndKeepTheLease() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        PendingWaitpoint pending = given.pending(handle, "wpk:p", Duration.ofMinutes(1));
        ResumeCondition deep = single("wpk:a", wildcard());
        for (int i = 0; i < 4; i++) {
            deep = new ResumeCondition.AllOf(List.of(deep));
        }
        List<Object[]> cases = List.of(
                new Object[] {"allof_empty_members", List.of(fresh("wpk:a")), new ResumeCondition.AllOf(List.of())},
                new Object[] {"count_n_zero", List.of(fresh("wpk:a")), new ResumeCondition.Count(0,
                        CountKind.DISTINCT_SIGNALS, null, List.of(WaitpointKey.of("wpk:a")))},
                new Object[] {"condition_depth_exceeded", List.of(fresh("wpk:a")), deep},
                new Object[] {"count_waitpoints_empty", List.of(fresh("wpk:a")), new ResumeCondition.Count(1,
                        CountKind.DISTINCT_SIGNALS, null, List.of())},
                new Object[] {"count_exceeds_waitpoint_set", List.of(fresh("wpk:a")), new ResumeCondition.Count(2,
                        CountKind.DISTINCT_WAITPOINTS, null, List.of(WaitpointKey.of("wpk:a")))},
                new Object[] {"timeout_only_without_deadline", List.of(fresh("wpk:a")),
                        new ResumeCondition.TimeoutOnly()},
                new Object[] {"waitpoints_empty", List.of(), single("wpk:a", wildcard())},
                new Object[] {"waitpoint_key_mismatch", List.of(fresh("wpk:a")), single("wpk:b", wildcard())},
                new Object[] {"additional_waitpoint_binding_must_be_fresh", List.of(fresh("wpk:a"),
                        new WaitpointBinding.UsePending(pending.waitpointId())), single("wpk:a", wildcard())},
                new Object[] {"referenced_waitpoint_key_missing_binding: wpk:missing", List.of(fresh("wpk:a")),
                        new ResumeCondition.AllOf(List.of(single("wpk:a", wildcard()),
                                single("wpk:missing", wildcard())))},
                new Object[] {"referenced_waitpoint_key_missing_binding: wpk:not-its-key",
                        List.of(new WaitpointBinding.UsePending(pending.waitpointId())),
                        single("wpk:not-its-key", wildcard())},
                new Object[] {"matcher_name_empty", List.of(fresh("wpk:a")), single("wpk:a", byName(""))},
                new Object[] {"resume_condition_missing", List.of(fresh("wpk:a")), null});
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            SuspendArgs args = given.suspendArgs((List<WaitpointBinding>) c[1], (ResumeCondition) c[2]);

            EngineError.Validation error = engine.rejected(new EngineCommand.Suspend(handle, args),
                    EngineError.Validation.class);

            assertEquals(ValidationKind.INVALID_INPUT, error.kind(), (String) c[0]);
            assertEquals(c[0], error.detail());
        }
        EngineError.Validation past = engine.rejected(new EngineCommand.Suspend(handle, given.suspendArgs(
                List.of(fresh("wpk:a")), single("wpk:a", wildcard()), engine.now - 600_001, null, null)),
                EngineError.Validation.class);
        assertEquals("timeout_at_in_past", past.detail());
        assertEquals(PublicState.ACTIVE, engine.execution(id).state.publicState());
        assertEquals(List.of(pending.waitpointId().uuid()), openWaitpoints(id).stream().map(w -> w.waitpointId)
                .toList(), "only the pending waitpoint, still pending");
        engine.when(new EngineCommand.Renew(handle));
    }

    @Test
    void aCompletedExecutionCannotSuspendOrCreateAWaitpoint() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        engine.when(new EngineCommand.Complete(handle, null));

        EngineError.Contention suspend = engine.rejected(new EngineCommand.Suspend(handle, given.suspendArgs(
                List.of(fresh("wpk:a")), single("wpk:a", wildcard()))), EngineError.Contention.class);
        EngineError.Contention create = engine.rejected(new EngineCommand.CreateWaitpoint(handle,
                WaitpointKey.of("wpk:b"), Duration.ofMinutes(1)), EngineError.Contention.class);

        assertEquals(ContentionKind.EXECUTION_NOT_ACTIVE, suspend.kind());
        assertEquals(ContentionKind.EXECUTION_NOT_ACTIVE, create.kind());
        assertTrue(engine.state.suspensions().load(id).isEmpty());
        assertEquals(List.of(), openWaitpoints(id));
    }

    @Test
    void aFreshBindingWithAnIdInUseIsAConflictAndWritesNothing() {
        Handle handle = given.claimed();
        PendingWaitpoint pending = given.pending(handle, "wpk:p", Duration.ofMinutes(1));

        EngineError.Conflict error = engine.rejected(new EngineCommand.Suspend(handle, given.suspendArgs(
                List.of(new WaitpointBinding.Fresh(pending.waitpointId(), WaitpointKey.of("wpk:q"))),
                single("wpk:q", wildcard()))), EngineError.Conflict.class);

        assertEquals(ConflictKind.WAITPOINT_ALREADY_EXISTS, error.kind());
        assertEquals("pending", given.waitpoint(pending.waitpointId()).state);
        assertEquals(PublicState.ACTIVE, engine.execution(idOf(handle)).state.publicState());
    }

    @Test
    void usePendingChecksRejectInTheirOrderAndChangeNothing() {
        Handle other = given.claimed();
        PendingWaitpoint foreign = given.pending(other, "wpk:f", Duration.ofMinutes(1));
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        PendingWaitpoint shortLived = given.pending(handle, "wpk:s", Duration.ofMillis(10));
        PendingWaitpoint expiredUnclosed = given.pending(handle, "wpk:u", Duration.ofMillis(10));
        PendingWaitpoint used = given.pending(handle, "wpk:used", Duration.ofMinutes(10));
        given.signal(id, used.waitpointId(), used.hmacToken(), "go").accepted(SignalEffect.BUFFERED_FOR_PENDING_WAITPOINT);
        assertInstanceOf(SuspendOutcome.AlreadySatisfied.class, engine.when(new EngineCommand.Suspend(handle,
                usePending(used.waitpointId(), "wpk:used"))));
        engine.advance(10);
        engine.when(new EngineCommand.CloseWaitpoint(new CloseWaitpointArgs(id.partitionKey(), id,
                shortLived.waitpointId(), engine.now)));
        assertEquals("never_committed", given.waitpoint(shortLived.waitpointId()).closeReason);

        EngineError.Contention unknown = engine.rejected(new EngineCommand.Suspend(handle,
                usePending(WaitpointId.random(), "wpk:none")), EngineError.Contention.class);
        EngineError.Validation notHers = engine.rejected(new EngineCommand.Suspend(handle,
                usePending(foreign.waitpointId(), "wpk:f")), EngineError.Validation.class);
        EngineError.State neverCommitted = engine.rejected(new EngineCommand.Suspend(handle,
                usePending(shortLived.waitpointId(), "wpk:s")), EngineError.State.class);
        EngineError.State pastExpiry = engine.rejected(new EngineCommand.Suspend(handle,
                usePending(expiredUnclosed.waitpointId(), "wpk:u")), EngineError.State.class);
        EngineError.State notPending = engine.rejected(new EngineCommand.Suspend(handle,
                usePending(used.waitpointId(), "wpk:used")), EngineError.State.class);

        assertEquals(ContentionKind.WAITPOINT_NOT_FOUND, unknown.kind());
        assertEquals(ValidationKind.INVALID_WAITPOINT_FOR_EXECUTION, notHers.kind());
        assertEquals(StateKind.PENDING_WAITPOINT_EXPIRED, neverCommitted.kind());
        assertEquals(StateKind.PENDING_WAITPOINT_EXPIRED, pastExpiry.kind(), "expired before the timer closed it");
        assertEquals(StateKind.WAITPOINT_NOT_PENDING, notPending.kind());
        assertEquals(PublicState.ACTIVE, engine.execution(id).state.publicState());
        assertEquals("pending", given.waitpoint(foreign.waitpointId()).state);
        assertEquals("pending", given.waitpoint(expiredUnclosed.waitpointId()).state);
    }

    // ------------------------------------------------------------------------------------------ buffered signals (D9)

    @Test
    void bufferedSignalsThatSatisfyTheConditionAnswerAlreadySatisfiedAndKeepTheLease() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        Attempt before = engine.currentAttempt(id);
        PendingWaitpoint pending = given.pending(handle, "wpk:early", Duration.ofMinutes(1));
        given.signal(id, pending.waitpointId(), pending.hmacToken(), "noise")
                .accepted(SignalEffect.BUFFERED_FOR_PENDING_WAITPOINT);
        var ready = given.signal(id, pending.waitpointId(), pending.hmacToken(), "ready")
                .accepted(SignalEffect.BUFFERED_FOR_PENDING_WAITPOINT);
        long version = engine.execution(id).stateVersion;

        Object outcome = engine.when(new EngineCommand.Suspend(handle, given.suspendArgs(
                List.of(new WaitpointBinding.UsePending(pending.waitpointId())), single("wpk:early", byName("ready")))));

        SuspendOutcome.AlreadySatisfied satisfied = assertInstanceOf(SuspendOutcome.AlreadySatisfied.class, outcome);
        assertEquals(pending.waitpointId(), satisfied.details().waitpointId());
        assertEquals(pending.hmacToken(), satisfied.details().waitpointToken(), "the pending token is kept");
        Waitpoint w = given.waitpoint(pending.waitpointId());
        assertEquals("closed", w.state);
        assertEquals("resumed", w.closeReason);
        assertEquals(1, w.matchedSignalCount);
        assertTrue(engine.state.suspensions().load(id).isEmpty(), "no suspension row");
        assertEquals(version, engine.execution(id).stateVersion, "the execution is unchanged");
        assertEquals(PublicState.ACTIVE, engine.execution(id).state.publicState());
        Attempt after = engine.currentAttempt(id);
        assertEquals(before.leaseEpoch, after.leaseEpoch, "the same lease");
        assertEquals(before.leaseExpiresAtMs, after.leaseExpiresAtMs);
        StoredSignal satisfier = engine.state.suspensions().signal(id, ready.signalId().uuid()).orElseThrow();
        assertTrue(satisfier.satisfier);
        assertEquals(satisfied.details().suspensionId().uuid(), satisfier.suspensionId);
        engine.when(new EngineCommand.Complete(handle, null));
        assertEquals(PublicState.COMPLETED, engine.execution(id).state.publicState());
    }

    @Test
    void bufferedSignalsThatDoNotSatisfyCarryIntoTheSuspension() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        PendingWaitpoint pending = given.pending(handle, "wpk:a", Duration.ofMinutes(1));
        var buffered = given.signal(id, pending.waitpointId(), pending.hmacToken(), "x").source("s1")
                .accepted(SignalEffect.BUFFERED_FOR_PENDING_WAITPOINT);
        ResumeCondition twoSources = new ResumeCondition.Count(2, CountKind.DISTINCT_SOURCES, null,
                List.of(WaitpointKey.of("wpk:a")));

        SuspendOutcome.Suspended s = given.suspended(handle, given.suspendArgs(
                List.of(new WaitpointBinding.UsePending(pending.waitpointId())), twoSources));

        assertEquals(pending.hmacToken(), s.details().waitpointToken());
        assertEquals("active", given.waitpoint(pending.waitpointId()).state);
        given.signal(id, pending.waitpointId(), pending.hmacToken(), "x").source("s1")
                .accepted(SignalEffect.APPENDED_TO_WAITPOINT_DUPLICATE);
        engine.advance(1); // satisfiers are listed oldest first; ids order signals of one millisecond
        var second = given.signal(id, pending.waitpointId(), pending.hmacToken(), "x").source("s2")
                .accepted(SignalEffect.RESUME_CONDITION_SATISFIED);
        assertEquals(PublicState.WAITING, engine.execution(id).state.publicState());
        assertEquals("[\"" + buffered.signalId() + "\",\"" + second.signalId() + "\"]",
                given.suspension(id).satisfierSignalIds, "the buffered signal is one of the satisfiers");
    }

    // ------------------------------------------------------------------------------------------ resume (D8)

    @Test
    void aSatisfyingSignalResumesTheExecutionAndClosesTheSuspensionAndEveryWaitpoint() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        SuspendOutcome.Suspended s = given.suspended(handle, given.suspendArgs(List.of(fresh("wpk:a"),
                fresh("wpk:extra")), single("wpk:a", byName("go")), engine.now + 60_000, null, null));
        WaitpointId extra = s.details().additionalWaitpoints().get(0).waitpointId();
        given.signal(id, s.details().waitpointId(), s.details().waitpointToken(), "other").accepted(SignalEffect.NO_OP);
        assertEquals(PublicState.SUSPENDED, engine.execution(id).state.publicState());

        var go = given.signal(id, s.details().waitpointId(), s.details().waitpointToken(), "go")
                .accepted(SignalEffect.RESUME_CONDITION_SATISFIED);

        ExecCore e = engine.execution(id);
        assertEquals(PublicState.WAITING, e.state.publicState());
        assertEquals(AttemptState.ATTEMPT_INTERRUPTED, e.state.attemptState());
        assertNull(e.currentSuspensionId);
        assertNull(e.currentWaitpointId);
        assertEquals(List.of(id), readyIds());
        assertEquals(AttemptLifecycle.SUSPENDED, engine.currentAttempt(id).lifecycle,
                "the attempt waits for its resumed claim");
        Suspension closed = given.suspension(id);
        assertEquals("closed", closed.state);
        assertEquals("resumed", closed.closeReason);
        assertEquals(go.signalId().uuid(), closed.closerSignalId);
        assertEquals("[\"" + go.signalId() + "\"]", closed.satisfierSignalIds);
        for (WaitpointId w : List.of(s.details().waitpointId(), extra)) {
            assertEquals("closed", given.waitpoint(w).state);
            assertEquals("resumed", given.waitpoint(w).closeReason, "every waitpoint of the suspension closes");
        }
        assertEquals(List.of(new LoggedEvent("signal", id, "no_op", null),
                new LoggedEvent("signal", id, "resume_condition_satisfied", null)),
                engine.history(id).stream().filter(ev -> ev.table().equals("signal")).toList());
    }

    @Test
    void theResumedClaimContinuesTheSameAttemptAndObservesTheSatisfyingSignal() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        SuspendOutcome.Suspended s = given.suspendedOn(handle, "wpk:a", wildcard());
        var go = given.signal(id, s.details().waitpointId(), s.details().waitpointToken(), "go")
                .payload("{\"ok\":true}".getBytes()).accepted(SignalEffect.RESUME_CONDITION_SATISFIED);

        Handle resumed = given.resumedClaim(id);

        assertEquals(HandleKind.RESUMED, resumed.kind());
        assertEquals(fields(handle).attemptIndex(), fields(resumed).attemptIndex());
        assertEquals(fields(handle).attemptId(), fields(resumed).attemptId());
        assertEquals(fields(handle).leaseEpoch() + 1, fields(resumed).leaseEpoch());
        assertEquals(AttemptLifecycle.STARTED, engine.currentAttempt(id).lifecycle);
        List<ResumeSignal> observed = given.observedSignals(resumed);
        assertEquals(1, observed.size());
        assertEquals(go.signalId(), observed.get(0).signalId());
        assertEquals("{\"ok\":true}", new String(observed.get(0).payload()));
    }

    @Test
    void aResumeDelayFromTheDeliveryOrTheResumePolicyDelaysTheExecution() {
        Handle byDelivery = given.claimed();
        SuspendOutcome.Suspended s1 = given.suspendedOn(byDelivery, "wpk:d", wildcard());
        Handle byPolicy = given.claimed();
        SuspendOutcome.Suspended s2 = given.suspended(byPolicy, new SuspendArgs(SuspensionId.random(),
                List.of(fresh("wpk:p")), single("wpk:p", wildcard()), new ResumePolicy(null, null, null, 2_000L, null),
                null, null, null, null, null, engine.now, null));

        given.signal(idOf(byDelivery), s1.details().waitpointId(), s1.details().waitpointToken(), "go")
                .resumeDelayMs(5_000).accepted(SignalEffect.RESUME_CONDITION_SATISFIED);
        given.signal(idOf(byPolicy), s2.details().waitpointId(), s2.details().waitpointToken(), "go")
                .accepted(SignalEffect.RESUME_CONDITION_SATISFIED);

        ExecCore delayed = engine.execution(idOf(byDelivery));
        assertEquals(PublicState.DELAYED, delayed.state.publicState());
        assertEquals(BlockingReason.WAITING_FOR_RESUME_DELAY, delayed.state.blockingReason());
        assertEquals(engine.now + 5_000, delayed.delayUntilMs);
        assertEquals(engine.now + 2_000, engine.execution(idOf(byPolicy)).delayUntilMs);
        assertEquals(List.of(), readyIds());
        engine.advance(5_000);
        engine.when(new EngineCommand.PromoteDelayed(given.timer(idOf(byDelivery))));
        assertEquals(PublicState.WAITING, engine.execution(idOf(byDelivery)).state.publicState());
        assertEquals(HandleKind.RESUMED, given.resumedClaim(idOf(byDelivery)).kind());
    }

    @Test
    void anOldSuspensionNeverFiresOnceTheExecutionResumed() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        SuspendOutcome.Suspended first = given.suspended(handle, given.suspendArgs(List.of(fresh("wpk:1")),
                single("wpk:1", wildcard()), engine.now + 1_000, TimeoutBehavior.FAIL, null));
        long armedAt = engine.execution(id).stateVersion;
        given.signal(id, first.details().waitpointId(), first.details().waitpointToken(), "go")
                .accepted(SignalEffect.RESUME_CONDITION_SATISFIED);
        Handle resumed = given.resumedClaim(id);
        SuspendOutcome.Suspended second = given.suspended(resumed, given.suspendArgs(List.of(fresh("wpk:2")),
                single("wpk:2", wildcard()), engine.now + 60_000, TimeoutBehavior.FAIL, null));
        long version = engine.execution(id).stateVersion;
        engine.advance(2_000);

        engine.when(new EngineCommand.ExpireSuspension(new TimerArgs(id.partitionKey(), id, armedAt, engine.now)));
        engine.when(new EngineCommand.ExpireSuspension(given.timer(id)));

        assertEquals(PublicState.SUSPENDED, engine.execution(id).state.publicState(),
                "the first suspension's timeout passed, but it closed with the resume");
        assertEquals(version, engine.execution(id).stateVersion);
        assertEquals(second.details().suspensionId().uuid(), given.suspension(id).suspensionId);
        EngineError.State oldWaitpoint = engine.rejected(given.signal(id, first.details().waitpointId(),
                first.details().waitpointToken(), "go").command(), EngineError.State.class);
        assertEquals(StateKind.TARGET_NOT_SIGNALABLE, oldWaitpoint.kind());
    }

    // ------------------------------------------------------------------------------------------ timeouts (§2.5)

    @Test
    void aFailTimeoutFailsTheExecutionClosesItsStreamAndItsWaitpoints() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        SuspendOutcome.Suspended s = suspendWithTimeout(handle, TimeoutBehavior.FAIL);

        engine.when(new EngineCommand.ExpireSuspension(given.timer(id)));

        ExecCore e = engine.execution(id);
        assertEquals(PublicState.FAILED, e.state.publicState());
        assertEquals("suspension_timeout:fail", e.failureReason);
        assertEquals(AttemptLifecycle.ENDED_FAILURE, engine.currentAttempt(id).lifecycle);
        assertEquals("timed_out_fail", given.waitpoint(s.details().waitpointId()).closeReason);
        assertEquals("timed_out_fail", given.suspension(id).closeReason);
        assertEquals("suspension_timeout", engine.state.streams().meta(id, 0).orElseThrow().closedReason);
        assertEquals(new LoggedEvent("completion", id, "failed", null), last(engine.history(id)));
        assertEquals(List.of("closed " + id + "/0"), engine.effects, "parked tails wake");
    }

    @Test
    void cancelAndExpireTimeoutsEndTheExecutionWithTheirOutcome() {
        Handle cancelled = given.claimed();
        SuspendOutcome.Suspended c = suspendWithTimeout(cancelled, TimeoutBehavior.CANCEL);
        Handle expired = given.claimed();
        SuspendOutcome.Suspended x = suspendWithTimeout(expired, TimeoutBehavior.EXPIRE);

        engine.when(new EngineCommand.ExpireSuspension(given.timer(idOf(cancelled))));
        engine.when(new EngineCommand.ExpireSuspension(given.timer(idOf(expired))));

        ExecCore ce = engine.execution(idOf(cancelled));
        assertEquals(PublicState.CANCELLED, ce.state.publicState());
        assertEquals("system_timeout_policy", ce.cancelledBy);
        assertEquals(AttemptLifecycle.ENDED_CANCELLED, engine.currentAttempt(idOf(cancelled)).lifecycle);
        assertEquals("timed_out_cancel", given.waitpoint(c.details().waitpointId()).closeReason);
        assertEquals(PublicState.EXPIRED, engine.execution(idOf(expired)).state.publicState());
        assertEquals("timed_out_expire", given.waitpoint(x.details().waitpointId()).closeReason);
        assertEquals(new LoggedEvent("completion", idOf(expired), "expired", null), last(engine.history(idOf(expired))));
    }

    @Test
    void anAutoResumeTimeoutResumesWithASyntheticTimeoutSignal() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        SuspendOutcome.Suspended s = suspendWithTimeout(handle, TimeoutBehavior.AUTO_RESUME_WITH_TIMEOUT_SIGNAL);

        engine.when(new EngineCommand.ExpireSuspension(given.timer(id)));

        assertEquals(PublicState.WAITING, engine.execution(id).state.publicState());
        assertEquals("timed_out_auto_resume", given.waitpoint(s.details().waitpointId()).closeReason);
        Handle resumed = given.resumedClaim(id);
        List<ResumeSignal> observed = given.observedSignals(resumed);
        assertEquals(1, observed.size());
        assertEquals("timeout", observed.get(0).signalName());
        assertEquals("system", observed.get(0).sourceType());
        assertEquals("suspension_timeout", observed.get(0).sourceIdentity());
    }

    @Test
    void anEscalateTimeoutKeepsTheExecutionSuspendedForAnOperatorAndASignalStillResumesIt() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        SuspendOutcome.Suspended s = suspendWithTimeout(handle, TimeoutBehavior.ESCALATE);

        engine.when(new EngineCommand.ExpireSuspension(given.timer(id)));

        ExecCore e = engine.execution(id);
        assertEquals(PublicState.SUSPENDED, e.state.publicState());
        assertEquals(BlockingReason.PAUSED_BY_OPERATOR, e.state.blockingReason());
        Suspension open = given.suspension(id);
        assertTrue(open.isOpen());
        assertEquals("waiting_for_operator_review", open.reasonCode);
        assertNull(open.timeoutAtMs, "the timeout is cleared");
        long version = e.stateVersion;
        engine.advance(60_000);
        engine.when(new EngineCommand.ExpireSuspension(given.timer(id)));
        assertEquals(version, engine.execution(id).stateVersion, "a later pass changes nothing");
        given.signal(id, s.details().waitpointId(), s.details().waitpointToken(), "late")
                .accepted(SignalEffect.RESUME_CONDITION_SATISFIED);
        assertEquals(PublicState.WAITING, engine.execution(id).state.publicState());
    }

    @Test
    void aTimeoutTimerBeforeItsDueTimeAtAnOlderVersionOrRepeatedDoesNothing() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        given.suspended(handle, given.suspendArgs(List.of(fresh("wpk:t")), single("wpk:t", wildcard()),
                engine.now + 1_000, TimeoutBehavior.FAIL, null));
        long version = engine.execution(id).stateVersion;

        engine.advance(999);
        engine.when(new EngineCommand.ExpireSuspension(given.timer(id)));
        assertEquals(PublicState.SUSPENDED, engine.execution(id).state.publicState(), "not due yet");
        engine.advance(1);
        engine.when(new EngineCommand.ExpireSuspension(new TimerArgs(id.partitionKey(), id, version - 1,
                engine.now)));
        assertEquals(PublicState.SUSPENDED, engine.execution(id).state.publicState(), "armed at an older version");

        engine.when(new EngineCommand.ExpireSuspension(new TimerArgs(id.partitionKey(), id, version, engine.now)));
        assertEquals(PublicState.FAILED, engine.execution(id).state.publicState());
        int rows = engine.history(id).size();
        long terminalVersion = engine.execution(id).stateVersion;
        engine.when(new EngineCommand.ExpireSuspension(given.timer(id)));
        assertEquals(terminalVersion, engine.execution(id).stateVersion, "a repeated pass changes nothing");
        assertEquals(rows, engine.history(id).size());
    }

    @Test
    void aTimeoutOnlyConditionIgnoresSignalsAndEndsWithItsTimeout() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        SuspendOutcome.Suspended s = given.suspended(handle, given.suspendArgs(List.of(fresh("wpk:t")),
                new ResumeCondition.TimeoutOnly(), engine.now + 1_000,
                TimeoutBehavior.AUTO_RESUME_WITH_TIMEOUT_SIGNAL, null));
        assertEquals("[\"__timeout_only__\"]", given.waitpoint(s.details().waitpointId()).requiredSignalNames);

        given.signal(id, s.details().waitpointId(), s.details().waitpointToken(), "go")
                .accepted(SignalEffect.SIGNAL_IGNORED_NOT_IN_CONDITION);
        assertEquals(PublicState.SUSPENDED, engine.execution(id).state.publicState());
        engine.advance(1_000);
        engine.when(new EngineCommand.ExpireSuspension(given.timer(id)));

        assertEquals(PublicState.WAITING, engine.execution(id).state.publicState());
    }

    // ------------------------------------------------------------------------------------------ operator resume

    @Test
    void anOperatorResumeEndsAnOperatorOnlySuspensionWithoutEvaluatingIt() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        SuspendOutcome.Suspended s = given.suspended(handle, given.suspendArgs(List.of(fresh("wpk:op")),
                new ResumeCondition.OperatorOnly(), engine.now + 1_000, TimeoutBehavior.FAIL, null));
        assertEquals("[\"__operator_only__\"]", given.waitpoint(s.details().waitpointId()).requiredSignalNames);
        given.signal(id, s.details().waitpointId(), s.details().waitpointToken(), "go")
                .accepted(SignalEffect.SIGNAL_IGNORED_NOT_IN_CONDITION);

        Object result = engine.when(new EngineCommand.ResumeExecution(new ResumeExecutionArgs(id,
                ResumeTriggerType.OPERATOR, 0)));

        assertEquals(new ResumeExecutionResult.Resumed(PublicState.WAITING), result);
        assertEquals("resumed", given.suspension(id).closeReason);
        assertNull(given.suspension(id).closerSignalId, "no signal closed it");
        assertEquals("resumed", given.waitpoint(s.details().waitpointId()).closeReason);
        engine.advance(2_000);
        engine.when(new EngineCommand.ExpireSuspension(given.timer(id)));
        assertEquals(PublicState.WAITING, engine.execution(id).state.publicState(), "its timeout never fires");
    }

    @Test
    void anOperatorResumeWithADelayResumesIntoDelayed() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        given.suspendedOn(handle, "wpk:op", wildcard());

        Object result = engine.when(new EngineCommand.ResumeExecution(new ResumeExecutionArgs(id, null, 3_000)));

        assertEquals(new ResumeExecutionResult.Resumed(PublicState.DELAYED), result);
        assertEquals(engine.now + 3_000, engine.execution(id).delayUntilMs);
    }

    @Test
    void resumingAnExecutionThatIsNotSuspendedIsTypedAndWritesNothing() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        SuspendOutcome.Suspended s = given.suspendedOn(handle, "wpk:a", wildcard());
        given.signal(id, s.details().waitpointId(), s.details().waitpointToken(), "go")
                .accepted(SignalEffect.RESUME_CONDITION_SATISFIED);
        long version = engine.execution(id).stateVersion;
        ExecutionId neverSuspended = given.created();

        EngineError.State again = engine.rejected(new EngineCommand.ResumeExecution(new ResumeExecutionArgs(id, null,
                0)), EngineError.State.class);
        EngineError.State waiting = engine.rejected(new EngineCommand.ResumeExecution(new ResumeExecutionArgs(
                neverSuspended, null, 0)), EngineError.State.class);
        EngineError.NotFound missing = engine.rejected(new EngineCommand.ResumeExecution(new ResumeExecutionArgs(
                ExecutionId.of(0, java.util.UUID.randomUUID()), null, 0)), EngineError.NotFound.class);

        assertEquals(StateKind.EXECUTION_NOT_SUSPENDED, again.kind());
        assertEquals(StateKind.EXECUTION_NOT_SUSPENDED, waiting.kind());
        assertEquals("execution", missing.entity());
        assertEquals(version, engine.execution(id).stateVersion);
    }

    // ------------------------------------------------------------------------------------------ createWaitpoint

    @Test
    void createWaitpointMakesAPendingWaitpointAndKeepsTheLease() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        Attempt before = engine.currentAttempt(id);
        long version = engine.execution(id).stateVersion;

        PendingWaitpoint p = given.pending(handle, "wpk:later", Duration.ofSeconds(30));
        PendingWaitpoint q = given.pending(handle, "wpk:other", Duration.ofSeconds(30));

        assertNotEquals(p.waitpointId(), q.waitpointId(), "a fresh id per call");
        Waitpoint w = given.waitpoint(p.waitpointId());
        assertEquals("pending", w.state);
        assertEquals("wpk:later", w.waitpointKey);
        assertEquals(p.hmacToken(), w.token);
        assertTrue(p.hmacToken().startsWith("k1:"));
        assertEquals(engine.now + 30_000, w.expiresAtMs);
        assertEquals(0, w.attemptIndex);
        assertNull(w.suspensionId);
        assertEquals(version, engine.execution(id).stateVersion, "the execution is unchanged");
        assertEquals(before.leaseExpiresAtMs, engine.currentAttempt(id).leaseExpiresAtMs);
    }

    @Test
    void createWaitpointAndSuspendNeedTheCurrentLeaseAndASeededKeystore() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        EngineError.Contention stale = engine.rejected(new EngineCommand.CreateWaitpoint(withEpoch(handle,
                fields(handle).leaseEpoch() + 1), WaitpointKey.of("wpk:x"), Duration.ofMinutes(1)),
                EngineError.Contention.class);
        EngineError.Validation negative = engine.rejected(new EngineCommand.CreateWaitpoint(handle,
                WaitpointKey.of("wpk:x"), Duration.ofMillis(-1)), EngineError.Validation.class);
        given.emptyKeystore();

        EngineError.Unavailable unseeded = engine.rejected(new EngineCommand.CreateWaitpoint(handle,
                WaitpointKey.of("wpk:x"), Duration.ofMinutes(1)), EngineError.Unavailable.class);
        EngineError.Unavailable suspend = engine.rejected(new EngineCommand.Suspend(handle, given.suspendArgs(
                List.of(fresh("wpk:y")), single("wpk:y", wildcard()))), EngineError.Unavailable.class);

        assertEquals(ContentionKind.LEASE_CONFLICT, stale.kind());
        assertEquals(ValidationKind.INVALID_INPUT, negative.kind());
        assertTrue(unseeded.op().contains("hmac_secret_not_initialized"), unseeded.op());
        assertTrue(suspend.op().contains("hmac_secret_not_initialized"), suspend.op());
        assertEquals(PublicState.ACTIVE, engine.execution(id).state.publicState());
        assertEquals(List.of(), openWaitpoints(id));
    }

    // ------------------------------------------------------------------------------------------ pending expiry

    @Test
    void aDuePendingWaitpointClosesNeverCommittedAndLeavesTheExecutionAlone() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        PendingWaitpoint due = given.pending(handle, "wpk:due", Duration.ofMillis(500));
        PendingWaitpoint later = given.pending(handle, "wpk:later", Duration.ofMillis(5_000));
        long version = engine.execution(id).stateVersion;

        engine.advance(499);
        engine.when(closeWaitpoint(id, due.waitpointId()));
        assertEquals("pending", given.waitpoint(due.waitpointId()).state, "not due yet");
        engine.advance(1);
        engine.when(closeWaitpoint(id, due.waitpointId()));
        engine.when(closeWaitpoint(id, later.waitpointId()));
        engine.when(closeWaitpoint(given.created(), due.waitpointId()));

        Waitpoint closed = given.waitpoint(due.waitpointId());
        assertEquals("closed", closed.state);
        assertEquals("never_committed", closed.closeReason);
        assertEquals(engine.now, closed.closedAtMs);
        assertEquals("pending", given.waitpoint(later.waitpointId()).state);
        assertEquals(version, engine.execution(id).stateVersion, "the execution is unchanged");
        assertEquals(PublicState.ACTIVE, engine.execution(id).state.publicState());
        EngineError.State late = engine.rejected(given.signal(id, due.waitpointId(), due.hmacToken(), "x").command(),
                EngineError.State.class);
        assertEquals(StateKind.TARGET_NOT_SIGNALABLE, late.kind());
    }

    // ------------------------------------------------------------------------------------------ givens

    private SuspendOutcome.Suspended suspendWithTimeout(Handle handle, TimeoutBehavior behavior) {
        SuspendOutcome.Suspended s = given.suspended(handle, given.suspendArgs(List.of(fresh("wpk:t")),
                single("wpk:t", wildcard()), engine.now + 1_000, behavior, null));
        engine.advance(1_000);
        return s;
    }

    private SuspendArgs usePending(WaitpointId id, String key) {
        return given.suspendArgs(List.of(new WaitpointBinding.UsePending(id)), single(key, wildcard()));
    }

    private EngineCommand closeWaitpoint(ExecutionId owner, WaitpointId waitpoint) {
        return new EngineCommand.CloseWaitpoint(new CloseWaitpointArgs(owner.partitionKey(), owner, waitpoint,
                engine.now));
    }

    private List<Waitpoint> openWaitpoints(ExecutionId id) {
        return engine.state.suspensions().openWaitpoints(id, null, 100);
    }

    private List<ExecutionId> readyIds() {
        return engine.state.executions().readyCandidates(Givens.LANE, engine.now, null, 100).stream()
                .map(r -> r.execution().executionId).toList();
    }

    private static <T> T last(List<T> list) {
        assertFalse(list.isEmpty());
        return list.get(list.size() - 1);
    }

    @Test
    void aFreshExtraWithAnIdInUseRefusesASuspendThatActivatesAPendingWaitpointAndWritesNothing() {
        Handle handle = given.claimed();
        PendingWaitpoint pending = given.pending(handle, "wpk:p", Duration.ofMinutes(1));
        PendingWaitpoint taken = given.pending(handle, "wpk:taken", Duration.ofMinutes(1));

        EngineError.Conflict error = engine.rejected(new EngineCommand.Suspend(handle, given.suspendArgs(
                List.of(new WaitpointBinding.UsePending(pending.waitpointId()),
                        new WaitpointBinding.Fresh(taken.waitpointId(), WaitpointKey.of("wpk:extra"))),
                single("wpk:p", wildcard()))), EngineError.Conflict.class);

        assertEquals(ConflictKind.WAITPOINT_ALREADY_EXISTS, error.kind());
        assertEquals("pending", given.waitpoint(pending.waitpointId()).state, "the pending waitpoint stays pending");
    }

    @Test
    void anUnseededKeystoreRefusesASuspendThatActivatesAPendingWaitpointAndWritesNothing() {
        Handle handle = given.claimed();
        PendingWaitpoint pending = given.pending(handle, "wpk:p", Duration.ofMinutes(1));
        given.emptyKeystore(); // after the pending waitpoint was made

        engine.rejected(new EngineCommand.Suspend(handle, given.suspendArgs(
                List.of(new WaitpointBinding.UsePending(pending.waitpointId()), fresh("wpk:extra")),
                single("wpk:p", wildcard()))), EngineError.Unavailable.class);

        assertEquals("pending", given.waitpoint(pending.waitpointId()).state, "the pending waitpoint stays pending");
    }
}
