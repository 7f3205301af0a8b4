package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.CountKind;
import io.skein.core.api.DeliverApprovalSignalArgs;
import io.skein.core.api.DeliverSignalResult;
import io.skein.core.api.ExecutionInfo;
import io.skein.core.api.Handle;
import io.skein.core.api.HandleKind;
import io.skein.core.api.LeaseFence;
import io.skein.core.api.PendingWaitpoint;
import io.skein.core.api.ResumeCondition;
import io.skein.core.api.ResumeSignal;
import io.skein.core.api.SignalEffect;
import io.skein.core.api.SuspendArgs;
import io.skein.core.api.SuspendOutcome;
import io.skein.core.api.WaitpointBinding;
import io.skein.core.api.execution.ResumeExecutionArgs;
import io.skein.core.api.execution.ResumeExecutionResult;
import io.skein.core.api.execution.ResumeTriggerType;
import io.skein.core.api.scheduler.ClaimResumedExecutionArgs;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.StateKind;
import io.skein.core.error.ValidationKind;
import io.skein.core.handle.HandleCodec;
import io.skein.core.handle.HandleFields;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.LeaseId;
import io.skein.core.id.SignalId;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WaitpointKey;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.state.AttemptState;
import io.skein.core.state.PublicState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checklist H8–H9, H12–H16, H19–H24: suspend, resume by signal, token checks, buffering, composites. */
class SuspendAndSignalConformance extends SignalConformance {

    static HandleFields fields(Handle h) {
        return HandleCodec.peek(h);
    }

    long leaseExpiry(ExecutionId id) {
        return fx.queryLong("SELECT COUNT(*) FROM ff_attempt WHERE partition_key = ? AND execution_id = ? "
                + "AND lease_expires_at_ms IS NOT NULL", id.partition(), id.uuid());
    }

    // ------------------------------------------------------------------------------------------ H8

    @Test
    void h8_suspendThenResumeBySignalAndObserveIt() {
        Claimed c = claimedSolo();

        SuspendOutcome.Suspended s = suspendSingle(c.handle(), "wpk:approval", byName("approval"));

        assertEquals(PublicState.SUSPENDED, state(c.id()));
        assertEquals(HandleKind.SUSPENDED, s.handle().kind());
        assertEquals(0, leaseExpiry(c.id()), "the lease is released");
        assertTrue(s.details().waitpointToken().matches(KID + ":[0-9a-f]{64}"));
        WaitpointId wp = s.details().waitpointId();
        String token = s.details().waitpointToken();

        accepted(signal(c.id(), wp, token, "other").deliver(), SignalEffect.NO_OP);
        assertEquals(PublicState.SUSPENDED, state(c.id()));

        byte[] payload = "{\"ok\":true}".getBytes();
        DeliverSignalResult.Accepted approval = accepted(signal(c.id(), wp, token, "approval").payload(payload).deliver(),
                SignalEffect.RESUME_CONDITION_SATISFIED);

        ExecutionInfo info = backend.readExecutionInfo(c.id()).orElseThrow();
        assertEquals(PublicState.WAITING, info.publicState());
        assertEquals(AttemptState.ATTEMPT_INTERRUPTED, info.stateVector().attemptState());
        assertEquals("closed", suspensionColumn("state", c.id()));
        assertEquals("resumed", suspensionColumn("close_reason", c.id()));
        assertEquals("closed", waitpointColumn("state", wp));
        assertEquals("resumed", waitpointColumn("close_reason", wp));

        Handle resumed = claimed();
        assertEquals(HandleKind.RESUMED, resumed.kind());
        assertEquals(fields(c.handle()).attemptIndex(), fields(resumed).attemptIndex(), "same attempt");
        assertEquals(fields(c.handle()).attemptId(), fields(resumed).attemptId());
        List<ResumeSignal> observed = backend.observeSignals(resumed);
        assertEquals(1, observed.size());
        assertEquals(approval.signalId(), observed.get(0).signalId());
        assertEquals("approval", observed.get(0).signalName());
        assertArrayEquals(payload, observed.get(0).payload());
    }

