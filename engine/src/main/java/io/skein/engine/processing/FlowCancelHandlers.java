package io.skein.engine.processing;

import io.skein.core.api.CancelFlowArgs;
import io.skein.core.api.CancelFlowHeaderResult;
import io.skein.core.api.CancelFlowPolicy;
import io.skein.core.api.CancelFlowResult;
import io.skein.core.api.CancelFlowWait;
import io.skein.core.api.CancelSource;
import io.skein.core.api.FlowCancellation;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.state.BlockingReason;
import io.skein.core.state.EligibilityState;
import io.skein.core.state.LifecyclePhase;
import io.skein.engine.EngineUnit;
import io.skein.engine.Units;
import io.skein.engine.state.ExecCore;
import io.skein.engine.state.Flow;
import io.skein.engine.state.FlowState.OverdueFlow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Flow cancellation (spec 04 §4.4): the header unit, the follow-up units that cancel owed members 256 at a time
 * and acknowledge them, the acknowledgement itself, and the cancel reconciler (spec 05 §4 timer 10).
 */
public final class FlowCancelHandlers {

    /** Members one unit cancels. */
    public static final int CANCEL_BATCH = 256;
    /** How long owed members wait before the reconciler re-drives them. */
    public static final long GRACE_MS = 30_000;
    /** Member ids an idempotent answer lists at most. */
    public static final int MEMBER_LIST_CAP = 1000;

    private static final System.Logger LOG = System.getLogger("io.skein.engine.flows");

    private final AttemptHandlers attempts;
    private final Units units;

    /** @param units where the header and the follow-up units of a cancel run */
    public FlowCancelHandlers(AttemptHandlers attempts, Units units) {
        this.attempts = attempts;
        this.units = units;
    }

    // ------------------------------------------------------------------------------------------ cancelFlow

