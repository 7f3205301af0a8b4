package io.skein.core.api;

import io.skein.core.api.scheduler.BlockExecutionForAdmissionArgs;
import io.skein.core.api.scheduler.BlockExecutionForAdmissionResult;
import io.skein.core.api.scheduler.BlockRouteArgs;
import io.skein.core.api.scheduler.BlockRouteResult;
import io.skein.core.api.scheduler.ClaimExecutionArgs;
import io.skein.core.api.scheduler.ClaimExecutionResult;
import io.skein.core.api.scheduler.ClaimForWorkerArgs;
import io.skein.core.api.scheduler.ClaimForWorkerResult;
import io.skein.core.api.scheduler.ClaimGrantOutcome;
import io.skein.core.api.scheduler.ClaimResumedExecutionArgs;
import io.skein.core.api.scheduler.ClaimResumedExecutionResult;
import io.skein.core.api.scheduler.CloseWaitpointArgs;
import io.skein.core.api.scheduler.ExpireClaimGrantArgs;
import io.skein.core.api.scheduler.ExpireExecutionArgs;
import io.skein.core.api.scheduler.IssueClaimGrantArgs;
import io.skein.core.api.scheduler.IssueClaimGrantResult;
import io.skein.core.api.scheduler.IssueGrantAndClaimArgs;
import io.skein.core.api.scheduler.PartitionSweepArgs;
import io.skein.core.api.scheduler.ReleaseGrantArgs;
import io.skein.core.api.scheduler.ReleaseGrantResult;
import io.skein.core.api.scheduler.ResetDueBudgetArgs;
import io.skein.core.api.scheduler.TimerArgs;
import io.skein.core.api.scheduler.TrimRetentionArgs;
import io.skein.core.api.scheduler.UnblockExecutionArgs;
import io.skein.core.error.EngineError;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.PartitionKey;
import java.util.List;

/**
 * Grants, scheduler claims, admission blocks and the internal timer hooks (spec 02 §6, §8, §9; 05 §4). Timer hooks
 * run one unit each and are no-ops when their predicate or armed version no longer holds (D3). Every default throws
 * {@code Unavailable{op}} with the FlowFabric snake_case name (02 §12).
 */
public interface SchedulerOperations {

    // ---- Grants and claims

    /** Runs claim admission and issues a grant, or {@code NoWork} (spec 02 §9 claim_for_worker, 04 §5.4). */
    default ClaimForWorkerResult claimForWorker(ClaimForWorkerArgs args) {
        throw EngineError.unavailable("claim_for_worker");
    }

    /** Stores a {@code claim} grant for one eligible execution (spec 02 §9 issue_claim_grant). */
    default IssueClaimGrantResult issueClaimGrant(IssueClaimGrantArgs args) {
        throw EngineError.unavailable("issue_claim_grant");
    }

    /** Fresh claim consuming a {@code claim} grant (spec 02 §9 claim_execution, 01 §8). */
    default ClaimExecutionResult claimExecution(ClaimExecutionArgs args) {
        throw EngineError.unavailable("claim_execution");
    }

    /** Resumed claim consuming a {@code resume} grant (spec 02 §6 claim_resumed_execution, 01 §8). */
    default ClaimResumedExecutionResult claimResumedExecution(ClaimResumedExecutionArgs args) {
        throw EngineError.unavailable("claim_resumed_execution");
    }

    /** Hands back a lane grant the worker cannot use (spec 02 §9 release_grant, 05 §7). */
    default ReleaseGrantResult releaseGrant(ReleaseGrantArgs args) {
        throw EngineError.unavailable("release_grant");
    }

    /** Operator grant and claim in one unit, without admission (spec 02 §9 issue_grant_and_claim). */
    default ClaimGrantOutcome issueGrantAndClaim(IssueGrantAndClaimArgs args) {
        throw EngineError.unavailable("issue_grant_and_claim");
    }

    /** Blocks an execution {@code waiting_for_capable_worker} (spec 02 §9 block_route). */
    default BlockRouteResult blockRoute(BlockRouteArgs args) {
        throw EngineError.unavailable("block_route");
    }

