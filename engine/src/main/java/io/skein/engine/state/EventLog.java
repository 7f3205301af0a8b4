package io.skein.engine.state;

import io.skein.core.id.ExecutionId;
import java.util.UUID;

/**
 * The outbox (spec 05 §1.8, D7): the history rows a change reports, written in the unit of the change: lease
 * history, completions, signal deliveries, operator actions.
 */
public interface EventLog {

    void completion(ExecCore e, String outcome, boolean dispatched);

    void lease(ExecCore e, UUID leaseId, long leaseEpoch, String workerInstanceId, String eventType, String reason);

    void signal(ExecCore e, UUID signalId, UUID waitpointId, String sourceIdentity, String effect);

    void operator(int partition, UUID subject, String namespace, String eventType, String detailsJson);

    default void operator(ExecutionId id, String namespace, String eventType, String detailsJson) {
        operator(id.partition(), id.uuid(), namespace, eventType, detailsJson);
    }
}
