package io.skein.engine.processing;

import io.skein.core.api.scheduler.BlockExecutionForAdmissionArgs;
import io.skein.core.api.scheduler.BlockExecutionForAdmissionResult;
import io.skein.core.api.scheduler.BlockRouteArgs;
import io.skein.core.api.scheduler.BlockRouteResult;
import io.skein.core.api.scheduler.UnblockExecutionArgs;
import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.PartitionKey;
import io.skein.core.state.BlockingReason;
import io.skein.core.state.EligibilityState;
import io.skein.core.state.LifecyclePhase;
import io.skein.engine.EngineUnit;
import io.skein.engine.state.ExecCore;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Admission blocks and their release (spec 01 §8 "admission block" and "unblock", 02 §8–§9, 04 §5.4): a runnable,
 * eligible execution is parked with an admission blocking reason, and the unblock hook returns it to
 * {@code waiting} once the reason it was parked for no longer holds. Whether a block still holds is asked of the
 * {@link UnblockCondition} registered for its reason; budgets and quotas register theirs.
 */
public final class AdmissionBlockHandlers {

    /** Whether the block an execution was parked with is gone, checked inside the unblock unit. */
    @FunctionalInterface
    public interface UnblockCondition {
        boolean blockGone(EngineUnit unit, ExecCore execution);

        /** The caller (an operator, or a scanner that already checked) decides: lift it. */
        UnblockCondition ALWAYS = (unit, e) -> true;
    }

    /** Admission blocking reason → the eligibility state it parks the execution in (spec 01 §5, §8). */
    static final Map<BlockingReason, EligibilityState> ELIGIBILITY_OF = Map.of(
            BlockingReason.WAITING_FOR_BUDGET, EligibilityState.BLOCKED_BY_BUDGET,
            BlockingReason.WAITING_FOR_QUOTA, EligibilityState.BLOCKED_BY_QUOTA,
            BlockingReason.WAITING_FOR_CAPABLE_WORKER, EligibilityState.BLOCKED_BY_ROUTE,
            BlockingReason.PAUSED_BY_OPERATOR, EligibilityState.BLOCKED_BY_OPERATOR,
            BlockingReason.PAUSED_BY_POLICY, EligibilityState.BLOCKED_BY_LANE_STATE);

    /** One execution the periodic unblock pass looks at, with the reason it is parked for. */
    public record Blocked(ExecutionId executionId, BlockingReason reason) {}

    private final Map<BlockingReason, UnblockCondition> conditions = new EnumMap<>(BlockingReason.class);

    public AdmissionBlockHandlers() {
        for (BlockingReason r : ELIGIBILITY_OF.keySet()) {
            conditions.put(r, UnblockCondition.ALWAYS);
        }
        conditions.put(BlockingReason.WAITING_FOR_CAPABLE_WORKER, AdmissionBlockHandlers::capableWorkerAvailable);
    }

    /** Replaces the condition that decides when blocks with {@code reason} are gone (budgets, quotas). */
    public synchronized void setUnblockCondition(BlockingReason reason, UnblockCondition condition) {
        if (!ELIGIBILITY_OF.containsKey(reason)) {
            throw new IllegalArgumentException(reason.wire() + " is not an admission blocking reason");
        }
        conditions.put(reason, condition);
    }

    // ------------------------------------------------------------------------------------------------ blocks

    /** {@code blockExecutionForAdmission}: parks a runnable, eligible execution with an admission reason. */
    public BlockExecutionForAdmissionResult blockForAdmission(EngineUnit unit, BlockExecutionForAdmissionArgs args) {
        ExecCore e = unit.executions().require(args.executionId());
        block(unit, e, args.laneId(), args.reason(), args.reasonDetail());
        return new BlockExecutionForAdmissionResult.Blocked(e.executionId, args.reason());
    }

