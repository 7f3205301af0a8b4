package io.skein.engine.processing;

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
import io.skein.engine.EngineUnit;
import io.skein.engine.Units;
import io.skein.engine.state.Attempt;
import io.skein.engine.state.Edge;
import io.skein.engine.state.EdgeGroup;
import io.skein.engine.state.ExecCore;
import io.skein.engine.state.FlowState.PendingGroup;
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
public final class FlowResolution implements Lifecycle.TerminalListener, OperatorHandlers.ReplayBranch {

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

    private static final System.Logger LOG = System.getLogger("io.skein.engine.flows");

    private final Lifecycle lifecycle;
    private final AttemptHandlers attempts;
    private final Units units;
    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

    /** @param units where follow-up units run */
    public FlowResolution(Lifecycle lifecycle, AttemptHandlers attempts, Units units) {
        this.lifecycle = lifecycle;
        this.attempts = attempts;
        this.units = units;
    }

    // ------------------------------------------------------------------------------------------ terminal hook

    /** Called by {@link Lifecycle#finishTerminal} in the unit of every terminal transition. */
    @Override
    public void onTerminal(EngineUnit unit, ExecCore member) {
        if (member.flowId == null) {
            return;
        }
        int[] level = depth.get();
        if (level[0] >= MAX_DEPTH) {
            // Its completion event stays undispatched: the follow-up (or, after a crash, timer 12) resolves it.
            ExecutionId id = member.executionId;
            followUp(unit, next -> resolveUndispatched(next, id));
            return;
        }
        level[0]++;
        try {
            resolveOutgoing(unit, member);
        } finally {
            level[0]--;
        }
    }

    /** Runs {@code work} in a follow-up unit once {@code unit} has committed. */
    private void followUp(EngineUnit unit, Consumer<EngineUnit> work) {
        unit.afterCommit(() -> runFollowUp(work));
    }

