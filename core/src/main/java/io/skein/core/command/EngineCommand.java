package io.skein.core.command;

import io.skein.core.api.AddExecutionToFlowArgs;
import io.skein.core.api.ApplyDependencyToChildArgs;
import io.skein.core.api.ArgCheck;
import io.skein.core.api.CancelFlowArgs;
import io.skein.core.api.CheckAdmissionArgs;
import io.skein.core.api.CreateBudgetArgs;
import io.skein.core.api.CreateFlowArgs;
import io.skein.core.api.CreateQuotaPolicyArgs;
import io.skein.core.api.DeliverApprovalSignalArgs;
import io.skein.core.api.DeliverSignalArgs;
import io.skein.core.api.EdgeDependencyPolicy;
import io.skein.core.api.EngineBackend;
import io.skein.core.api.FailureClass;
import io.skein.core.api.FailureReason;
import io.skein.core.api.Frame;
import io.skein.core.api.Handle;
import io.skein.core.api.LeaseFence;
import io.skein.core.api.ReclaimToken;
import io.skein.core.api.RecordSpendArgs;
import io.skein.core.api.ReleaseAdmissionArgs;
import io.skein.core.api.ReleaseBudgetArgs;
import io.skein.core.api.ReportUsageAdminArgs;
import io.skein.core.api.ResetBudgetArgs;
import io.skein.core.api.ResumeToken;
import io.skein.core.api.RotateWaitpointHmacSecretAllArgs;
import io.skein.core.api.SeedWaitpointHmacSecretArgs;
import io.skein.core.api.StageDependencyEdgeArgs;
import io.skein.core.api.SuspendArgs;
import io.skein.core.api.TagKeys;
import io.skein.core.api.UsageDimensions;
import io.skein.core.api.execution.CancelExecutionArgs;
import io.skein.core.api.execution.ChangePriorityArgs;
import io.skein.core.api.execution.CompleteExecutionArgs;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.api.execution.FailExecutionArgs;
import io.skein.core.api.execution.IssueReclaimGrantArgs;
import io.skein.core.api.execution.ReclaimExecutionArgs;
import io.skein.core.api.execution.RenewLeaseArgs;
import io.skein.core.api.execution.ReplayExecutionArgs;
import io.skein.core.api.execution.ResumeExecutionArgs;
import io.skein.core.api.execution.RevokeLeaseArgs;
import io.skein.core.api.scheduler.BlockExecutionForAdmissionArgs;
import io.skein.core.api.scheduler.BlockRouteArgs;
import io.skein.core.api.scheduler.ClaimExecutionArgs;
import io.skein.core.api.scheduler.ClaimResumedExecutionArgs;
import io.skein.core.api.scheduler.CloseWaitpointArgs;
import io.skein.core.api.scheduler.ExpireClaimGrantArgs;
import io.skein.core.api.scheduler.ExpireExecutionArgs;
import io.skein.core.api.scheduler.IssueClaimGrantArgs;
import io.skein.core.api.scheduler.IssueGrantAndClaimArgs;
import io.skein.core.api.scheduler.PartitionSweepArgs;
import io.skein.core.api.scheduler.ReleaseGrantArgs;
import io.skein.core.api.scheduler.ResetDueBudgetArgs;
import io.skein.core.api.scheduler.TimerArgs;
import io.skein.core.api.scheduler.UnblockExecutionArgs;
import io.skein.core.api.worker.HeartbeatWorkerArgs;
import io.skein.core.api.worker.MarkWorkerDeadArgs;
import io.skein.core.api.worker.RegisterWorkerArgs;
import io.skein.core.id.BudgetId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.PartitionKey;
import io.skein.core.id.QuotaPolicyId;
import io.skein.core.id.WaitpointKey;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * One state-changing {@link EngineBackend} operation as data: what a Kafka-mode client puts on {@code ff.commands}
 * and what the stream task applies (spec 07, ARCHITECTURE "The path of one command"). Each record holds the
 * operation's arguments (components named after the method's parameters), names the Kafka record key that orders
 * it, and applies itself by calling exactly its one backend method.
 *
 * <p>Reads are not commands. {@code claim} and {@code claimForWorker} span partitions and run client-side against
 * the dispatch topics (05 §7); {@code cancelFlow} is a client-side orchestration of {@link CancelFlowHeader} and
 * the member cancels; sweeps and {@code projectFlowSummary} run inside the owning task.
 *
 * <p>The JSON {@code type} is the record's name in snake_case ({@link CommandTypes}); a record whose only component
 * is {@code args} travels as that args JSON, the same body HTTP takes; others travel as an object of their
 * components in snake_case ({@link CommandCodec}).
 */
