package io.skein.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.FailOutcome;
import io.skein.core.api.FailureClass;
import io.skein.core.api.FailureReason;
import io.skein.core.api.Handle;
import io.skein.core.api.ReclaimGrant;
import io.skein.core.api.ReclaimToken;
import io.skein.core.api.execution.IssueReclaimGrantArgs;
import io.skein.core.api.execution.IssueReclaimGrantResult;
import io.skein.core.api.execution.CancelExecutionArgs;
import io.skein.core.api.execution.CancelExecutionResult;
import io.skein.core.api.execution.ChangePriorityArgs;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.api.execution.CreateExecutionResult;
import io.skein.core.api.policy.ExecutionPolicy;
import io.skein.core.api.scheduler.ClaimExecutionArgs;
import io.skein.core.api.scheduler.ClaimExecutionResult;
import io.skein.core.api.scheduler.ClaimedExecution;
import io.skein.core.api.scheduler.IssueClaimGrantArgs;
import io.skein.core.api.scheduler.IssueClaimGrantResult;
import io.skein.core.api.scheduler.TimerArgs;
import io.skein.core.command.EngineCommand;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.id.AttemptId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.LeaseId;
import io.skein.core.id.Namespace;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.state.AttemptLifecycle;
import io.skein.core.state.AttemptType;
import io.skein.core.state.OwnershipState;
import io.skein.core.state.PublicState;
import io.skein.engine.state.ExecCore;
import io.skein.engine.state.memory.InMemoryEngineState.LoggedEvent;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The execution lifecycle's decisions, given / when / then against the in-memory state (spec 01 §8). */
class ExecutionLifecycleTest {

    private static final LaneId LANE = LaneId.of("default");
    private final EngineRule engine = new EngineRule();

    // ------------------------------------------------------------------------------------------ create

    @Test
    void createMakesTheExecutionWaitingAndReadyToClaim() {
        ExecutionId id = givenCreated(0);

        ExecCore e = engine.execution(id);
        assertEquals(PublicState.WAITING, e.state.publicState());
        assertEquals(List.of(id), readyIds());
    }

    @Test
    void createWithAKnownIdOrIdempotencyKeyIsADuplicate() {
        ExecutionId first = ExecutionId.of(0, UUID.randomUUID());
        engine.when(create(first, 0, "order-17"));

        Object again = engine.when(create(first, 0, null));
        Object sameKey = engine.when(create(ExecutionId.of(0, UUID.randomUUID()), 0, "order-17"));

        assertEquals(new CreateExecutionResult.Duplicate(first), again);
        assertEquals(new CreateExecutionResult.Duplicate(first), sameKey);
        assertEquals(1, readyIds().size());
    }

    // ------------------------------------------------------------------------------------------ claim

    @Test
    void claimWithItsGrantOpensAttemptZeroUnderEpochOne() {
        ExecutionId id = givenCreated(0);

        ClaimedExecution claimed = givenClaimed(id);

        assertEquals(0, claimed.attemptIndex());
        assertEquals(1, claimed.leaseEpoch());
        assertEquals(AttemptType.INITIAL, claimed.attemptType());
        ExecCore e = engine.execution(id);
        assertEquals(PublicState.ACTIVE, e.state.publicState());
        assertEquals(OwnershipState.LEASED, e.state.ownershipState());
        assertEquals(engine.now + 30_000, engine.currentAttempt(id).leaseExpiresAtMs);
        assertEquals(List.of(), readyIds(), "a claimed execution leaves the ready queue");
        assertEquals(List.of(new LoggedEvent("lease", id, "acquired", "initial")), engine.history(id));
        assertEquals(List.of("claim"), engine.effects);
    }

