package io.skein.sql.engine;


import io.skein.core.api.StreamFrameId;
import io.skein.core.api.StreamModeKind;
import io.skein.core.hmac.WaitpointKeystore;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.WaitpointId;
import io.skein.engine.state.Attempt;
import io.skein.engine.state.EventLog;
import io.skein.core.id.LaneId;
import io.skein.engine.state.ExecCore;
import io.skein.engine.state.Grant;
import io.skein.engine.state.KeystoreState;
import io.skein.engine.state.MutableExecutionState;
import io.skein.engine.state.MutableGrantState;
import io.skein.engine.state.MutableStreamState;
import io.skein.engine.state.MutableSuspensionState;
import io.skein.engine.state.StoredSignal;
import io.skein.engine.state.StreamMeta;
import io.skein.engine.state.Suspension;
import io.skein.engine.state.Waitpoint;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The engine's state families over the SQL rows of one unit of work ({@link Tx}): each call is the matching store's
 * statement in that unit, so a decision reads its own writes and everything commits together.
 */
final class SqlState {

    private SqlState() {}

    static final class Executions implements MutableExecutionState {
        private final Tx tx;

        Executions(Tx tx) {
            this.tx = tx;
        }

        @Override
        public Optional<ExecCore> load(ExecutionId id) {
            return ExecCoreStore.load(tx, id);
        }

        @Override
        public Optional<WithAttempt> loadWithCurrent(ExecutionId id) {
            return ExecCoreStore.loadWithCurrent(tx, id);
        }

        @Override
        public boolean exists(ExecutionId id) {
            return ExecCoreStore.exists(tx, id);
        }

        @Override
        public Optional<Attempt> attempt(ExecutionId id, int attemptIndex) {
            return AttemptStore.load(tx, id, attemptIndex);
        }

        @Override
        public long maxEpoch(ExecutionId id) {
            return AttemptStore.maxEpoch(tx, id);
        }

        @Override
        public Optional<ExecutionId> idempotentOriginal(int partition, String namespace, String idempotencyKey,
                                                        long now) {
            return tx.queryOne("SELECT execution_id FROM ff_exec_idempotency "
                            + "WHERE partition_key = ? AND namespace = ? AND idempotency_key = ? AND expires_at_ms > ?",
                    rs -> new ExecutionId(partition, tx.uuid(rs, "execution_id")), partition, namespace,
                    idempotencyKey, now);
        }

        @Override
        public List<WithAttempt> readyCandidates(LaneId lane, long now, ExecCore after, int limit) {
            List<Object> params = new java.util.ArrayList<>(List.of(lane.value(), now));
            String afterClause = "";
            if (after != null) {
                afterClause = "AND (e.priority < ? OR (e.priority = ? AND (e.created_at_ms > ? OR (e.created_at_ms = ? "
                        + "AND e.execution_id > ?)))) ";
                params.addAll(List.of(after.priority, after.priority, after.createdAtMs, after.createdAtMs,
                        after.executionId.uuid()));
            }
            // a candidate holding a live grant is passed over in the scan itself (one statement, not one per row);
            // the rows come whole, with their current attempts, so a candidate needs no load of its own
            return ExecCoreStore.queryWithCurrent(tx, "WHERE e.lane_id = ? "
                    + "AND e.lifecycle_phase = 'runnable' AND e.eligibility_state = 'eligible_now' "
                    + "AND NOT EXISTS (SELECT 1 FROM ff_claim_grant g WHERE g.partition_key = e.partition_key "
                    + "AND g.execution_id = e.execution_id AND g.expires_at_ms > ?) " + afterClause
                    // the page size inline: PostgreSQL then costs its cached generic plan for this limit and keeps
                    // it, instead of planning the join afresh on every claim
                    + "ORDER BY e.priority DESC, e.created_at_ms ASC, e.execution_id ASC LIMIT " + limit
                    + tx.forUpdateOf("e", true), params.toArray());
        }

