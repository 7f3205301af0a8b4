package io.skein.connectors.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.skein.core.api.worker.CompletionEvent;
import io.skein.core.api.worker.CompletionOutcome;
import io.skein.core.api.worker.EventCursor;
import io.skein.core.api.worker.LeaseHistoryEvent;
import io.skein.core.api.worker.SignalDeliveryEffect;
import io.skein.core.api.worker.SignalDeliveryEvent;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.SignalId;
import io.skein.core.id.WaitpointId;
import io.skein.core.wire.EventType;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * How the lifecycle records on {@code ff.events} (spec 07; built by the topology's {@code CommandEvents}) read as the
 * subscription events of spec 02 §11. A record carries only public facts: lease ids, worker instance ids and source
 * identities never reach the topic, so those fields are absent (null) in Kafka mode; so is a waitpoint id the
 * operation's result did not carry.
 */
final class KafkaEvents {

    private KafkaEvents() {}

    /**
     * One event family: {@code of} is the event of a record at a cursor, or empty when the record is not of this
     * family.
     */
    record Family<E>(BiFunction<JsonNode, EventCursor, Optional<E>> of, Function<E, EventCursor> cursorOf,
                     Function<E, ExecutionId> executionOf) {}

    private static String type(JsonNode record) {
        return record.path("type").asText("");
    }

    private static String commandType(JsonNode record) {
        return record.path("data").path("command_type").asText("");
    }

    /** A fact of the operation's result (variant tags nest it one level), or a missing node. */
    private static JsonNode fact(JsonNode record, String name) {
        JsonNode value = record.path("data").path("result").findValue(name);
        return value == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : value;
    }

    private static Optional<ExecutionId> execution(JsonNode record) {
        String id = record.path("execution_id").asText(null);
        if (id == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ExecutionId.parse(id));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static long at(JsonNode record) {
        return record.path("at_ms").asLong();
    }

    /**
     * Claims are {@code Acquired}, except a claim under a reclaim grant and a reclaim ({@code Reclaimed}); expiries
     * and revocations as such.
     */
    static final Family<LeaseHistoryEvent> LEASE_HISTORY = new Family<>(KafkaEvents::leaseEvent,
            LeaseHistoryEvent::cursor, LeaseHistoryEvent::executionId);

    private static Optional<LeaseHistoryEvent> leaseEvent(JsonNode record, EventCursor cursor) {
        return execution(record).map(id -> {
            String type = type(record);
            if (type.equals(EventType.EXECUTION_CLAIMED.wire())) {
                return commandType(record).equals("claim_from_reclaim")
                        ? new LeaseHistoryEvent.Reclaimed(cursor, id, null, null, at(record), null, null)
                        : new LeaseHistoryEvent.Acquired(cursor, id, null, null, at(record));
            }
            if (type.equals(EventType.EXECUTION_RECLAIMED.wire())) {
                return new LeaseHistoryEvent.Reclaimed(cursor, id, null, null, at(record), null, null);
            }
            if (type.equals(EventType.LEASE_EXPIRED.wire())) {
                return new LeaseHistoryEvent.Expired(cursor, id, null, null, at(record), null);
            }
            if (type.equals(EventType.LEASE_REVOKED.wire())) {
                return new LeaseHistoryEvent.Revoked(cursor, id, null, null, at(record),
                        fact(record, "reason").asText(""));
            }
            return null;
        });
    }

    /** The transitions that end an execution; the public state after the change names the outcome. */
    private static final Set<String> ENDINGS = Set.of(EventType.EXECUTION_COMPLETED.wire(),
            EventType.EXECUTION_FAILED.wire(), EventType.EXECUTION_CANCELLED.wire(),
            EventType.EXECUTION_SKIPPED.wire(), EventType.DEPENDENCY_RESOLVED.wire());

    static final Family<CompletionEvent> COMPLETION = new Family<>((record, cursor) -> {
        if (!ENDINGS.contains(type(record))) {
            return Optional.empty();
        }
        String outcome = switch (record.path("public_state").asText("")) {
            case "completed" -> "success";
            case "failed" -> "failed";
            case "cancelled" -> "cancelled";
            case "expired" -> "expired";
            case "skipped" -> "skipped";
            default -> null; // a retry scheduled, a dependency that left its child waiting: not an ending
        };
        if (outcome == null) {
            return Optional.empty();
        }
        return execution(record).map(id -> new CompletionEvent(cursor, id, CompletionOutcome.fromWire(outcome),
                at(record)));
    }, CompletionEvent::cursor, CompletionEvent::executionId);

    static final Family<SignalDeliveryEvent> SIGNAL_DELIVERY = new Family<>((record, cursor) -> {
        if (!type(record).equals(EventType.SIGNAL_DELIVERED.wire()) || !fact(record, "signal_id").isTextual()) {
            return Optional.empty();
        }
        JsonNode waitpoint = fact(record, "waitpoint_id");
        return execution(record).map(id -> new SignalDeliveryEvent(cursor, id,
                SignalId.parse(fact(record, "signal_id").asText()),
                waitpoint.isTextual() ? WaitpointId.parse(waitpoint.asText()) : null, null,
                SignalDeliveryEffect.fromWire(fact(record, "effect").asText(null)), at(record)));
    }, SignalDeliveryEvent::cursor, SignalDeliveryEvent::executionId);
}