    @Test
    void aClaimWithAGrantKeyThatWasNeverIssuedIsRejectedAndChangesNothing() {
        ExecutionId id = givenCreated(0);
        String key = grant(id);
        long version = engine.execution(id).stateVersion;

        EngineError.Contention error = engine.rejected(claim(id, key + "0"), EngineError.Contention.class);

        assertEquals(ContentionKind.INVALID_CLAIM_GRANT, error.kind());
        assertEquals(version, engine.execution(id).stateVersion);
        assertEquals(PublicState.WAITING, engine.execution(id).state.publicState());
        assertTrue(engine.state.grants().any(id).isPresent(), "the issued grant is still there");
        assertEquals(List.of(), engine.history(id));
    }

    // ------------------------------------------------------------------------------------------ complete

    @Test
    void completeEndsTheAttemptAndTheExecutionAndIsSafeToRepeat() {
        ExecutionId id = givenCreated(0);
        Handle handle = givenClaimed(id).handle();

        engine.when(new EngineCommand.Complete(handle, new byte[] {'o', 'k'}));
        engine.when(new EngineCommand.Complete(handle, new byte[] {'o', 'k'}));

        ExecCore e = engine.execution(id);
        assertEquals(PublicState.COMPLETED, e.state.publicState());
        assertEquals("ok", new String(e.result));
        assertEquals(AttemptLifecycle.ENDED_SUCCESS, engine.currentAttempt(id).lifecycle);
        assertNull(engine.currentAttempt(id).leaseExpiresAtMs, "the lease is released");
        assertEquals(List.of(new LoggedEvent("lease", id, "acquired", "initial"),
                new LoggedEvent("lease", id, "released", "completed"),
                new LoggedEvent("completion", id, "success", null)), engine.history(id),
                "the repeated complete wrote nothing");
    }

    @Test
    void aRenewWithAStaleEpochIsALeaseConflictAndWritesNothing() {
        ExecutionId id = givenCreated(0);
        ClaimedExecution claimed = givenClaimed(id);
        Handle stale = withEpoch(claimed, 0);
        long version = engine.execution(id).stateVersion;
        Long expires = engine.currentAttempt(id).leaseExpiresAtMs;
        engine.advance(1_000);

        EngineError.Contention error = engine.rejected(new EngineCommand.Renew(stale), EngineError.Contention.class);

        assertEquals(ContentionKind.LEASE_CONFLICT, error.kind());
        assertEquals(version, engine.execution(id).stateVersion);
        assertEquals(expires, engine.currentAttempt(id).leaseExpiresAtMs);
    }

    // ------------------------------------------------------------------------------------------ fail and retry

    @Test
    void aTransientFailureSchedulesARetryAfterTheBackoffAndTheNextClaimIsARetry() {
        ExecutionId id = givenCreated(0);
        Handle handle = givenClaimed(id).handle();

        Object outcome = engine.when(new EngineCommand.Fail(handle, new FailureReason("boom", null),
                FailureClass.TRANSIENT));

        long due = engine.now + 1_000; // default policy: exponential from 1 s (spec 01 §4)
        assertEquals(new FailOutcome.RetryScheduled(due), outcome);
        assertEquals(PublicState.DELAYED, engine.execution(id).state.publicState());
        assertEquals(List.of(), readyIds());

        engine.advance(1_000);
        engine.when(new EngineCommand.PromoteDelayed(timer(id)));
        assertEquals(PublicState.WAITING, engine.execution(id).state.publicState());

        ClaimedExecution retry = givenClaimed(id);
        assertEquals(1, retry.attemptIndex());
        assertEquals(2, retry.leaseEpoch());
        assertEquals(AttemptType.RETRY, retry.attemptType());
        assertEquals(0, engine.currentAttempt(id).previousAttemptIndex);
    }

    @Test
    void aPermanentFailureIsTerminal() {
        ExecutionId id = givenCreated(0);
        Handle handle = givenClaimed(id).handle();

        Object outcome = engine.when(new EngineCommand.Fail(handle, new FailureReason("bad input", null),
                FailureClass.PERMANENT));

        assertInstanceOf(FailOutcome.TerminalFailed.class, outcome);
        assertEquals(PublicState.FAILED, engine.execution(id).state.publicState());
        assertEquals(new LoggedEvent("completion", id, "failed", null), engine.history(id).get(2));
    }

