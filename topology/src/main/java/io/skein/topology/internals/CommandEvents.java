package io.skein.topology.internals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.core.command.EngineCommand;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.state.PublicState;
import io.skein.core.wire.EventEnvelope;
import io.skein.core.wire.EventType;
import io.skein.core.wire.SkeinJson;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lifecycle events of spec 07 a successful command causes, with deterministic ids
 * ({@code <command_id>:<index>}). The event type follows the operation; where one operation has two outcomes
 * (a failure that schedules a retry, a signal that resumes) the subject's public state after the change decides.
 */
public final class CommandEvents {

    private static final Map<String, EventType> BY_COMMAND = Map.ofEntries(
            Map.entry("create_execution", EventType.EXECUTION_CREATED),
            Map.entry("claim_execution", EventType.EXECUTION_CLAIMED),
            Map.entry("claim_resumed_execution", EventType.EXECUTION_CLAIMED),
            Map.entry("issue_grant_and_claim", EventType.EXECUTION_CLAIMED),
            Map.entry("claim_from_resume_grant", EventType.EXECUTION_CLAIMED),
            Map.entry("claim_from_reclaim", EventType.EXECUTION_CLAIMED),
            Map.entry("progress", EventType.PROGRESS),
            Map.entry("complete", EventType.EXECUTION_COMPLETED),
            Map.entry("complete_execution", EventType.EXECUTION_COMPLETED),
            Map.entry("fail", EventType.EXECUTION_FAILED),
            Map.entry("fail_execution", EventType.EXECUTION_FAILED),
            Map.entry("delay", EventType.EXECUTION_DELAYED),
            Map.entry("suspend", EventType.EXECUTION_SUSPENDED),
            Map.entry("suspend_by_triple", EventType.EXECUTION_SUSPENDED),
            Map.entry("deliver_signal", EventType.SIGNAL_DELIVERED),
            Map.entry("deliver_approval_signal", EventType.SIGNAL_DELIVERED),
            Map.entry("resume_execution", EventType.EXECUTION_RESUMED),
            Map.entry("cancel", EventType.EXECUTION_CANCELLED),
            Map.entry("cancel_execution", EventType.EXECUTION_CANCELLED),
            Map.entry("revoke_lease", EventType.LEASE_REVOKED),
            Map.entry("mark_lease_expired_if_due", EventType.LEASE_EXPIRED),
            Map.entry("reclaim_execution", EventType.EXECUTION_RECLAIMED),
            Map.entry("create_flow", EventType.FLOW_CREATED),
            Map.entry("add_execution_to_flow", EventType.MEMBER_ADDED),
            Map.entry("stage_dependency_edge", EventType.EDGE_STAGED),
            Map.entry("apply_dependency_to_child", EventType.DEPENDENCY_RESOLVED),
            Map.entry("cancel_flow_header", EventType.FLOW_CANCELLED),
            Map.entry("change_priority", EventType.PRIORITY_CHANGED),
            Map.entry("replay_execution", EventType.EXECUTION_REPLAYED));

    private static final java.util.Set<PublicState> TERMINAL = java.util.EnumSet.of(PublicState.COMPLETED,
            PublicState.FAILED, PublicState.CANCELLED, PublicState.EXPIRED, PublicState.SKIPPED);

    private CommandEvents() {}

    /**
     * The events of one applied command.
     *
     * @param stateAfter the subject execution's public state after the command, when it has one
     */
    public static List<Output> of(String commandId, EngineCommand command, JsonNode result, long atMs,
                                  Optional<ExecutionId> execution, Optional<FlowId> flow,
                                  Optional<PublicState> stateAfter) {
        EventType type = BY_COMMAND.get(command.type());
        if (type == null || (execution.isEmpty() && flow.isEmpty()) || isDuplicate(result)) {
            return List.of();
        }
        if (type == EventType.EXECUTION_FAILED && stateAfter.isPresent() && !TERMINAL.contains(stateAfter.get())) {
            type = EventType.RETRY_SCHEDULED;
        }
        ObjectNode data = SkeinJson.lenient().createObjectNode();
        data.put("command_type", command.type());
        JsonNode facts = result == null || result.isNull() ? null : EventFacts.of(result);
        if (facts != null) {
            data.set("result", facts);
        }
        boolean flowLevel = type == EventType.FLOW_CREATED || type == EventType.FLOW_CANCELLED
                || type == EventType.EDGE_STAGED || execution.isEmpty();
        JsonNode attempt = flowLevel ? null : fact(facts, "attempt_index");
        JsonNode epoch = flowLevel ? null : fact(facts, "lease_epoch");
        EventEnvelope event = new EventEnvelope(1, EventEnvelope.eventId(commandId, 0), type, atMs,
                flowLevel ? null : execution.map(ExecutionId::toString).orElse(null),
                flow.map(Object::toString).orElse(null), attempt == null ? null : attempt.intValue(),
                epoch == null ? null : epoch.longValue(), flowLevel ? null : stateAfter.orElse(null), data);
        return List.of(new Output(Output.Sink.EVENTS, null, event.recordKey(),
                SkeinJson.lenient().valueToTree(event)));
    }

    /** A numeric fact of the result (a claim's attempt index and lease epoch), or null. */
    private static JsonNode fact(JsonNode facts, String field) {
        JsonNode value = facts == null ? null : facts.findValue(field);
        return value != null && value.isIntegralNumber() ? value : null;
    }

    /** An idempotent repeat ({@code Duplicate…}, {@code AlreadySatisfied}) changed nothing, so it emits nothing. */
    private static boolean isDuplicate(JsonNode result) {
        if (result == null || !result.isObject() && !result.isTextual()) {
            return false;
        }
        String tag = result.isTextual() ? result.asText() : result.fieldNames().hasNext()
                ? result.fieldNames().next() : "";
        return tag.startsWith("Duplicate") || tag.startsWith("Already");
    }
}
