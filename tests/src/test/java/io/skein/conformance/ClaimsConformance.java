package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimGrant;
import io.skein.core.api.Handle;
import io.skein.core.api.HandleKind;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.api.policy.ExecutionPolicy;
import io.skein.core.api.scheduler.ClaimExecutionResult;
import io.skein.core.api.scheduler.ClaimForWorkerArgs;
import io.skein.core.api.scheduler.ClaimForWorkerResult;
import io.skein.core.api.scheduler.ClaimGrantOutcome;
import io.skein.core.api.scheduler.ClaimResumedExecutionArgs;
import io.skein.core.api.scheduler.ClaimResumedExecutionResult;
import io.skein.core.api.scheduler.ClaimedExecution;
import io.skein.core.api.scheduler.IssueClaimGrantArgs;
import io.skein.core.api.scheduler.IssueClaimGrantResult;
import io.skein.core.api.scheduler.IssueGrantAndClaimArgs;
import io.skein.core.error.ConflictKind;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.StateKind;
import io.skein.core.error.ValidationKind;
import io.skein.core.handle.HandleFields;
import io.skein.core.id.AttemptId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LeaseId;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.state.AttemptType;
import io.skein.core.state.PublicState;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Checklist C1–C15: claims, grants, grant-and-claim and fresh-vs-resumed routing. */
class ClaimsConformance extends LifecycleGivens {

    static final CapabilitySet GPU = CapabilitySet.worker(Set.of("gpu"));

    ClaimForWorkerArgs forWorker(String worker, CapabilitySet caps, long ttlMs) {
        return new ClaimForWorkerArgs(LANE, WorkerId.of(worker), WorkerInstanceId.of(worker + "-i1"), caps, ttlMs);
    }

    IssueClaimGrantArgs grantArgs(ExecutionId id, String worker, CapabilitySet caps) {
        return new IssueClaimGrantArgs(id, LANE, WorkerId.of(worker), WorkerInstanceId.of(worker + "-i1"),
                id.partitionKey(), null, null, null, caps, 10_000, clock.millis());
    }

    ClaimResumedExecutionArgs resumedArgs(ExecutionId id, String worker) {
        return new ClaimResumedExecutionArgs(id, WorkerId.of(worker), WorkerInstanceId.of(worker + "-i1"), LANE,
                LeaseId.random(), LEASE_TTL_MS, 0, null, clock.millis(), null);
    }

    /** A waiting execution whose first attempt the worker delayed, now promoted: routing says "resumed". */
    ExecutionId delayedThenPromoted() {
        ExecutionId id = created();
        Handle h = claimed();
        backend.delay(h, clock.millis() + 1_000);
        advanceAndRunDue(1_000);
        assertEquals(PublicState.WAITING, state(id));
        return id;
    }

    ExecutionId createdDelayed() {
        ExecutionId id = soloId();
        CreateExecutionArgs a = createArgs(id);
        backend.createExecution(new CreateExecutionArgs(id, a.namespace(), a.laneId(), a.executionKind(),
                a.inputPayload(), a.payloadEncoding(), 0, a.creatorIdentity(), null, Map.of(), null,
                clock.millis() + 60_000, null, a.partitionId(), clock.millis()));
        return id;
    }

    // ------------------------------------------------------------------------------------------------ C1–C3

    @Test
    void c1_claimOnAnEmptyLaneFindsNothingAndChangesNothing() {
        Map<String, List<String>> before = fx.snapshot();
        assertTrue(backend.claim(LANE, CapabilitySet.EMPTY, workerPolicy("worker-1")).isEmpty());
        assertEquals(before, fx.snapshot());
    }

    @Test
    void c2_claimsFollowPriorityThenCreationOrder() {
        ExecutionId e1 = created(0, null);
        clock.advance(1);
        ExecutionId e2 = created(5, null);
        clock.advance(1);
        ExecutionId e3 = created(5, null);

        assertEquals(e2, fields(claimed()).executionId());
        assertEquals(e3, fields(claimed()).executionId());
        assertEquals(e1, fields(claimed()).executionId());
    }

    @Test
    void c3_aWorkerSkipsExecutionsNeedingCapabilitiesItLacks() {
        ExecutionId e1 = created("{\"routing_requirements\":{\"required_capabilities\":[\"gpu\"]}}");
        clock.advance(1);
        ExecutionId e2 = created();

        Handle plain = backend.claim(LANE, CapabilitySet.EMPTY, workerPolicy("w-plain")).orElseThrow();
        assertEquals(e2, fields(plain).executionId());
        assertEquals(PublicState.WAITING, state(e1));
        assertEquals(0, count("ff_attempt", e1));

        Handle gpu = backend.claim(LANE, GPU, workerPolicy("w-gpu")).orElseThrow();
        assertEquals(e1, fields(gpu).executionId());
    }

