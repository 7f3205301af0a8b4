package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.FailOutcome;
import io.skein.core.api.FailureClass;
import io.skein.core.api.FailureReason;
import io.skein.core.api.Handle;
import io.skein.core.api.LeaseRenewal;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Seed 003 ({@code pg:pg_engine_backend_attempt}): the attempt family against raw {@code ff_exec_core} rows on
 * unique lanes, partition 0 (spec 06 appendix: D1, D2, E1, E2, D8, D9, D3). The two reclaim scenarios (G1, G2)
 * need {@code claimFromReclaim}, which the reclaim work provides.
 */
class SeedAttemptFamilyConformance extends LifecycleGivens {

    /** A raw execution and the lane it alone is on. */
    record Seeded(ExecutionId id, LaneId lane) {}

    /** The seed's {@code seed_exec}: a raw runnable row on a lane of its own, no capabilities required. */
    Seeded seedExec(String prefix) {
        String lane = prefix + "-" + UUID.randomUUID();
        ExecutionId id = idOnPartition(0);
        fx.exec("INSERT INTO ff_exec_core (partition_key, execution_id, flow_id, lane_id, required_capabilities, "
                + "attempt_index, lifecycle_phase, ownership_state, eligibility_state, public_state, attempt_state, "
                + "priority, created_at_ms) VALUES (0, ?, NULL, ?, '[]', 0, 'runnable', 'unowned', 'eligible_now', "
                + "'waiting', 'pending_first_attempt', 0, ?)", id.uuid(), lane, clock.millis());
        return new Seeded(id, LaneId.of(lane));
    }

    Handle claimOn(LaneId lane, String worker, int ttlMs) {
        return backend.claim(lane, CapabilitySet.EMPTY, new ClaimPolicy(WorkerId.of(worker),
                WorkerInstanceId.of(worker + "-1"), ttlMs, 100L)).orElseThrow(() -> new AssertionError("claim Some: "
                + fx.queryLong("SELECT COUNT(*) FROM ff_claim_grant WHERE lane_id = ?", lane.value()) + " grants, "
                + fx.queryStrings("SELECT eligibility_state || '/' || lifecycle_phase FROM ff_exec_core WHERE lane_id = ?", lane.value())));
    }

    @Test
    void d1_happyPathClaimProgressComplete() {
        Seeded seeded = seedExec("lane-happy");
        ExecutionId id = seeded.id();

        Handle h = claimOn(seeded.lane(), "w-happy", 30_000);
        assertEquals("active", core(id, "lifecycle_phase"));
        assertEquals("1", latestAttempt(id, "lease_epoch"));
        assertTrue(Long.parseLong(latestAttempt(id, "lease_expires_at_ms")) > clock.millis());

        backend.progress(h, 25, "step 1");
        backend.progress(h, 75, "step 2");
        backend.complete(h, "done".getBytes());

        assertEquals("terminal", core(id, "lifecycle_phase"));
        assertEquals(1, count("ff_completion_event", id));
    }

    @Test
    void d2_claimThenRenewBumpsExpiry() {
        Seeded seeded = seedExec("lane-renew");
        ExecutionId id = seeded.id();
        Handle h = claimOn(seeded.lane(), "w-renew", 5_000);
        long before = Long.parseLong(latestAttempt(id, "lease_expires_at_ms"));

        clock.advance(50);
        LeaseRenewal renewal = backend.renew(h);

        assertTrue(Long.parseLong(latestAttempt(id, "lease_expires_at_ms")) >= before);
        assertEquals(1, renewal.leaseEpoch());
    }

    @Test
    void e1_failRetryableReeligible() {
        Seeded seeded = seedExec("lane-failr");
        ExecutionId id = seeded.id();
        Handle h = claimOn(seeded.lane(), "w-failr", 30_000);

        assertInstanceOf(FailOutcome.RetryScheduled.class,
                backend.fail(h, FailureReason.of("boom"), FailureClass.TRANSIENT));
        assertEquals("runnable", core(id, "lifecycle_phase"));
    }

    @Test
    void e2_failPermanentTerminal() {
        Seeded seeded = seedExec("lane-failp");
        ExecutionId id = seeded.id();
        Handle h = claimOn(seeded.lane(), "w-failp", 30_000);

        assertEquals(new FailOutcome.TerminalFailed(),
                backend.fail(h, FailureReason.of("nope"), FailureClass.PERMANENT));
        assertEquals("terminal", core(id, "lifecycle_phase"));
        assertEquals(1, count("ff_completion_event", id));
    }

    @Test
    void d8_delayReleasesLease() {
        Seeded seeded = seedExec("lane-delay");
        ExecutionId id = seeded.id();
        Handle h = claimOn(seeded.lane(), "w-del", 30_000);

        backend.delay(h, clock.millis() + 10_000);

        assertNull(latestAttempt(id, "lease_expires_at_ms"), "delay releases lease");
    }

    @Test
    void d9_waitChildrenReleasesLease() {
        Seeded seeded = seedExec("lane-wc");
        ExecutionId id = seeded.id();
        Handle h = claimOn(seeded.lane(), "w-wc", 30_000);

        backend.waitChildren(h);

        assertNull(latestAttempt(id, "lease_expires_at_ms"));
    }

    @Test
    void d3_renewAfterEpochBumpIsLeaseConflict() {
        Seeded seeded = seedExec("lane-fence");
        ExecutionId id = seeded.id();
        Handle h = claimOn(seeded.lane(), "w-fence", 30_000);
        fx.exec("UPDATE ff_attempt SET lease_epoch = lease_epoch + 1 WHERE partition_key = ? AND execution_id = ?",
                id.partition(), id.uuid());

        assertEquals(ContentionKind.LEASE_CONFLICT, expectRejectedUnchanged(EngineError.Contention.class,
                () -> backend.renew(h)).kind());
    }
}