    @Test
    void aRepeatedFailAfterTheRetryWasPromotedAnswersTheSameDelayUntilAndWritesNothing() {
        ExecutionId id = givenCreated(0);
        Handle handle = givenClaimed(id).handle();
        EngineCommand fail = new EngineCommand.Fail(handle, new FailureReason("boom", null), FailureClass.TRANSIENT);
        Object first = engine.when(fail);
        engine.advance(1_000);
        engine.when(new EngineCommand.PromoteDelayed(timer(id)));
        long version = engine.execution(id).stateVersion;

        Object replayed = engine.when(fail);

        assertEquals(first, replayed, "the worker that lost the first answer learns the same retry time");
        assertEquals(version, engine.execution(id).stateVersion, "the replay wrote nothing");
        assertEquals(PublicState.WAITING, engine.execution(id).state.publicState());
    }

    // ------------------------------------------------------------------------------------------ lease expiry

    @Test
    void anExpiredLeaseIsMarkedThenRequeuedAndTheNextClaimIsAReclaim() {
        ExecutionId id = givenCreated(0);
        Handle handle = givenClaimed(id).handle();
        engine.advance(30_000);

        engine.when(new EngineCommand.MarkLeaseExpiredIfDue(timer(id)));
        assertEquals(OwnershipState.LEASE_EXPIRED_RECLAIMABLE, engine.execution(id).state.ownershipState());
        assertEquals(AttemptLifecycle.INTERRUPTED_RECLAIMED, engine.currentAttempt(id).lifecycle);
        engine.rejected(new EngineCommand.Renew(handle), EngineError.State.class);

        engine.when(new EngineCommand.RequeueReclaimable(timer(id)));
        assertEquals(PublicState.WAITING, engine.execution(id).state.publicState());

        ClaimedExecution reclaim = givenClaimed(id);
        assertEquals(AttemptType.RECLAIM, reclaim.attemptType());
        assertEquals(1, reclaim.attemptIndex());
        assertEquals(2, reclaim.leaseEpoch());
        assertEquals(1, engine.execution(id).leaseReclaimCount);
    }

    @Test
    void aTimerArmedForAnOlderVersionDoesNothing() {
        ExecutionId id = givenCreated(0);
        givenClaimed(id);
        long armedAt = engine.execution(id).stateVersion - 1;
        engine.advance(30_000);

        engine.when(new EngineCommand.MarkLeaseExpiredIfDue(new TimerArgs(id.partitionKey(), id, armedAt,
                engine.now)));

        assertEquals(OwnershipState.LEASED, engine.execution(id).state.ownershipState());
    }

    // ------------------------------------------------------------------------------------------ operator

    @Test
    void anOperatorCancelEndsAWaitingExecutionAndIsIdempotent() {
        ExecutionId id = givenCreated(0);
        CancelExecutionArgs cancel = new CancelExecutionArgs(id, "no longer needed", null, null, null, null,
                engine.now);

        Object first = engine.when(new EngineCommand.CancelExecution(cancel));
        Object second = engine.when(new EngineCommand.CancelExecution(cancel));

        assertEquals(new CancelExecutionResult.Cancelled(id, PublicState.CANCELLED), first);
        assertEquals(first, second);
        assertEquals(List.of(), readyIds());
        assertEquals(List.of(new LoggedEvent("completion", id, "cancelled", null)), engine.history(id));
    }