    // ------------------------------------------------------------------------------------------------ C4–C10

    @Test
    void c4_aGrantedClaimLeasesTheExecutionAndConsumesTheGrant() {
        ExecutionId id = seedRunnable("default");
        seedGrant(id, "worker-1", clock.millis() + 60_000);

        ClaimExecutionResult r = backend.claimExecution(claimArgs(id, "worker-1"));

        ClaimedExecution c = assertInstanceOf(ClaimExecutionResult.Claimed.class, r).claimed();
        assertEquals(1, c.leaseEpoch());
        assertEquals(0, c.attemptIndex());
        assertEquals(AttemptType.INITIAL, c.attemptType());
        assertEquals(HandleKind.FRESH, c.handle().kind());
        assertEquals("active", core(id, "lifecycle_phase"));
        assertEquals("leased", core(id, "ownership_state"));
        assertEquals(0, grants(id, "claim"));
    }

    @Test
    void c4_aClaimCarriesWhatTheWorkerRunsSoTheWorkerNeverReadsTheDatabase() {
        ExecutionId id = created();
        seedGrant(id, "worker-1", clock.millis() + 60_000);

        ClaimedExecution c = assertInstanceOf(ClaimExecutionResult.Claimed.class,
                backend.claimExecution(claimArgs(id, "worker-1"))).claimed();

        assertEquals("test.kind", c.input().executionKind());
        assertEquals("input", new String(c.input().inputPayload(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("utf8", c.input().payloadEncoding());
        assertEquals(io.skein.core.api.policy.ExecutionPolicy.defaults(), c.input().policy());
    }

    @Test
    void c5_anExpiredGrantIsRefusedAndChangesNothing() {
        ExecutionId id = seedRunnable("default");
        seedGrant(id, "worker-1", clock.millis() - 1_000);
        assertEquals(ContentionKind.CLAIM_GRANT_EXPIRED, expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.claimExecution(claimArgs(id, "worker-1"))).kind());
    }

    @Test
    void c6_anotherWorkersGrantIsRefusedAndChangesNothing() {
        ExecutionId id = seedRunnable("default");
        seedGrant(id, "someone-else", clock.millis() + 60_000);
        assertEquals(ContentionKind.INVALID_CLAIM_GRANT, expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.claimExecution(claimArgs(id, "worker-1"))).kind());
    }

    @Test
    void c7_aClaimWithoutAGrantIsRefused() {
        ExecutionId id = seedRunnable("default");
        assertEquals(ContentionKind.INVALID_CLAIM_GRANT, expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.claimExecution(claimArgs(id, "worker-1"))).kind());
    }

    @Test
    void c8_aTerminalRowWithoutOutcomeIsNotActiveNotCorruptAndKeepsItsGrant() {
        ExecutionId id = seedRunnable("default");
        setCore(id, "lifecycle_phase = 'terminal'");
        seedGrant(id, "worker-1", clock.millis() + 60_000);

        EngineError.Contention err = expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.claimExecution(claimArgs(id, "worker-1")));

