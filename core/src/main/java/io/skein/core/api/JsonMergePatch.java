package io.skein.core.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.core.error.EngineError;
import io.skein.core.wire.SkeinJson;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON Merge Patch (RFC 7396) and the summary-stream rules built on it (spec 04 §3.3): the merge, the
 * {@code "__ff_null__"} sentinel that stores an explicit JSON null, and the checks on a summary patch. Inputs are
 * never modified.
 */
public final class JsonMergePatch {

    /** A string leaf with this value becomes JSON {@code null} after the merge. */
    public static final String NULL_SENTINEL = "__ff_null__";

    private JsonMergePatch() {}

    /**
     * RFC 7396 {@code MergePatch(target, patch)}: an object patch merges member by member (a null member deletes,
     * a non-object target is replaced by {@code {}}); any other patch replaces the target. A null or missing target
     * counts as absent.
     */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            return patch == null ? JsonNodeFactory.instance.nullNode() : patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject()
                ? ((ObjectNode) target).deepCopy() : JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> members = patch.fields();
        while (members.hasNext()) {
            Map.Entry<String, JsonNode> member = members.next();
            if (member.getValue().isNull()) {
                result.remove(member.getKey());
            } else {
                result.set(member.getKey(), apply(result.get(member.getKey()), member.getValue()));
            }
        }
        return result;
    }

    /** A copy of {@code node} in which every string leaf equal to {@link #NULL_SENTINEL} is JSON {@code null}. */
    public static JsonNode replaceNullSentinel(JsonNode node) {
        if (node.isTextual() && NULL_SENTINEL.equals(node.textValue())) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), replaceNullSentinel(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(replaceNullSentinel(element)));
            return copy;
        }
        return node.deepCopy();
    }

    /**
     * Applies one summary delta: the merge, then the sentinel rule, so the stored document never contains the
     * sentinel. {@code document} is null before the first delta.
     */
    public static JsonNode applySummaryDelta(JsonNode document, JsonNode patch) {
        return replaceNullSentinel(apply(document, patch));
    }

    /** Nesting depth: 0 for a scalar, 1 + the deepest member for an object or array ({@code {}} is 1). */
    public static int depth(JsonNode node) {
        if (!node.isContainerNode()) {
            return 0;
        }
        int deepest = 0;
        for (JsonNode child : node) {
            deepest = Math.max(deepest, depth(child));
        }
        return 1 + deepest;
    }

    /**
     * Parses a summary-mode payload: it must be a JSON object nested at most {@link Frame#MAX_SUMMARY_DEPTH} deep,
     * else {@code Validation(InvalidInput, "payload: …")}.
     */
    public static ObjectNode parseSummaryPatch(byte[] payload) {
        JsonNode patch;
        try {
            patch = SkeinJson.strict().readTree(payload);
        } catch (JsonProcessingException e) {
            throw EngineError.invalidInput("payload: summary patch is not valid JSON");
        } catch (IOException e) {
            throw EngineError.invalidInput("payload: summary patch is not valid JSON");
        }
        if (patch == null || !patch.isObject()) {
            throw EngineError.invalidInput("payload: summary patch must be a JSON object");
        }
        if (depth(patch) > Frame.MAX_SUMMARY_DEPTH) {
            throw EngineError.invalidInput("payload: summary patch nested deeper than " + Frame.MAX_SUMMARY_DEPTH);
        }
        return (ObjectNode) patch;
    }

    /** The compact UTF-8 JSON bytes of a document, as stored in {@code SummaryDocument.documentJson}. */
    public static byte[] toBytes(JsonNode document) {
        try {
            return SkeinJson.strict().writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