public sealed interface EngineCommand {

    /** The operation's snake_case name from spec 02, also the envelope's {@code type}. */
    default String type() {
        return CommandTypes.typeOf(getClass());
    }

    /**
     * The Kafka record key: {@code {fp:N}} of the execution (or of the flow, for flow commands), {@code {b:N}} of
     * the budget, {@code {q:N}} of the quota policy, or {@value PartitionKey#GLOBAL_TAG} for the HMAC keystore and
     * the worker registry (spec 01 §3, 07).
     */
    String partitionKey(PartitionConfig config);

    /** Calls this command's one backend method and returns its result ({@code null} for a void method). */
    Object applyTo(EngineBackend backend);

    /** The Java type of {@link #applyTo}'s result: the backend method's generic return type. */
    default Type resultType() {
        return CommandTypes.resultType(type());
    }

    // ---- Ingress and service layer (spec 02 §3, §4)

    record CreateExecution(CreateExecutionArgs args) implements EngineCommand {
        public CreateExecution {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.createExecution(args);
        }
    }

    record CompleteExecution(CompleteExecutionArgs args) implements EngineCommand {
        public CompleteExecution {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.completeExecution(args);
        }
    }

    record FailExecution(FailExecutionArgs args) implements EngineCommand {
        public FailExecution {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.failExecution(args);
        }
    }

    record RenewLease(RenewLeaseArgs args) implements EngineCommand {
        public RenewLease {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.renewLease(args);
        }
    }

    record ResumeExecution(ResumeExecutionArgs args) implements EngineCommand {
        public ResumeExecution {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.resumeExecution(args);
        }
    }

    record CancelExecution(CancelExecutionArgs args) implements EngineCommand {
        public CancelExecution {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.cancelExecution(args);
        }
    }

    record RevokeLease(RevokeLeaseArgs args) implements EngineCommand {
        public RevokeLease {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.revokeLease(args);
        }
    }

    record ChangePriority(ChangePriorityArgs args) implements EngineCommand {
        public ChangePriority {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.changePriority(args);
        }
    }

    record ReplayExecution(ReplayExecutionArgs args) implements EngineCommand {
        public ReplayExecution {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.replayExecution(args);
        }
    }

    record IssueReclaimGrant(IssueReclaimGrantArgs args) implements EngineCommand {
        public IssueReclaimGrant {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.issueReclaimGrant(args);
        }
    }

    record ReclaimExecution(ReclaimExecutionArgs args) implements EngineCommand {
        public ReclaimExecution {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.reclaimExecution(args);
        }
    }

    record SetExecutionTag(ExecutionId executionId, String key, String value) implements EngineCommand {
        public SetExecutionTag {
            TagKeys.validateTagKey(key); // spec 02 §5: the key is checked before anything else
            ArgCheck.present(executionId, "execution_id");
            ArgCheck.present(value, "value");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return executionId.partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            backend.setExecutionTag(executionId, key, value);
            return null;
        }
    }


    // ---- Handle-based worker operations (spec 02 §2); keyed by the execution inside the handle

    record Renew(Handle handle) implements EngineCommand {
        public Renew {
            ArgCheck.present(handle, "handle");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return PartitionKeys.ofHandle(handle);
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.renew(handle);
        }
    }

    record Progress(Handle handle, Integer percent, String message) implements EngineCommand {
        public Progress {
            ArgCheck.present(handle, "handle");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return PartitionKeys.ofHandle(handle);
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            backend.progress(handle, percent, message);
            return null;
        }
    }

    record Complete(Handle handle, byte[] payload) implements EngineCommand {
        public Complete {
            ArgCheck.present(handle, "handle");
            payload = ArgCheck.copy(payload);
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return PartitionKeys.ofHandle(handle);
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            backend.complete(handle, payload);
            return null;
        }

        @Override
        public byte[] payload() {
            return payload == null ? null : payload.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Complete c && handle.equals(c.handle) && Arrays.equals(payload, c.payload);
        }

        @Override
        public int hashCode() {
            return Objects.hash(handle, Arrays.hashCode(payload));
        }

        @Override
        public String toString() {
            return "Complete[" + handle + ", payload=" + (payload == null ? "none" : payload.length + " bytes") + "]";
        }
    }

