package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.BackendTag;
import io.skein.core.api.CancelSource;
import io.skein.core.api.FailOutcome;
import io.skein.core.api.FailureClass;
import io.skein.core.api.FailureReason;
import io.skein.core.api.Handle;
import io.skein.core.api.HandleKind;
import io.skein.core.api.LeaseFence;
import io.skein.core.api.LeaseRenewal;
import io.skein.core.api.ExecutionSnapshot;
import io.skein.core.api.execution.CompleteExecutionArgs;
import io.skein.core.api.execution.CompleteExecutionResult;
import io.skein.core.api.execution.RenewLeaseArgs;
import io.skein.core.api.execution.RenewLeaseResult;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.StateKind;
import io.skein.core.error.ValidationKind;
import io.skein.core.handle.HandleCodec;
import io.skein.core.handle.HandleFields;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LeaseId;
import io.skein.core.state.PublicState;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Checklist D1–D13: leases, fencing, worker operations, replay safety, delay, children, reclaim cap, handles. */
class LeasesConformance extends LifecycleGivens {

    RenewLeaseArgs renewArgs(ExecutionId id, LeaseFence fence) {
        return new RenewLeaseArgs(id, 0, fence, LEASE_TTL_MS, null);
    }

    CompleteExecutionArgs completeArgs(ExecutionId id, LeaseFence fence, CancelSource source) {
        return new CompleteExecutionArgs(id, fence, 0, "r".getBytes(), null, source, clock.millis());
    }

    // ------------------------------------------------------------------------------------------------ D1–D3

    @Test
    void d1_claimProgressCompleteHappyPath() {
        ExecutionId id = created();

        Handle h = claimed();
        assertEquals(HandleKind.FRESH, h.kind());
        assertEquals("1", latestAttempt(id, "lease_epoch"));
        assertTrue(Long.parseLong(latestAttempt(id, "lease_expires_at_ms")) > clock.millis());

        backend.progress(h, 25, "step 1");
        backend.progress(h, 75, "step 2");
        ExecutionSnapshot s = backend.describeExecution(id).orElseThrow();
        assertEquals(75, s.progressPct());
        assertEquals("step 2", s.progressMessage());

        backend.complete(h, "done".getBytes());
        assertEquals(PublicState.COMPLETED, state(id));
        assertEquals("terminal", core(id, "lifecycle_phase"));
        assertEquals("success", core(id, "terminal_outcome"));
        assertEquals("ended_success", latestAttempt(id, "lifecycle"));
        assertEquals("attempt_success", streamClosedReason(id, 0));
        assertEquals(1, backend.readTotalAttemptCount(id));
        assertEquals(1, completionEvents(id, "success"));
        assertEquals(1, count("ff_completion_event", id));
        assertArrayEquals("done".getBytes(), backend.getExecutionResult(id).orElseThrow());
    }

    @Test
    void d2_renewExtendsTheLeaseWithoutAnEventOrEpochChange() {
        ExecutionId id = created();
        Handle h = claimedWithTtl("w-renew", 5_000);
        long before = Long.parseLong(latestAttempt(id, "lease_expires_at_ms"));
        long events = count("ff_lease_event", id);

        clock.advance(50);
        LeaseRenewal r = backend.renew(h);

        assertEquals(1, r.leaseEpoch());
        assertEquals(clock.millis() + 5_000, r.expiresAtMs());
        assertTrue(Long.parseLong(latestAttempt(id, "lease_expires_at_ms")) >= before);
        assertEquals(events, count("ff_lease_event", id));
    }

    @Test
    void d3_anEpochBumpFencesEveryOperationOfTheHandle() {
        ExecutionId id = created();
        Handle h = claimed();
        fx.exec("UPDATE ff_attempt SET lease_epoch = lease_epoch + 1 WHERE partition_key = ? AND execution_id = ?",
                id.partition(), id.uuid());

        for (org.junit.jupiter.api.function.Executable op : new org.junit.jupiter.api.function.Executable[] {
                () -> backend.renew(h),
                () -> backend.complete(h, null),
                () -> backend.fail(h, FailureReason.of("x"), FailureClass.TRANSIENT),
                () -> backend.progress(h, 10, "x"),
                () -> backend.delay(h, clock.millis() + 1_000),
                () -> backend.waitChildren(h)}) {
            assertEquals(ContentionKind.LEASE_CONFLICT,
                    expectRejectedUnchanged(EngineError.Contention.class, op).kind());
        }
    }

    // ------------------------------------------------------------------------------------------------ D4–D5

