package io.skein.core.api;

import io.skein.core.api.execution.CancelExecutionArgs;
import io.skein.core.api.execution.CancelExecutionResult;
import io.skein.core.api.execution.ChangePriorityArgs;
import io.skein.core.api.execution.ChangePriorityResult;
import io.skein.core.api.execution.CompleteExecutionArgs;
import io.skein.core.api.execution.CompleteExecutionResult;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.api.execution.CreateExecutionResult;
import io.skein.core.api.execution.ExecutionDetail;
import io.skein.core.api.execution.ExecutionQuery;
import io.skein.core.api.execution.ExecutionSummaryPage;
import io.skein.core.api.execution.FailExecutionArgs;
import io.skein.core.api.execution.FailExecutionResult;
import io.skein.core.api.execution.IssueReclaimGrantArgs;
import io.skein.core.api.execution.IssueReclaimGrantResult;
import io.skein.core.api.execution.ListLanesPage;
import io.skein.core.api.execution.ListSuspendedPage;
import io.skein.core.api.execution.ReclaimExecutionArgs;
import io.skein.core.api.execution.ReclaimExecutionResult;
import io.skein.core.api.execution.RenewLeaseArgs;
import io.skein.core.api.execution.RenewLeaseResult;
import io.skein.core.api.execution.ReplayExecutionArgs;
import io.skein.core.api.execution.ReplayExecutionResult;
import io.skein.core.api.execution.ResumeExecutionArgs;
import io.skein.core.api.execution.ResumeExecutionResult;
import io.skein.core.api.execution.RevokeLeaseArgs;
import io.skein.core.api.execution.RevokeLeaseResult;
import io.skein.core.error.EngineError;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionKey;
import io.skein.core.state.PublicState;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ingress, the service-layer operations with an explicit fence triple, and execution reads (spec 02 §3, §4, §5).
 * Every default throws {@code Unavailable{op}} with the FlowFabric snake_case name (02 §12).
 */
public interface ExecutionOperations {

    // ---- Ingress (02 §4)

    /** Creates an execution, {@code waiting} or {@code delayed} (spec 02 §4 create_execution, D1). */
    default CreateExecutionResult createExecution(CreateExecutionArgs args) {
        throw EngineError.unavailable("create_execution");
    }

    // ---- Service layer (02 §3)

    /** Completes the current attempt, fenced by triple or operator override (spec 02 §3 complete_execution). */
    default CompleteExecutionResult completeExecution(CompleteExecutionArgs args) {
        throw EngineError.unavailable("complete_execution");
    }

    /** Fails the current attempt and applies the retry decision (spec 02 §3 fail_execution, 01 §10). */
    default FailExecutionResult failExecution(FailExecutionArgs args) {
        throw EngineError.unavailable("fail_execution");
    }

    /** Extends a lease named by its fence triple (spec 02 §3 renew_lease). */
    default RenewLeaseResult renewLease(RenewLeaseArgs args) {
        throw EngineError.unavailable("renew_lease");
    }

    /** Operator resume of a suspended execution, without evaluating the condition (spec 02 §3 resume_execution). */
    default ResumeExecutionResult resumeExecution(ResumeExecutionArgs args) {
        throw EngineError.unavailable("resume_execution");
    }

    /** Cancels an execution in any non-terminal phase (spec 02 §3 cancel_execution, 01 §8). */
    default CancelExecutionResult cancelExecution(CancelExecutionArgs args) {
        throw EngineError.unavailable("cancel_execution");
    }

    /** Revokes the current lease; the execution becomes reclaimable (spec 02 §3 revoke_lease, 01 §11). */
    default RevokeLeaseResult revokeLease(RevokeLeaseArgs args) {
        throw EngineError.unavailable("revoke_lease");
    }

    /** Stores a clamped priority for a waiting execution (spec 02 §3 change_priority). */
    default ChangePriorityResult changePriority(ChangePriorityArgs args) {
        throw EngineError.unavailable("change_priority");
    }

    /** Makes a terminal execution runnable again (spec 02 §3 replay_execution, 01 §8). */
    default ReplayExecutionResult replayExecution(ReplayExecutionArgs args) {
        throw EngineError.unavailable("replay_execution");
    }

    /** Stores a {@code reclaim} grant for a reclaimable execution (spec 02 §3 issue_reclaim_grant, 01 §11). */
    default IssueReclaimGrantResult issueReclaimGrant(IssueReclaimGrantArgs args) {
        throw EngineError.unavailable("issue_reclaim_grant");
    }