    record Fail(Handle handle, FailureReason reason, FailureClass classification) implements EngineCommand {
        public Fail {
            ArgCheck.present(handle, "handle");
            ArgCheck.present(reason, "reason");
            ArgCheck.present(classification, "classification");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return PartitionKeys.ofHandle(handle);
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.fail(handle, reason, classification);
        }
    }

    record Cancel(Handle handle, String reason) implements EngineCommand {
        public Cancel {
            ArgCheck.present(handle, "handle");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return PartitionKeys.ofHandle(handle);
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            backend.cancel(handle, reason);
            return null;
        }
    }

    record Delay(Handle handle, long delayUntil) implements EngineCommand {
        public Delay {
            ArgCheck.present(handle, "handle");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return PartitionKeys.ofHandle(handle);
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            backend.delay(handle, delayUntil);
            return null;
        }
    }

    record WaitChildren(Handle handle) implements EngineCommand {
        public WaitChildren {
            ArgCheck.present(handle, "handle");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return PartitionKeys.ofHandle(handle);
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            backend.waitChildren(handle);
            return null;
        }
    }

    record ClaimFromResumeGrant(ResumeToken token) implements EngineCommand {
        public ClaimFromResumeGrant {
            ArgCheck.present(token, "token");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return token.grant().executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.claimFromResumeGrant(token);
        }
    }

    record ClaimFromReclaim(ReclaimToken token) implements EngineCommand {
        public ClaimFromReclaim {
            ArgCheck.present(token, "token");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return token.grant().executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.claimFromReclaim(token);
        }
    }

    record Suspend(Handle handle, SuspendArgs args) implements EngineCommand {
        public Suspend {
            ArgCheck.present(handle, "handle");
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return PartitionKeys.ofHandle(handle);
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.suspend(handle, args);
        }
    }

    record SuspendByTriple(ExecutionId executionId, LeaseFence fence, SuspendArgs args) implements EngineCommand {
        public SuspendByTriple {
            ArgCheck.present(executionId, "execution_id");
            ArgCheck.present(fence, "fence");
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return executionId.partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.suspendByTriple(executionId, fence, args);
        }
    }

    /** {@code expires_in} travels as whole milliseconds, like every duration on the wire. */
    record CreateWaitpoint(Handle handle, WaitpointKey waitpointKey, Duration expiresIn) implements EngineCommand {
        public CreateWaitpoint {
            ArgCheck.present(handle, "handle");
            ArgCheck.present(waitpointKey, "waitpoint_key");
            ArgCheck.present(expiresIn, "expires_in");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return PartitionKeys.ofHandle(handle);
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.createWaitpoint(handle, waitpointKey, expiresIn);
        }
    }

    record AppendFrame(Handle handle, Frame frame) implements EngineCommand {
        public AppendFrame {
            ArgCheck.present(handle, "handle");
            ArgCheck.present(frame, "frame");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return PartitionKeys.ofHandle(handle);
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.appendFrame(handle, frame);
        }
    }

    record ReportUsage(Handle handle, BudgetId budgetId, UsageDimensions dimensions) implements EngineCommand {
        public ReportUsage {
            ArgCheck.present(handle, "handle");
            ArgCheck.present(budgetId, "budget_id");
            ArgCheck.present(dimensions, "dimensions");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return config.budgetKey(budgetId).toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.reportUsage(handle, budgetId, dimensions);
        }
    }


    // ---- Worker registry (spec 02 §10, T2): one global registry

    record RegisterWorker(RegisterWorkerArgs args) implements EngineCommand {
        public RegisterWorker {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return PartitionKey.GLOBAL_TAG;
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.registerWorker(args);
        }
    }

    record HeartbeatWorker(HeartbeatWorkerArgs args) implements EngineCommand {
        public HeartbeatWorker {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return PartitionKey.GLOBAL_TAG;
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.heartbeatWorker(args);
        }
    }

    record MarkWorkerDead(MarkWorkerDeadArgs args) implements EngineCommand {
        public MarkWorkerDead {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return PartitionKey.GLOBAL_TAG;
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.markWorkerDead(args);
        }
    }


    // ---- Grants, scheduler claims and admission blocks (spec 02 §6, §8, §9)

    record IssueClaimGrant(IssueClaimGrantArgs args) implements EngineCommand {
        public IssueClaimGrant {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.issueClaimGrant(args);
        }
    }

    record ClaimExecution(ClaimExecutionArgs args) implements EngineCommand {
        public ClaimExecution {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.claimExecution(args);
        }
    }

    record ClaimResumedExecution(ClaimResumedExecutionArgs args) implements EngineCommand {
        public ClaimResumedExecution {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.claimResumedExecution(args);
        }
    }