    @Test
    void cancellingAnExecutionItsWorkerDelayedEndsTheDelayedAttempt() {
        ExecutionId id = givenCreated(0);
        Handle handle = givenClaimed(id).handle();
        engine.when(new EngineCommand.Delay(handle, engine.now + 60_000));
        assertEquals(AttemptLifecycle.SUSPENDED, engine.currentAttempt(id).lifecycle);
        engine.advance(1_000);

        engine.when(new EngineCommand.CancelExecution(new CancelExecutionArgs(id, "no longer needed", null, null,
                null, null, engine.now)));

        assertEquals(PublicState.CANCELLED, engine.execution(id).state.publicState());
        assertEquals(AttemptLifecycle.ENDED_CANCELLED, engine.currentAttempt(id).lifecycle,
                "no attempt of a terminal execution is left suspended");
        assertEquals(engine.now, engine.currentAttempt(id).terminalAtMs);
    }

    @Test
    void theDeadlineOfAnExecutionItsWorkerDelayedEndsTheDelayedAttempt() {
        ExecutionId id = ExecutionId.of(0, UUID.randomUUID());
        engine.when(new EngineCommand.CreateExecution(new CreateExecutionArgs(id, Namespace.of("default"), LANE,
                "demo", new byte[] {1}, null, 0, "test", null, Map.of(), (ExecutionPolicy) null, null,
                engine.now + 5_000, id.partition(), engine.now)));
        Handle handle = givenClaimed(id).handle();
        engine.when(new EngineCommand.Delay(handle, engine.now + 60_000));
        engine.advance(5_000);

        engine.when(new EngineCommand.ExpireExecution(new io.skein.core.api.scheduler.ExpireExecutionArgs(
                id.partitionKey(), id, io.skein.core.api.scheduler.ExpirePhase.EXECUTION_DEADLINE, null,
                engine.now)));

        assertEquals(PublicState.EXPIRED, engine.execution(id).state.publicState());
        assertEquals(AttemptLifecycle.ENDED_FAILURE, engine.currentAttempt(id).lifecycle,
                "no attempt of a terminal execution is left suspended");
        assertEquals(engine.now, engine.currentAttempt(id).terminalAtMs);
    }

    // ------------------------------------------------------------------------------------------ reclaim

    @Test
    void aClaimFromReclaimWithAGrantKeyThatWasNeverIssuedIsRejectedAndChangesNothing() {
        ExecutionId id = givenCreated(0);
        ReclaimGrant issued = givenLeaseExpiredWithReclaimGrant(id);
        ReclaimGrant forged = new ReclaimGrant(id, issued.partitionKey(), issued.grantKey() + "0",
                issued.expiresAtMs(), LANE);
        long version = engine.execution(id).stateVersion;

        EngineError.Contention error = engine.rejected(new EngineCommand.ClaimFromReclaim(new ReclaimToken(forged,
                WorkerId.of("w"), WorkerInstanceId.of("w-2"), 30_000)), EngineError.Contention.class);

        assertEquals(ContentionKind.INVALID_CLAIM_GRANT, error.kind());
        assertEquals(version, engine.execution(id).stateVersion);
        assertEquals(1, engine.execution(id).totalAttemptCount, "no reclaim attempt was opened");
        assertEquals(AttemptLifecycle.INTERRUPTED_RECLAIMED, engine.currentAttempt(id).lifecycle);
        assertTrue(engine.state.grants().any(id).isPresent(), "the issued grant is still there");
    }

    @Test
    void aClaimFromReclaimWithTheIssuedGrantOpensAReclaimAttempt() {
        ExecutionId id = givenCreated(0);
        ReclaimGrant issued = givenLeaseExpiredWithReclaimGrant(id);

        Object handle = engine.when(new EngineCommand.ClaimFromReclaim(new ReclaimToken(issued, WorkerId.of("w"),
                WorkerInstanceId.of("w-2"), 30_000)));

        assertTrue(((java.util.Optional<?>) handle).isPresent(), "reclaimed: " + handle);
        assertEquals(AttemptType.RECLAIM, engine.currentAttempt(id).attemptType);
        assertTrue(engine.state.grants().any(id).isEmpty(), "the grant was consumed");
    }

