package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.CancelSource;
import io.skein.core.api.FailureClass;
import io.skein.core.api.FailureReason;
import io.skein.core.api.Frame;
import io.skein.core.api.FrameKind;
import io.skein.core.api.Handle;
import io.skein.core.api.LeaseFence;
import io.skein.core.api.ResumeCondition;
import io.skein.core.api.ResumePolicy;
import io.skein.core.api.SignalMatcher;
import io.skein.core.api.SuspendArgs;
import io.skein.core.api.SuspensionReasonCode;
import io.skein.core.api.SuspensionRequester;
import io.skein.core.api.WaitpointBinding;
import io.skein.core.api.execution.CancelExecutionArgs;
import io.skein.core.api.execution.CompleteExecutionArgs;
import io.skein.core.api.execution.FailExecutionArgs;
import io.skein.core.api.execution.RenewLeaseArgs;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.StateKind;
import io.skein.core.handle.HandleCodec;
import io.skein.core.handle.HandleFields;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.SuspensionId;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WaitpointKey;
import io.skein.core.state.PublicState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Checklist M7: every fenced operation, in handle and triple form, presented with the current lease epoch − 1 and
 * + 1 (all else current) is rejected with the fence error of spec 01 §7 step 6 and changes nothing:
 * {@code Contention(LeaseConflict)} for handles, {@code State(StaleLease)} for triples,
 * {@code State(StaleOwnerCannotAppend)} for appends. Handles are forged from the real handle's fields and tagged
 * with the backends' key, so the epoch is the only thing that differs.
 */
class StaleEpochConformance extends LifecycleGivens {

    private static final long[] OFFSETS = {-1, +1};

    /** The real handle with its lease epoch moved by {@code offset}; same backend, kind and every other field. */
    static Handle withEpoch(Handle real, long offset) {
        HandleFields f = fields(real);
        HandleFields forged = new HandleFields(f.executionId(), f.attemptIndex(), f.attemptId(), f.leaseId(),
                f.leaseEpoch() + offset, f.leaseTtlMs(), f.laneId(), f.workerInstanceId());
        return HandleCodec.encode(HANDLE_KEY, real.backend(), real.kind(), forged);
    }

    SuspendArgs suspendArgs() {
        String key = "approval";
        List<WaitpointBinding> bindings = List.of(new WaitpointBinding.Fresh(WaitpointId.random(),
                WaitpointKey.of(key)));
        return new SuspendArgs(SuspensionId.random(), bindings,
                new ResumeCondition.Single(WaitpointKey.of(key), new SignalMatcher.Wildcard()),
                ResumePolicy.defaults(), SuspensionReasonCode.WAITING_FOR_SIGNAL, SuspensionRequester.WORKER, null,
                null, null, clock.millis(), null);
    }

    /** Claims a fresh execution and checks its epoch leaves room for − 1. */
    Handle claimedWithEpochAboveZero() {
        created();
        Handle h = claimed();
        assertTrue(fields(h).leaseEpoch() >= 1, "a first claim has epoch 1");
        return h;
    }

    Map<String, Executable> handleOps(Handle stale) {
        Map<String, Executable> ops = new LinkedHashMap<>();
        ops.put("renew", () -> backend.renew(stale));
        ops.put("progress", () -> backend.progress(stale, 50, "half"));
        ops.put("complete", () -> backend.complete(stale, "r".getBytes(StandardCharsets.UTF_8)));
        ops.put("fail", () -> backend.fail(stale, FailureReason.of("boom"), FailureClass.TRANSIENT));
        ops.put("cancel", () -> backend.cancel(stale, "worker gives up"));
        ops.put("delay", () -> backend.delay(stale, clock.millis() + 1_000));
        ops.put("wait_children", () -> backend.waitChildren(stale));
        ops.put("create_waitpoint", () -> backend.createWaitpoint(stale, WaitpointKey.of("wp"),
                Duration.ofMinutes(5)));
        ops.put("suspend", () -> backend.suspend(stale, suspendArgs()));
        return ops;
    }

