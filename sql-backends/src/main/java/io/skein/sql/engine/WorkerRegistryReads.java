package io.skein.sql.engine;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.worker.ExpiredLeaseCursor;
import io.skein.core.api.worker.ExpiredLeaseInfo;
import io.skein.core.api.worker.ListExpiredLeasesArgs;
import io.skein.core.api.worker.ListExpiredLeasesPage;
import io.skein.core.api.worker.ListWorkersArgs;
import io.skein.core.api.worker.ListWorkersPage;
import io.skein.core.api.worker.WorkerInfo;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.LeaseId;
import io.skein.core.id.Namespace;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.engine.state.WorkerRegistration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The worker registry's reads (spec 02 §10): live workers of a namespace by instance id, and the active executions
 * whose current lease expired, by (expiry, execution id). Both read every partition in one statement and page with
 * an exclusive row-value bound; one row more than the limit tells whether a next page exists.
 */
final class WorkerRegistryReads {

    private WorkerRegistryReads() {}

    /** Live workers ({@code last_heartbeat + ttl > now}) of the namespace after the cursor, by instance id. */
    static ListWorkersPage listWorkers(Tx tx, ListWorkersArgs args) {
        if (args.limit() == 0) {
            return new ListWorkersPage(List.of(), null);
        }
        List<Object> params = new ArrayList<>(List.of(args.namespace().value(), tx.now()));
        String after = "";
        if (args.after() != null) {
            after = " AND worker_instance_id > ?";
            params.add(args.after().value());
        }
        params.add(args.limit() + 1);
        List<WorkerRegistration> rows = tx.query("SELECT " + SqlWorkerState.COLUMNS + " FROM ff_worker_registry "
                + "WHERE namespace = ? AND last_heartbeat_ms + liveness_ttl_ms > ?" + after
                + " ORDER BY worker_instance_id LIMIT ?", SqlWorkerState::row, params.toArray());
        boolean more = rows.size() > args.limit();
        List<WorkerInfo> page = rows.stream().limit(args.limit()).map(WorkerRegistryReads::info).toList();
        return new ListWorkersPage(page, more ? page.get(page.size() - 1).workerInstanceId() : null);
    }

    private static WorkerInfo info(WorkerRegistration r) {
        TreeSet<LaneId> lanes = new TreeSet<>();
        r.lanes().forEach(l -> lanes.add(LaneId.of(l)));
        return new WorkerInfo(WorkerId.of(r.workerId()), WorkerInstanceId.of(r.workerInstanceId()),
                Namespace.of(r.namespace()), lanes, CapabilitySet.worker(r.capabilities()), r.lastHeartbeatMs(),
                r.livenessTtlMs(), r.registeredAtMs());
    }

    /**
     * Active executions whose current lease expired at or before {@code asOf} and has not been replaced (still
     * {@code leased}, or marked expired and not yet re-queued), after the cursor, by (expiry, partition, id).
     * Read-only. Every partition is read in one statement, so {@code maxPartitionsPerCall} bounds nothing here.
     */
    static ListExpiredLeasesPage listExpiredLeases(Tx tx, ListExpiredLeasesArgs args) {
        if (args.limit() == 0) {
            return new ListExpiredLeasesPage(List.of(), null);
        }
        List<Object> params = new ArrayList<>(List.of(args.asOf()));
        StringBuilder where = new StringBuilder();
        if (args.namespace() != null) {
            where.append(" AND e.namespace = ?");
            params.add(args.namespace().value());
        }
        ExpiredLeaseCursor after = args.after();
        if (after != null) {
            where.append(" AND (a.lease_expires_at_ms, e.partition_key, e.execution_id) > (?, ?, ?)");
            params.add(after.expiresAtMs());
            params.add(after.executionId().partition());
            params.add(after.executionId().uuid());
        }
        params.add(args.limit() + 1);
        List<ExpiredLeaseInfo> rows = tx.query("SELECT e.partition_key, e.execution_id, a.lease_id, a.lease_epoch, "
                + "a.worker_instance_id, a.lease_expires_at_ms, a.attempt_index FROM ff_exec_core e JOIN ff_attempt a "
                + "ON a.partition_key = e.partition_key AND a.execution_id = e.execution_id "
                + "AND a.attempt_index = e.attempt_index WHERE e.lifecycle_phase = 'active' "
                + "AND e.ownership_state IN ('leased', 'lease_expired_reclaimable') AND a.lease_id IS NOT NULL "
                + "AND a.worker_instance_id IS NOT NULL AND a.lease_expires_at_ms <= ?" + where
                + " ORDER BY a.lease_expires_at_ms, e.partition_key, e.execution_id LIMIT ?",
                rs -> new ExpiredLeaseInfo(new ExecutionId(rs.getInt(1), tx.uuid(rs, 2)), new LeaseId(tx.uuid(rs, 3)),
                        rs.getLong(4), WorkerInstanceId.of(rs.getString(5)), rs.getLong(6), rs.getInt(7)),
                params.toArray());
        boolean more = rows.size() > args.limit();
        List<ExpiredLeaseInfo> page = rows.subList(0, Math.min(rows.size(), args.limit()));
        ExpiredLeaseInfo last = more ? page.get(page.size() - 1) : null;
        return new ListExpiredLeasesPage(page,
                last == null ? null : new ExpiredLeaseCursor(last.expiresAtMs(), last.executionId()));
    }
}
