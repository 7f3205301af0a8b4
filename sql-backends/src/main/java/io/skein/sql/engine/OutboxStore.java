package io.skein.sql.engine;

import io.skein.engine.state.ExecCore;

import io.skein.core.id.ExecutionId;
import io.skein.sql.stream.StreamKey;
import java.util.UUID;

/**
 * Inserts outbox rows (spec 05 §1.8) in the unit of work of the change they report (D7). The lease history
 * ({@code ff_lease_event}) and completion events feed subscriptions and the dependency-repair reconciler.
 */
public final class OutboxStore {

    /**
     * The notifier key outbox subscriptions park on (spec 02 §11): no stream has a negative partition, so it never
     * meets a tail's key. Woken after every commit that inserted a subscribable event.
     */
    public static final StreamKey WAKE_KEY = new StreamKey(-1, new UUID(0, 0), -1);

    private OutboxStore() {}

    private static void wakeSubscriptions(Tx tx) {
        tx.publishStreamClosed(WAKE_KEY); // a wake without a frame id: subscribers re-read
    }

    public static void completion(Tx tx, ExecCore e, String outcome, boolean dispatched) {
        tx.updateLater("INSERT INTO ff_completion_event (partition_key, execution_id, namespace, instance_tag, occurred_at_ms, "
                        + "flow_id, outcome, committed_at_ms, dispatched_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                e.executionId.partition(), e.executionId.uuid(), e.namespace, instanceTag(e), tx.now(), e.flowId,
                outcome, tx.now(), dispatched ? tx.now() : null);
        wakeSubscriptions(tx);
    }

    public static void lease(Tx tx, ExecCore e, UUID leaseId, long leaseEpoch, String workerInstanceId,
                             String eventType, String reason) {
        tx.updateLater("INSERT INTO ff_lease_event (partition_key, execution_id, namespace, instance_tag, occurred_at_ms, "
                        + "lease_id, lease_epoch, worker_instance_id, event_type, reason) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                e.executionId.partition(), e.executionId.uuid(), e.namespace, instanceTag(e), tx.now(), leaseId,
                leaseEpoch, workerInstanceId, eventType, reason);
        wakeSubscriptions(tx);
    }

    public static void signal(Tx tx, ExecCore e, UUID signalId, UUID waitpointId, String sourceIdentity, String effect) {
        tx.updateLater("INSERT INTO ff_signal_event (partition_key, execution_id, namespace, instance_tag, occurred_at_ms, "
                        + "signal_id, waitpoint_id, source_identity, effect, delivered_at_ms) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                e.executionId.partition(), e.executionId.uuid(), e.namespace, instanceTag(e), tx.now(), signalId,
                waitpointId, sourceIdentity, effect, tx.now());
        wakeSubscriptions(tx);
    }

    public static void operator(Tx tx, int partition, UUID subject, String namespace, String eventType, String detailsJson) {
        tx.updateLater("INSERT INTO ff_operator_event (partition_key, execution_id, namespace, occurred_at_ms, event_type, "
                + "details) VALUES (?, ?, ?, ?, ?, ?)", partition, subject, namespace, tx.now(), eventType, detailsJson);
    }

    public static void operator(Tx tx, ExecutionId id, String namespace, String eventType, String detailsJson) {
        operator(tx, id.partition(), id.uuid(), namespace, eventType, detailsJson);
    }

    /** The execution tag {@code cairn.instance_id}, used to filter subscriptions by instance. */
    private static String instanceTag(ExecCore e) {
        if (e.tags == null || !e.tags.contains("cairn.instance_id")) {
            return null;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode n = io.skein.core.wire.SkeinJson.lenient().readTree(e.tags);
            return n.hasNonNull("cairn.instance_id") ? n.get("cairn.instance_id").asText() : null;
        } catch (java.io.IOException ex) {
            return null;
        }
    }
}