    Map<String, Executable> tripleOps(ExecutionId id, LeaseFence stale) {
        Map<String, Executable> ops = new LinkedHashMap<>();
        ops.put("complete_execution", () -> backend.completeExecution(new CompleteExecutionArgs(id, stale, 0,
                "r".getBytes(StandardCharsets.UTF_8), null, CancelSource.LEASE_HOLDER, clock.millis())));
        ops.put("fail_execution", () -> backend.failExecution(new FailExecutionArgs(id, stale, 0, "boom",
                "transient", null, null, CancelSource.LEASE_HOLDER, clock.millis())));
        ops.put("renew_lease", () -> backend.renewLease(new RenewLeaseArgs(id, 0, stale, LEASE_TTL_MS, null)));
        ops.put("suspend_by_triple", () -> backend.suspendByTriple(id, stale, suspendArgs()));
        ops.put("cancel_execution", () -> backend.cancelExecution(new CancelExecutionArgs(id, "holder cancels",
                CancelSource.LEASE_HOLDER, stale.leaseId(), stale.leaseEpoch(), stale.attemptId(), clock.millis())));
        return ops;
    }

    @Test
    void m7_everyHandleOperationWithAStaleOrFutureEpochIsALeaseConflictAndChangesNothing() {
        // given
        Handle real = claimedWithEpochAboveZero();
        ExecutionId id = fields(real).executionId();

        for (long offset : OFFSETS) {
            handleOps(withEpoch(real, offset)).forEach((op, call) -> {
                // when / then
                EngineError.Contention err = expectRejectedUnchanged(EngineError.Contention.class, call);
                assertEquals(ContentionKind.LEASE_CONFLICT, err.kind(), op + " with epoch " + offset);
            });
        }

        // and the real owner is unaffected
        assertEquals(PublicState.ACTIVE, state(id));
        backend.renew(real);
    }

    @Test
    void m7_appendFrameWithAStaleOrFutureEpochIsStaleOwnerCannotAppendAndChangesNothing() {
        // given: a stream with one frame from the real owner
        Handle real = claimedWithEpochAboveZero();
        backend.appendFrame(real, new Frame("first".getBytes(StandardCharsets.UTF_8), FrameKind.STDOUT, null, null,
                null));

        for (long offset : OFFSETS) {
            Handle stale = withEpoch(real, offset);
            // when / then
            EngineError.State err = expectRejectedUnchanged(EngineError.State.class, () -> backend.appendFrame(stale,
                    new Frame("late".getBytes(StandardCharsets.UTF_8), FrameKind.STDOUT, null, null, null)));
            assertEquals(StateKind.STALE_OWNER_CANNOT_APPEND, err.kind(), "epoch " + offset);
        }
    }

    @Test
    void m7_everyTripleOperationWithAStaleOrFutureEpochIsStaleLeaseAndChangesNothing() {
        // given
        Handle real = claimedWithEpochAboveZero();
        ExecutionId id = fields(real).executionId();
        long epoch = fields(real).leaseEpoch();

        for (long offset : OFFSETS) {
            tripleOps(id, fenceWithEpoch(real, epoch + offset)).forEach((op, call) -> {
                // when / then
                EngineError.State err = expectRejectedUnchanged(EngineError.State.class, call);
                assertEquals(StateKind.STALE_LEASE, err.kind(), op + " with epoch " + offset);
            });
        }

        // and the real triple still completes
        backend.completeExecution(new CompleteExecutionArgs(id, fence(real), 0, null, null,
                CancelSource.LEASE_HOLDER, clock.millis()));
        assertEquals(PublicState.COMPLETED, state(id));
    }

    @Test
    void m7_theFenceHoldsAfterAReclaimBumpedTheEpoch() {
        // given: the authoritative ff_attempt epoch is 3 (as after two reclaims); handles carry 2 or 4
        Handle real = claimedWithEpochAboveZero();
        ExecutionId id = fields(real).executionId();
        fx.exec("UPDATE ff_attempt SET lease_epoch = 3 WHERE partition_key = ? AND execution_id = ?",
                id.partition(), id.uuid());
        Handle current = withEpoch(real, 3 - fields(real).leaseEpoch());

        for (long offset : OFFSETS) {
            Handle stale = withEpoch(current, offset);
            handleOps(stale).forEach((op, call) -> assertEquals(ContentionKind.LEASE_CONFLICT,
                    expectRejectedUnchanged(EngineError.Contention.class, call).kind(), op + " epoch 3" + offset));
            tripleOps(id, fenceWithEpoch(current, 3 + offset)).forEach((op, call) -> assertEquals(
                    StateKind.STALE_LEASE, expectRejectedUnchanged(EngineError.State.class, call).kind(),
                    op + " epoch 3" + offset));
        }

        // and the handle carrying the stored epoch is the owner
        backend.progress(current, 10, "still mine");
    }
}
