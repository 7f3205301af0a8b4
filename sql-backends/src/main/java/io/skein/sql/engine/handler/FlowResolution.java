package io.skein.sql.engine.handler;

import io.skein.engine.processing.ClaimExecutionHandler;

import io.skein.engine.processing.AttemptHandlers;

import io.skein.core.api.EdgeDependencyPolicy;
import io.skein.core.api.EdgeGroupState;
import io.skein.core.api.OnSatisfied;
import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.ExecutionId;
import io.skein.core.state.AttemptLifecycle;
import io.skein.core.state.AttemptState;
import io.skein.core.state.BlockingReason;
import io.skein.core.state.EligibilityState;
import io.skein.core.state.LifecyclePhase;
import io.skein.core.state.OwnershipState;
import io.skein.core.state.StateVector;
import io.skein.core.state.TerminalOutcome;
import io.skein.engine.state.Attempt;
import io.skein.sql.engine.AttemptStore;
import io.skein.engine.state.ExecCore;
import io.skein.sql.engine.ExecCoreStore;
import io.skein.engine.processing.Lifecycle;
import io.skein.sql.engine.Tx;
import io.skein.sql.engine.handler.FlowRows.EdgeRow;
import io.skein.sql.engine.handler.FlowRows.GroupRow;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Dependency resolution (spec 04 §4.2, D2): every terminal transition of a flow member resolves its applied
 * outgoing edges in the same unit of work. Success satisfies an edge, any other outcome makes it impossible; a
 * group that fires promotes its child (satisfied) or skips it (impossible), and with {@code cancel_remaining}
 * cancels the still-running upstream siblings. Skips propagate down the graph up to {@value #MAX_DEPTH} levels per
 * unit; deeper levels and sibling cancels beyond {@value #CANCEL_BATCH} continue in follow-up units (spec 01 §1),
 * and the repair reconciler and edge-cancel dispatcher (spec 05 §4, timers 11–12) finish them after a crash.
 */
public final class FlowResolution implements Lifecycle.TerminalListener {

    /** Nested terminal resolutions one unit performs before handing on to a follow-up unit. */
    public static final int MAX_DEPTH = 50;
    /** Sibling cancels one unit performs for a fired group. */
    public static final int CANCEL_BATCH = 256;
    /** Age after which an undispatched completion event is repaired (timer 12). */
    public static final long REPAIR_AGE_MS = 15_000;
    /** Pending sibling-cancel groups one dispatcher pass handles (timer 11). */
    public static final int DISPATCH_BATCH = 50;

    static final String SIBLING_SATISFIED = "sibling_quorum_satisfied";
    static final String SIBLING_IMPOSSIBLE = "sibling_quorum_impossible";
    static final String CANCELLED_BY_ENGINE = "engine";

    /** Runs one more unit of work after the current one commits (spec 01 §1 follow-up unit). */
    @FunctionalInterface
    public interface FollowUps {
        void run(Consumer<Tx> unit);
    }

    private final Lifecycle lifecycle;
    private final AttemptHandlers attempts;
    private final FollowUps followUps;
    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

    public FlowResolution(Lifecycle lifecycle, AttemptHandlers attempts, FollowUps followUps) {
        this.lifecycle = lifecycle;
        this.attempts = attempts;
        this.followUps = followUps;
    }

    // ------------------------------------------------------------------------------------------ terminal hook

    /** Called by {@link Lifecycle#finishTerminal} in the unit of every terminal transition. */
    /** The engine's terminal transitions run in a SQL unit of work here (flow decisions are not in the engine yet). */
    @Override
    public void onTerminal(io.skein.engine.EngineUnit unit, ExecCore member) {
        onTerminal((Tx) unit, member);
    }

    public void onTerminal(Tx tx, ExecCore member) {
        if (member.flowId == null) {
            return;
        }
        int[] level = depth.get();
        if (level[0] >= MAX_DEPTH) {
            // Its completion event stays undispatched: the follow-up (or, after a crash, timer 12) resolves it.
            ExecutionId id = member.executionId;
            tx.afterCommit(() -> followUps.run(next -> resolveUndispatched(next, id)));
            return;
        }
        level[0]++;
        try {
            resolveOutgoing(tx, member);
        } finally {
            level[0]--;
        }
    }

    private void resolveOutgoing(Tx tx, ExecCore upstream) {
        markDispatched(tx, upstream.executionId);
        TerminalOutcome outcome = upstream.state.terminalOutcome();
        for (EdgeRow edge : FlowRows.outgoing(tx, upstream.executionId.partition(), upstream.flowId,
                upstream.executionId)) {
            if (edge.applied() && "unsatisfied".equals(edge.dependencyState())) {
                resolveEdge(tx, edge, outcome, upstream.result, true);
            }
        }
    }

    private static void markDispatched(Tx tx, ExecutionId id) {
        tx.update("UPDATE ff_completion_event SET dispatched_at_ms = ? WHERE partition_key = ? AND execution_id = ? "
                + "AND dispatched_at_ms IS NULL", tx.now(), id.partition(), id.uuid());
    }

    /**
     * Resolves one applied, unsatisfied edge whose upstream ended with {@code outcome}. {@code countedRunning}
     * says whether the group counted the upstream as running (false when the edge was applied after the upstream
     * had already ended).
     */
    void resolveEdge(Tx tx, EdgeRow edge, TerminalOutcome outcome, byte[] upstreamResult, boolean countedRunning) {
        boolean success = outcome == TerminalOutcome.SUCCESS;
        FlowRows.setDependencyState(tx, edge, success ? "satisfied" : "impossible", tx.now());
        GroupRow g = FlowRows.loadGroup(tx, edge.partition(), edge.flowId(), edge.downstream())
                .orElseThrow(() -> EngineError.validation(ValidationKind.CORRUPTION,
                        "ff_edge_group: no group for the applied edge " + edge.edgeId()));
        int succeeded = g.success() + (success ? 1 : 0);
        int skipped = g.skip() + (outcome == TerminalOutcome.SKIPPED ? 1 : 0);
        int failed = g.fail() + (!success && outcome != TerminalOutcome.SKIPPED ? 1 : 0);
        if (succeeded + failed + skipped > g.total()) {
            throw EngineError.validation(ValidationKind.CORRUPTION, "ff_edge_group: " + (succeeded + failed + skipped)
                    + " resolved edges exceed total_count " + g.total() + " for downstream " + g.downstream());
        }
        int running = countedRunning ? Math.max(0, g.running() - 1) : g.running();
        int unsatisfied = Math.max(0, g.unsatisfied() - 1);

        ExecCore child = ExecCoreStore.load(tx, edge.downstream()).orElse(null);
        if (success && edge.dataPassingRef() != null && upstreamResult != null && child != null
                && !child.state.isTerminal()) {
            // Data passing happens before the child can become eligible (spec 04 §4.2).
            child.payload = upstreamResult;
            ExecCoreStore.save(tx, child);
        }

        EdgeGroupState state = g.state();
        if (state == EdgeGroupState.PENDING) {
            int k = g.policy().requiredSuccesses(g.total());
            if (succeeded >= k) {
                state = EdgeGroupState.SATISFIED;
            } else if (failed + skipped > g.total() - k) {
                state = EdgeGroupState.IMPOSSIBLE;
            }
        }
        boolean fired = state != g.state();
        FlowRows.saveGroup(tx, new GroupRow(g.partition(), g.flowId(), g.downstream(), g.policy(), g.total(),
                succeeded, failed, skipped, running, unsatisfied, state, fired ? Long.valueOf(tx.now()) : g.firedAtMs(),
                g.cancelSiblingsPending()));
        if (!fired) {
            return;
        }
        if (child != null) {
            if (state == EdgeGroupState.SATISFIED) {
                promote(tx, child);
            } else {
                skip(tx, child);
            }
        }
        if (cancelsRemaining(g.policy())) {
            cancelSiblings(tx, g.partition(), g.flowId(), g.downstream(),
                    state == EdgeGroupState.SATISFIED ? SIBLING_SATISFIED : SIBLING_IMPOSSIBLE);
        }
    }

    private static boolean cancelsRemaining(EdgeDependencyPolicy policy) {
        if (policy instanceof EdgeDependencyPolicy.AnyOf any) {
            return any.onSatisfied() == OnSatisfied.CANCEL_REMAINING;
        }
        if (policy instanceof EdgeDependencyPolicy.Quorum quorum) {
            return quorum.onSatisfied() == OnSatisfied.CANCEL_REMAINING;
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------ child effects

    /** "Dependencies satisfied" (spec 01 §8): a child blocked by its dependencies becomes eligible. */
    static void promote(Tx tx, ExecCore child) {
        StateVector s = child.state;
        if (s.lifecyclePhase() != LifecyclePhase.RUNNABLE
                || s.eligibilityState() != EligibilityState.BLOCKED_BY_DEPENDENCIES) {
            return;
        }
        AttemptState attempt = s.attemptState() == AttemptState.NONE ? AttemptState.PENDING_FIRST_ATTEMPT
                : s.attemptState();
        boolean delayed = child.delayUntilMs != null && child.delayUntilMs > tx.now();
        BlockingReason delayReason = attempt == AttemptState.PENDING_RETRY_ATTEMPT
                ? BlockingReason.WAITING_FOR_RETRY_BACKOFF : BlockingReason.WAITING_FOR_DELAY;
        child.transition(new StateVector(LifecyclePhase.RUNNABLE, OwnershipState.UNOWNED,
                delayed ? EligibilityState.NOT_ELIGIBLE_UNTIL_TIME : EligibilityState.ELIGIBLE_NOW,
                delayed ? delayReason : BlockingReason.WAITING_FOR_WORKER, TerminalOutcome.NONE, attempt), tx.now());
        ExecCoreStore.save(tx, child);
    }

    /**
     * "Dependency impossible" (spec 01 §8): a non-terminal child ends {@code skipped}; an active child's attempt
     * ends cancelled with its lease released and stream closed, a suspended child's suspension closes. Its own
     * edges resolve through {@link #onTerminal}, so the skip propagates.
     */
    void skip(Tx tx, ExecCore child) {
        if (child.state.isTerminal()) {
            return;
        }
        Attempt current = tx.executions().currentAttempt(child);
        if (child.state.lifecyclePhase() == LifecyclePhase.ACTIVE && current != null) {
            current.failureReason = "dependency_impossible";
            Lifecycle.endAttempt(tx, current, AttemptLifecycle.ENDED_CANCELLED);
            Lifecycle.releaseLease(tx, child, current, "dependency_impossible");
            AttemptStore.save(tx, current);
            Lifecycle.closeStream(tx, child, current, "dependency_impossible");
        } else if (child.state.lifecyclePhase() == LifecyclePhase.SUSPENDED) {
            AttemptHandlers.closeSuspension(tx, child, "dependency_impossible");
        }
        lifecycle.finishTerminal(tx, child, TerminalOutcome.SKIPPED, child.totalAttemptCount > 0);
    }

    // ------------------------------------------------------------------------------------------ sibling cancels

    /**
     * Cancels the non-terminal upstreams of a fired group, {@value #CANCEL_BATCH} in this unit; the rest are
     * recorded in {@code ff_pending_cancel_groups} and cancelled by follow-up units (or timer 11).
     */
    private void cancelSiblings(Tx tx, int partition, UUID flowId, ExecutionId downstream, String reason) {
        List<ExecutionId> running = runningSiblings(tx, partition, flowId, downstream);
        int cancelled = cancelSome(tx, running, reason);
        if (cancelled < running.size()) {
            List<ExecutionId> rest = running.subList(cancelled, running.size());
            tx.update("UPDATE ff_edge_group SET cancel_siblings_pending_flag = TRUE, cancel_siblings_pending_members = ? "
                            + "WHERE partition_key = ? AND flow_id = ? AND downstream_eid = ?",
                    idList(rest), partition, flowId, downstream.uuid());
            tx.update("INSERT INTO ff_pending_cancel_groups (partition_key, flow_id, downstream_eid, enqueued_at_ms) "
                            + "VALUES (?, ?, ?, ?) ON CONFLICT (partition_key, flow_id, downstream_eid) DO NOTHING",
                    partition, flowId, downstream.uuid(), tx.now());
            tx.afterCommit(() -> drainPendingGroup(partition, flowId, downstream));
        }
    }

    private void drainPendingGroup(int partition, UUID flowId, ExecutionId downstream) {
        boolean[] more = {false};
        followUps.run(tx -> more[0] = dispatchPendingGroup(tx, partition, flowId, downstream));
        if (more[0]) {
            drainPendingGroup(partition, flowId, downstream);
        }
    }

    private static List<ExecutionId> runningSiblings(Tx tx, int partition, UUID flowId, ExecutionId downstream) {
        return tx.query("SELECT e.execution_id FROM ff_edge d JOIN ff_exec_core e ON e.partition_key = d.partition_key "
                        + "AND e.execution_id = d.upstream_eid WHERE d.partition_key = ? AND d.flow_id = ? "
                        + "AND d.downstream_eid = ? AND d.edge_state = 'applied' AND e.lifecycle_phase <> 'terminal' "
                        + "ORDER BY e.execution_id",
                rs -> ExecutionId.of(partition, tx.uuid(rs, "execution_id")), partition, flowId, downstream.uuid());
    }

    /** Cancels up to {@value #CANCEL_BATCH} of {@code ids} (re-read one by one: earlier cancels may end later ones). */
    private int cancelSome(Tx tx, List<ExecutionId> ids, String reason) {
        int handled = 0;
        for (ExecutionId id : ids) {
            if (handled == CANCEL_BATCH) {
                break;
            }
            handled++;
            ExecCore sibling = ExecCoreStore.load(tx, id).orElse(null);
            if (sibling != null && !sibling.state.isTerminal()) {
                attempts.cancelNow(tx, sibling, tx.executions().currentAttempt(sibling), reason, CANCELLED_BY_ENGINE);
            }
        }
        return handled;
    }

    /**
     * One dispatcher item (timer 11 and the follow-up of a large group): a flagged group of a fired quorum cancels
     * its still-running siblings, {@value #CANCEL_BATCH} per unit, then clears the flag and the entry; an entry
     * without a flag (or whose group is gone or never fired) is dropped. Returns whether siblings remain.
     */
    public boolean dispatchPendingGroup(Tx tx, int partition, UUID flowId, ExecutionId downstream) {
        Optional<GroupRow> group = FlowRows.loadGroup(tx, partition, flowId, downstream);
        if (group.isEmpty() || !group.get().cancelSiblingsPending() || group.get().state() == EdgeGroupState.PENDING) {
            clearPendingGroup(tx, partition, flowId, downstream);
            return false;
        }
        String reason = group.get().state() == EdgeGroupState.SATISFIED ? SIBLING_SATISFIED : SIBLING_IMPOSSIBLE;
        List<ExecutionId> running = runningSiblings(tx, partition, flowId, downstream);
        int handled = cancelSome(tx, running, reason);
        if (handled < running.size()) {
            tx.update("UPDATE ff_edge_group SET cancel_siblings_pending_members = ? WHERE partition_key = ? "
                            + "AND flow_id = ? AND downstream_eid = ?",
                    idList(running.subList(handled, running.size())), partition, flowId, downstream.uuid());
            return true;
        }
        clearPendingGroup(tx, partition, flowId, downstream);
        return false;
    }

    private static void clearPendingGroup(Tx tx, int partition, UUID flowId, ExecutionId downstream) {
        tx.update("UPDATE ff_edge_group SET cancel_siblings_pending_flag = FALSE, cancel_siblings_pending_members = NULL "
                + "WHERE partition_key = ? AND flow_id = ? AND downstream_eid = ?", partition, flowId, downstream.uuid());
        tx.update("DELETE FROM ff_pending_cancel_groups WHERE partition_key = ? AND flow_id = ? AND downstream_eid = ?",
                partition, flowId, downstream.uuid());
    }

    /** A pending sibling-cancel group (timer 11 candidate). */
    public record PendingGroup(int partition, UUID flowId, ExecutionId downstream) {}

    /** The oldest {@value #DISPATCH_BATCH} pending sibling-cancel groups. */
    public List<PendingGroup> pendingGroups(Tx tx) {
        return tx.query("SELECT partition_key, flow_id, downstream_eid FROM ff_pending_cancel_groups "
                        + "ORDER BY enqueued_at_ms, partition_key LIMIT " + DISPATCH_BATCH,
                rs -> new PendingGroup(rs.getInt("partition_key"), tx.uuid(rs, "flow_id"),
                        ExecutionId.of(rs.getInt("partition_key"), tx.uuid(rs, "downstream_eid"))));
    }

    private static String idList(List<ExecutionId> ids) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < ids.size(); i++) {
            json.append(i == 0 ? "\"" : ",\"").append(ids.get(i)).append('"');
        }
        return json.append(']').toString();
    }

    // ------------------------------------------------------------------------------------------ repair (timer 12)

    /** Flow members whose completion event was never dispatched and is older than {@value #REPAIR_AGE_MS} ms. */
    public List<ExecutionId> undispatched(Tx tx) {
        return tx.query("SELECT DISTINCT partition_key, execution_id FROM ff_completion_event "
                        + "WHERE dispatched_at_ms IS NULL AND flow_id IS NOT NULL AND committed_at_ms <= ?",
                rs -> ExecutionId.of(rs.getInt("partition_key"), tx.uuid(rs, "execution_id")),
                tx.now() - REPAIR_AGE_MS);
    }

    /**
     * Resolves a terminal member whose resolution was handed on (depth limit, crash): its unsatisfied outgoing
     * edges resolve now; a member no longer terminal (replayed) only gets its events marked.
     */
    public void resolveUndispatched(Tx tx, ExecutionId id) {
        ExecCore member = ExecCoreStore.load(tx, id).orElse(null);
        if (member == null || member.flowId == null || !member.state.isTerminal()) {
            markDispatched(tx, id);
            return;
        }
        onTerminal(tx, member);
    }

    // ------------------------------------------------------------------------------------------ replay (F9)

    /**
     * The flow part of {@code replayExecution} for a skipped member (spec 04 §4.3, 01 §8): its {@code impossible}
     * dependencies go back to {@code unsatisfied} (satisfied ones stay; one whose upstream has since succeeded is
     * satisfied at once), the group counters are recomputed from the edges, and the member's vector becomes
     * {@code runnable / unowned / blocked_by_dependencies / waiting_for_children / none / pending_replay_attempt}
     * ({@code eligible_now / waiting_for_worker} when the group is already satisfied again).
     *
     * <p>Call it in the replay unit after the replay checks passed, before saving {@code e}. It returns false and
     * does nothing unless {@code e} is a skipped flow member; when it returns true it has set {@code e.state} (the
     * caller keeps that vector and does the rest: counters, cleared fields, events, save). It writes only
     * {@code ff_edge} and {@code ff_edge_group}.
     */
    public boolean replaySkippedMember(Tx tx, ExecCore e) {
        if (e.flowId == null || e.state.terminalOutcome() != TerminalOutcome.SKIPPED) {
            return false;
        }
        int partition = e.executionId.partition();
        int succeeded = 0;
        int unsatisfied = 0;
        int running = 0;
        int total = 0;
        for (EdgeRow edge : FlowRows.incoming(tx, partition, e.flowId, e.executionId)) {
            if (!edge.applied()) {
                continue;
            }
            total++;
            String state = edge.dependencyState();
            if ("impossible".equals(state) || "unsatisfied".equals(state)) {
                ExecCore upstream = ExecCoreStore.load(tx, edge.upstream()).orElse(null);
                boolean upstreamSucceeded = upstream != null
                        && upstream.state.terminalOutcome() == TerminalOutcome.SUCCESS;
                state = upstreamSucceeded ? "satisfied" : "unsatisfied";
                FlowRows.setDependencyState(tx, edge, state, upstreamSucceeded ? Long.valueOf(tx.now()) : null);
                if (!upstreamSucceeded && upstream != null && !upstream.state.isTerminal()) {
                    running++;
                }
            }
            if ("satisfied".equals(state)) {
                succeeded++;
            } else {
                unsatisfied++;
            }
        }
        GroupRow old = FlowRows.loadGroup(tx, partition, e.flowId, e.executionId).orElse(null);
        EdgeDependencyPolicy policy = old == null ? new EdgeDependencyPolicy.AllOf() : old.policy();
        boolean satisfied = total > 0 && succeeded >= policy.requiredSuccesses(total);
        if (old == null) {
            FlowRows.insertGroup(tx, partition, e.flowId, e.executionId, policy);
        }
        FlowRows.saveGroup(tx, new GroupRow(partition, e.flowId, e.executionId, policy, total, succeeded, 0, 0,
                running, unsatisfied, satisfied ? EdgeGroupState.SATISFIED : EdgeGroupState.PENDING,
                satisfied ? Long.valueOf(tx.now()) : null, false));
        AttemptState attempt = e.totalAttemptCount > 0 ? AttemptState.PENDING_REPLAY_ATTEMPT
                : AttemptState.PENDING_FIRST_ATTEMPT;
        e.transition(new StateVector(LifecyclePhase.RUNNABLE, OwnershipState.UNOWNED,
                satisfied ? EligibilityState.ELIGIBLE_NOW : EligibilityState.BLOCKED_BY_DEPENDENCIES,
                satisfied ? BlockingReason.WAITING_FOR_WORKER : BlockingReason.WAITING_FOR_CHILDREN,
                TerminalOutcome.NONE, attempt), tx.now());
        return true;
    }
}