    // ------------------------------------------------------------------------------------------ H9

    @Test
    void h9_tokenRejectionsChangeNothing() {
        Claimed c = claimedSolo();
        SuspendArgs args = suspendArgs(List.of(fresh("wpk:1"), fresh("wpk:2")), single("wpk:1", wildcard()));
        SuspendOutcome.Suspended s = assertInstanceOf(SuspendOutcome.Suspended.class, backend.suspend(c.handle(), args));
        WaitpointId w1 = s.details().waitpointId();
        String t1 = s.details().waitpointToken();
        WaitpointId w2 = s.details().additionalWaitpoints().get(0).waitpointId();
        char last = t1.charAt(t1.length() - 1);
        String altered = t1.substring(0, t1.length() - 1) + (last == '0' ? '1' : '0');
        String unknownKid = "kid-other" + t1.substring(t1.indexOf(':'));

        for (var call : List.of(signal(c.id(), w1, altered, "x"), signal(c.id(), w1, unknownKid, "x"),
                signal(c.id(), WaitpointId.random(), t1, "x"), signal(c.id(), w2, t1, "x"),
                signal(c.id(), w1, "abc", "x"))) {
            EngineError.Validation err = expectRejectedUnchanged(EngineError.Validation.class, call::deliver);
            assertEquals(ValidationKind.INVALID_TOKEN, err.kind());
            assertEquals("invalid_token", err.detail());
        }
        EngineError.Validation empty = expectRejectedUnchanged(EngineError.Validation.class,
                signal(c.id(), w1, "", "x")::deliver);
        assertEquals(ValidationKind.INVALID_TOKEN, empty.kind());
        assertEquals("missing_token", empty.detail());
        assertEquals(0, count("ff_signal", c.id()));
        assertEquals(0, count("ff_signal_event", c.id()));
    }

    // ------------------------------------------------------------------------------------------ H12

    @Test
    void h12_signalIdempotencyLimitsAndTargeting() {
        Claimed c = claimedSolo();
        SuspendOutcome.Suspended s = suspendSingle(c.handle(), "wpk:x", byName("go"));
        WaitpointId wp = s.details().waitpointId();
        String token = s.details().waitpointToken();

        // same idempotency key twice → Duplicate{first signal id}, counted once
        DeliverSignalResult.Accepted first = accepted(signal(c.id(), wp, token, "noise").idempotencyKey("k1", null)
                .deliver(), SignalEffect.NO_OP);
        assertEquals(new DeliverSignalResult.Duplicate(first.signalId()),
                signal(c.id(), wp, token, "noise").idempotencyKey("k1", null).deliver());
        assertEquals("1", waitpointColumn("signal_count", wp));

        // same signal id twice → Duplicate
        SignalId sid = SignalId.random();
        accepted(signal(c.id(), wp, token, "noise").signalId(sid).deliver(), SignalEffect.NO_OP);
        assertEquals(new DeliverSignalResult.Duplicate(sid), signal(c.id(), wp, token, "noise").signalId(sid).deliver());

        // dedup_ttl_ms 1 000 → the same key is accepted again after 1 001 ms
        accepted(signal(c.id(), wp, token, "noise").idempotencyKey("short", 1_000L).deliver(), SignalEffect.NO_OP);
        assertInstanceOf(DeliverSignalResult.Duplicate.class,
                signal(c.id(), wp, token, "noise").idempotencyKey("short", 1_000L).deliver());
        clock.advance(1_001);
        accepted(signal(c.id(), wp, token, "noise").idempotencyKey("short", 1_000L).deliver(), SignalEffect.NO_OP);

        // max_signals_per_execution: 4 recorded already, a limit of 5 takes one more, then refuses
        accepted(signal(c.id(), wp, token, "noise").maxSignals(5).deliver(), SignalEffect.NO_OP);
        EngineError.Validation limit = expectRejectedUnchanged(EngineError.Validation.class,
                signal(c.id(), wp, token, "noise").maxSignals(5)::deliver);
        assertEquals(ValidationKind.SIGNAL_LIMIT_EXCEEDED, limit.kind());

        // payload over 65 536 bytes
        EngineError.Validation big = expectRejectedUnchanged(EngineError.Validation.class,
                signal(c.id(), wp, token, "go").payload(new byte[65_537])::deliver);
        assertEquals(ValidationKind.PAYLOAD_TOO_LARGE, big.kind());

        // closed waitpoint after resume
        accepted(signal(c.id(), wp, token, "go").deliver(), SignalEffect.RESUME_CONDITION_SATISFIED);
        EngineError.State closed = expectRejectedUnchanged(EngineError.State.class,
                signal(c.id(), wp, token, "go")::deliver);
        assertEquals(StateKind.TARGET_NOT_SIGNALABLE, closed.kind());
    }