        @Override
        public List<ExecutionId> laneGrantCandidates(int partition, String lane, int limit) {
            return tx.query("SELECT execution_id FROM ff_exec_core WHERE partition_key = ? "
                            + "AND lane_id = ? AND lifecycle_phase = 'runnable' AND eligibility_state = 'eligible_now' "
                            + "AND NOT EXISTS (SELECT 1 FROM ff_claim_grant g WHERE g.partition_key = ff_exec_core.partition_key "
                            + "AND g.execution_id = ff_exec_core.execution_id) "
                            + "ORDER BY priority DESC, created_at_ms ASC, execution_id ASC LIMIT ?",
                    rs -> new ExecutionId(partition, tx.uuid(rs, "execution_id")), partition, lane, limit);
        }

        @Override
        public void putIdempotency(int partition, String namespace, String idempotencyKey, ExecutionId id,
                                   long expiresAtMs) {
            // Only an expired entry (not yet swept) gives way. A live one that a concurrent create committed first
            // must fail this insert (unique violation): the retried unit then finds it and answers Duplicate, where an
            // upsert would have silently created a second execution under the same key.
            tx.updateLater("DELETE FROM ff_exec_idempotency WHERE partition_key = ? AND namespace = ? "
                    + "AND idempotency_key = ? AND expires_at_ms <= ?", partition, namespace, idempotencyKey, tx.now());
            tx.updateLater("INSERT INTO ff_exec_idempotency (partition_key, namespace, idempotency_key, execution_id, "
                            + "expires_at_ms) VALUES (?, ?, ?, ?, ?)",
                    partition, namespace, idempotencyKey, id.uuid(), expiresAtMs);
        }

        /** The {@link Tx#image} key of the lanes this unit registered. */
        private static final Object REGISTERED_LANES = new Object();

        @Override
        public void registerLane(String laneId, long now, String registeredBy) {
            // once per lane and unit: a Kafka-mode unit carries many creates, mostly of a few lanes (the set is an
            // image, so a rollback to a savepoint forgets it with the rest)
            Object[] image = tx.image(REGISTERED_LANES);
            if (image == null) {
                image = new Object[] {new java.util.HashSet<String>()};
                tx.image(REGISTERED_LANES, image);
            }
            @SuppressWarnings("unchecked")
            java.util.Set<String> registered = (java.util.Set<String>) image[0];
            if (!registered.add(laneId)) {
                return;
            }
            // queued with the row insert: on PostgreSQL a create's writes go out with its COMMIT in one round trip
            tx.updateLater("INSERT INTO ff_lane_registry (lane_id, registered_at_ms, registered_by) VALUES (?, ?, ?) "
                    + "ON CONFLICT (lane_id) DO NOTHING", laneId, now, registeredBy);
        }

        @Override
        public void insert(ExecCore e) {
            ExecCoreStore.insert(tx, e);
        }

        @Override
        public void save(ExecCore e) {
            ExecCoreStore.save(tx, e);
        }

        @Override
        public void insert(Attempt a) {
            AttemptStore.insert(tx, a);
        }

        @Override
        public void save(Attempt a) {
            AttemptStore.save(tx, a);
        }
    }

    static final class Grants implements MutableGrantState {
        private final Tx tx;

        Grants(Tx tx) {
            this.tx = tx;
        }

        @Override
        public Optional<Grant> find(ExecutionId id, String kind) {
            return GrantStore.find(tx, id, kind);
        }

        @Override
        public Optional<Grant> findById(ExecutionId id, byte[] grantId) {
            return GrantStore.findById(tx, id, grantId);
        }

        @Override
        public Optional<Grant> any(ExecutionId id) {
            return GrantStore.any(tx, id);
        }

        @Override
        public long liveLaneGrants(int partition, String lane, long now) {
            return tx.queryLong("SELECT COUNT(*) FROM ff_claim_grant WHERE partition_key = ? AND lane_id = ? "
                    + "AND worker_id = ? AND expires_at_ms > ?", partition, lane, Grant.ANY_WORKER, now);
        }

        @Override
        public int deleteExpired(long now) {
            return tx.update("DELETE FROM ff_claim_grant WHERE expires_at_ms <= ?", now);
        }

