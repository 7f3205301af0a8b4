package io.skein.engine.processing;

import io.skein.core.api.TagKeys;
import io.skein.core.error.EngineError;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.wire.SkeinJson;
import io.skein.engine.EngineUnit;
import io.skein.engine.state.ExecCore;
import io.skein.engine.state.Flow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tag writes of spec 02 §5 ({@code setExecutionTag}, {@code setFlowTag}): the key and value are checked before
 * any state is read (01 §2 limits: key rule, value ≤ 4096 bytes, ≤ 64 tags per entity); a missing entity is
 * {@code NotFound}; a set replaces the tag's value.
 */
public final class TagHandlers {

    /** Key rule first, then the value's presence and size: both before any storage access. */
    public static void validate(String key, String value) {
        TagKeys.validateTagKey(key);
        if (value == null) {
            throw EngineError.invalidInput("value: required");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > CreateExecutionHandler.MAX_TAG_VALUE_BYTES) {
            throw EngineError.invalidInput("value: longer than " + CreateExecutionHandler.MAX_TAG_VALUE_BYTES
                    + " bytes");
        }
    }

    public void setExecutionTag(EngineUnit unit, ExecutionId executionId, String key, String value) {
        validate(key, value);
        if (executionId == null) {
            throw EngineError.invalidInput("execution_id: required");
        }
        ExecCore e = unit.executions().require(executionId);
        Map<String, String> tags = with(e.tagMap(), key, value);
        e.tags = CreateExecutionHandler.json(tags);
        unit.executions().save(e);
    }

    public void setFlowTag(EngineUnit unit, int partition, FlowId flowId, String key, String value) {
        validate(key, value);
        Flow flow = unit.flows().requireFlow(partition, flowId.uuid());
        Map<String, String> tags = with(parse(flow.tags(), "ff_flow_core.tags"), key, value);
        unit.flows().setTags(flow, CreateExecutionHandler.json(tags), unit.now());
    }

    /** {@code tags} with {@code key} set; a new key past the per-entity limit is refused. */
    private static Map<String, String> with(Map<String, String> tags, String key, String value) {
        if (!tags.containsKey(key) && tags.size() >= CreateExecutionHandler.MAX_TAGS) {
            throw EngineError.invalidInput("tags: more than " + CreateExecutionHandler.MAX_TAGS + " tags");
        }
        tags.put(key, value);
        return tags;
    }

    /** A stored tag column (a JSON object of strings; null reads as none). */
    public static Map<String, String> parse(String json, String column) {
        if (json == null || json.isBlank()) {
            return new TreeMap<>();
        }
        try {
            return new TreeMap<>(SkeinJson.lenient().readerForMapOf(String.class).<Map<String, String>>readValue(json));
        } catch (IOException ex) {
            throw EngineError.validation(ValidationKind.CORRUPTION, column + ": not a JSON object of strings");
        }
    }
}