    /** Consumes a {@code reclaim} grant and opens a reclaim attempt (spec 02 §3 reclaim_execution, 01 §11). */
    default ReclaimExecutionResult reclaimExecution(ReclaimExecutionArgs args) {
        throw EngineError.unavailable("reclaim_execution");
    }

    // ---- Reads (02 §5)

    /** The execution's snapshot without payloads, or empty (spec 02 §5 describe_execution). */
    default Optional<ExecutionSnapshot> describeExecution(ExecutionId executionId) {
        throw EngineError.unavailable("describe_execution");
    }

    /** Input payload, kind and tags; missing → {@code NotFound(execution)} (spec 02 §5 read_execution_context). */
    default ExecutionContext readExecutionContext(ExecutionId executionId) {
        throw EngineError.unavailable("read_execution_context");
    }

    /** The current attempt index, 0 before the first claim (spec 02 §5 read_current_attempt_index). */
    default int readCurrentAttemptIndex(ExecutionId executionId) {
        throw EngineError.unavailable("read_current_attempt_index");
    }

    /** Attempts ever created, 0 before the first claim (spec 02 §5 read_total_attempt_count). */
    default int readTotalAttemptCount(ExecutionId executionId) {
        throw EngineError.unavailable("read_total_attempt_count");
    }

    /** The execution's info with legacy literals normalised, or empty (spec 02 §5 read_execution_info). */
    default Optional<ExecutionInfo> readExecutionInfo(ExecutionId executionId) {
        throw EngineError.unavailable("read_execution_info");
    }

    /** The execution's public state, or empty (spec 02 §5 read_execution_state). */
    default Optional<PublicState> readExecutionState(ExecutionId executionId) {
        throw EngineError.unavailable("read_execution_state");
    }

    /** The latest success result, present iff outcome {@code success} stored one (spec 02 §5 get_execution_result). */
    default Optional<byte[]> getExecutionResult(ExecutionId executionId) {
        throw EngineError.unavailable("get_execution_result");
    }

    /**
     * One page of a partition's executions by UUID; {@code cursor} (nullable) is exclusive, backend cap 1000
     * (spec 02 §5 list_executions).
     */
    default ListExecutionsPage listExecutions(PartitionKey partition, ExecutionId cursor, int limit) {
        throw EngineError.unavailable("list_executions");
    }

    // ---- Skein reads for people (issue #18): across partitions, and the detail describe leaves out

    /**
     * One page of executions across every partition, newest first, narrowed by the query's filters; answered by
     * one indexed query, not a walk over the partitions.
     */
    default ExecutionSummaryPage searchExecutions(ExecutionQuery query) {
        throw EngineError.unavailable("search_executions");
    }

    /** The execution's kind, input, result, failure and attempts, or empty when it does not exist. */
    default Optional<ExecutionDetail> readExecutionDetail(ExecutionId executionId) {
        throw EngineError.unavailable("read_execution_detail");
    }

    // ---- T2 reads and tags (02 §5)

    /** One page of registered lanes in name order; {@code cursor} nullable (spec 02 §5 list_lanes, T2). */
    default ListLanesPage listLanes(LaneId cursor, int limit) {
        throw EngineError.unavailable("list_lanes");
    }

    /**
     * One page of a partition's suspended executions by timeout then id; {@code cursor} nullable (spec 02 §5
     * list_suspended, T2).
     */
    default ListSuspendedPage listSuspended(PartitionKey partition, ExecutionId cursor, int limit) {
        throw EngineError.unavailable("list_suspended");
    }

    /** Raw core fields by column name, empty for unset ones (spec 02 §5 read_exec_core_fields, T2, admin). */
    default Map<String, Optional<String>> readExecCoreFields(PartitionKey partition, ExecutionId executionId,
                                                            List<String> fields) {
        throw EngineError.unavailable("read_exec_core_fields");
    }

    /** Sets one tag; key checked first, missing execution → {@code NotFound} (spec 02 §5 set_execution_tag, T2). */
    default void setExecutionTag(ExecutionId executionId, String key, String value) {
        throw EngineError.unavailable("set_execution_tag");
    }

    /** One tag, empty for a missing tag or execution (spec 02 §5 get_execution_tag, T2). */
    default Optional<String> getExecutionTag(ExecutionId executionId, String key) {
        throw EngineError.unavailable("get_execution_tag");
    }

    /** The execution's namespace, empty when it is missing (spec 02 §5 get_execution_namespace, T2). */
    default Optional<Namespace> getExecutionNamespace(ExecutionId executionId) {
        throw EngineError.unavailable("get_execution_namespace");
    }
}
