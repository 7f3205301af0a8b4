package io.skein.engine;

import static io.skein.engine.Givens.fresh;
import static io.skein.engine.Givens.idOf;
import static io.skein.engine.Givens.single;
import static io.skein.engine.Givens.wildcard;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.Frame;
import io.skein.core.api.FrameKind;
import io.skein.core.api.Handle;
import io.skein.core.api.InstanceTag;
import io.skein.core.api.PendingWaitpoint;
import io.skein.core.api.ScannerFilter;
import io.skein.core.api.SignalEffect;
import io.skein.core.api.StreamMode;
import io.skein.core.api.SuspendOutcome;
import io.skein.core.command.EngineCommand;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.engine.state.RetentionState.Housekeeping;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Retention's decisions (timer 14 of spec 05 §4, {@code trimRetention} of 02 §9): a terminal execution older than
 * the retention goes with every row of it in one unit; housekeeping deletes expired entries and week-old history.
 */
class RetentionDecisionsTest {

    private static final long KEEP_MS = 1_000;
    private static final long DAY_MS = 86_400_000L;

    private final EngineRule engine = new EngineRule();
    private final Givens given = new Givens(engine);

    @Test
    void anOldTerminalExecutionIsDeletedWithEveryRowOfIt() {
        Lived old = finishedWithEverything("order-1");
        engine.advance(KEEP_MS);

        assertTrue(delete(old.id()));

        ExecutionId id = old.id();
        assertFalse(engine.state.executions().exists(id));
        assertTrue(engine.state.executions().attempt(id, 0).isEmpty());
        assertTrue(engine.state.suspensions().load(id).isEmpty());
        assertTrue(engine.state.suspensions().waitpoint(0, old.pending().waitpointId()).isEmpty());
        assertTrue(engine.state.suspensions().signalsOf(id, old.pending().waitpointId().uuid()).isEmpty());
        assertTrue(engine.state.suspensions().liveSignalDedup(0, old.pending().waitpointId().uuid(), "sig-1")
                .isEmpty(), "the signal dedup entry goes with its waitpoint");
        assertTrue(engine.state.suspensions().storedSuspendOutcome(id, "suspend-1", engine.now).isEmpty());
        assertTrue(engine.state.executions().idempotentOriginal(0, "default", "order-1", engine.now).isEmpty());
        assertTrue(engine.state.streams().meta(id, 0).isEmpty());
        assertTrue(engine.state.streams().summary(id, 0).isEmpty());
        assertEquals(List.of(), engine.state.frames(id, 0));
        assertTrue(engine.state.streams().bestEffortFrames().isEmpty());
        assertEquals(List.of(), engine.history(id), "its completion, lease and signal events go too");
    }

    @Test
    void youngTerminalAndNonTerminalExecutionsStay() {
        Lived old = finishedWithEverything(null);
        engine.advance(KEEP_MS);
        Lived young = finishedWithEverything(null);
        ExecutionId waiting = given.created();
        engine.advance(KEEP_MS - 1);

        List<ExecutionId> due = given.read(unit -> engine.engine.retention().expiredTerminals(unit, KEEP_MS, null,
                null, 100));
        boolean youngDeleted = delete(young.id());
        boolean waitingDeleted = delete(waiting);

        assertEquals(List.of(old.id()), due);
        assertFalse(youngDeleted, "terminal for less than the retention");
        assertFalse(waitingDeleted);
        assertTrue(engine.state.executions().exists(young.id()));
        assertTrue(engine.state.executions().exists(waiting));
        assertTrue(engine.history(young.id()).size() > 1);
    }

    @Test
    void expiredTerminalsComeOldestFirstNarrowedToAPartitionAndLaneAndARepeatedDeleteDoesNothing() {
        Lived first = finishedWithEverything(null);
        engine.advance(1);
        Lived second = finishedWithEverything(null);
        engine.advance(KEEP_MS);

        assertEquals(List.of(first.id(), second.id()), expired(0, Givens.LANE, 10));
        assertEquals(List.of(first.id()), expired(0, Givens.LANE, 1));
        assertEquals(List.of(), expired(1, null, 10), "another partition");
        assertEquals(List.of(), expired(null, LaneId.of("other"), 10), "another lane");
        assertTrue(delete(first.id()));
        assertFalse(delete(first.id()), "already gone");
        assertEquals(List.of(second.id()), expired(0, Givens.LANE, 10));
    }

    @Test
    void aFilterMatchesTheNamespaceAndTheInstanceTag() {
        ExecutionId tenantA = given.created(Namespace.of("default"), Map.of("app.tenant", "a"), null, null);
        ExecutionId elsewhere = given.created(Namespace.of("other"), Map.of("app.tenant", "a"), null, null);
        ScannerFilter defaultA = new ScannerFilter(Namespace.of("default"), new InstanceTag("app.tenant", "a"));
        ScannerFilter defaultB = new ScannerFilter(Namespace.of("default"), new InstanceTag("app.tenant", "b"));
        ScannerFilter other = new ScannerFilter(Namespace.of("other"), null);

        assertTrue(matches(tenantA, defaultA));
        assertFalse(matches(tenantA, defaultB), "another instance tag");
        assertFalse(matches(elsewhere, defaultA), "another namespace");
        assertTrue(matches(elsewhere, other), "a namespace alone filters too");
        assertFalse(matches(ExecutionId.of(0, java.util.UUID.randomUUID()), other), "a missing execution");
    }

