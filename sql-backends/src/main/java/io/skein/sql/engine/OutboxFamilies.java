package io.skein.sql.engine;

import io.skein.core.api.worker.CompletionEvent;
import io.skein.core.api.worker.CompletionOutcome;
import io.skein.core.api.worker.LeaseHistoryEvent;
import io.skein.core.api.worker.SignalDeliveryEffect;
import io.skein.core.api.worker.SignalDeliveryEvent;
import io.skein.core.id.LeaseId;
import io.skein.core.id.SignalId;
import io.skein.core.id.WaitpointId;
import io.skein.core.id.WorkerInstanceId;
import java.util.UUID;

/** The three subscribable outbox tables of spec 05 §1.8 and how their rows read as the events of spec 02 §11. */
final class OutboxFamilies {

    private OutboxFamilies() {}

    /**
     * {@code ff_lease_event}: {@code released} and {@code replay_initiated} rows are history only, not delivered. A
     * {@code reclaimed} row holds the new lease and its owner; a {@code revoked} row's reason says who revoked.
     */
    static final OutboxSubscription.Family<LeaseHistoryEvent> LEASE_HISTORY = new OutboxSubscription.Family<>(
            "ff_lease_event", "lease_id, worker_instance_id, event_type, reason",
            "event_type IN ('acquired', 'expired', 'reclaimed', 'revoked')",
            (rs, tx, cursor, execution, at) -> {
                UUID lease = OutboxSubscription.uuidOrNull(tx, rs, "lease_id");
                LeaseId leaseId = lease == null ? null : new LeaseId(lease);
                String worker = rs.getString("worker_instance_id");
                WorkerInstanceId owner = worker == null ? null : WorkerInstanceId.of(worker);
                switch (rs.getString("event_type")) {
                    case "acquired":
                        return new LeaseHistoryEvent.Acquired(cursor, execution, leaseId, owner, at);
                    case "expired":
                        return new LeaseHistoryEvent.Expired(cursor, execution, leaseId, owner, at, owner);
                    case "reclaimed":
                        return new LeaseHistoryEvent.Reclaimed(cursor, execution, leaseId, owner, at, leaseId, owner);
                    default:
                        return new LeaseHistoryEvent.Revoked(cursor, execution, leaseId, owner, at,
                                rs.getString("reason"));
                }
            }, LeaseHistoryEvent::cursor, LeaseHistoryEvent::executionId);

    static final OutboxSubscription.Family<CompletionEvent> COMPLETION = new OutboxSubscription.Family<>(
            "ff_completion_event", "outcome", "1 = 1",
            (rs, tx, cursor, execution, at) -> new CompletionEvent(cursor, execution,
                    CompletionOutcome.fromWire(rs.getString("outcome")), at),
            CompletionEvent::cursor, CompletionEvent::executionId);

    static final OutboxSubscription.Family<SignalDeliveryEvent> SIGNAL_DELIVERY = new OutboxSubscription.Family<>(
            "ff_signal_event", "signal_id, waitpoint_id, source_identity, effect, delivered_at_ms", "1 = 1",
            (rs, tx, cursor, execution, at) -> {
                UUID waitpoint = OutboxSubscription.uuidOrNull(tx, rs, "waitpoint_id");
                return new SignalDeliveryEvent(cursor, execution, new SignalId(tx.uuid(rs, "signal_id")),
                        waitpoint == null ? null : new WaitpointId(waitpoint), rs.getString("source_identity"),
                        SignalDeliveryEffect.fromWire(rs.getString("effect")), rs.getLong("delivered_at_ms"));
            }, SignalDeliveryEvent::cursor, SignalDeliveryEvent::executionId);
}