    record ReleaseGrant(ReleaseGrantArgs args) implements EngineCommand {
        public ReleaseGrant {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.releaseGrant(args);
        }
    }

    record IssueGrantAndClaim(IssueGrantAndClaimArgs args) implements EngineCommand {
        public IssueGrantAndClaim {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.issueGrantAndClaim(args);
        }
    }

    record BlockRoute(BlockRouteArgs args) implements EngineCommand {
        public BlockRoute {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.blockRoute(args);
        }
    }

    record BlockExecutionForAdmission(BlockExecutionForAdmissionArgs args) implements EngineCommand {
        public BlockExecutionForAdmission {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.blockExecutionForAdmission(args);
        }
    }


    // ---- Timer hooks (spec 02 §9, 05 §4)

    record MarkLeaseExpiredIfDue(TimerArgs args) implements EngineCommand {
        public MarkLeaseExpiredIfDue {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            backend.markLeaseExpiredIfDue(args);
            return null;
        }
    }

    record RequeueReclaimable(TimerArgs args) implements EngineCommand {
        public RequeueReclaimable {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            backend.requeueReclaimable(args);
            return null;
        }
    }

    record PromoteDelayed(TimerArgs args) implements EngineCommand {
        public PromoteDelayed {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            backend.promoteDelayed(args);
            return null;
        }
    }

    record ExpireExecution(ExpireExecutionArgs args) implements EngineCommand {
        public ExpireExecution {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            backend.expireExecution(args);
            return null;
        }
    }

    record ExpireSuspension(TimerArgs args) implements EngineCommand {
        public ExpireSuspension {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            backend.expireSuspension(args);
            return null;
        }
    }

    record CloseWaitpoint(CloseWaitpointArgs args) implements EngineCommand {
        public CloseWaitpoint {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            backend.closeWaitpoint(args);
            return null;
        }
    }

    record ExpireClaimGrant(ExpireClaimGrantArgs args) implements EngineCommand {
        public ExpireClaimGrant {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            backend.expireClaimGrant(args);
            return null;
        }
    }

    record UnblockExecution(UnblockExecutionArgs args) implements EngineCommand {
        public UnblockExecution {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            backend.unblockExecution(args);
            return null;
        }
    }

    record ResetDueBudget(ResetDueBudgetArgs args) implements EngineCommand {
        public ResetDueBudget {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return config.budgetKey(args.budgetId()).toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            backend.resetDueBudget(args);
            return null;
        }
    }


    // ---- Signals and the HMAC keystore (spec 02 §6, 04 §1–§2); the keystore is global

    record DeliverSignal(DeliverSignalArgs args) implements EngineCommand {
        public DeliverSignal {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.deliverSignal(args);
        }
    }

    record DeliverApprovalSignal(DeliverApprovalSignalArgs args) implements EngineCommand {
        public DeliverApprovalSignal {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.executionId().partitionKey().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.deliverApprovalSignal(args);
        }
    }

    record RotateWaitpointHmacSecretAll(RotateWaitpointHmacSecretAllArgs args) implements EngineCommand {
        public RotateWaitpointHmacSecretAll {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return PartitionKey.GLOBAL_TAG;
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.rotateWaitpointHmacSecretAll(args);
        }
    }

    record SeedWaitpointHmacSecret(SeedWaitpointHmacSecretArgs args) implements EngineCommand {
        public SeedWaitpointHmacSecret {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return PartitionKey.GLOBAL_TAG;
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.seedWaitpointHmacSecret(args);
        }
    }


    // ---- Flows (spec 02 §4, 04 §4); keyed by the flow, whose members share its partition

    record SetFlowTag(FlowId flowId, String key, String value) implements EngineCommand {
        public SetFlowTag {
            TagKeys.validateTagKey(key); // spec 02 §5: the key is checked before anything else
            ArgCheck.present(flowId, "flow_id");
            ArgCheck.present(value, "value");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return config.flowKey(flowId).toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            backend.setFlowTag(flowId, key, value);
            return null;
        }
    }

    /**
     * Recomputes a flow's roll-up (spec 04 §4.5) on the task that owns the flow's partition; a {@code partition}
     * that is not the flow's is refused there.
     */
    record ProjectFlowSummary(PartitionKey partition, FlowId flowId) implements EngineCommand {
        public ProjectFlowSummary {
            ArgCheck.present(partition, "partition");
            ArgCheck.present(flowId, "flow_id");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return config.flowKey(flowId).toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.projectFlowSummary(partition, flowId);
        }
    }