    @Test
    void housekeepingDeletesExpiredDedupEntriesAndKeepsLiveOnes() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        PendingWaitpoint w = given.pending(handle, "wpk:h", Duration.ofDays(2));
        given.signal(id, w.waitpointId(), w.hmacToken(), "x").idempotencyKey("short", 1_000L)
                .accepted(SignalEffect.BUFFERED_FOR_PENDING_WAITPOINT);
        given.signal(id, w.waitpointId(), w.hmacToken(), "x").idempotencyKey("long", DAY_MS)
                .accepted(SignalEffect.BUFFERED_FOR_PENDING_WAITPOINT);
        given.created(Namespace.of("default"), Map.of(), "order-9", "{\"dedup_window_ms\":1000}");
        given.created(Namespace.of("default"), Map.of(), "order-10", null);
        engine.advance(1_000);

        assertEquals(1, housekeeping(Housekeeping.SIGNAL_DEDUP));
        assertEquals(1, housekeeping(Housekeeping.EXECUTION_IDEMPOTENCY));
        assertEquals(0, housekeeping(Housekeeping.SIGNAL_DEDUP), "a repeated pass deletes nothing more");
        assertTrue(engine.state.suspensions().liveSignalDedup(0, w.waitpointId().uuid(), "long").isPresent());
        assertTrue(engine.state.executions().idempotentOriginal(0, "default", "order-10", engine.now).isPresent());
    }

    @Test
    void housekeepingDeletesSuspendOutcomesOnceTheyExpire() {
        Handle handle = given.claimed();
        ExecutionId id = idOf(handle);
        engine.when(new EngineCommand.Suspend(handle, given.suspendArgs(List.of(fresh("wpk:k")),
                single("wpk:k", wildcard()), engine.now + 1_000, null, "k")));
        engine.advance(1_000 + 60_000 - 1);
        assertEquals(0, housekeeping(Housekeeping.SUSPEND_DEDUP), "kept until timeout + 60 s");

        engine.advance(1);

        assertEquals(1, housekeeping(Housekeeping.SUSPEND_DEDUP));
        assertTrue(engine.state.suspensions().storedSuspendOutcome(id, "k", engine.now).isEmpty());
    }

    @Test
    void historyEventsOlderThanAWeekAreDeleted() {
        Handle oldClaim = given.claimed();
        engine.advance(1);
        Handle youngClaim = given.claimed();
        engine.advance(7 * DAY_MS);

        assertEquals(1, housekeeping(Housekeeping.LEASE_EVENTS), "only the lease event older than a week");
        assertEquals(List.of(), engine.history(idOf(oldClaim)));
        assertEquals(1, engine.history(idOf(youngClaim)).size());
        assertEquals(0, housekeeping(Housekeeping.COMPLETION_EVENTS));
    }

    // ------------------------------------------------------------------------------------------ givens

    /** A completed execution and the pending waitpoint it made along the way. */
    private record Lived(ExecutionId id, PendingWaitpoint pending) {}

    /**
     * A completed execution that left a row in every table retention clears: an idempotency entry, attempt,
     * waitpoints, signals with a dedup entry, a stored suspend outcome, a closed suspension, frames of each mode,
     * a summary, stream meta and history events.
     */
    private Lived finishedWithEverything(String idempotencyKey) {
        ExecutionId id = given.created(Namespace.of("default"), Map.of(), idempotencyKey, null);
        Handle handle = given.claim(id);
        PendingWaitpoint pending = given.pending(handle, "wpk:p", Duration.ofMinutes(1));
        given.signal(id, pending.waitpointId(), pending.hmacToken(), "early").idempotencyKey("sig-1", DAY_MS)
                .accepted(SignalEffect.BUFFERED_FOR_PENDING_WAITPOINT);
        engine.when(new EngineCommand.AppendFrame(handle, new Frame("out".getBytes(), FrameKind.STDOUT, null, null,
                null)));
        engine.when(new EngineCommand.AppendFrame(handle, new Frame("{\"a\":1}".getBytes(), FrameKind.EVENT, null,
                null, new StreamMode.DurableSummary())));
        engine.when(new EngineCommand.AppendFrame(handle, new Frame("be".getBytes(), FrameKind.EVENT, null, null,
                StreamMode.BestEffort.withTtl(DAY_MS))));
        SuspendOutcome.Suspended s = (SuspendOutcome.Suspended) engine.when(new EngineCommand.Suspend(handle,
                given.suspendArgs(List.of(fresh("wpk:s")), single("wpk:s", wildcard()), null, null, "suspend-1")));
        given.signal(id, s.details().waitpointId(), s.details().waitpointToken(), "go")
                .accepted(SignalEffect.RESUME_CONDITION_SATISFIED);
        engine.when(new EngineCommand.Complete(given.resumedClaim(id), "done".getBytes()));
        return new Lived(id, pending);
    }

    private List<ExecutionId> expired(Integer partition, LaneId lane, int limit) {
        return given.read(unit -> engine.engine.retention().expiredTerminals(unit, KEEP_MS, partition, lane, limit));
    }

    /** One retention item: deletes the execution if it is still terminal for at least the retention. */
    private boolean delete(ExecutionId id) {
        return given.write(unit -> engine.engine.retention().deleteExecution(unit, id, KEEP_MS));
    }

    private boolean matches(ExecutionId id, ScannerFilter filter) {
        return given.read(unit -> engine.engine.retention().matches(unit, id, filter));
    }

    private int housekeeping(Housekeeping set) {
        return given.write(unit -> engine.engine.retention().deleteExpired(unit, set));
    }
}