    /**
     * {@code cancelFlow} (spec 04 §4.4): the header unit, then the owed members in follow-up units: in the
     * background when {@code wait} does not wait ({@code CancellationScheduled}), else until they are done or the
     * wait runs out ({@code Timeout{op:"cancel_flow"}}); members that still fail make it {@code PartiallyCancelled}.
     */
    public CancelFlowResult cancelFlow(int partition, FlowId flowId, CancelFlowPolicy policy, CancelFlowWait wait,
                                       String reason, long now) {
        if (policy == null) {
            throw EngineError.invalidInput("cancellation_policy: required");
        }
        CancelFlowArgs args = new CancelFlowArgs(flowId, reason, policy, now);
        Header header = units.write(unit -> header(unit, partition, args));
        if (header.result() instanceof CancelFlowHeaderResult.AlreadyTerminal done) {
            CancelFlowPolicy stored = done.storedCancellationPolicy() == null ? policy : done.storedCancellationPolicy();
            return new CancelFlowResult.Cancelled(stored, done.memberExecutionIds());
        }
        List<ExecutionId> members = ((CancelFlowHeaderResult.Cancelled) header.result()).memberExecutionIds();
        if (header.owed() == 0) {
            return new CancelFlowResult.Cancelled(policy, members);
        }
        Optional<Duration> waitFor = FlowCancellation.cancelFlowWaitDeadline(wait == null ? new CancelFlowWait.NoWait() : wait);
        if (waitFor.isEmpty()) {
            Thread drain = new Thread(() -> {
                try {
                    drainOwed(partition, flowId, Long.MAX_VALUE);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "Background flow-cancel follow-ups failed; the cancel "
                            + "reconciler re-drives the owed members", e);
                }
            }, "skein-flow-cancel-" + flowId);
            drain.setDaemon(true);
            drain.start();
            return new CancelFlowResult.CancellationScheduled(policy, members.size(), members);
        }
        long deadline = System.nanoTime() + waitFor.get().toNanos();
        List<ExecutionId> failed = drainOwed(partition, flowId, deadline);
        return failed.isEmpty() ? new CancelFlowResult.Cancelled(policy, members)
                : new CancelFlowResult.PartiallyCancelled(policy, members, failed);
    }

    /**
     * Follow-up units of a flow cancel (and timer 10's item): the owed members, {@value #CANCEL_BATCH} per unit; a
     * batch that fails is retried member by member and the members that still fail are returned (they stay owed).
     * Passing {@code deadlineNanos} (System.nanoTime) throws {@code Timeout{op:"cancel_flow"}}.
     */
    public List<ExecutionId> drainOwed(int partition, FlowId flowId, long deadlineNanos) {
        long started = System.nanoTime();
        List<ExecutionId> owed = units.read(unit -> owedMembers(unit, partition, flowId));
        List<ExecutionId> failed = new ArrayList<>();
        for (int from = 0; from < owed.size(); from += CANCEL_BATCH) {
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new EngineException(new EngineError.Timeout(FlowCancellation.OP,
                        (System.nanoTime() - started) / 1_000_000));
            }
            List<ExecutionId> batch = owed.subList(from, Math.min(owed.size(), from + CANCEL_BATCH));
            try {
                units.run(unit -> cancelOwed(unit, partition, flowId, batch));
            } catch (EngineException batchFailed) {
                for (ExecutionId id : batch) {
                    try {
                        units.run(unit -> cancelOwed(unit, partition, flowId, List.of(id)));
                    } catch (EngineException memberFailed) {
                        LOG.log(System.Logger.Level.WARNING, "Cancelling flow member " + id + " failed", memberFailed);
                        failed.add(id);
                    }
                }
            }
        }
        return failed;
    }

    // ------------------------------------------------------------------------------------------ the units

    /** The header's answer and how many selected members it left owed. */
    public record Header(CancelFlowHeaderResult result, int owed) {}

    /**
     * The header unit: flips the flow to {@code cancelled}, cancels up to {@value #CANCEL_BATCH} selected members
     * (active ones first), records the rest as owed and blocks the owed runnable ones
     * ({@code blocked_by_operator / paused_by_flow_cancel}) so they cannot be claimed. An already cancelled flow
     * answers {@code AlreadyTerminal} and changes nothing.
     */
    public Header header(EngineUnit unit, int partition, CancelFlowArgs args) {
        Flow flow = unit.flows().requireFlow(partition, args.flowId().uuid());
        if (flow.cancelled()) {
            CancelFlowPolicy stored = flow.cancellationPolicy() == null ? null
                    : CancelFlowPolicy.parse(flow.cancellationPolicy());
            return new Header(new CancelFlowHeaderResult.AlreadyTerminal(stored, flow.cancelReason(),
                    unit.flows().members(partition, flow.flowId(), MEMBER_LIST_CAP)), 0);
        }
        CancelFlowPolicy policy = args.cancellationPolicy();
        unit.flows().markCancelled(flow, args.reason(), policy.wire(), unit.now());
        List<ExecutionId> selected = selected(unit, partition, flow.flowId(), policy);
        List<ExecutionId> now = selected.subList(0, Math.min(CANCEL_BATCH, selected.size()));
        List<ExecutionId> owed = selected.subList(now.size(), selected.size());
        for (ExecutionId id : now) {
            cancelMember(unit, id, args.reason());
        }
        if (!owed.isEmpty()) {
            unit.flows().insertCancelBacklog(partition, flow.flowId(), args.reason(), unit.now() + GRACE_MS,
                    policy.wire(), unit.now());
            for (ExecutionId id : owed) {
                unit.flows().addOwedCancelMember(partition, flow.flowId(), id);
                ExecCore e = unit.executions().require(id);
                if (e.state.lifecyclePhase() == LifecyclePhase.RUNNABLE) {
                    e.transition(e.state.withEligibility(EligibilityState.BLOCKED_BY_OPERATOR,
                            BlockingReason.PAUSED_BY_FLOW_CANCEL), unit.now());
                    unit.executions().save(e);
                }
            }
        }
        unit.events().operator(partition, flow.flowId(), flow.namespace(), "flow_cancel_requested",
                "{\"cancellation_policy\":\"" + policy.wire() + "\",\"member_count\":" + selected.size()
                        + ",\"owed_count\":" + owed.size() + "}");
        return new Header(new CancelFlowHeaderResult.Cancelled(policy, selected), owed.size());
    }

    /** Non-terminal members the policy cancels, active ones first, then by id. */
    private static List<ExecutionId> selected(EngineUnit unit, int partition, UUID flowId, CancelFlowPolicy policy) {
        if (policy == CancelFlowPolicy.FLOW_ONLY) {
            return List.of();
        }
        return unit.flows().nonTerminalMembers(partition, flowId, policy != CancelFlowPolicy.CANCEL_PENDING);
    }

    /** Cancels one member with source {@code flow_cascade}; a member that ended meanwhile is left alone. */
    private void cancelMember(EngineUnit unit, ExecutionId id, String reason) {
        ExecCore e = unit.executions().load(id).orElse(null);
        if (e != null && !e.state.isTerminal()) {
            attempts.cancelNow(unit, e, unit.executions().currentAttempt(e), reason,
                    CancelSource.FLOW_CASCADE.value());
        }
    }

    /** Owed members of a flow, in id order. */
    public List<ExecutionId> owedMembers(EngineUnit unit, int partition, FlowId flowId) {
        return unit.flows().owedCancelMembers(partition, flowId.uuid());
    }

    /**
     * One follow-up unit: cancels the given owed members (at most {@value #CANCEL_BATCH}) and acknowledges each; a
     * member no longer owed (acknowledged by someone else) is skipped.
     */
    public void cancelOwed(EngineUnit unit, int partition, FlowId flowId, List<ExecutionId> members) {
        String reason = unit.flows().owedCancelReason(partition, flowId.uuid()).orElse(null);
        if (reason == null) {
            return;
        }
        for (ExecutionId id : members.subList(0, Math.min(CANCEL_BATCH, members.size()))) {
            if (unit.flows().isOwedCancelMember(partition, flowId.uuid(), id)) {
                cancelMember(unit, id, reason);
                ack(unit, partition, flowId, id);
            }
        }
    }

    /** Removes one owed member; the backlog row goes with the last one. Idempotent. */
    public void ack(EngineUnit unit, int partition, FlowId flowId, ExecutionId executionId) {
        unit.flows().removeOwedCancelMember(partition, flowId.uuid(), executionId);
        if (unit.flows().owedCancelCount(partition, flowId.uuid()) == 0) {
            unit.flows().deleteCancelBacklog(partition, flowId.uuid());
        }
    }

    /** Flows whose owed members are past their grace (timer 10 candidates). */
    public List<OverdueFlow> overdue(EngineUnit unit) {
        return unit.flows().overdueCancels(unit.now());
    }
}