    @Test
    void h12_aTerminalExecutionIsNotSignalable() {
        Claimed c = claimedSolo();
        PendingWaitpoint pending = backend.createWaitpoint(c.handle(), WaitpointKey.of("wpk:t"), Duration.ofMinutes(1));
        backend.complete(c.handle(), null);

        EngineError.State err = expectRejectedUnchanged(EngineError.State.class,
                signal(c.id(), pending.waitpointId(), pending.hmacToken(), "go")::deliver);
        assertEquals(StateKind.TARGET_NOT_SIGNALABLE, err.kind());
    }

    // ------------------------------------------------------------------------------------------ H13

    @Test
    void h13_anEarlySignalOnAPendingWaitpointSatisfiesTheSuspendAtOnce() {
        Claimed c = claimedSolo();
        HandleFields before = fields(c.handle());

        PendingWaitpoint pending = backend.createWaitpoint(c.handle(), WaitpointKey.of("wpk:early"),
                Duration.ofSeconds(60));
        PendingWaitpoint other = backend.createWaitpoint(c.handle(), WaitpointKey.of("wpk:other"),
                Duration.ofSeconds(60));
        assertNotEquals(pending.waitpointId(), other.waitpointId(), "ids are distinct per call");
        assertTrue(pending.hmacToken().startsWith(KID + ":"));

        accepted(signal(c.id(), pending.waitpointId(), pending.hmacToken(), "ready").deliver(),
                SignalEffect.BUFFERED_FOR_PENDING_WAITPOINT);

        SuspendOutcome r = backend.suspend(c.handle(), suspendArgs(
                List.of(new WaitpointBinding.UsePending(pending.waitpointId())), single("wpk:early", byName("ready"))));

        SuspendOutcome.AlreadySatisfied satisfied = assertInstanceOf(SuspendOutcome.AlreadySatisfied.class, r);
        assertEquals(pending.waitpointId(), satisfied.details().waitpointId());
        assertEquals(pending.hmacToken(), satisfied.details().waitpointToken());
        assertEquals(PublicState.ACTIVE, state(c.id()));
        var lease = backend.describeExecution(c.id()).orElseThrow().currentLease();
        assertEquals(before.leaseEpoch(), lease.leaseEpoch(), "same lease epoch");
        assertEquals(before.leaseId(), lease.leaseId(), "same lease");
        assertEquals("closed", waitpointColumn("state", pending.waitpointId()));
        assertEquals("resumed", waitpointColumn("close_reason", pending.waitpointId()));
        assertEquals(0, count("ff_suspension_current", c.id()), "no suspension row");

        backend.complete(c.handle(), null);
        assertEquals(PublicState.COMPLETED, state(c.id()));
    }

