package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.FailureClass;
import io.skein.core.api.FailureReason;
import io.skein.core.api.Handle;
import io.skein.core.api.execution.CancelExecutionArgs;
import io.skein.core.api.execution.ChangePriorityArgs;
import io.skein.core.api.execution.ChangePriorityResult;
import io.skein.core.api.execution.ReplayExecutionArgs;
import io.skein.core.api.execution.ReplayExecutionResult;
import io.skein.core.api.execution.RevokeLeaseArgs;
import io.skein.core.api.execution.RevokeLeaseResult;
import io.skein.core.api.policy.ExecutionPolicy;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.StateKind;
import io.skein.core.handle.HandleFields;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LeaseId;
import io.skein.core.state.AttemptState;
import io.skein.core.state.OwnershipState;
import io.skein.core.state.PublicState;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Checklist F6–F8 (operator revoke, priority, replay; the flow-member replay F9 is the flows suite's) and D11. */
class OperatorControlsConformance extends OperatorGivens {

    // ------------------------------------------------------------------------------------------------ F6 revoke

    @Test
    void f6_revokeFencesTheHolderAndTheNextClaimIsAReclaim() {
        // given a leased execution
        ExecutionId id = created();
        Handle h = claimed();
        HandleFields held = fields(h);

        // when the operator revokes it
        RevokeLeaseResult r = backend.revokeLease(new RevokeLeaseArgs(id, null, "", null));

        // then the holder's lease is gone and every holder op fails LeaseRevoked
        assertEquals(new RevokeLeaseResult.Revoked(held.leaseId(), 1), r);
        assertEquals(1, leaseEvents(id, "revoked"));
        assertEquals(OwnershipState.LEASE_REVOKED, info(id).stateVector().ownershipState());
        assertEquals("interrupted_reclaimed", attemptColumn(id, 0, "lifecycle"));
        assertNull(attemptColumn(id, 0, "lease_expires_at_ms"));
        assertEquals("lease_revoked", fx.queryString("SELECT closed_reason FROM ff_stream_meta WHERE partition_key = ? "
                + "AND execution_id = ? AND attempt_index = 0", id.partition(), id.uuid()));
        assertEquals(StateKind.LEASE_REVOKED, expectRejectedUnchanged(EngineError.State.class,
                () -> backend.renew(h)).kind());
        assertEquals(StateKind.LEASE_REVOKED, expectRejectedUnchanged(EngineError.State.class,
                () -> backend.complete(h, "late".getBytes())).kind());

        // when the re-queue pass runs, then it waits, and the next claim opens a reclaim attempt with epoch + 1
        under.runDue();
        assertEquals(PublicState.WAITING, publicState(id));
        HandleFields next = fields(claimed());
        assertEquals(1, next.attemptIndex());
        assertEquals(2, next.leaseEpoch());
        assertEquals("reclaim", attemptColumn(id, 1, "attempt_type"));
        assertEquals("lease_revoked", attemptColumn(id, 1, "lineage_reason"));
    }

    @Test
    void f6_revokeThatFindsNothingToDoAnswersAlreadySatisfiedAndChangesNothing() {
        // given one waiting and one leased execution
        ExecutionId waiting = created();
        ExecutionId leased = created(5, null);
        Handle h = claimed();
        assertEquals(leased, fields(h).executionId());

        // when / then: not active
        assertAlreadySatisfied(new RevokeLeaseArgs(waiting, null, "", null), "no_active_lease");
        // another worker instance holds it
        assertAlreadySatisfied(new RevokeLeaseArgs(leased, null, "someone-else-i1", null),
                "different_worker_instance_id");

        // the expected lease id differs → StaleLease
        assertEquals(StateKind.STALE_LEASE, expectRejectedUnchanged(EngineError.State.class,
                () -> backend.revokeLease(new RevokeLeaseArgs(leased, new LeaseId(UUID.randomUUID()), "", null)))
                .kind());

        // the right instance and lease id revoke it; a second revoke finds it revoked
        assertEquals(new RevokeLeaseResult.Revoked(fields(h).leaseId(), 1), backend.revokeLease(
                new RevokeLeaseArgs(leased, fields(h).leaseId(), "worker-1-i1", "maintenance")));
        assertAlreadySatisfied(new RevokeLeaseArgs(leased, null, "", null), "already_revoked");
    }

    @Test
    void f6_revokeOfALeaseThatAlreadyRanOutAnswersAlreadyExpired() {
        ExecutionId id = created();
        claimed();
        leaseRunsOut();

        assertAlreadySatisfied(new RevokeLeaseArgs(id, null, "", null), "already_expired");
    }

    private void assertAlreadySatisfied(RevokeLeaseArgs args, String reason) {
        Map<String, List<String>> before = snapshot();
        assertEquals(new RevokeLeaseResult.AlreadySatisfied(reason), backend.revokeLease(args));
        assertEquals(before, snapshot(), "an AlreadySatisfied revoke must change nothing");
    }

    // ------------------------------------------------------------------------------------------------ F7 priority

    @Test
    void f7_changePriorityReordersTheLaneAndRecordsAnOperatorEvent() {
        // given two waiting executions of equal priority, the older first in line
        ExecutionId older = created();
        ExecutionId younger = created();

        // when the younger one is raised
        assertEquals(new ChangePriorityResult.Changed(younger),
                backend.changePriority(new ChangePriorityArgs(younger, 7, null, clock.millis())));

        // then it is claimed first, and the event carries old and new priority
        assertEquals(7, info(younger).priority());
        assertEquals(1, operatorEvents(younger, "priority_changed"));
        assertJsonEquals("{\"old_priority\":0,\"new_priority\":7}", fx.queryString("SELECT details FROM ff_operator_event "
                + "WHERE partition_key = ? AND execution_id = ?", younger.partition(), younger.uuid()));
        assertEquals(younger, fields(claimed()).executionId());
        assertEquals(older, fields(claimed()).executionId());
    }

    @Test
    void f7_changePriorityClampsTo9000() {
        ExecutionId id = created();

        backend.changePriority(new ChangePriorityArgs(id, 20_000, null, clock.millis()));

        assertEquals(9_000, info(id).priority());
        assertJsonEquals("{\"old_priority\":0,\"new_priority\":9000}", fx.queryString("SELECT details FROM "
                + "ff_operator_event WHERE partition_key = ? AND execution_id = ?", id.partition(), id.uuid()));
    }

    @Test
    void f7_changePriorityOfATerminalOrDelayedExecutionIsContention() {
        // given a completed execution and a delayed one (retry backoff)
        ExecutionId done = created(5, null);
        backend.complete(claimed(), null);
        ExecutionId delayed = created();
        backend.fail(claimed(), new FailureReason("boom", null), FailureClass.TRANSIENT);
        assertEquals(PublicState.DELAYED, publicState(delayed));

        // when / then
        for (ExecutionId id : List.of(done, delayed)) {
            assertEquals(ContentionKind.EXECUTION_NOT_ELIGIBLE, expectRejectedUnchanged(EngineError.Contention.class,
                    () -> backend.changePriority(new ChangePriorityArgs(id, 3, null, clock.millis()))).kind());
        }
    }

    // ------------------------------------------------------------------------------------------------ F8 replay

    @Test
    void f8_replayOfACompletedExecutionRunsItAgainAsAReplayAttempt() {
        // given a completed execution
        ExecutionId id = created();
        backend.complete(claimed(), "first".getBytes());

        // when it is replayed
        ReplayExecutionResult r = backend.replayExecution(new ReplayExecutionArgs(id, clock.millis()));

        // then it waits for a replay attempt with its old outcome cleared
        assertEquals(new ReplayExecutionResult.Replayed(PublicState.WAITING), r);
        assertEquals(AttemptState.PENDING_REPLAY_ATTEMPT, attemptState(id));
        assertEquals(1, operatorEvents(id, "replayed"));
        assertEquals(1, leaseEvents(id, "replay_initiated"));
        assertEquals("1", coreColumn(id, "replay_count"));
        assertNull(coreColumn(id, "terminal_at_ms"));
        assertEquals(java.util.Optional.empty(), backend.getExecutionResult(id));

        // and the next claim opens attempt 1 of type replay
        HandleFields next = fields(claimed());
        assertEquals(1, next.attemptIndex());
        assertEquals("replay", attemptColumn(id, 1, "attempt_type"));
        assertEquals("0", attemptColumn(id, 1, "previous_attempt_index"));
    }

    @Test
    void f8_replayOfANonTerminalExecutionIsExecutionNotTerminal() {
        ExecutionId waiting = created();
        assertEquals(StateKind.EXECUTION_NOT_TERMINAL, expectRejectedUnchanged(EngineError.State.class,
                () -> backend.replayExecution(new ReplayExecutionArgs(waiting, clock.millis()))).kind());

        claimed();
        assertEquals(StateKind.EXECUTION_NOT_TERMINAL, expectRejectedUnchanged(EngineError.State.class,
                () -> backend.replayExecution(new ReplayExecutionArgs(waiting, clock.millis()))).kind());
    }

    @Test
    void f8_theEleventhReplayIsMaxReplaysExhausted() {
        // given an execution completed and replayed ten times (default max_replay_count 10)
        ExecutionId id = created();
        backend.complete(claimed(), null);
        for (int i = 0; i < 10; i++) {
            backend.replayExecution(new ReplayExecutionArgs(id, clock.millis()));
            backend.complete(claimed(), null);
        }

        // when / then
        assertEquals(StateKind.MAX_REPLAYS_EXHAUSTED, expectRejectedUnchanged(EngineError.State.class,
                () -> backend.replayExecution(new ReplayExecutionArgs(id, clock.millis()))).kind());
        assertEquals("10", coreColumn(id, "replay_count"));
    }

    @Test
    void f8_aPolicyMaxReplayCountIsHonoured() {
        ExecutionId id = created(0, ExecutionPolicy.parse("{\"max_replay_count\":1}"));
        backend.complete(claimed(), null);
        backend.replayExecution(new ReplayExecutionArgs(id, clock.millis()));
        backend.complete(claimed(), null);

        assertEquals(StateKind.MAX_REPLAYS_EXHAUSTED, expectRejectedUnchanged(EngineError.State.class,
                () -> backend.replayExecution(new ReplayExecutionArgs(id, clock.millis()))).kind());
    }

    @Test
    void f8_cancelledExecutionsReplayToo() {
        // given an execution cancelled before any claim
        ExecutionId id = created();
        backend.cancelExecution(new CancelExecutionArgs(id, "not now", null, null, null, null, clock.millis()));

        // when / then
        assertEquals(new ReplayExecutionResult.Replayed(PublicState.WAITING),
                backend.replayExecution(new ReplayExecutionArgs(id, clock.millis())));
        assertNull(coreColumn(id, "cancellation_reason"));
        assertNull(coreColumn(id, "cancelled_by"));
        assertEquals(id, fields(backend.claim(LANE, CapabilitySet.EMPTY, workerPolicy("w"))
                .orElseThrow()).executionId());
    }

    // ------------------------------------------------------------------------------------------------ D11

    @Test
    void d11_epochsRiseAcrossExpiryAndRevoke() {
        ExecutionId id = created();

        assertEquals(1, fields(claimed()).leaseEpoch());
        leaseRunsOut();
        under.runDue();
        assertEquals(2, fields(claimed()).leaseEpoch());
        backend.revokeLease(new RevokeLeaseArgs(id, null, "", null));
        under.runDue();
        assertEquals(3, fields(claimed()).leaseEpoch());

        assertEquals("initial", attemptColumn(id, 0, "attempt_type"));
        assertEquals("reclaim", attemptColumn(id, 1, "attempt_type"));
        assertEquals("reclaim", attemptColumn(id, 2, "attempt_type"));
    }

    /** Stored JSON compares by value: PostgreSQL's jsonb keeps no key order or spacing. */
    private static void assertJsonEquals(String expected, String actual) {
        try {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            assertEquals(json.readTree(expected), json.readTree(actual), actual);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + actual, e);
        }
    }
}