    @Test
    void d4_renewLeaseExtendsAndFencesByTheTriple() {
        ExecutionId id = created();
        Handle h = claimed();

        clock.advance(100);
        RenewLeaseResult r = backend.renewLease(renewArgs(id, fence(h)));
        assertEquals(new RenewLeaseResult.Renewed(clock.millis() + LEASE_TTL_MS), r);

        assertEquals("fence_required", expectError(EngineError.Validation.class,
                () -> new RenewLeaseArgs(id, 0, null, LEASE_TTL_MS, null)).detail());
        assertEquals(StateKind.STALE_LEASE, expectRejectedUnchanged(EngineError.State.class,
                () -> backend.renewLease(renewArgs(id, fenceWithEpoch(h, 2)))).kind());

        clock.advance(LEASE_TTL_MS + 1);
        assertEquals(StateKind.LEASE_EXPIRED, expectRejectedUnchanged(EngineError.State.class,
                () -> backend.renewLease(renewArgs(id, fence(h)))).kind());
    }

    @Test
    void d4_renewLeaseOfACompletedOrRevokedExecution() {
        ExecutionId done = created();
        Handle h = claimed();
        backend.complete(h, null);
        EngineError.Contention err = expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.renewLease(renewArgs(done, fence(h))));
        assertEquals(ContentionKind.EXECUTION_NOT_ACTIVE, err.kind());
        assertEquals("success", err.notActive().terminalOutcome());

