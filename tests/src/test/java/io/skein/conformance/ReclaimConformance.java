package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.Handle;
import io.skein.core.api.HandleKind;
import io.skein.core.api.ReclaimGrant;
import io.skein.core.api.ReclaimToken;
import io.skein.core.api.ResumeGrant;
import io.skein.core.api.ResumeToken;
import io.skein.core.api.execution.IssueReclaimGrantArgs;
import io.skein.core.api.execution.IssueReclaimGrantResult;
import io.skein.core.api.execution.ReclaimExecutionArgs;
import io.skein.core.api.execution.ReclaimExecutionResult;
import io.skein.core.api.policy.ExecutionPolicy;
import io.skein.core.api.scheduler.ClaimForWorkerArgs;
import io.skein.core.api.scheduler.ClaimForWorkerResult;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.StateKind;
import io.skein.core.error.ValidationKind;
import io.skein.core.handle.HandleFields;
import io.skein.core.id.AttemptId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.LeaseId;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.state.PublicState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Checklist G1–G7 (reclaim) and the resumed claim from a resume-grant token (C15 family). */
class ReclaimConformance extends OperatorGivens {

    static final long GRANT_TTL_MS = 10_000;

    // ------------------------------------------------------------------------------------------------ givens

    ReclaimToken reclaimToken(ExecutionId id, LaneId lane, long expiresAtMs) {
        return new ReclaimToken(new ReclaimGrant(id, id.partitionKey(), "gkey", expiresAtMs, lane),
                WorkerId.of("w-rec"), WorkerInstanceId.of("w-rec-i1"), LEASE_TTL_MS);
    }

    /** The token of a reclaim grant issued to {@code worker}. */
    ReclaimToken issuedToken(ExecutionId id, String worker) {
        ReclaimGrant g = assertInstanceOf(IssueReclaimGrantResult.Granted.class,
                backend.issueReclaimGrant(grantArgs(id, worker, CapabilitySet.EMPTY))).grant();
        return new ReclaimToken(g, WorkerId.of(worker), WorkerInstanceId.of(worker + "-i1"), LEASE_TTL_MS);
    }

    IssueReclaimGrantArgs grantArgs(ExecutionId id, String worker, CapabilitySet capabilities) {
        return new IssueReclaimGrantArgs(id, WorkerId.of(worker), WorkerInstanceId.of(worker + "-i1"), LANE, null,
                GRANT_TTL_MS, null, null, capabilities);
    }

    ReclaimExecutionArgs reclaimArgs(ExecutionId id, String worker, Integer maxReclaimCount) {
        return new ReclaimExecutionArgs(id, WorkerId.of(worker), WorkerInstanceId.of(worker + "-i1"), LANE, null,
                new LeaseId(UUID.randomUUID()), LEASE_TTL_MS, new AttemptId(UUID.randomUUID()), "", maxReclaimCount,
                WorkerInstanceId.of("worker-1-i1"), 0);
    }

    /** A claimed execution whose lease has run out, no timer run: reclaimable. */
    ExecutionId expiredLease() {
        return expiredLease(null);
    }

    ExecutionId expiredLease(ExecutionPolicy policy) {
        ExecutionId id = created(0, policy);
        claimed();
        leaseRunsOut();
        return id;
    }

    // ------------------------------------------------------------------------------------------------ G1–G3

    @Test
    void g1_claimFromReclaimOnAnExpiredLeaseOpensANewAttempt() {
        // given a leased execution whose lease a fixture expired
        ExecutionId id = created();
        claimed();
        fx.exec("UPDATE ff_attempt SET lease_expires_at_ms = 0 WHERE partition_key = ? AND execution_id = ?",
                id.partition(), id.uuid());

        // when a worker reclaims with the token of the reclaim grant issued to it
        Optional<Handle> h = backend.claimFromReclaim(issuedToken(id, "w-rec"));

        // then it holds a reclaimed handle on a new attempt with a higher epoch, and can renew it
        assertTrue(h.isPresent());
        assertEquals(HandleKind.RECLAIMED, h.get().kind());
        HandleFields f = fields(h.get());
        assertEquals(1, f.attemptIndex());
        assertTrue(attemptEpoch(id, 1) > attemptEpoch(id, 0));
        assertEquals("reclaim", attemptColumn(id, 1, "attempt_type"));
        assertEquals("interrupted_reclaimed", attemptColumn(id, 0, "lifecycle"));
        assertEquals("w-rec", attemptColumn(id, 1, "worker_id"));
        assertEquals(1, leaseEvents(id, "reclaimed"));
        assertTrue(backend.renew(h.get()).expiresAtMs() > clock.millis());
        assertEquals(0, grants(id, "reclaim"), "the grant was consumed");
    }