    /** Blocks a runnable execution for an admission reason (spec 02 §8 block_execution_for_admission). */
    default BlockExecutionForAdmissionResult blockExecutionForAdmission(BlockExecutionForAdmissionArgs args) {
        throw EngineError.unavailable("block_execution_for_admission");
    }

    /** The top {@code limit} of the lane's eligible order in one partition (spec 02 §9 scan_eligible_executions, T2). */
    default List<ExecutionId> scanEligibleExecutions(LaneId laneId, PartitionKey partition, int limit) {
        throw EngineError.unavailable("scan_eligible_executions");
    }

    // ---- Timer hooks (02 §9, 05 §4)

    /** Marks a due lease {@code lease_expired_reclaimable} (spec 02 §9 mark_lease_expired_if_due, 01 §11 step 2). */
    default void markLeaseExpiredIfDue(TimerArgs args) {
        throw EngineError.unavailable("mark_lease_expired_if_due");
    }

    /** Re-queues an expired or revoked execution, or expires it at the cap (spec 02 §9 requeue_reclaimable). */
    default void requeueReclaimable(TimerArgs args) {
        throw EngineError.unavailable("requeue_reclaimable");
    }

    /** Makes a due {@code delayed} execution {@code waiting} (spec 02 §9 promote_delayed). */
    default void promoteDelayed(TimerArgs args) {
        throw EngineError.unavailable("promote_delayed");
    }

    /** Applies an attempt timeout or execution deadline (spec 02 §9 expire_execution). */
    default void expireExecution(ExpireExecutionArgs args) {
        throw EngineError.unavailable("expire_execution");
    }

    /** Applies a due suspension timeout per its behaviour (spec 02 §9 expire_suspension, 04 §2.5). */
    default void expireSuspension(TimerArgs args) {
        throw EngineError.unavailable("expire_suspension");
    }

    /** Closes a due pending waitpoint {@code never_committed} (spec 02 §9 close_waitpoint). */
    default void closeWaitpoint(CloseWaitpointArgs args) {
        throw EngineError.unavailable("close_waitpoint");
    }

    /** Deletes a due claim grant (spec 02 §9 expire_claim_grant). */
    default void expireClaimGrant(ExpireClaimGrantArgs args) {
        throw EngineError.unavailable("expire_claim_grant");
    }

    /** Returns an admission-blocked execution to {@code waiting} when the block is gone (spec 02 §9 unblock_execution). */
    default void unblockExecution(UnblockExecutionArgs args) {
        throw EngineError.unavailable("unblock_execution");
    }

    /** Resets a due recurring budget (spec 02 §9 reset_due_budget, 04 §5.5). */
    default void resetDueBudget(ResetDueBudgetArgs args) {
        throw EngineError.unavailable("reset_due_budget");
    }

    /** Purges old terminal executions of a lane; returns how many (spec 02 §9 trim_retention). */
    default int trimRetention(TrimRetentionArgs args) {
        throw EngineError.unavailable("trim_retention");
    }

    /** Repairs budget breach markers of a partition; returns how many changed (spec 02 §9 reconcile_budget_counters). */
    default int reconcileBudgetCounters(PartitionSweepArgs args) {
        throw EngineError.unavailable("reconcile_budget_counters");
    }

    /** Trims quota windows and recomputes concurrency; returns how many changed (spec 02 §9 reconcile_quota_counters). */
    default int reconcileQuotaCounters(PartitionSweepArgs args) {
        throw EngineError.unavailable("reconcile_quota_counters");
    }

    /** Finishes flow resolution a crash left undone; returns how many repaired (spec 02 §9 repair_dependencies, D2). */
    default int repairDependencies(PartitionSweepArgs args) {
        throw EngineError.unavailable("repair_dependencies");
    }

    /** Logs index drift of a partition; returns how many found (spec 02 §9 reconcile_execution_index, T2). */
    default int reconcileExecutionIndex(PartitionSweepArgs args) {
        throw EngineError.unavailable("reconcile_execution_index");
    }
}