    /** {@code blockRoute}: the {@code waiting_for_capable_worker} block. */
    public BlockRouteResult blockRoute(EngineUnit unit, BlockRouteArgs args) {
        ExecCore e = unit.executions().require(args.executionId());
        String detail = args.reasonDetail().isEmpty() ? args.reasonCode() : args.reasonDetail();
        block(unit, e, args.laneId(), BlockingReason.WAITING_FOR_CAPABLE_WORKER, detail.isEmpty() ? null : detail);
        return new BlockRouteResult.Blocked(e.executionId);
    }

    /** Checks that need no storage: the reason is an admission reason and the partition is the execution's. */
    public static void validate(PartitionKey partition, ExecutionId id, BlockingReason reason) {
        if (!ELIGIBILITY_OF.containsKey(reason)) {
            throw EngineError.validation(ValidationKind.INVALID_BLOCKING_REASON,
                    "reason: " + reason.wire() + " is not an admission blocking reason");
        }
        if (!partition.equals(id.partitionKey())) {
            throw EngineError.invalidInput("partition_mismatch: " + partition + " is not the partition of " + id);
        }
    }

    private static void block(EngineUnit unit, ExecCore e, LaneId lane, BlockingReason reason, String detail) {
        if (!e.laneId.equals(lane.value())) {
            throw EngineError.invalidInput("lane_mismatch: the execution is on lane " + e.laneId + ", not "
                    + lane.value());
        }
        if (e.state.lifecyclePhase() == LifecyclePhase.TERMINAL) {
            throw LeaseFenceCheck.notActive(e, unit.executions().currentAttempt(e));
        }
        if (e.state.lifecyclePhase() != LifecyclePhase.RUNNABLE
                || e.state.eligibilityState() != EligibilityState.ELIGIBLE_NOW) {
            throw new EngineException(new EngineError.Contention(ContentionKind.EXECUTION_NOT_ELIGIBLE,
                    "an admission block expects runnable and eligible_now, found " + e.state.lifecyclePhase().wire()
                            + " / " + e.state.eligibilityState().wire(), null));
        }
        e.blockingDetail = detail;
        e.transition(e.state.withEligibility(ELIGIBILITY_OF.get(reason), reason), unit.now());
        unit.executions().save(e);
    }

    // ------------------------------------------------------------------------------------------------ unblock

    /**
     * The {@code unblockExecution} timer hook: a no-op unless the execution is still runnable, parked with an
     * admission eligibility and exactly {@code expectedReason}, and the reason's condition says the block is gone.
     * A flow-cancel hold ({@code paused_by_flow_cancel}) is never lifted here.
     */
    public void unblock(EngineUnit unit, UnblockExecutionArgs args) {
        unblock(unit, args.executionId(), args.expectedReason());
    }

    public void unblock(EngineUnit unit, ExecutionId id, BlockingReason expectedReason) {
        EligibilityState parkedIn = ELIGIBILITY_OF.get(expectedReason);
        if (parkedIn == null) {
            return;
        }
        ExecCore e = unit.executions().load(id).orElse(null);
        if (e == null || e.state.lifecyclePhase() != LifecyclePhase.RUNNABLE
                || e.state.eligibilityState() != parkedIn || e.state.blockingReason() != expectedReason) {
            return;
        }
        UnblockCondition condition;
        synchronized (this) {
            condition = conditions.get(expectedReason);
        }
        if (!condition.blockGone(unit, e)) {
            return;
        }
        e.blockingDetail = null;
        e.transition(e.state.withEligibility(EligibilityState.ELIGIBLE_NOW, BlockingReason.WAITING_FOR_WORKER),
                unit.now());
        unit.executions().save(e);
    }

    /**
     * A route block is gone when a live registered worker of the execution's namespace covers its required
     * capabilities, or when no live worker is registered there at all (spec 04 §5.4).
     */
    static boolean capableWorkerAvailable(EngineUnit unit, ExecCore e) {
        List<Set<String>> live = unit.workers().liveCapabilities(e.namespace, unit.now());
        if (live.isEmpty()) {
            return true;
        }
        Set<String> required = SchedulerHandlers.required(e).tokens();
        return live.stream().anyMatch(offered -> offered.containsAll(required));
    }
}
