package io.skein.sql.engine.handler;

import io.skein.engine.processing.ClaimExecutionHandler;

import io.skein.core.api.CurrentAttempt;
import io.skein.core.api.CurrentLease;
import io.skein.core.api.ExecutionContext;
import io.skein.core.api.ExecutionInfo;
import io.skein.core.api.ExecutionSnapshot;
import io.skein.core.api.ListExecutionsPage;
import io.skein.core.api.StateVectorView;
import io.skein.core.api.execution.ListLanesPage;
import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.AttemptId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.LaneId;
import io.skein.core.id.LeaseId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionFamily;
import io.skein.core.id.PartitionKey;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.state.PublicState;
import io.skein.core.state.StateVector;
import io.skein.core.state.TerminalOutcome;
import io.skein.core.wire.SkeinJson;
import io.skein.engine.state.Attempt;
import io.skein.engine.state.ExecCore;
import io.skein.sql.engine.ExecCoreStore;
import io.skein.sql.engine.Tx;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Read operations over executions (spec 02 §5); they never write. */
public final class ExecutionReads {

    /** The backend cap on a page (spec 02 §5). */
    public static final int MAX_PAGE = 1000;

    public Optional<ExecutionSnapshot> describe(Tx tx, ExecutionId id) {
        return ExecCoreStore.load(tx, id).map(e -> {
            Attempt a = tx.executions().currentAttempt(e);
            CurrentAttempt attempt = a == null || a.attemptId == null ? null
                    : new CurrentAttempt(new AttemptId(a.attemptId), a.attemptIndex);
            // Live = not yet expired: fencing is immediate, before the expiry timer marks it (spec 01 §11.1).
            CurrentLease lease = a != null && a.leaseExpiresAtMs != null && a.leaseExpiresAtMs > tx.now()
                    && a.leaseId != null
                    && a.workerInstanceId != null
                    ? new CurrentLease(a.leaseEpoch, WorkerInstanceId.of(a.workerInstanceId), a.leaseExpiresAtMs,
                            new LeaseId(a.leaseId), a.attemptIndex, a.leaseRenewedAtMs)
                    : null;
            StateVector s = e.state;
            return new ExecutionSnapshot(e.executionId, e.flowId == null ? null : new FlowId(e.flowId),
                    LaneId.of(e.laneId), Namespace.of(e.namespace), s.publicState(), s.blockingReason(),
                    e.blockingDetail, attempt, lease,
                    e.currentWaitpointId == null ? null : new WaitpointId(e.currentWaitpointId), e.createdAtMs,
                    e.lastMutationAtMs == null ? e.createdAtMs : e.lastMutationAtMs, e.totalAttemptCount, e.tagMap(),
                    e.progressPct, e.progressMessage);
        });
    }

    public ExecutionContext context(Tx tx, ExecutionId id) {
        ExecCore e = ExecCoreStore.require(tx, id);
        return new ExecutionContext(e.payload == null ? new byte[0] : e.payload,
                e.executionKind == null ? "" : e.executionKind, e.tagMap());
    }

    public int currentAttemptIndex(Tx tx, ExecutionId id) {
        return ExecCoreStore.require(tx, id).attemptIndex;
    }

    public int totalAttemptCount(Tx tx, ExecutionId id) {
        return ExecCoreStore.require(tx, id).totalAttemptCount;
    }

    public Optional<ExecutionInfo> info(Tx tx, ExecutionId id) {
        return ExecCoreStore.load(tx, id).map(e -> {
            StateVector s = e.state;
            PublicState pub = s.publicState();
            return new ExecutionInfo(e.executionId, Namespace.of(e.namespace), LaneId.of(e.laneId), e.priority,
                    e.executionKind == null ? "" : e.executionKind,
                    new StateVectorView(s.lifecyclePhase(), s.ownershipState(), s.eligibilityState(),
                            s.blockingReason(), s.terminalOutcome(), s.attemptState(), pub),
                    pub, e.createdAtMs, e.startedAtMs, e.terminalAtMs, e.attemptIndex,
                    e.flowId == null ? null : new FlowId(e.flowId), e.blockingDetail == null ? "" : e.blockingDetail);
        });
    }

    public Optional<PublicState> state(Tx tx, ExecutionId id) {
        return ExecCoreStore.load(tx, id).map(e -> e.state.publicState());
    }

    /** Present iff the outcome is success with a stored result. */
    public Optional<byte[]> result(Tx tx, ExecutionId id) {
        return ExecCoreStore.load(tx, id)
                .filter(e -> e.state.terminalOutcome() == TerminalOutcome.SUCCESS && e.result != null)
                .map(e -> e.result);
    }

    public ListExecutionsPage list(Tx tx, PartitionKey partition, ExecutionId cursor, int limit) {
        if (partition.family() != PartitionFamily.FLOW) {
            throw EngineError.invalidInput("partition: executions live in {fp:N} partitions");
        }
        if (limit < 0) {
            throw EngineError.invalidInput("limit: must be >= 0");
        }
        if (cursor != null && cursor.partition() != partition.index()) {
            throw EngineError.invalidInput("invalid_cursor: the cursor is on another partition");
        }
        int capped = Math.min(limit, MAX_PAGE);
        if (capped == 0) {
            return new ListExecutionsPage(List.of(), null);
        }
        List<ExecutionId> rows = ExecCoreStore.listIds(tx, partition.index(), cursor == null ? null : cursor.uuid(),
                capped + 1);
        boolean more = rows.size() > capped;
        List<ExecutionId> page = more ? rows.subList(0, capped) : rows;
        return new ListExecutionsPage(List.copyOf(page), more ? page.get(page.size() - 1) : null);
    }

    public ListLanesPage lanes(Tx tx, LaneId cursor, int limit) {
        int capped = Math.max(0, Math.min(limit, MAX_PAGE));
        if (capped == 0) {
            return new ListLanesPage(List.of(), null);
        }
        List<LaneId> rows = tx.query("SELECT lane_id FROM ff_lane_registry WHERE lane_id > ? ORDER BY lane_id LIMIT ?",
                rs -> LaneId.of(rs.getString(1)), cursor == null ? "" : cursor.value(), capped + 1);
        boolean more = rows.size() > capped;
        List<LaneId> page = more ? rows.subList(0, capped) : rows;
        return new ListLanesPage(List.copyOf(page), more ? page.get(page.size() - 1) : null);
    }

}