        @Override
        public int deleteExpired(ExecutionId id, byte[] grantId, long now) {
            int deleted = grantId != null
                    ? tx.update("DELETE FROM ff_claim_grant WHERE partition_key = ? AND execution_id = ? "
                            + "AND grant_id = ? AND expires_at_ms <= ?", id.partition(), id.uuid(), grantId, now)
                    : tx.update("DELETE FROM ff_claim_grant WHERE partition_key = ? AND execution_id = ? "
                            + "AND expires_at_ms <= ?", id.partition(), id.uuid(), now);
            if (deleted > 0) {
                tx.touched(id);
            }
            return deleted;
        }

        @Override
        public void insert(Grant g) {
            GrantStore.insert(tx, g);
        }

        @Override
        public void delete(Grant g) {
            GrantStore.delete(tx, g);
        }

        @Override
        public void deleteAll(ExecutionId id) {
            GrantStore.deleteAll(tx, id);
        }
    }

    static final class Suspensions implements MutableSuspensionState {
        private final Tx tx;

        Suspensions(Tx tx) {
            this.tx = tx;
        }

        @Override
        public Optional<Suspension> load(ExecutionId id) {
            return SuspensionStore.load(tx, id);
        }

        @Override
        public Optional<Waitpoint> waitpoint(int partition, WaitpointId id) {
            return WaitpointStore.load(tx, partition, id);
        }

        @Override
        public boolean waitpointExists(int partition, WaitpointId id) {
            return WaitpointStore.exists(tx, partition, id);
        }

        @Override
        public List<Waitpoint> waitpointsOf(ExecutionId executionId, UUID suspensionId) {
            return WaitpointStore.ofSuspension(tx, executionId, suspensionId);
        }

        @Override
        public List<Waitpoint> openWaitpoints(ExecutionId executionId, WaitpointId after, int limit) {
            return WaitpointStore.listOpen(tx, executionId, after, limit);
        }

        @Override
        public boolean signalExists(ExecutionId executionId, UUID signalId) {
            return SignalStore.exists(tx, executionId, signalId);
        }

        @Override
        public Optional<StoredSignal> signal(ExecutionId executionId, UUID signalId) {
            return SignalStore.load(tx, executionId, signalId);
        }

        @Override
        public List<StoredSignal> signalsOf(ExecutionId executionId, UUID waitpointId) {
            return SignalStore.ofWaitpoint(tx, executionId, waitpointId);
        }

        @Override
        public Optional<UUID> liveSignalDedup(int partition, UUID waitpointId, String idempotencyKey) {
            return SignalStore.liveDedup(tx, partition, waitpointId, idempotencyKey);
        }

        @Override
        public long recordedSignalCount(ExecutionId executionId) {
            return WaitpointStore.recordedSignalCount(tx, executionId);
        }

        @Override
        public List<UUID> satisfierSignalIds(ExecutionId executionId, UUID suspensionId) {
            return SignalStore.satisfierIds(tx, executionId, suspensionId);
        }

        @Override
        public Optional<String> storedSuspendOutcome(ExecutionId executionId, String idempotencyKey, long now) {
            return SuspensionStore.storedOutcome(tx, executionId, idempotencyKey, now);
        }

        @Override
        public void replace(Suspension s) {
            SuspensionStore.replace(tx, s);
        }

        @Override
        public void save(Suspension s) {
            SuspensionStore.save(tx, s);
        }

        @Override
        public void closeOpen(ExecutionId executionId, String reason, long now) {
            SuspensionStore.closeOpen(tx, executionId, reason, now);
        }

        @Override
        public void insert(Waitpoint w) {
            WaitpointStore.insert(tx, w);
        }

        @Override
        public void save(Waitpoint w) {
            WaitpointStore.save(tx, w);
        }

        @Override
        public void closeWaitpointsOf(ExecutionId executionId, UUID suspensionId, String reason) {
            WaitpointStore.closeSuspensionWaitpoints(tx, executionId, suspensionId, reason);
        }

        @Override
        public void insert(StoredSignal s) {
            SignalStore.insert(tx, s);
        }

        @Override
        public void saveEvaluation(StoredSignal s) {
            SignalStore.saveEvaluation(tx, s);
        }

        @Override
        public void trimNonSatisfiers(ExecutionId executionId, UUID waitpointId, int maxlen) {
            SignalStore.trimNonSatisfiers(tx, executionId, waitpointId, maxlen);
        }

