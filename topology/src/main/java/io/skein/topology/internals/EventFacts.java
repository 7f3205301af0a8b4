package io.skein.topology.internals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.core.api.Handle;
import io.skein.core.error.EngineException;
import io.skein.core.handle.HandleCodec;
import io.skein.core.handle.HandleFields;
import io.skein.core.hmac.WaitpointToken;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The public part of an operation's result, as an event on {@code ff.events} carries it (spec 07: ids, attempt,
 * epoch, public state and type-specific facts). Anyone allowed to read the event topic reads it, so a result is
 * copied field by field through a list of facts known to be public: a field not on the list, a handle, a lease id
 * or a waitpoint token never reaches an event. A handle becomes its attempt index, lease epoch and kind; a
 * waitpoint token becomes its kid and fingerprint (the form listings use, spec 04 §1.1). Variant tags of
 * externally tagged results ({@code "Claimed"}, {@code "RetryScheduled"}) are kept: they say what happened.
 */
final class EventFacts {

    /** Result fields an event may carry; a new result field stays out of events until it is added here. */
    private static final Set<String> PUBLIC = Set.of(
            "execution_id", "flow_id", "public_state", "attempt_index", "attempt_id", "attempt_type",
            "lease_epoch", "lease_expires_at", "delay_until", "next_attempt_index", "signal_id",
            "existing_signal_id", "effect", "suspension_id", "waitpoint_id", "waitpoint_key",
            "additional_waitpoints", "details", "claimed", "reason", "detail", "reclaim_count", "edge_id",
            "new_graph_revision", "new_node_count", "node_count", "unsatisfied_count", "cancellation_policy",
            "stored_cancellation_policy", "stored_cancel_reason", "member_execution_ids");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private EventFacts() {}

    /** The public facts of {@code result} (any JSON value); a handle or token alone leaves only its public facts. */
    static JsonNode of(JsonNode result) {
        if (isHandle(result)) {
            return handleFacts(result);
        }
        if (result.isObject()) {
            ObjectNode out = NODES.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = result.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String name = field.getKey();
                JsonNode value = field.getValue();
                if (name.equals("waitpoint_token") && value.isTextual()) {
                    out.put("waitpoint_kid", WaitpointToken.kidOf(value.asText()));
                    out.put("waitpoint_fingerprint", WaitpointToken.fingerprint(value.asText()));
                } else if (name.equals("handle") && isHandle(value)) {
                    out.setAll((ObjectNode) handleFacts(value));
                } else if (isVariantTag(name) || PUBLIC.contains(name)) {
                    out.set(name, of(value));
                }
            }
            return out;
        }
        if (result.isArray()) {
            ArrayNode out = NODES.arrayNode();
            result.forEach(element -> out.add(of(element)));
            return out;
        }
        return result.deepCopy();
    }

    /** Variant tags are the Java names of the result records: upper camel case, never a snake_case field. */
    private static boolean isVariantTag(String name) {
        return !name.isEmpty() && Character.isUpperCase(name.charAt(0));
    }

    private static boolean isHandle(JsonNode node) {
        return node.isObject() && node.has("opaque") && node.has("backend") && node.has("kind");
    }

    /** What a handle says that anyone may know: the attempt it leases, the lease's epoch and the handle's kind. */
    private static JsonNode handleFacts(JsonNode handle) {
        ObjectNode out = NODES.objectNode();
        try {
            Handle parsed = HandleCodec.fromJson(handle.toString());
            HandleFields fields = HandleCodec.peek(parsed);
            out.put("attempt_index", fields.attemptIndex());
            out.put("lease_epoch", fields.leaseEpoch());
            out.put("handle_kind", parsed.kind().wire());
        } catch (EngineException unreadable) {
            // a handle the engine issued always reads; if one ever does not, the event simply lacks its facts
        }
        return out;
    }
}