    @Test
    void aHigherPriorityMovesAnExecutionToTheHeadOfItsLane() {
        ExecutionId older = givenCreated(0);
        engine.advance(1);
        ExecutionId newer = givenCreated(0);
        assertEquals(List.of(older, newer), readyIds());

        engine.when(new EngineCommand.ChangePriority(new ChangePriorityArgs(newer, 5, LANE, engine.now)));

        assertEquals(List.of(newer, older), readyIds());
    }

    // ------------------------------------------------------------------------------------------ givens

    private ExecutionId givenCreated(int priority) {
        ExecutionId id = ExecutionId.of(0, UUID.randomUUID());
        engine.when(create(id, priority, null));
        return id;
    }

    private CreateExecutionArgs createArgs(ExecutionId id, int priority, String idempotencyKey) {
        return new CreateExecutionArgs(id, Namespace.of("default"), LANE, "demo", new byte[] {1}, null, priority,
                "test", idempotencyKey, Map.of(), (ExecutionPolicy) null, null, null, id.partition(), engine.now);
    }

    private EngineCommand create(ExecutionId id, int priority, String idempotencyKey) {
        return new EngineCommand.CreateExecution(createArgs(id, priority, idempotencyKey));
    }

    private String grant(ExecutionId id) {
        Object granted = engine.when(new EngineCommand.IssueClaimGrant(new IssueClaimGrantArgs(id, LANE,
                WorkerId.of("w"), WorkerInstanceId.of("w-1"), id.partitionKey(), null, null, null,
                CapabilitySet.EMPTY, 5_000, engine.now)));
        return ((IssueClaimGrantResult.Granted) granted).grantKey();
    }

    private EngineCommand claim(ExecutionId id, String grantKey) {
        return new EngineCommand.ClaimExecution(new ClaimExecutionArgs(id, WorkerId.of("w"),
                WorkerInstanceId.of("w-1"), LANE, LeaseId.random(), 30_000, AttemptId.random(),
                engine.execution(id).totalAttemptCount, null, null, null, engine.now, grantKey));
    }

    private ClaimedExecution givenClaimed(ExecutionId id) {
        Object claimed = engine.when(claim(id, grant(id)));
        return ((ClaimExecutionResult.Claimed) claimed).claimed();
    }

    /** A claimed execution whose lease expired (marked by its timer) and a reclaim grant issued to worker w. */
    private ReclaimGrant givenLeaseExpiredWithReclaimGrant(ExecutionId id) {
        givenClaimed(id);
        engine.advance(30_000);
        engine.when(new EngineCommand.MarkLeaseExpiredIfDue(timer(id)));
        return ((IssueReclaimGrantResult.Granted) engine.when(new EngineCommand.IssueReclaimGrant(
                new IssueReclaimGrantArgs(id, WorkerId.of("w"), WorkerInstanceId.of("w-2"), LANE, null, 5_000, null,
                        null, CapabilitySet.EMPTY)))).grant();
    }

    private Handle withEpoch(ClaimedExecution claimed, long epoch) {
        io.skein.core.handle.HandleFields h = io.skein.core.handle.HandleCodec.peek(claimed.handle());
        return io.skein.core.handle.HandleCodec.encode(EngineRule.HANDLES.key(), claimed.handle().backend(),
                claimed.handle().kind(),
                new io.skein.core.handle.HandleFields(h.executionId(), h.attemptIndex(), h.attemptId(), h.leaseId(),
                        epoch, h.leaseTtlMs(), h.laneId(), h.workerInstanceId()));
    }

    private TimerArgs timer(ExecutionId id) {
        return new TimerArgs(id.partitionKey(), id, null, engine.now);
    }

    private List<ExecutionId> readyIds() {
        return engine.state.executions().readyCandidates(LANE, engine.now, null, 100).stream()
                .map(r -> r.execution().executionId).toList();
    }
}