    /** Timer 12 for one execution partition: resolves the completions a crash left undispatched (D2). */
    record RepairDependencies(PartitionSweepArgs args) implements EngineCommand {
        public RepairDependencies {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return args.partition().toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.repairDependencies(args);
        }
    }

    record CreateFlow(CreateFlowArgs args) implements EngineCommand {
        public CreateFlow {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return config.flowKey(args.flowId()).toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.createFlow(args);
        }
    }

    record AddExecutionToFlow(AddExecutionToFlowArgs args) implements EngineCommand {
        public AddExecutionToFlow {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return config.flowKey(args.flowId()).toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.addExecutionToFlow(args);
        }
    }

    record StageDependencyEdge(StageDependencyEdgeArgs args) implements EngineCommand {
        public StageDependencyEdge {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return config.flowKey(args.flowId()).toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.stageDependencyEdge(args);
        }
    }

    record ApplyDependencyToChild(ApplyDependencyToChildArgs args) implements EngineCommand {
        public ApplyDependencyToChild {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return config.flowKey(args.flowId()).toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.applyDependencyToChild(args);
        }
    }

    record SetEdgeGroupPolicy(FlowId flowId, ExecutionId downstreamExecutionId, EdgeDependencyPolicy policy)
            implements EngineCommand {
        public SetEdgeGroupPolicy {
            ArgCheck.present(flowId, "flow_id");
            ArgCheck.present(downstreamExecutionId, "downstream_execution_id");
            ArgCheck.present(policy, "policy");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return config.flowKey(flowId).toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.setEdgeGroupPolicy(flowId, downstreamExecutionId, policy);
        }
    }

    record CancelFlowHeader(CancelFlowArgs args) implements EngineCommand {
        public CancelFlowHeader {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return config.flowKey(args.flowId()).toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.cancelFlowHeader(args);
        }
    }

    record AckCancelMember(FlowId flowId, ExecutionId executionId) implements EngineCommand {
        public AckCancelMember {
            ArgCheck.present(flowId, "flow_id");
            ArgCheck.present(executionId, "execution_id");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return config.flowKey(flowId).toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            backend.ackCancelMember(flowId, executionId);
            return null;
        }
    }


    // ---- Budgets and quotas (spec 02 §8, 04 §5)

    record CreateBudget(CreateBudgetArgs args) implements EngineCommand {
        public CreateBudget {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return config.budgetKey(args.budgetId()).toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.createBudget(args);
        }
    }

    record ResetBudget(ResetBudgetArgs args) implements EngineCommand {
        public ResetBudget {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return config.budgetKey(args.budgetId()).toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.resetBudget(args);
        }
    }

    record ReportUsageAdmin(BudgetId budgetId, ReportUsageAdminArgs args) implements EngineCommand {
        public ReportUsageAdmin {
            ArgCheck.present(budgetId, "budget_id");
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return config.budgetKey(budgetId).toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.reportUsageAdmin(budgetId, args);
        }
    }

    record RecordSpend(RecordSpendArgs args) implements EngineCommand {
        public RecordSpend {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return config.budgetKey(args.budgetId()).toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.recordSpend(args);
        }
    }

    record ReleaseBudget(ReleaseBudgetArgs args) implements EngineCommand {
        public ReleaseBudget {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return config.budgetKey(args.budgetId()).toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            backend.releaseBudget(args);
            return null;
        }
    }

    record CreateQuotaPolicy(CreateQuotaPolicyArgs args) implements EngineCommand {
        public CreateQuotaPolicy {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return config.quotaKey(args.quotaPolicyId()).toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.createQuotaPolicy(args);
        }
    }

    record CheckAdmission(QuotaPolicyId quotaPolicyId, String dimension, CheckAdmissionArgs args)
            implements EngineCommand {
        public CheckAdmission {
            ArgCheck.present(quotaPolicyId, "quota_policy_id");
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return config.quotaKey(quotaPolicyId).toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.checkAdmission(quotaPolicyId, dimension, args);
        }
    }

    record ReleaseAdmission(ReleaseAdmissionArgs args) implements EngineCommand {
        public ReleaseAdmission {
            ArgCheck.present(args, "args");
        }

        @Override
        public String partitionKey(PartitionConfig config) {
            return config.quotaKey(args.quotaPolicyId()).toString();
        }

        @Override
        public Object applyTo(EngineBackend backend) {
            return backend.releaseAdmission(args);
        }
    }
}