    @Test
    void g3_aReclaimTokenWhoseGrantWasNeverIssuedOrIsAnotherWorkersIsRejectedAndChangesNothing() {
        // given an expired lease and a reclaim grant issued to w-rec
        ExecutionId id = expiredLease();
        ReclaimToken issued = issuedToken(id, "w-rec");
        ReclaimGrant g = issued.grant();

        // a grant key that was never issued, with the issued grant's execution, lane and expiry
        ReclaimToken forged = new ReclaimToken(new ReclaimGrant(id, g.partitionKey(), "never-issued",
                g.expiresAtMs(), LANE), issued.workerId(), issued.workerInstanceId(), LEASE_TTL_MS);
        assertEquals(ContentionKind.INVALID_CLAIM_GRANT, expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.claimFromReclaim(forged)).kind());

        // the issued grant presented by another worker
        ReclaimToken foreign = new ReclaimToken(g, WorkerId.of("w-other"), WorkerInstanceId.of("w-other-i1"),
                LEASE_TTL_MS);
        assertEquals(ContentionKind.INVALID_CLAIM_GRANT, expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.claimFromReclaim(foreign)).kind());

        // the grant's own worker still reclaims with it
        assertTrue(backend.claimFromReclaim(issued).isPresent());
    }

    @Test
    void g2_claimFromReclaimOnALiveLeaseIsEmptyAndChangesNothing() {
        ExecutionId id = created();
        claimed();
        Map<String, List<String>> before = snapshot();

        assertEquals(Optional.empty(), backend.claimFromReclaim(reclaimToken(id, LANE, clock.millis() + 60_000)));
        assertEquals(before, snapshot());
    }

    @Test
    void g2_claimFromReclaimOnANonActiveExecutionIsEmpty() {
        ExecutionId id = created();
        Map<String, List<String>> before = snapshot();

        assertEquals(Optional.empty(), backend.claimFromReclaim(reclaimToken(id, LANE, clock.millis() + 60_000)));
        assertEquals(before, snapshot());
    }

    @Test
    void g3_anExpiredOrOtherLaneReclaimTokenIsRejected() {
        ExecutionId id = expiredLease();

        assertEquals(ContentionKind.CLAIM_GRANT_EXPIRED, expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.claimFromReclaim(reclaimToken(id, LANE, clock.millis() - 1))).kind());
        EngineError.Validation v = expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.claimFromReclaim(reclaimToken(id, LaneId.of("other"), clock.millis() + 60_000)));
        assertEquals(ValidationKind.INVALID_INPUT, v.kind());
        assertTrue(v.detail().startsWith("lane_mismatch"), v.detail());
    }

    // ------------------------------------------------------------------------------------------------ G4

    @Test
    void g4_issueReclaimGrantNeedsAReclaimableExecution() {
        // given a live lease and a runnable execution
        ExecutionId live = created(5, null);
        claimed();
        ExecutionId runnable = created();

        // when / then
        for (ExecutionId id : List.of(live, runnable)) {
            Map<String, List<String>> before = snapshot();
            IssueReclaimGrantResult r = backend.issueReclaimGrant(grantArgs(id, "w-rec", CapabilitySet.EMPTY));
            assertInstanceOf(IssueReclaimGrantResult.NotReclaimable.class, r);
            assertTrue(!((IssueReclaimGrantResult.NotReclaimable) r).detail().isEmpty());
            assertEquals(before, snapshot());
        }
    }

    @Test
    void g4_issueReclaimGrantOnAnExpiredLeaseStoresAReclaimGrant() {
        ExecutionId id = expiredLease();

        IssueReclaimGrantResult r = backend.issueReclaimGrant(grantArgs(id, "w-rec", CapabilitySet.EMPTY));

        ReclaimGrant g = assertInstanceOf(IssueReclaimGrantResult.Granted.class, r).grant();
        assertEquals(LANE, g.laneId());
        assertEquals(id, g.executionId());
        assertEquals(clock.millis() + GRANT_TTL_MS, g.expiresAtMs());
        assertEquals(1, grants(id, "reclaim"));
        assertEquals(PublicState.ACTIVE, publicState(id));

        // a second grant while the first lives
        assertEquals(StateKind.GRANT_ALREADY_EXISTS, expectRejectedUnchanged(EngineError.State.class,
                () -> backend.issueReclaimGrant(grantArgs(id, "w-other", CapabilitySet.EMPTY))).kind());
    }

    @Test
    void g4_aWorkerLackingARequiredCapabilityIsNotReclaimable() {
        // given an execution needing gpu whose lease ran out
        ExecutionId id = created(0, ExecutionPolicy.parse("{\"routing_requirements\":{\"required_capabilities\":"
                + "[\"gpu\"]}}"));
        backend.claim(LANE, CapabilitySet.worker(List.of("gpu")), workerPolicy("worker-1")).orElseThrow();
        leaseRunsOut();
        Map<String, List<String>> before = snapshot();

        // when a worker without gpu asks
        IssueReclaimGrantResult r = backend.issueReclaimGrant(grantArgs(id, "w-rec", CapabilitySet.EMPTY));

        // then
        assertEquals(new IssueReclaimGrantResult.NotReclaimable(id, "gpu"), r);
        assertEquals(before, snapshot());
    }

    // ------------------------------------------------------------------------------------------------ G5–G6

    @Test
    void g5_reclaimExecutionConsumesTheGrantAndRunsTheCallersAttempt() {
        // given an expired lease and a reclaim grant for w-rec
        ExecutionId id = expiredLease();
        backend.issueReclaimGrant(grantArgs(id, "w-rec", CapabilitySet.EMPTY));
        ReclaimExecutionArgs args = reclaimArgs(id, "w-rec", null);

        // when
        ReclaimExecutionResult r = backend.reclaimExecution(args);

        // then
        Handle h = assertInstanceOf(ReclaimExecutionResult.Claimed.class, r).handle();
        assertEquals(HandleKind.RECLAIMED, h.kind());
        HandleFields f = fields(h);
        assertEquals(args.leaseId(), f.leaseId());
        assertEquals(args.attemptId(), f.attemptId());
        assertEquals(1, f.attemptIndex());
        assertEquals(2, f.leaseEpoch());
        assertEquals("reclaim", attemptColumn(id, 1, "attempt_type"));
        assertEquals("interrupted_reclaimed", attemptColumn(id, 0, "lifecycle"));
        assertEquals("1", coreColumn(id, "lease_reclaim_count"));
        assertEquals(1, leaseEvents(id, "reclaimed"));
        assertEquals(0, grants(id, "reclaim"));
        assertEquals(PublicState.ACTIVE, publicState(id));
        backend.complete(h, "done".getBytes());
        assertEquals(PublicState.COMPLETED, publicState(id));
    }

    @Test
    void g6_aGrantThatIsMissingForeignOrExpiredIsGrantNotFound() {
        ExecutionId id = expiredLease();

        // no grant
        assertGrantNotFound(reclaimArgs(id, "w-rec", null));

        // another worker's grant
        backend.issueReclaimGrant(grantArgs(id, "w-rec", CapabilitySet.EMPTY));
        assertGrantNotFound(reclaimArgs(id, "w-other", null));

        // an expired grant
        clock.advance(GRANT_TTL_MS);
        assertGrantNotFound(reclaimArgs(id, "w-rec", null));
    }

    private void assertGrantNotFound(ReclaimExecutionArgs args) {
        Map<String, List<String>> before = snapshot();
        assertEquals(new ReclaimExecutionResult.GrantNotFound(args.executionId()), backend.reclaimExecution(args));
        assertEquals(before, snapshot(), "GrantNotFound must change nothing");
    }

    // ------------------------------------------------------------------------------------------------ G7

    @Test
    void g7_atThePolicyCapGrantIsRefusedAndReclaimExpiresTheExecution() {
        // given max_reclaim_count 0 and an expired lease
        ExecutionId id = expiredLease(ExecutionPolicy.parse("{\"max_reclaim_count\":0}"));
        Map<String, List<String>> before = snapshot();

        // issueReclaimGrant changes nothing
        assertEquals(new IssueReclaimGrantResult.ReclaimCapExceeded(id, 0),
                backend.issueReclaimGrant(grantArgs(id, "w-rec", CapabilitySet.EMPTY)));
        assertEquals(before, snapshot());

        // reclaimExecution ends it expired
        assertEquals(new ReclaimExecutionResult.ReclaimCapExceeded(id, 0),
                backend.reclaimExecution(reclaimArgs(id, "w-rec", null)));
        assertEquals(PublicState.EXPIRED, publicState(id));
        assertEquals("max_reclaims_exceeded", coreColumn(id, "failure_reason"));
        assertEquals(1, completionEvents(id, "expired"));
        assertEquals(1, leaseEvents(id, "expired"));
        assertEquals("interrupted_reclaimed", attemptColumn(id, 0, "lifecycle"));
    }

    @Test
    void g7_aCallArgumentCapOfZeroMakesTheFirstReclaimExceed() {
        ExecutionId id = expiredLease();
        backend.issueReclaimGrant(grantArgs(id, "w-rec", CapabilitySet.EMPTY));

        assertEquals(new ReclaimExecutionResult.ReclaimCapExceeded(id, 0),
                backend.reclaimExecution(reclaimArgs(id, "w-rec", 0)));
        assertEquals(PublicState.EXPIRED, publicState(id));
        assertEquals(0, grants(id, "reclaim"));
    }

    @Test
    void g7_oneBelowTheCapTheReclaimSucceedsAndReachesIt() {
        // given cap 2 and one reclaim already counted
        ExecutionId id = expiredLease(ExecutionPolicy.parse("{\"max_reclaim_count\":2}"));
        fx.exec("UPDATE ff_exec_core SET lease_reclaim_count = 1 WHERE partition_key = ? AND execution_id = ?",
                id.partition(), id.uuid());
        backend.issueReclaimGrant(grantArgs(id, "w-rec", CapabilitySet.EMPTY));

        // when / then
        assertInstanceOf(ReclaimExecutionResult.Claimed.class, backend.reclaimExecution(reclaimArgs(id, "w-rec", null)));
        assertEquals("2", coreColumn(id, "lease_reclaim_count"));
    }

    @Test
    void g7_claimFromReclaimAtTheCapExpiresTheExecutionAndIsEmpty() {
        // given a grant issued below the cap (1) and the cap reached since (a fixture counts the reclaim)
        ExecutionId id = expiredLease(ExecutionPolicy.parse("{\"max_reclaim_count\":1}"));
        ReclaimToken token = issuedToken(id, "w-rec");
        fx.exec("UPDATE ff_exec_core SET lease_reclaim_count = 1 WHERE partition_key = ? AND execution_id = ?",
                id.partition(), id.uuid());

        assertEquals(Optional.empty(), backend.claimFromReclaim(token));
        assertEquals(PublicState.EXPIRED, publicState(id));
        assertEquals("max_reclaims_exceeded", coreColumn(id, "failure_reason"));
    }

    // ------------------------------------------------------------------------------------------------ resume grant

    @Test
    void c15_claimFromResumeGrantContinuesTheSuspendedAttempt() {
        // given a worker delay that has come due and a resume grant from the scheduler
        ExecutionId id = created();
        Handle first = claimed();
        backend.delay(first, clock.millis() + 1_000);
        clock.advance(1_000);
        under.runDue();
        ClaimForWorkerResult granted = backend.claimForWorker(new ClaimForWorkerArgs(LANE, WorkerId.of("w-2"),
                WorkerInstanceId.of("w-2-i1"), CapabilitySet.EMPTY, GRANT_TTL_MS));
        String key = assertInstanceOf(ClaimForWorkerResult.Granted.class, granted).grant().grantKey();
        assertEquals(1, grants(id, "resume"));
        ResumeToken token = new ResumeToken(new ResumeGrant(id, id.partitionKey(), key,
                clock.millis() + GRANT_TTL_MS, LANE), WorkerId.of("w-2"), WorkerInstanceId.of("w-2-i1"), 5_000);

        // when
        Handle h = backend.claimFromResumeGrant(token).orElseThrow();

        // then the same attempt runs on under the token's identity with epoch + 1; the grant is consumed
        assertEquals(HandleKind.RESUMED, h.kind());
        HandleFields f = fields(h);
        assertEquals(0, f.attemptIndex());
        assertEquals(fields(first).attemptId(), f.attemptId());
        assertEquals(2, f.leaseEpoch());
        assertEquals(5_000, f.leaseTtlMs());
        assertEquals("w-2", attemptColumn(id, 0, "worker_id"));
        assertEquals(0, grants(id, "resume"));

        // a second use finds the execution no longer resumable
        assertEquals(Optional.empty(), backend.claimFromResumeGrant(token));
    }

    @Test
    void c15_claimFromResumeGrantRejectsAForeignOrExpiredGrant() {
        ExecutionId id = created();
        backend.delay(claimed(), clock.millis());
        ClaimForWorkerResult granted = backend.claimForWorker(new ClaimForWorkerArgs(LANE, WorkerId.of("w-2"),
                WorkerInstanceId.of("w-2-i1"), CapabilitySet.EMPTY, GRANT_TTL_MS));
        String key = assertInstanceOf(ClaimForWorkerResult.Granted.class, granted).grant().grantKey();
        ResumeGrant grant = new ResumeGrant(id, id.partitionKey(), key, clock.millis() + GRANT_TTL_MS, LANE);

        assertEquals(ContentionKind.INVALID_CLAIM_GRANT, expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.claimFromResumeGrant(new ResumeToken(grant, WorkerId.of("w-3"),
                        WorkerInstanceId.of("w-3-i1"), 5_000))).kind());
        clock.advance(GRANT_TTL_MS);
        assertEquals(ContentionKind.CLAIM_GRANT_EXPIRED, expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.claimFromResumeGrant(new ResumeToken(grant, WorkerId.of("w-2"),
                        WorkerInstanceId.of("w-2-i1"), 5_000))).kind());
    }
}