    @Test
    void h13_bufferedSignalsThatDoNotSatisfyCarryIntoTheSuspension() {
        Claimed c = claimedSolo();
        PendingWaitpoint pending = backend.createWaitpoint(c.handle(), WaitpointKey.of("wpk:a"), Duration.ofSeconds(60));
        accepted(signal(c.id(), pending.waitpointId(), pending.hmacToken(), "x").source("s1").deliver(),
                SignalEffect.BUFFERED_FOR_PENDING_WAITPOINT);
        ResumeCondition count = new ResumeCondition.Count(2, CountKind.DISTINCT_SOURCES, null,
                List.of(WaitpointKey.of("wpk:a")));

        SuspendOutcome r = backend.suspend(c.handle(), suspendArgs(
                List.of(new WaitpointBinding.UsePending(pending.waitpointId())), count));

        assertInstanceOf(SuspendOutcome.Suspended.class, r);
        assertEquals("active", waitpointColumn("state", pending.waitpointId()));
        accepted(signal(c.id(), pending.waitpointId(), pending.hmacToken(), "x").source("s2").deliver(),
                SignalEffect.RESUME_CONDITION_SATISFIED);
        assertEquals(PublicState.WAITING, state(c.id()));
    }

    // ------------------------------------------------------------------------------------------ H14