    /**
     * Runs {@code work} in a unit of its own (spec 01 §1 follow-up unit). A failure there is logged: what it left
     * undone stays recorded, and the reconcilers (timers 11–12) finish it.
     */
    private void runFollowUp(Consumer<EngineUnit> work) {
        try {
            units.run(work);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "A flow follow-up unit failed; the reconcilers will repair it", e);
        }
    }

    private void resolveOutgoing(EngineUnit unit, ExecCore upstream) {
        markDispatched(unit, upstream.executionId);
        TerminalOutcome outcome = upstream.state.terminalOutcome();
        for (Edge edge : unit.flows().outgoingEdges(upstream.executionId.partition(), upstream.flowId,
                upstream.executionId)) {
            if (edge.applied() && "unsatisfied".equals(edge.dependencyState())) {
                resolveEdge(unit, edge, outcome, upstream.result, true);
            }
        }
    }

    private static void markDispatched(EngineUnit unit, ExecutionId id) {
        unit.flows().markCompletionDispatched(id, unit.now());
    }

    /**
     * Resolves one applied, unsatisfied edge whose upstream ended with {@code outcome}. {@code countedRunning}
     * says whether the group counted the upstream as running (false when the edge was applied after the upstream
     * had already ended).
     */
    void resolveEdge(EngineUnit unit, Edge edge, TerminalOutcome outcome, byte[] upstreamResult, boolean countedRunning) {
        boolean success = outcome == TerminalOutcome.SUCCESS;
        unit.flows().setDependencyState(edge, success ? "satisfied" : "impossible", unit.now());
        EdgeGroup g = unit.flows().group(edge.partition(), edge.flowId(), edge.downstream())
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

        ExecCore child = unit.executions().load(edge.downstream()).orElse(null);
        if (success && edge.dataPassingRef() != null && upstreamResult != null && child != null
                && !child.state.isTerminal()) {
            // Data passing happens before the child can become eligible (spec 04 §4.2).
            child.payload = upstreamResult;
            unit.executions().save(child);
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
        unit.flows().saveGroup(new EdgeGroup(g.partition(), g.flowId(), g.downstream(), g.policy(), g.total(),
                succeeded, failed, skipped, running, unsatisfied, state, fired ? Long.valueOf(unit.now()) : g.firedAtMs(),
                g.cancelSiblingsPending()));
        if (!fired) {
            return;
        }
        if (child != null) {
            if (state == EdgeGroupState.SATISFIED) {
                promote(unit, child);
            } else {
                skip(unit, child);
            }
        }
        if (cancelsRemaining(g.policy())) {
            cancelSiblings(unit, g.partition(), g.flowId(), g.downstream(),
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
    static void promote(EngineUnit unit, ExecCore child) {
        StateVector s = child.state;
        if (s.lifecyclePhase() != LifecyclePhase.RUNNABLE
                || s.eligibilityState() != EligibilityState.BLOCKED_BY_DEPENDENCIES) {
            return;
        }
        AttemptState attempt = s.attemptState() == AttemptState.NONE ? AttemptState.PENDING_FIRST_ATTEMPT
                : s.attemptState();
        boolean delayed = child.delayUntilMs != null && child.delayUntilMs > unit.now();
        BlockingReason delayReason = attempt == AttemptState.PENDING_RETRY_ATTEMPT
                ? BlockingReason.WAITING_FOR_RETRY_BACKOFF : BlockingReason.WAITING_FOR_DELAY;
        child.transition(new StateVector(LifecyclePhase.RUNNABLE, OwnershipState.UNOWNED,
                delayed ? EligibilityState.NOT_ELIGIBLE_UNTIL_TIME : EligibilityState.ELIGIBLE_NOW,
                delayed ? delayReason : BlockingReason.WAITING_FOR_WORKER, TerminalOutcome.NONE, attempt), unit.now());
        unit.executions().save(child);
    }

    /**
     * "Dependency impossible" (spec 01 §8): a non-terminal child ends {@code skipped}; an active child's attempt
     * ends cancelled with its lease released and stream closed, a suspended child's suspension closes. Its own
     * edges resolve through {@link #onTerminal}, so the skip propagates.
     */
    void skip(EngineUnit unit, ExecCore child) {
        if (child.state.isTerminal()) {
            return;
        }
        Attempt current = unit.executions().currentAttempt(child);
        if (child.state.lifecyclePhase() == LifecyclePhase.ACTIVE && current != null) {
            current.failureReason = "dependency_impossible";
            Lifecycle.endAttempt(unit, current, AttemptLifecycle.ENDED_CANCELLED);
            Lifecycle.releaseLease(unit, child, current, "dependency_impossible");
            unit.executions().save(current);
            Lifecycle.closeStream(unit, child, current, "dependency_impossible");
        } else {
            if (child.state.lifecyclePhase() == LifecyclePhase.SUSPENDED) {
                AttemptHandlers.closeSuspension(unit, child, "dependency_impossible");
            }
            Lifecycle.endParkedAttempt(unit, child, current, AttemptLifecycle.ENDED_CANCELLED, "dependency_impossible",
                    "dependency_impossible");
        }
        lifecycle.finishTerminal(unit, child, TerminalOutcome.SKIPPED, child.totalAttemptCount > 0);
    }

    // ------------------------------------------------------------------------------------------ sibling cancels

    /**
     * Cancels the non-terminal upstreams of a fired group, {@value #CANCEL_BATCH} in this unit; the rest are
     * recorded in {@code ff_pending_cancel_groups} and cancelled by follow-up units (or timer 11).
     */
    private void cancelSiblings(EngineUnit unit, int partition, UUID flowId, ExecutionId downstream, String reason) {
        List<ExecutionId> running = unit.flows().runningUpstreams(partition, flowId, downstream);
        int cancelled = cancelSome(unit, running, reason);
        if (cancelled < running.size()) {
            List<ExecutionId> rest = running.subList(cancelled, running.size());
            unit.flows().enqueueSiblingCancels(partition, flowId, downstream, rest, unit.now());
            unit.afterCommit(() -> drainPendingGroup(partition, flowId, downstream));
        }
    }

    private void drainPendingGroup(int partition, UUID flowId, ExecutionId downstream) {
        boolean[] more = {false};
        runFollowUp(unit -> more[0] = dispatchPendingGroup(unit, partition, flowId, downstream));
        if (more[0]) {
            drainPendingGroup(partition, flowId, downstream);
        }
    }

    /** Cancels up to {@value #CANCEL_BATCH} of {@code ids} (re-read one by one: earlier cancels may end later ones). */
    private int cancelSome(EngineUnit unit, List<ExecutionId> ids, String reason) {
        int handled = 0;
        for (ExecutionId id : ids) {
            if (handled == CANCEL_BATCH) {
                break;
            }
            handled++;
            ExecCore sibling = unit.executions().load(id).orElse(null);
            if (sibling != null && !sibling.state.isTerminal()) {
                attempts.cancelNow(unit, sibling, unit.executions().currentAttempt(sibling), reason, CANCELLED_BY_ENGINE);
            }
        }
        return handled;
    }

    /**
     * One dispatcher item (timer 11 and the follow-up of a large group): a flagged group of a fired quorum cancels
     * its still-running siblings, {@value #CANCEL_BATCH} per unit, then clears the flag and the entry; an entry
     * without a flag (or whose group is gone or never fired) is dropped. Returns whether siblings remain.
     */
    public boolean dispatchPendingGroup(EngineUnit unit, int partition, UUID flowId, ExecutionId downstream) {
        Optional<EdgeGroup> group = unit.flows().group(partition, flowId, downstream);
        if (group.isEmpty() || !group.get().cancelSiblingsPending() || group.get().state() == EdgeGroupState.PENDING) {
            clearPendingGroup(unit, partition, flowId, downstream);
            return false;
        }
        String reason = group.get().state() == EdgeGroupState.SATISFIED ? SIBLING_SATISFIED : SIBLING_IMPOSSIBLE;
        List<ExecutionId> running = unit.flows().runningUpstreams(partition, flowId, downstream);
        int handled = cancelSome(unit, running, reason);
        if (handled < running.size()) {
            unit.flows().setSiblingCancels(partition, flowId, downstream, running.subList(handled, running.size()));
            return true;
        }
        clearPendingGroup(unit, partition, flowId, downstream);
        return false;
    }

    private static void clearPendingGroup(EngineUnit unit, int partition, UUID flowId, ExecutionId downstream) {
        unit.flows().clearSiblingCancels(partition, flowId, downstream);
    }

    /** The oldest {@value #DISPATCH_BATCH} pending sibling-cancel groups. */
    public List<PendingGroup> pendingGroups(EngineUnit unit) {
        return unit.flows().pendingGroups(DISPATCH_BATCH);
    }

    // ------------------------------------------------------------------------------------------ repair (timer 12)

    /** Flow members whose completion event was never dispatched and is older than {@value #REPAIR_AGE_MS} ms. */
    public List<ExecutionId> undispatched(EngineUnit unit) {
        return unit.flows().undispatchedMembers(unit.now() - REPAIR_AGE_MS);
    }

    /**
     * Resolves a terminal member whose resolution was handed on (depth limit, crash): its unsatisfied outgoing
     * edges resolve now; a member no longer terminal (replayed) only gets its events marked.
     */
    public void resolveUndispatched(EngineUnit unit, ExecutionId id) {
        ExecCore member = unit.executions().load(id).orElse(null);
        if (member == null || member.flowId == null || !member.state.isTerminal()) {
            markDispatched(unit, id);
            return;
        }
        onTerminal(unit, member);
    }

    // ------------------------------------------------------------------------------------------ replay (F9)

    /** The replay branch of a skipped member: {@link #replaySkippedMember}'s vector, or null for anything else. */
    @Override
    public StateVector replayVector(EngineUnit unit, ExecCore e) {
        return replaySkippedMember(unit, e) ? e.state : null;
    }

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
    public boolean replaySkippedMember(EngineUnit unit, ExecCore e) {
        if (e.flowId == null || e.state.terminalOutcome() != TerminalOutcome.SKIPPED) {
            return false;
        }
        int partition = e.executionId.partition();
        int succeeded = 0;
        int unsatisfied = 0;
        int running = 0;
        int total = 0;
        for (Edge edge : unit.flows().incomingEdges(partition, e.flowId, e.executionId)) {
            if (!edge.applied()) {
                continue;
            }
            total++;
            String state = edge.dependencyState();
            if ("impossible".equals(state) || "unsatisfied".equals(state)) {
                ExecCore upstream = unit.executions().load(edge.upstream()).orElse(null);
                boolean upstreamSucceeded = upstream != null
                        && upstream.state.terminalOutcome() == TerminalOutcome.SUCCESS;
                state = upstreamSucceeded ? "satisfied" : "unsatisfied";
                unit.flows().setDependencyState(edge, state, upstreamSucceeded ? Long.valueOf(unit.now()) : null);
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
        EdgeGroup old = unit.flows().group(partition, e.flowId, e.executionId).orElse(null);
        EdgeDependencyPolicy policy = old == null ? new EdgeDependencyPolicy.AllOf() : old.policy();
        boolean satisfied = total > 0 && succeeded >= policy.requiredSuccesses(total);
        if (old == null) {
            unit.flows().insertGroup(partition, e.flowId, e.executionId, policy);
        }
        unit.flows().saveGroup(new EdgeGroup(partition, e.flowId, e.executionId, policy, total, succeeded, 0, 0,
                running, unsatisfied, satisfied ? EdgeGroupState.SATISFIED : EdgeGroupState.PENDING,
                satisfied ? Long.valueOf(unit.now()) : null, false));
        AttemptState attempt = e.totalAttemptCount > 0 ? AttemptState.PENDING_REPLAY_ATTEMPT
                : AttemptState.PENDING_FIRST_ATTEMPT;
        e.transition(new StateVector(LifecyclePhase.RUNNABLE, OwnershipState.UNOWNED,
                satisfied ? EligibilityState.ELIGIBLE_NOW : EligibilityState.BLOCKED_BY_DEPENDENCIES,
                satisfied ? BlockingReason.WAITING_FOR_WORKER : BlockingReason.WAITING_FOR_CHILDREN,
                TerminalOutcome.NONE, attempt), unit.now());
        return true;
    }
}
