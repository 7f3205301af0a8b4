package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.Frame;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.api.FrameKind;
import io.skein.core.api.Handle;
import io.skein.core.api.InstanceTag;
import io.skein.core.api.ScannerFilter;
import io.skein.core.api.SignalEffect;
import io.skein.core.api.SuspendOutcome;
import io.skein.core.api.scheduler.TimerArgs;
import io.skein.core.api.scheduler.TrimRetentionArgs;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.WaitpointId;
import io.skein.core.state.PublicState;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Checklist L1–L4: every timer on this backend, once-with-effect, retention and housekeeping (spec 05 §4).
 *
 * <p>L1 — the timers of 05 §4 already have scenarios elsewhere; this class adds the ones that had none:
 * <ul>
 *   <li>1 lease expiry + re-queue: {@code LeasesConformance.d6_…}, {@code OperatorControlsConformance.d11_…},
 *       {@code ReclaimConformance.g1_…}</li>
 *   <li>2 attempt timeout: {@code FailureConformance.e7_…}; 3 execution deadline: {@code FailureConformance.e8_…}</li>
 *   <li>4 suspension timeout: {@code SuspensionTimeoutConformance.h17_…}, {@code h18_…}</li>
 *   <li>5 pending-waitpoint expiry: {@code SuspendAndSignalConformance.h14_…} (as a given) and
 *       {@link #l1_timer5_aDuePendingWaitpointClosesNeverCommittedAndOnlyIt} here</li>
 *   <li>6 delayed promotion: {@code CreateAndReadConformance.b2_…}, {@code GrantAndClaimConformance.c14_…},
 *       {@code SuspendAndSignalConformance.h24_…}</li>
 *   <li>7 claim-grant expiry: {@code ClaimsConformance.c12_…}</li>
 *   <li>8 unblock: {@code FlowResolutionConformance}/{@code AdmissionBlockConformance} {@code l1_…},
 *       {@code AdmissionConformance.c19_…–c21_…}</li>
 *   <li>9 budget reset: {@code BudgetConformance.k4_resetTimer…}; 13 budget reconciler:
 *       {@code BudgetConformance.k4_budgetReconciler…}; quota reconciler: {@link #l1_timer13_…} here</li>
 *   <li>10 cancel reconciler: {@code FlowCancelConformance.j18_…}; 11 edge-cancel dispatcher:
 *       {@code FlowResolutionConformance.j20_…}; 12 dependency repair: {@code FlowResolutionConformance.l1_…}</li>
 *   <li>14 retention and housekeeping: L3, L4 here; best-effort frames: {@code StreamConformance.i16_…}</li>
 * </ul>
 */
class TimerConformance extends SignalConformance {

    private static final long DAY_MS = 24L * 60 * 60 * 1000;

    private String hex(UUID uuid) {
        ByteBuffer b = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        return HexFormat.of().formatHex(b.array());
    }

    /** The tables that hold a row mentioning {@code uuid} (as a blob) or {@code text} (as a string). */
    private List<String> tablesMentioning(UUID uuid, String text) {
        String blob = hex(uuid);
        return fx.snapshot().entrySet().stream()
                .filter(t -> t.getValue().stream().anyMatch(row -> row.contains(blob) || row.contains(text)
                        || row.contains(uuid.toString())))
                .map(Map.Entry::getKey).sorted().toList();
    }

    private long stateVersion(ExecutionId id) {
        return fx.queryLong("SELECT state_version FROM ff_exec_core WHERE partition_key = ? AND execution_id = ?",
                id.partition(), id.uuid());
    }

    private Claimed finishedWithEverything() {
        Claimed c = claimedSolo();
        backend.appendFrame(c.handle(), new Frame("out".getBytes(), FrameKind.STDOUT, null, null, null));
        SuspendOutcome.Suspended s = suspendSingle(c.handle(), "wpk:r", wildcard());
        accepted(signal(c.id(), s.details().waitpointId(), s.details().waitpointToken(), "go")
                .idempotencyKey("once", 10 * DAY_MS).deliver(), SignalEffect.RESUME_CONDITION_SATISFIED);
        Handle resumed = claimed();
        backend.appendFrame(resumed, new Frame("more".getBytes(), FrameKind.STDOUT, null, null, null));
        backend.complete(resumed, "done".getBytes());
        return c;
    }

    // ------------------------------------------------------------------------------------------------ L1

    @Test
    void l1_timer5_aDuePendingWaitpointClosesNeverCommittedAndOnlyIt() {
        Claimed c = claimedSolo();
        WaitpointId due = backend.createWaitpoint(c.handle(), io.skein.core.id.WaitpointKey.of("wpk:due"),
                java.time.Duration.ofMillis(500)).waitpointId();
        WaitpointId later = backend.createWaitpoint(c.handle(), io.skein.core.id.WaitpointKey.of("wpk:later"),
                java.time.Duration.ofMillis(5_000)).waitpointId();

        clock.advance(499);
        under.runDue();
        assertEquals("pending", waitpointColumn("state", due), "not due yet");

        clock.advance(1);
        under.runDue();
        assertEquals("closed", waitpointColumn("state", due));
        assertEquals("never_committed", waitpointColumn("close_reason", due));
        assertEquals("pending", waitpointColumn("state", later));
        assertEquals(PublicState.ACTIVE, state(c.id()), "the execution is untouched");
    }

    @Test
    void l1_timer13_theQuotaReconcilerRecomputesActiveConcurrencyFromLiveGuards() {
        var quota = new io.skein.core.api.CreateQuotaPolicyArgs(io.skein.core.id.QuotaPolicyId.random(), 60, 100, 5,
                clock.millis());
        backend.createQuotaPolicy(quota);
        String id = quota.quotaPolicyId().toString();
        // given (raw): a counter drifted away from the (zero) live guards
        fx.exec("UPDATE ff_quota_policy SET active_concurrency = 3 WHERE quota_policy_id = ?", id);

        under.runDue();

        assertEquals(0, fx.queryLong("SELECT active_concurrency FROM ff_quota_policy WHERE quota_policy_id = ?", id));
    }

    // ------------------------------------------------------------------------------------------------ L2

    @Test
    void l2_runDueTwiceAtOneInstantChangesNothingTheSecondTime() {
        Claimed suspended = claimedSolo();
        suspendSingle(suspended.handle(), "wpk:t", wildcard());
        fx.exec("UPDATE ff_suspension_current SET timeout_at_ms = ? WHERE partition_key = ? AND execution_id = ?",
                clock.millis() + 500, suspended.id().partition(), suspended.id().uuid());
        ExecutionId expiring = created();
        backend.claim(LANE, CapabilitySet.EMPTY, new ClaimPolicy(WorkerId.of("w"), WorkerInstanceId.of("w-1"), 1_000,
                null)).orElseThrow();
        ExecutionId deadline = soloId();
        backend.createExecution(new CreateExecutionArgs(deadline, NAMESPACE, LANE, "k", new byte[0], null, 0, "c",
                null, Map.of(), null, null, clock.millis() + 500, deadline.partition(), clock.millis()));
        clock.advance(1_001);

        under.runDue();
        Map<String, List<String>> afterFirst = fx.snapshot();
        assertEquals(PublicState.WAITING, state(expiring), "the first pass acted");
        assertEquals(PublicState.EXPIRED, state(deadline));
        assertEquals("closed", suspensionColumn("state", suspended.id()));
        under.runDue();

        assertEquals(afterFirst, fx.snapshot(), "a repeated pass at the same instant changes nothing");
    }

    @Test
    void l2_aTimerArmedBeforeAStateChangeIsANoOp() {
        ExecutionId id = created();
        Handle h = claimed();
        long armedAt = stateVersion(id);
        backend.progress(h, 50, "half way");
        long now = stateVersion(id);
        assertTrue(now > armedAt, "progress is a state change");
        clock.advance(LEASE_TTL_MS + 1);

        Map<String, List<String>> before = fx.snapshot();
        backend.markLeaseExpiredIfDue(new TimerArgs(id.partitionKey(), id, armedAt, clock.millis()));
        assertEquals(before, fx.snapshot(), "armed for an older version: no-op although the lease is due");

        backend.markLeaseExpiredIfDue(new TimerArgs(id.partitionKey(), id, now, clock.millis()));
        assertEquals("lease_expired_reclaimable", fx.queryString("SELECT ownership_state FROM ff_exec_core "
                + "WHERE partition_key = ? AND execution_id = ?", id.partition(), id.uuid()));
    }

    // ------------------------------------------------------------------------------------------------ L3

    @Test
    void l3_retentionDeletesAnOldTerminalExecutionFromEveryTableAndKeepsTheRest() {
        under.retainTerminalExecutionsFor(1_000);
        Claimed old = finishedWithEverything();
        WaitpointId oldWaitpoint = WaitpointId.parse(waitpointOf(old.id()));
        List<String> before = tablesMentioning(old.id().uuid(), old.id().toString());
        for (String table : List.of("ff_exec_core", "ff_attempt", "ff_stream_frame", "ff_stream_meta",
                "ff_waitpoint_pending", "ff_suspension_current", "ff_signal", "ff_completion_event", "ff_lease_event",
                "ff_signal_event")) {
            assertTrue(before.contains(table), "given: " + table + " holds rows of the execution, got " + before);
        }
        assertFalse(tablesMentioning(oldWaitpoint.uuid(), oldWaitpoint.toString()).isEmpty());

        clock.advance(1_000);
        Claimed young = finishedWithEverything();
        ExecutionId waiting = created();
        under.runDue();

        assertEquals(List.of(), tablesMentioning(old.id().uuid(), old.id().toString()));
        assertEquals(List.of(), tablesMentioning(oldWaitpoint.uuid(), oldWaitpoint.toString()),
                "signal dedup rows go with the waitpoint");
        assertEquals(PublicState.COMPLETED, state(young.id()), "terminal for less than the retention");
        assertEquals(PublicState.WAITING, state(waiting), "non-terminal executions stay");

        clock.advance(DAY_MS);
        ExecutionId stillWaiting = waiting;
        under.runDue();
        assertEquals(List.of(), tablesMentioning(young.id().uuid(), young.id().toString()));
        assertEquals(PublicState.WAITING, state(stillWaiting));
    }

    @Test
    void l3_withoutRetentionTerminalExecutionsStay() {
        Claimed done = finishedWithEverything();
        clock.advance(30 * DAY_MS);
        under.runDue();
        assertEquals(PublicState.COMPLETED, state(done.id()));
    }

    @Test
    void l3_trimRetentionPurgesOneLaneOfOnePartitionInBatches() {
        Claimed first = finishedWithEverything();
        Claimed second = finishedWithEverything();
        clock.advance(2_000);

        int otherLane = backend.trimRetention(new TrimRetentionArgs(first.id().partitionKey(), LaneId.of("other"),
                1_000, 1, null, clock.millis()));
        assertEquals(0, otherLane);
        int trimmed = backend.trimRetention(new TrimRetentionArgs(first.id().partitionKey(), LANE, 1_000, 1, null,
                clock.millis()));

        assertEquals(2, trimmed, "batches of one until the lane is clean");
        assertEquals(0, count("ff_exec_core", first.id()));
        assertEquals(0, count("ff_exec_core", second.id()));
        assertEquals(0, backend.trimRetention(new TrimRetentionArgs(first.id().partitionKey(), LANE, 1_000, 10,
                null, clock.millis())), "a repeated trim deletes nothing");
    }

    @Test
    void l3_aFilteredTrimDeletesOnlyTheExecutionsOfItsNamespaceAndInstanceTag() {
        ExecutionId tenantA = finishedIn(NAMESPACE, Map.of("app.tenant", "a"));
        ExecutionId tenantB = finishedIn(NAMESPACE, Map.of("app.tenant", "b"));
        ExecutionId elsewhere = finishedIn(Namespace.of("other"), Map.of("app.tenant", "a"));
        clock.advance(2_000);

        int trimmed = backend.trimRetention(new TrimRetentionArgs(tenantA.partitionKey(), LANE, 1_000, 10,
                new ScannerFilter(NAMESPACE, new InstanceTag("app.tenant", "a")), clock.millis()));

        assertEquals(1, trimmed);
        assertEquals(0, count("ff_exec_core", tenantA));
        assertEquals(1, count("ff_exec_core", tenantB), "another instance tag stays");
        assertEquals(1, count("ff_exec_core", elsewhere), "another namespace stays");
        assertEquals(1, backend.trimRetention(new TrimRetentionArgs(tenantA.partitionKey(), LANE, 1_000, 10,
                new ScannerFilter(Namespace.of("other"), null), clock.millis())), "a namespace alone filters too");
        assertEquals(0, count("ff_exec_core", elsewhere));
        assertEquals(1, count("ff_exec_core", tenantB));
    }

    /** A completed execution of {@code namespace} carrying {@code tags}. */
    private ExecutionId finishedIn(Namespace namespace, Map<String, String> tags) {
        ExecutionId id = soloId();
        backend.createExecution(new CreateExecutionArgs(id, namespace, LANE, "test.kind", "input".getBytes(), "utf8",
                0, "conformance", null, tags, null, null, null, id.partition(), clock.millis()));
        backend.complete(claimed(), "done".getBytes());
        return id;
    }

    private String waitpointOf(ExecutionId id) {
        return fx.queryUuid("SELECT waitpoint_id FROM ff_waitpoint_pending WHERE partition_key = ? "
                + "AND execution_id = ?", id.partition(), id.uuid()).toString();
    }

    // ------------------------------------------------------------------------------------------------ L4

    @Test
    void l4_housekeepingDeletesExpiredDedupAndCommandLogRowsAndWeekOldEvents() {
        long now = clock.millis();
        for (long expires : new long[] {now, now + 1}) {
            String tag = expires == now ? "expired" : "live";
            fx.exec("INSERT INTO ff_exec_idempotency (partition_key, namespace, idempotency_key, execution_id, "
                    + "expires_at_ms) VALUES (0, 'default', ?, ?, ?)", tag, UUID.randomUUID(), expires);
            fx.exec("INSERT INTO ff_signal_dedup (partition_key, waitpoint_id, idempotency_key, signal_id, "
                    + "expires_at_ms) VALUES (0, ?, ?, ?, ?)", UUID.randomUUID(), tag, UUID.randomUUID(), expires);
            fx.exec("INSERT INTO ff_suspend_dedup (partition_key, execution_id, idempotency_key, outcome_json, "
                    + "expires_at_ms) VALUES (0, ?, ?, '{}', ?)", UUID.randomUUID(), tag, expires);
            fx.exec("INSERT INTO ff_budget_usage_dedup (partition_key, budget_id, dedup_key, expires_at_ms) "
                    + "VALUES (0, ?, ?, ?)", UUID.randomUUID().toString(), tag, expires);
            fx.exec("INSERT INTO ff_quota_admitted (partition_key, quota_policy_id, execution_id, admitted_at_ms, "
                    + "expires_at_ms) VALUES (0, ?, ?, 0, ?)", UUID.randomUUID().toString(), tag, expires);
            fx.exec("INSERT INTO ff_command_log (command_id, result_json, applied_at_ms, expires_at_ms) "
                    + "VALUES (?, '\"Ok\"', 0, ?)", UUID.randomUUID(), expires);
        }
        long week = 7 * DAY_MS;
        for (long age : new long[] {week + 1, week}) {
            fx.exec("INSERT INTO ff_lease_event (partition_key, execution_id, occurred_at_ms, event_type) "
                    + "VALUES (0, ?, ?, 'acquired')", UUID.randomUUID(), now - age);
            fx.exec("INSERT INTO ff_completion_event (partition_key, execution_id, occurred_at_ms, outcome, "
                    + "committed_at_ms) VALUES (0, ?, ?, 'success', ?)", UUID.randomUUID(), now - age, now - age);
        }

        under.runDue();

        for (String table : List.of("ff_exec_idempotency", "ff_signal_dedup", "ff_suspend_dedup",
                "ff_budget_usage_dedup", "ff_quota_admitted", "ff_command_log")) {
            assertEquals(0, fx.queryLong("SELECT COUNT(*) FROM " + table + " WHERE expires_at_ms <= ?", now),
                    table + ": expired rows deleted");
            assertEquals(1, fx.queryLong("SELECT COUNT(*) FROM " + table + " WHERE expires_at_ms > ?", now),
                    table + ": live rows kept");
        }
        for (String table : List.of("ff_lease_event", "ff_completion_event")) {
            assertEquals(1, fx.queryLong("SELECT COUNT(*) FROM " + table), table + ": only the week-old row goes");
            assertEquals(now - week, fx.queryLong("SELECT occurred_at_ms FROM " + table));
        }
    }
}