    @Test
    void h14_usePendingErrorsChangeNothing() {
        Claimed other = claimedSolo();
        PendingWaitpoint foreign = backend.createWaitpoint(other.handle(), WaitpointKey.of("wpk:f"),
                Duration.ofMinutes(1));
        Claimed c = claimedSolo();
        PendingWaitpoint shortLived = backend.createWaitpoint(c.handle(), WaitpointKey.of("wpk:s"),
                Duration.ofMillis(10));
        PendingWaitpoint flipped = backend.createWaitpoint(c.handle(), WaitpointKey.of("wpk:flip"),
                Duration.ofMinutes(10));
        // given (raw): a waitpoint already active
        fx.exec("UPDATE ff_waitpoint_pending SET state = 'active' WHERE waitpoint_id = ?", flipped.waitpointId().uuid());
        clock.advance(10);
        under.runDue();
        assertEquals("never_committed", waitpointColumn("close_reason", shortLived.waitpointId()));
        assertEquals(PublicState.ACTIVE, state(c.id()), "pending expiry leaves the execution unchanged");

        EngineError.Validation wrongExec = expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.suspend(c.handle(), usePending(foreign.waitpointId(), "wpk:f")));
        assertEquals(ValidationKind.INVALID_WAITPOINT_FOR_EXECUTION, wrongExec.kind());
        EngineError.State expired = expectRejectedUnchanged(EngineError.State.class,
                () -> backend.suspend(c.handle(), usePending(shortLived.waitpointId(), "wpk:s")));
        assertEquals(StateKind.PENDING_WAITPOINT_EXPIRED, expired.kind());
        EngineError.State notPending = expectRejectedUnchanged(EngineError.State.class,
                () -> backend.suspend(c.handle(), usePending(flipped.waitpointId(), "wpk:flip")));
        assertEquals(StateKind.WAITPOINT_NOT_PENDING, notPending.kind());
        EngineError.Contention unknown = expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.suspend(c.handle(), usePending(WaitpointId.random(), "wpk:none")));
        assertEquals(ContentionKind.WAITPOINT_NOT_FOUND, unknown.kind());

        // given (raw): an empty keystore
        fx.exec("DELETE FROM ff_waitpoint_hmac");
        EngineError.Unavailable unavailable = expectRejectedUnchanged(EngineError.Unavailable.class,
                () -> backend.createWaitpoint(c.handle(), WaitpointKey.of("wpk:k"), Duration.ofMinutes(1)));
        assertTrue(unavailable.op().contains("hmac_secret_not_initialized"));
    }

    SuspendArgs usePending(WaitpointId id, String key) {
        return suspendArgs(List.of(new WaitpointBinding.UsePending(id)), single(key, wildcard()));
    }

    // ------------------------------------------------------------------------------------------ H15

    @Test
    void h15_allOfNeedsEveryMember() {
        Claimed c = claimedSolo();
        SuspendOutcome.Suspended s = assertInstanceOf(SuspendOutcome.Suspended.class, backend.suspend(c.handle(),
                suspendArgs(List.of(fresh("wpk:a"), fresh("wpk:b")), new ResumeCondition.AllOf(List.of(
                        single("wpk:a", wildcard()), single("wpk:b", wildcard()))))));
        var b = s.details().additionalWaitpoints().get(0);

        accepted(signal(c.id(), s.details().waitpointId(), s.details().waitpointToken(), "x").deliver(),
                SignalEffect.APPENDED_TO_WAITPOINT);
        accepted(signal(c.id(), s.details().waitpointId(), s.details().waitpointToken(), "x").deliver(),
                SignalEffect.APPENDED_TO_WAITPOINT_DUPLICATE);
        assertEquals(PublicState.SUSPENDED, state(c.id()));
        accepted(signal(c.id(), b.waitpointId(), b.waitpointToken(), "y").deliver(),
                SignalEffect.RESUME_CONDITION_SATISFIED);
        assertEquals(PublicState.WAITING, state(c.id()));
    }

    @Test
    void h15_countOfDistinctSourcesAndIgnoredSignals() {
        Claimed c = claimedSolo();
        ResumeCondition condition = new ResumeCondition.AllOf(List.of(
                new ResumeCondition.Count(2, CountKind.DISTINCT_SOURCES, null, List.of(WaitpointKey.of("wpk:a"))),
                single("wpk:named", byName("wanted"))));
        SuspendOutcome.Suspended s = assertInstanceOf(SuspendOutcome.Suspended.class, backend.suspend(c.handle(),
                suspendArgs(List.of(fresh("wpk:a"), fresh("wpk:named"), fresh("wpk:extra")), condition)));
        WaitpointId a = s.details().waitpointId();
        String ta = s.details().waitpointToken();
        var named = s.details().additionalWaitpoints().get(0);
        var extra = s.details().additionalWaitpoints().get(1);

        accepted(signal(c.id(), a, ta, "x").source("s1").deliver(), SignalEffect.APPENDED_TO_WAITPOINT);
        accepted(signal(c.id(), a, ta, "x").source("s1").deliver(), SignalEffect.APPENDED_TO_WAITPOINT_DUPLICATE);
        accepted(signal(c.id(), extra.waitpointId(), extra.waitpointToken(), "x").deliver(),
                SignalEffect.SIGNAL_IGNORED_NOT_IN_CONDITION);
        accepted(signal(c.id(), named.waitpointId(), named.waitpointToken(), "unwanted").deliver(),
                SignalEffect.SIGNAL_IGNORED_MATCHER_FAILED);
        accepted(signal(c.id(), a, ta, "x").source("s2").deliver(), SignalEffect.APPENDED_TO_WAITPOINT);
        assertEquals(PublicState.SUSPENDED, state(c.id()));
        accepted(signal(c.id(), named.waitpointId(), named.waitpointToken(), "wanted").deliver(),
                SignalEffect.RESUME_CONDITION_SATISFIED);
        assertEquals(PublicState.WAITING, state(c.id()));
        assertEquals("resumed", waitpointColumn("close_reason", extra.waitpointId()), "every waitpoint closes (D8)");
    }

    // ------------------------------------------------------------------------------------------ H16

    @Test
    void h16_structuralErrorsChangeNothingAndKeepTheLease() {
        Claimed c = claimedSolo();
        PendingWaitpoint pending = backend.createWaitpoint(c.handle(), WaitpointKey.of("wpk:p"), Duration.ofMinutes(1));
        ResumeCondition deep = single("wpk:a", wildcard());
        for (int i = 0; i < 4; i++) {
            deep = new ResumeCondition.AllOf(List.of(deep));
        }
        List<SuspendArgs> bad = List.of(
                suspendArgs(List.of(fresh("wpk:a")), new ResumeCondition.AllOf(List.of())),
                suspendArgs(List.of(fresh("wpk:a")), new ResumeCondition.Count(0, CountKind.DISTINCT_SIGNALS, null,
                        List.of(WaitpointKey.of("wpk:a")))),
                suspendArgs(List.of(fresh("wpk:a")), deep),
                suspendArgs(List.of(fresh("wpk:a")), new ResumeCondition.Count(1, CountKind.DISTINCT_SIGNALS, null,
                        List.of())),
                suspendArgs(List.of(fresh("wpk:a")), new ResumeCondition.Count(2, CountKind.DISTINCT_WAITPOINTS, null,
                        List.of(WaitpointKey.of("wpk:a")))),
                suspendArgs(List.of(fresh("wpk:a")), new ResumeCondition.TimeoutOnly()),
                suspendArgs(List.of(), single("wpk:a", wildcard())),
                suspendArgs(List.of(fresh("wpk:a")), single("wpk:b", wildcard())),
                suspendArgs(List.of(fresh("wpk:a"), new WaitpointBinding.UsePending(pending.waitpointId())),
                        single("wpk:a", wildcard())),
                suspendArgs(List.of(fresh("wpk:a")), new ResumeCondition.AllOf(List.of(single("wpk:a", wildcard()),
                        single("wpk:missing", wildcard())))),
                suspendArgs(List.of(fresh("wpk:a")), single("wpk:a", wildcard()), clock.millis() - 600_001, null,
                        null),
                usePending(pending.waitpointId(), "wpk:not-its-key"));
        for (SuspendArgs args : bad) {
            EngineError.Validation err = expectRejectedUnchanged(EngineError.Validation.class,
                    () -> backend.suspend(c.handle(), args));
            assertEquals(ValidationKind.INVALID_INPUT, err.kind(), err.detail());
        }
        assertEquals(PublicState.ACTIVE, state(c.id()));
        backend.renew(c.handle());
    }

    // ------------------------------------------------------------------------------------------ H19

    @Test
    void h19_aRepeatedSuspendWithItsKeyReturnsTheSameOutcome() {
        Claimed c = claimedSolo();
        SuspendArgs args = suspendArgs(List.of(fresh("wpk:k")), single("wpk:k", wildcard()), null, null, "k");

        SuspendOutcome first = backend.suspend(c.handle(), args);
        SuspendOutcome again = backend.suspend(c.handle(), args);

        assertInstanceOf(SuspendOutcome.Suspended.class, first);
        assertEquals(first, again, "identical outcome, same tokens");
        assertEquals(first.details().waitpointToken(), again.details().waitpointToken());
        assertEquals(1, count("ff_suspension_current", c.id()));
        assertEquals(1, count("ff_waitpoint_pending", c.id()));
    }

    // ------------------------------------------------------------------------------------------ H20

    @Test
    void h20_suspendVariants() {
        Claimed c = claimedSolo();
        SuspendOutcome.Suspended s = suspendSingle(c.handle(), "wpk:1", wildcard());
        EngineError.State already = expectRejectedUnchanged(EngineError.State.class,
                () -> backend.suspend(s.handle(), suspendArgs(List.of(fresh("wpk:2")), single("wpk:2", wildcard()))));
        assertEquals(StateKind.ALREADY_SUSPENDED, already.kind());

        Claimed t = claimedSolo();
        HandleFields f = fields(t.handle());
        LeaseFence stale = new LeaseFence(f.leaseId(), f.leaseEpoch() + 1, f.attemptId());
        EngineError.State staleErr = expectRejectedUnchanged(EngineError.State.class, () -> backend.suspendByTriple(
                t.id(), stale, suspendArgs(List.of(fresh("wpk:t")), single("wpk:t", wildcard()))));
        assertEquals(StateKind.STALE_LEASE, staleErr.kind());
        SuspendOutcome byTriple = backend.suspendByTriple(t.id(), f.fence(),
                suspendArgs(List.of(fresh("wpk:t")), single("wpk:t", wildcard())));
        SuspendOutcome.Suspended suspended = assertInstanceOf(SuspendOutcome.Suspended.class, byTriple);
        assertEquals(f.attemptIndex(), fields(suspended.handle()).attemptIndex(), "attempt read from state");
        assertEquals(PublicState.SUSPENDED, state(t.id()));

        Claimed m = claimedSolo();
        // given (raw): the execution's current attempt carries another index than the handle
        fx.exec("UPDATE ff_attempt SET attempt_index = 1 WHERE partition_key = ? AND execution_id = ?",
                m.id().partition(), m.id().uuid());
        fx.exec("UPDATE ff_exec_core SET attempt_index = 1, total_attempt_count = 2 WHERE partition_key = ? "
                + "AND execution_id = ?", m.id().partition(), m.id().uuid());
        EngineError.Validation mismatch = expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.suspend(m.handle(), suspendArgs(List.of(fresh("wpk:m")), single("wpk:m", wildcard()))));
        assertEquals(ValidationKind.INVALID_LEASE_FOR_SUSPEND, mismatch.kind());
    }

    // ------------------------------------------------------------------------------------------ H21

    @Test
    void h21_resumedClaimGates() {
        Claimed c = claimedSolo();
        SuspendOutcome.Suspended s = suspendSingle(c.handle(), "wpk:r", wildcard());
        HandleFields f = fields(c.handle());
        ClaimResumedExecutionArgs args = new ClaimResumedExecutionArgs(c.id(), WorkerId.of("worker-1"),
                WorkerInstanceId.of("worker-1-i1"), LANE, LeaseId.random(), LEASE_TTL_MS, f.attemptIndex(), null,
                clock.millis(), null);
        EngineError.Contention notLeaseable = expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.claimResumedExecution(args));
        assertEquals(ContentionKind.EXECUTION_NOT_LEASEABLE, notLeaseable.kind());

        accepted(signal(c.id(), s.details().waitpointId(), s.details().waitpointToken(), "go").deliver(),
                SignalEffect.RESUME_CONDITION_SATISFIED);
        Handle resumed = claimed();
        assertEquals(HandleKind.RESUMED, resumed.kind());
        assertTrue(fields(resumed).leaseEpoch() > f.leaseEpoch(), "a new lease with a higher epoch");
        backend.complete(resumed, null);
        assertEquals(PublicState.COMPLETED, state(c.id()));
    }

    // ------------------------------------------------------------------------------------------ H22

    @Test
    void h22_approvalSignals() {
        Claimed c = claimedSolo();
        SuspendOutcome.Suspended s = suspendSingle(c.handle(), "wpk:appr", byName("approved"));
        WaitpointId wp = s.details().waitpointId();

        DeliverSignalResult rejected = backend.deliverApprovalSignal(new DeliverApprovalSignalArgs(c.id(), LANE, wp,
                "rejected", "r1", 60_000, null, null));
        accepted(rejected, SignalEffect.NO_OP);
        assertEquals(PublicState.SUSPENDED, state(c.id()));
        assertEquals("approval", fx.queryString("SELECT signal_category FROM ff_signal WHERE signal_name = 'rejected'"));
        assertEquals("operator", fx.queryString("SELECT source_type FROM ff_signal WHERE signal_name = 'rejected'"));

        EngineError.Validation lane = expectRejectedUnchanged(EngineError.Validation.class,
                () -> backend.deliverApprovalSignal(new DeliverApprovalSignalArgs(c.id(), LaneId.of("other"), wp,
                        "approved", "a1", 60_000, null, null)));
        assertEquals("lane_mismatch", lane.detail());
        EngineError.NotFound missing = expectRejectedUnchanged(EngineError.NotFound.class,
                () -> backend.deliverApprovalSignal(new DeliverApprovalSignalArgs(c.id(), LANE, WaitpointId.random(),
                        "approved", "a1", 60_000, null, null)));
        assertEquals("waitpoint", missing.entity());

        accepted(backend.deliverApprovalSignal(new DeliverApprovalSignalArgs(c.id(), LANE, wp, "approved", "a1",
                60_000, null, null)), SignalEffect.RESUME_CONDITION_SATISFIED);
        assertEquals(PublicState.WAITING, state(c.id()));
    }

    // ------------------------------------------------------------------------------------------ H23

    @Test
    void h23_eachAcceptedDeliveryWritesOneEventWithItsEffect() {
        Claimed c = claimedSolo();
        SuspendOutcome.Suspended s = suspendSingle(c.handle(), "wpk:e", byName("go"));
        WaitpointId wp = s.details().waitpointId();
        String token = s.details().waitpointToken();

        signal(c.id(), wp, token, "noise").idempotencyKey("dup", null).deliver();
        signal(c.id(), wp, token, "noise").idempotencyKey("dup", null).deliver();
        expectError(EngineError.Validation.class, signal(c.id(), wp, "abc", "go")::deliver);
        signal(c.id(), wp, token, "go").deliver();

        assertEquals(2, count("ff_signal_event", c.id()), "duplicates and errors write no event");
        assertEquals("no_op", fx.queryString("SELECT effect FROM ff_signal_event ORDER BY event_id LIMIT 1"));
        assertEquals("resume_condition_satisfied",
                fx.queryString("SELECT effect FROM ff_signal_event ORDER BY event_id DESC LIMIT 1"));
    }

    // ------------------------------------------------------------------------------------------ H24

    @Test
    void h24_aResumeDelayFromTheDeliveryDelaysTheExecution() {
        Claimed c = claimedSolo();
        SuspendOutcome.Suspended s = suspendSingle(c.handle(), "wpk:d", wildcard());

        accepted(signal(c.id(), s.details().waitpointId(), s.details().waitpointToken(), "go").resumeDelayMs(5_000)
                .deliver(), SignalEffect.RESUME_CONDITION_SATISFIED);

        assertEquals(PublicState.DELAYED, state(c.id()));
        clock.advance(4_999);
        under.runDue();
        assertEquals(PublicState.DELAYED, state(c.id()));
        clock.advance(1);
        under.runDue();
        assertEquals(PublicState.WAITING, state(c.id()));
        assertEquals(HandleKind.RESUMED, claimed().kind());
    }

    // ------------------------------------------------------------------------------------------ operator resume

    @Test
    void operatorResumeClosesTheSuspensionWithoutEvaluatingIt() {
        Claimed c = claimedSolo();
        SuspendOutcome.Suspended s = assertInstanceOf(SuspendOutcome.Suspended.class, backend.suspend(c.handle(),
                suspendArgs(List.of(fresh("wpk:op")), new ResumeCondition.OperatorOnly(), clock.millis() + 1_000, null,
                        null)));
        accepted(signal(c.id(), s.details().waitpointId(), s.details().waitpointToken(), "go").deliver(),
                SignalEffect.SIGNAL_IGNORED_NOT_IN_CONDITION);

        ResumeExecutionResult r = backend.resumeExecution(new ResumeExecutionArgs(c.id(), ResumeTriggerType.OPERATOR, 0));

        assertEquals(new ResumeExecutionResult.Resumed(PublicState.WAITING), r);
        assertEquals("resumed", waitpointColumn("close_reason", s.details().waitpointId()));
        clock.advance(2_000);
        under.runDue();
        assertEquals(PublicState.WAITING, state(c.id()), "the closed suspension's timeout never fires");
        EngineError.State again = expectRejectedUnchanged(EngineError.State.class,
                () -> backend.resumeExecution(new ResumeExecutionArgs(c.id(), null, 0)));
        assertEquals(StateKind.EXECUTION_NOT_SUSPENDED, again.kind());
        assertNull(backend.describeExecution(c.id()).orElseThrow().currentWaitpoint());
    }
}