        assertEquals(ContentionKind.EXECUTION_NOT_ACTIVE, err.kind());
        assertEquals("terminal", err.notActive().lifecyclePhase());
        assertEquals("none", err.notActive().terminalOutcome());
        assertEquals(1, grants(id, "claim"));
    }

    @Test
    void c9_aLeasedRowIsALeaseConflict() {
        ExecutionId id = seedRunnable("default");
        setCore(id, "ownership_state = 'leased'");
        seedGrant(id, "worker-1", clock.millis() + 60_000);
        assertEquals(ContentionKind.LEASE_CONFLICT, expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.claimExecution(claimArgs(id, "worker-1"))).kind());
    }

    @Test
    void c10_aRunningAttemptStateIsAnActiveAttemptConflict() {
        ExecutionId id = seedRunnable("default");
        setCore(id, "attempt_state = 'running_attempt'");
        seedGrant(id, "worker-1", clock.millis() + 60_000);
        assertEquals(ConflictKind.ACTIVE_ATTEMPT_EXISTS, expectRejectedUnchanged(EngineError.Conflict.class,
                () -> backend.claimExecution(claimArgs(id, "worker-1"))).kind());
    }

    // ------------------------------------------------------------------------------------------------ C11–C13

    @Test
    void c11_claimForWorkerGrantsOnceAndOnlyThatWorkerMayClaim() {
        assertInstanceOf(ClaimForWorkerResult.NoWork.class,
                backend.claimForWorker(forWorker("worker-1", CapabilitySet.EMPTY, 5_000)));

        ExecutionId id = created();
        ClaimForWorkerResult r = backend.claimForWorker(forWorker("worker-1", CapabilitySet.EMPTY, 5_000));

        ClaimGrant grant = assertInstanceOf(ClaimForWorkerResult.Granted.class, r).grant();
        assertEquals(id, grant.executionId());
        assertEquals(clock.millis() + 5_000, grant.expiresAtMs());
        assertEquals(1, grants(id, "claim"));
        assertEquals(PublicState.WAITING, state(id));
        // while the grant lives nobody else is granted the same execution
        assertInstanceOf(ClaimForWorkerResult.NoWork.class,
                backend.claimForWorker(forWorker("worker-2", CapabilitySet.EMPTY, 5_000)));
        assertEquals(ContentionKind.INVALID_CLAIM_GRANT, expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.claimExecution(claimArgs(id, "worker-2"))).kind());

        ClaimedExecution c = assertInstanceOf(ClaimExecutionResult.Claimed.class,
                backend.claimExecution(claimArgs(id, "worker-1"))).claimed();
        assertEquals(1, c.leaseEpoch());
    }

    @Test
    void c12_anExpiredGrantIsSweptAndTheExecutionIsGrantedAgain() {
        ExecutionId id = created();
        assertInstanceOf(ClaimForWorkerResult.Granted.class,
                backend.claimForWorker(forWorker("worker-1", CapabilitySet.EMPTY, 1_000)));

        advanceAndRunDue(1_001);

        assertEquals(0, grants(id, "claim"));
        ClaimGrant again = assertInstanceOf(ClaimForWorkerResult.Granted.class,
                backend.claimForWorker(forWorker("worker-2", CapabilitySet.EMPTY, 1_000))).grant();
        assertEquals(id, again.executionId());
    }

    @Test
    void c13_issueClaimGrantRefusesSecondGrantsIneligibleExecutionsAndMissingCapabilities() {
        ExecutionId id = created();
        IssueClaimGrantResult.Granted granted = assertInstanceOf(IssueClaimGrantResult.Granted.class,
                backend.issueClaimGrant(grantArgs(id, "worker-1", CapabilitySet.EMPTY)));
        assertEquals(id, granted.executionId());
        assertFalse(granted.grantKey().isEmpty(), "the grant key is handed back");
        assertEquals(StateKind.GRANT_ALREADY_EXISTS, expectRejectedUnchanged(EngineError.State.class,
                () -> backend.issueClaimGrant(grantArgs(id, "worker-2", CapabilitySet.EMPTY))).kind());

        ExecutionId delayed = createdDelayed();
        assertEquals(ContentionKind.EXECUTION_NOT_ELIGIBLE, expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.issueClaimGrant(grantArgs(delayed, "worker-1", CapabilitySet.EMPTY))).kind());

        ExecutionId needsGpu = created("{\"routing_requirements\":{\"required_capabilities\":[\"gpu\"]}}");
        EngineError.Validation mismatch = expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.issueClaimGrant(grantArgs(needsGpu, "worker-1", CapabilitySet.EMPTY)));
        assertEquals(ValidationKind.CAPABILITY_MISMATCH, mismatch.kind());
        assertEquals("gpu", mismatch.detail());
    }

    // ------------------------------------------------------------------------------------------------ C14

    @Test
    void c14_issueGrantAndClaimFreshBranchLeasesAsOperator() {
        ExecutionId id = created();

        ClaimGrantOutcome out = backend.issueGrantAndClaim(new IssueGrantAndClaimArgs(id, LANE, 30_000));

        assertEquals(1, out.leaseEpoch());
        assertEquals(0, out.attemptIndex());
        assertEquals("operator", latestAttempt(id, "worker_id"));
        assertEquals(PublicState.ACTIVE, state(id));
    }

    @Test
    void c14_issueGrantAndClaimResumesADelayedThenDueExecution() {
        ExecutionId id = delayedThenPromoted();
        AttemptId attemptId = currentAttemptId(id);

        ClaimGrantOutcome out = backend.issueGrantAndClaim(new IssueGrantAndClaimArgs(id, LANE, 30_000));

        assertEquals(2, out.leaseEpoch());
        assertEquals(0, out.attemptIndex());
        assertEquals(attemptId, currentAttemptId(id));
        assertEquals(1, count("ff_attempt", id));
        assertEquals("started", latestAttempt(id, "lifecycle"));
    }

    @Test
    void c14_issueGrantAndClaimKeepsTheClaimGates() {
        ExecutionId done = created();
        backend.complete(claimed(), null);
        assertEquals(ContentionKind.EXECUTION_NOT_ACTIVE, expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.issueGrantAndClaim(new IssueGrantAndClaimArgs(done, LANE, 30_000))).kind());

        ExecutionId leased = seedRunnable("default");
        setCore(leased, "ownership_state = 'leased'");
        assertEquals(ContentionKind.LEASE_CONFLICT, expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.issueGrantAndClaim(new IssueGrantAndClaimArgs(leased, LANE, 30_000))).kind());

        ExecutionId delayed = createdDelayed();
        assertEquals(ContentionKind.EXECUTION_NOT_LEASEABLE, expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.issueGrantAndClaim(new IssueGrantAndClaimArgs(delayed, LANE, 30_000))).kind());

        ExecutionId granted = created();
        backend.issueClaimGrant(grantArgs(granted, "worker-1", CapabilitySet.EMPTY));
        assertEquals(StateKind.GRANT_ALREADY_EXISTS, expectRejectedUnchanged(EngineError.State.class,
                () -> backend.issueGrantAndClaim(new IssueGrantAndClaimArgs(granted, LANE, 30_000))).kind());
    }

    // ------------------------------------------------------------------------------------------------ C15

    @Test
    void c15_aDelayedAttemptIsRoutedToTheResumedClaim() {
        ExecutionId id = delayedThenPromoted();
        AttemptId attemptId = currentAttemptId(id);

        // a fresh claim with a claim grant is refused: the attempt must be resumed
        seedGrant(id, "worker-1", clock.millis() + 60_000);
        assertEquals(ContentionKind.USE_CLAIM_RESUMED_EXECUTION, expectRejectedUnchanged(
                EngineError.Contention.class, () -> backend.claimExecution(claimArgs(id, "worker-1"))).kind());
        fx.exec("DELETE FROM ff_claim_grant WHERE partition_key = ? AND execution_id = ?", id.partition(), id.uuid());

        // the scheduler issues a resume grant, and the resumed claim continues the same attempt
        assertInstanceOf(ClaimForWorkerResult.Granted.class,
                backend.claimForWorker(forWorker("worker-2", CapabilitySet.EMPTY, 10_000)));
        assertEquals(1, grants(id, "resume"));
        ClaimResumedExecutionResult.Claimed c = assertInstanceOf(ClaimResumedExecutionResult.Claimed.class,
                backend.claimResumedExecution(resumedArgs(id, "worker-2")));

        assertEquals(0, c.attemptIndex());
        assertEquals(attemptId, c.attemptId());
        assertEquals(2, c.leaseEpoch());
        assertEquals(HandleKind.RESUMED, c.handle().kind());
        assertEquals(0, grants(id, "resume"));
        assertEquals(PublicState.ACTIVE, state(id));
    }

    @Test
    void c15_aFreshExecutionIsNotAResumedOne() {
        ExecutionId id = created();
        seedGrant(id, "resume", "worker-1", clock.millis() + 60_000);
        assertEquals(ContentionKind.NOT_A_RESUMED_EXECUTION, expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.claimResumedExecution(resumedArgs(id, "worker-1"))).kind());
    }

    @Test
    void c15_thePlainClaimResumesADelayedAttempt() {
        ExecutionId id = delayedThenPromoted();
        AttemptId attemptId = currentAttemptId(id);

        Handle h = claimedBy("worker-2");

        assertEquals(HandleKind.RESUMED, h.kind());
        HandleFields f = fields(h);
        assertEquals(id, f.executionId());
        assertEquals(0, f.attemptIndex());
        assertEquals(attemptId, f.attemptId());
        assertEquals(2, f.leaseEpoch());
        // the resumed handle is a working one
        backend.complete(h, null);
        assertEquals(PublicState.COMPLETED, state(id));
    }

    @Test
    void c14_theOperatorClaimSkipsTheCapabilityCheck() {
        ExecutionId id = created(0, ExecutionPolicy.parse(
                "{\"routing_requirements\":{\"required_capabilities\":[\"gpu\"]}}"));
        ClaimGrantOutcome out = backend.issueGrantAndClaim(new IssueGrantAndClaimArgs(id, LANE, 30_000));
        assertEquals(1, out.leaseEpoch());
    }
}