        ExecutionId revoked = created();
        Handle r = claimed();
        setCore(revoked, "ownership_state = 'lease_revoked'");
        assertEquals(StateKind.LEASE_REVOKED, expectRejectedUnchanged(EngineError.State.class,
                () -> backend.renewLease(renewArgs(revoked, fence(r)))).kind());
    }

    @Test
    void d5_completeExecutionHappyAndOperatorOverride() {
        ExecutionId id = created();
        Handle h = claimed();
        assertEquals(new CompleteExecutionResult.Completed(id, PublicState.COMPLETED),
                backend.completeExecution(completeArgs(id, fence(h), CancelSource.LEASE_HOLDER)));
        assertEquals(1, completionEvents(id, "success"));

        ExecutionId overridden = created();
        claimed();
        assertEquals(new CompleteExecutionResult.Completed(overridden, PublicState.COMPLETED),
                backend.completeExecution(completeArgs(overridden, null, CancelSource.OPERATOR_OVERRIDE)));
        assertEquals("ended_success", latestAttempt(overridden, "lifecycle"));
    }

    @Test
    void d5_completeExecutionRejectionsChangeNothing() {
        ExecutionId id = created();
        Handle h = claimed();

        EngineError.Validation noFence = expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.completeExecution(completeArgs(id, null, CancelSource.LEASE_HOLDER)));
        assertEquals(ValidationKind.INVALID_INPUT, noFence.kind());
        assertEquals("fence_required", noFence.detail());
        assertEquals(StateKind.STALE_LEASE, expectRejectedUnchanged(EngineError.State.class,
                () -> backend.completeExecution(completeArgs(id, fenceWithEpoch(h, 7), CancelSource.LEASE_HOLDER)))
                .kind());

        setCore(id, "ownership_state = 'lease_revoked'");
        assertEquals(StateKind.LEASE_REVOKED, expectRejectedUnchanged(EngineError.State.class,
                () -> backend.completeExecution(completeArgs(id, fence(h), CancelSource.LEASE_HOLDER))).kind());
        setCore(id, "ownership_state = 'leased'");

        clock.advance(LEASE_TTL_MS);
        assertEquals(StateKind.LEASE_EXPIRED, expectRejectedUnchanged(EngineError.State.class,
                () -> backend.completeExecution(completeArgs(id, fence(h), CancelSource.LEASE_HOLDER))).kind());

        ExecutionId waiting = created();
        assertEquals(ContentionKind.EXECUTION_NOT_ACTIVE, expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.completeExecution(completeArgs(waiting, fence(h), CancelSource.LEASE_HOLDER))).kind());
    }

    // ------------------------------------------------------------------------------------------------ D6–D7

    @Test
    void d6_leaseExpiryFencesTheOldHolderAcrossAReclaim() {
        ExecutionId id = created();
        Handle a = claimedWithTtl("worker-a", 1_000);

        clock.advance(1_001);
        assertEquals(StateKind.LEASE_EXPIRED, expectRejectedUnchanged(EngineError.State.class,
                () -> backend.complete(a, null)).kind());
        assertNull(backend.describeExecution(id).orElseThrow().currentLease(), "an expired lease is not live");

        under.runDue();
        assertEquals(PublicState.WAITING, state(id));
        assertEquals("interrupted_reclaimed", attempt(id, 0, "lifecycle"));
        assertEquals("lease_expired", streamClosedReason(id, 0));
        assertEquals(1, leaseEvents(id, "expired", null));

        Handle b = claimedBy("worker-b");
        assertEquals(1, fields(b).attemptIndex());
        assertEquals(2, fields(b).leaseEpoch());
        assertEquals("reclaim", attempt(id, 1, "attempt_type"));

        assertEquals(ContentionKind.LEASE_CONFLICT, expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.complete(a, null)).kind());
        assertEquals(StateKind.STALE_LEASE, expectRejectedUnchanged(EngineError.State.class,
                () -> backend.completeExecution(completeArgs(id, fence(a), CancelSource.LEASE_HOLDER))).kind());

        backend.complete(b, null);
        assertEquals("success", core(id, "terminal_outcome"));
    }

    @Test
    void d7_repeatedCompleteIsReplaySafeAndAnotherAttemptsHandleIsNotActive() {
        ExecutionId id = created("{\"retry_policy\":{\"max_retries\":1,\"backoff\":{\"type\":\"fixed\","
                + "\"delay_ms\":0}}}");
        Handle first = claimed();
        backend.fail(first, FailureReason.of("flaky"), FailureClass.TRANSIENT);
        Handle second = claimed();

        backend.complete(second, null);
        backend.complete(second, null);
        assertEquals(1, completionEvents(id, "success"));

        EngineError.Contention err = expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.complete(first, null));
        assertEquals(ContentionKind.EXECUTION_NOT_ACTIVE, err.kind());
        assertEquals("success", err.notActive().terminalOutcome());
        assertEquals("terminal", err.notActive().lifecyclePhase());
        assertEquals(fields(second).leaseEpoch(), err.notActive().leaseEpoch());
        assertEquals(fields(second).attemptId().toString(), err.notActive().attemptId());
    }

    @Test
    void d7_repeatedFailAndCancelAnswerAsTheFirstTime() {
        ExecutionId failing = created();
        Handle f = claimed();
        FailOutcome once = backend.fail(f, FailureReason.of("boom"), FailureClass.TRANSIENT);
        assertInstanceOf(FailOutcome.RetryScheduled.class, once);
        java.util.Map<String, java.util.List<String>> before = fx.snapshot();
        assertEquals(once, backend.fail(f, FailureReason.of("boom"), FailureClass.TRANSIENT));
        assertEquals(before, fx.snapshot());
        assertEquals(1, backend.readTotalAttemptCount(failing));

        ExecutionId cancelled = soloId();
        backend.createExecution(createArgs(cancelled));
        Handle c = claimedBy("w-cancel");
        backend.cancel(c, "bye");
        backend.cancel(c, "bye");
        assertEquals(1, completionEvents(cancelled, "cancelled"));
    }

    @Test
    void d7_aRepeatedFailWithZeroBackoffAnswersTheSameRetryTime() {
        ExecutionId id = created("{\"retry_policy\":{\"max_retries\":2,\"backoff\":{\"type\":\"fixed\","
                + "\"delay_ms\":0}}}");
        Handle h = claimed();
        FailOutcome once = backend.fail(h, FailureReason.of("flaky"), FailureClass.TRANSIENT);
        assertEquals(new FailOutcome.RetryScheduled(clock.millis()), once);

        clock.advance(10);
        java.util.Map<String, java.util.List<String>> before = fx.snapshot();
        assertEquals(once, backend.fail(h, FailureReason.of("flaky"), FailureClass.TRANSIENT));
        assertEquals(before, fx.snapshot());
        assertEquals(PublicState.WAITING, state(id));
    }

    // ------------------------------------------------------------------------------------------------ D8–D9

    @Test
    void d8_delayReleasesTheLeaseAndTheResumedClaimContinuesTheAttempt() {
        ExecutionId id = created();
        Handle h = claimed();

        backend.delay(h, clock.millis() + 10_000);

        assertNull(latestAttempt(id, "lease_expires_at_ms"));
        assertEquals(PublicState.DELAYED, state(id));
        assertEquals(1, leaseEvents(id, "released", "worker_delay"));
        assertTrue(backend.claim(LANE, io.skein.core.api.CapabilitySet.EMPTY, workerPolicy("w")).isEmpty());

        advanceAndRunDue(10_000);
        assertEquals(PublicState.WAITING, state(id));
        Handle resumed = claimed();
        assertEquals(HandleKind.RESUMED, resumed.kind());
        assertEquals(0, fields(resumed).attemptIndex());
        assertEquals(fields(h).attemptId(), fields(resumed).attemptId());
        assertEquals(2, fields(resumed).leaseEpoch());
    }

    @Test
    void d9_waitChildrenReleasesTheLeaseAndWaitsOnlyForPendingDependencies() {
        ExecutionId alone = created();
        backend.waitChildren(claimed());
        assertNull(latestAttempt(alone, "lease_expires_at_ms"));
        assertEquals(PublicState.WAITING, state(alone));
        assertEquals(1, leaseEvents(alone, "released", "waiting_children"));
        backend.complete(claimed(), null);
        assertEquals(PublicState.COMPLETED, state(alone));

        ExecutionId parent = created();
        Handle h = claimed();
        // an applied, unsatisfied edge and its pending AllOf group, as applyDependencyToChild leaves them
        UUID flow = UUID.randomUUID();
        fx.exec("INSERT INTO ff_edge (partition_key, flow_id, edge_id, upstream_eid, downstream_eid, edge_state, "
                + "dependency_state) VALUES (?, ?, ?, ?, ?, 'applied', 'unsatisfied')", parent.partition(),
                flow, UUID.randomUUID(), UUID.randomUUID(), parent.uuid());
        fx.exec("INSERT INTO ff_edge_group (partition_key, flow_id, downstream_eid, policy, total_count, "
                + "unsatisfied_count, running_count, group_state) VALUES (?, ?, ?, '{\"type\":\"all_of\"}', 1, 1, 1, "
                + "'pending')", parent.partition(), flow, parent.uuid());
        backend.waitChildren(h);
        assertNull(latestAttempt(parent, "lease_expires_at_ms"));
        assertEquals(PublicState.WAITING_CHILDREN, state(parent));
    }

    // ------------------------------------------------------------------------------------------------ D10–D11

    @Test
    void d10_theReclaimCapEndsTheExecutionExpired() {
        ExecutionId id = created("{\"max_reclaim_count\":2}");

        for (int expiry = 1; expiry <= 3; expiry++) {
            claimedWithTtl("w" + expiry, 1_000);
            advanceAndRunDue(1_000);
        }

        assertEquals(PublicState.EXPIRED, state(id));
        assertEquals("expired", core(id, "terminal_outcome"));
        assertEquals("max_reclaims_exceeded", core(id, "failure_reason"));
        assertEquals("2", core(id, "lease_reclaim_count"));
        assertEquals(1, completionEvents(id, "expired"));
        assertTrue(backend.claim(LANE, io.skein.core.api.CapabilitySet.EMPTY, workerPolicy("w")).isEmpty());
    }

    /** Spec D11 re-queues once by expiry and once by revoke; revokeLease is not in this branch, so both use expiry. */
    @Test
    void d11_everyLeaseIssueRaisesTheEpoch() {
        ExecutionId id = created();
        assertEquals(1, fields(claimedWithTtl("w1", 1_000)).leaseEpoch());
        advanceAndRunDue(1_000);
        assertEquals(2, fields(claimedWithTtl("w2", 1_000)).leaseEpoch());
        advanceAndRunDue(1_000);
        assertEquals(3, fields(claimedWithTtl("w3", 1_000)).leaseEpoch());

        assertEquals("initial", attempt(id, 0, "attempt_type"));
        assertEquals("reclaim", attempt(id, 1, "attempt_type"));
        assertEquals("reclaim", attempt(id, 2, "attempt_type"));
    }

    // ------------------------------------------------------------------------------------------------ D12–D13

    @Test
    void d12_workerCancelEndsTheExecutionCancelledByTheLeaseHolder() {
        ExecutionId id = created();
        Handle h = claimed();

        backend.cancel(h, "bye");

        assertEquals(PublicState.CANCELLED, state(id));
        assertEquals("lease_holder", core(id, "cancelled_by"));
        assertEquals("ended_cancelled", latestAttempt(id, "lifecycle"));
        assertEquals("attempt_cancelled", streamClosedReason(id, 0));
        assertNull(latestAttempt(id, "lease_expires_at_ms"));
        assertEquals(1, leaseEvents(id, "released", "cancelled"));
        assertEquals(1, completionEvents(id, "cancelled"));
    }

    @Test
    void d12_workerCancelSkipsTheExpiryStep() {
        ExecutionId id = created();
        Handle h = claimedWithTtl("w", 1_000);
        clock.advance(2_000);

        backend.cancel(h, "late");

        assertEquals(PublicState.CANCELLED, state(id));
    }

    @Test
    void d13_badHandlesAreTypedValidationErrors() {
        created();
        Handle h = claimed();
        byte[] opaque = h.opaque();

        BackendTag other = h.backend() == BackendTag.POSTGRES ? BackendTag.SQLITE : BackendTag.POSTGRES;
        byte[] otherTag = opaque.clone();
        otherTag[2] = other.tag();
        Handle foreign = new Handle(other, h.kind(), otherTag);
        assertEquals(ValidationKind.HANDLE_FROM_OTHER_BACKEND, expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.renew(foreign)).kind());

        Handle truncated = new Handle(h.backend(), h.kind(), Arrays.copyOf(opaque, opaque.length - 3));
        assertEquals(ValidationKind.CORRUPTION, expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.complete(truncated, null)).kind());

        Handle trailing = new Handle(h.backend(), h.kind(), Arrays.copyOf(opaque, opaque.length + 1));
        assertEquals(ValidationKind.CORRUPTION, expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.fail(trailing, FailureReason.of("x"), FailureClass.TRANSIENT)).kind());

        Handle missingExecution = HandleCodec.encode(HANDLE_KEY, h.backend(), h.kind(),
                new HandleFields(soloId(), 0, fields(h).attemptId(), LeaseId.random(), 1,
                        LEASE_TTL_MS, LANE, fields(h).workerInstanceId()));
        assertEquals("execution", expectRejectedUnchanged(EngineError.NotFound.class,
                () -> backend.progress(missingExecution, 1, null)).entity());
    }

    /**
     * Issue #21: a handle is verified whole before anything in it is used. One flipped bit in any of its fields —
     * the ones the fence check compares and the ones it does not (lane, worker instance, TTL) — or in its tag, or
     * another kind on the same bytes, is {@code Validation(Corruption)} and changes nothing.
     */
    @Test
    void d13_anAlteredHandleIsCorruptionAndChangesNothing() {
        created();
        Handle h = claimed();
        byte[] opaque = h.opaque();
        HandleFields f = fields(h);
        int execution = 3 + 4;
        int attemptIndex = execution + f.executionId().toString().length();
        int attemptId = attemptIndex + 4 + 4;
        int leaseId = attemptId + 36 + 4;
        int epoch = leaseId + 36;
        int ttl = epoch + 8;
        int lane = ttl + 8 + 4;
        int worker = lane + f.laneId().value().length() + 4;
        int tag = opaque.length - 32;
        Map<String, Integer> flips = new LinkedHashMap<>();
        flips.put("execution id", execution + 12);
        flips.put("attempt index", attemptIndex);
        flips.put("attempt id", attemptId + 1);
        flips.put("lease id", leaseId + 1);
        flips.put("lease epoch", epoch);
        flips.put("lease TTL", ttl + 7);
        flips.put("lane", lane);
        flips.put("worker instance", worker);
        flips.put("tag", tag + 5);
        for (Map.Entry<String, Integer> flip : flips.entrySet()) {
            byte[] altered = opaque.clone();
            altered[flip.getValue()] ^= 0x40;
            Handle tampered = new Handle(h.backend(), h.kind(), altered);
            assertEquals(ValidationKind.CORRUPTION, expectRejectedUnchanged(EngineError.Validation.class,
                    () -> backend.renew(tampered)).kind(), flip.getKey());
        }
        Handle otherKind = new Handle(h.backend(), HandleKind.RESUMED, opaque);
        assertEquals(ValidationKind.CORRUPTION, expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.complete(otherKind, null)).kind());
    }

    /** Issue #21: renew extends by the lease's stored TTL, whatever TTL the presented handle carries. */
    @Test
    void renewExtendsByTheStoredTtlNotTheHandles() {
        ExecutionId id = created();
        Handle h = claimed();
        HandleFields f = fields(h);
        Handle longer = HandleCodec.encode(HANDLE_KEY, h.backend(), h.kind(),
                new HandleFields(f.executionId(), f.attemptIndex(), f.attemptId(), f.leaseId(),
                        f.leaseEpoch(), Long.MAX_VALUE, f.laneId(), f.workerInstanceId()));
        clock.advance(1_000);

        LeaseRenewal renewed = backend.renew(longer);

        assertEquals(clock.millis() + LEASE_TTL_MS, renewed.expiresAtMs());
        assertEquals(PublicState.ACTIVE, state(id));
    }
}