        @Override
        public void putSignalDedup(int partition, UUID waitpointId, String idempotencyKey, UUID signalId,
                                   long expiresAtMs) {
            SignalStore.putDedup(tx, partition, waitpointId, idempotencyKey, signalId, expiresAtMs);
        }

        @Override
        public void storeSuspendOutcome(ExecutionId executionId, String idempotencyKey, String outcomeJson, long now,
                                        long expiresAtMs) {
            SuspensionStore.storeOutcome(tx, executionId, idempotencyKey, outcomeJson, now, expiresAtMs);
        }
    }

    static final class Streams implements MutableStreamState {
        private final Tx tx;

        Streams(Tx tx) {
            this.tx = tx;
        }

        @Override
        public Optional<StreamMeta> meta(ExecutionId id, int attemptIndex) {
            return StreamStore.loadMeta(tx, id, attemptIndex);
        }

        @Override
        public Optional<Summary> summary(ExecutionId id, int attemptIndex) {
            return StreamStore.loadSummary(tx, id, attemptIndex);
        }

        @Override
        public List<BestEffortFrame> bestEffortFrames() {
            return StreamStore.bestEffortFrames(tx);
        }

        @Override
        public StreamMeta metaForAppend(ExecutionId id, int attemptIndex, UUID attemptId) {
            return StreamStore.lockMetaForAppend(tx, id, attemptIndex, attemptId);
        }

        @Override
        public void save(StreamMeta m) {
            StreamStore.saveMeta(tx, m);
        }

        @Override
        public void close(ExecutionId id, int attemptIndex, UUID attemptId, String reason, long now) {
            StreamStore.close(tx, id, attemptIndex, attemptId, reason, now);
        }

        @Override
        public void insertFrame(ExecutionId id, int attemptIndex, StreamFrameId frameId, String fieldsJson,
                                StreamModeKind mode) {
            StreamStore.insertFrame(tx, id, attemptIndex, frameId, fieldsJson, mode);
        }

        @Override
        public int keepNewest(ExecutionId id, int attemptIndex, StreamModeKind mode, int keep) {
            return StreamStore.keepNewest(tx, id, attemptIndex, mode, keep);
        }

        @Override
        public void save(ExecutionId id, int attemptIndex, Summary s) {
            StreamStore.saveSummary(tx, id, attemptIndex, s);
        }

        @Override
        public int deleteFrame(ExecutionId id, int attemptIndex, StreamFrameId frameId) {
            return StreamStore.deleteFrame(tx, id, attemptIndex, frameId);
        }
    }

    static final class Keystore implements KeystoreState {
        /** The keystore's image in its unit: read once per unit (every grant mints its key with it), not per call. */
        private static final Object IMAGE = new Object();

        private final Tx tx;

        Keystore(Tx tx) {
            this.tx = tx;
        }

        @Override
        public WaitpointKeystore load() {
            Object[] image = tx.image(IMAGE);
            if (image != null) {
                return (WaitpointKeystore) image[0];
            }
            WaitpointKeystore keystore = KeystoreStore.load(tx);
            tx.image(IMAGE, new Object[] {keystore});
            return keystore;
        }

        @Override
        public void replace(WaitpointKeystore keystore) {
            KeystoreStore.replace(tx, keystore);
            tx.image(IMAGE, new Object[] {keystore});
        }
    }

    static final class Events implements EventLog {
        private final Tx tx;

        Events(Tx tx) {
            this.tx = tx;
        }

        @Override
        public void completion(ExecCore e, String outcome, boolean dispatched) {
            OutboxStore.completion(tx, e, outcome, dispatched);
        }

        @Override
        public void lease(ExecCore e, UUID leaseId, long leaseEpoch, String workerInstanceId, String eventType,
                          String reason) {
            OutboxStore.lease(tx, e, leaseId, leaseEpoch, workerInstanceId, eventType, reason);
        }

        @Override
        public void signal(ExecCore e, UUID signalId, UUID waitpointId, String sourceIdentity, String effect) {
            OutboxStore.signal(tx, e, signalId, waitpointId, sourceIdentity, effect);
        }

        @Override
        public void operator(int partition, UUID subject, String namespace, String eventType, String detailsJson) {
            OutboxStore.operator(tx, partition, subject, namespace, eventType, detailsJson);
        }
    }
}
