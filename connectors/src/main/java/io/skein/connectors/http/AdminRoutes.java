package io.skein.connectors.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.core.api.EngineBackend;
import io.skein.core.api.FlowSummary;
import io.skein.core.api.ListFlowsPage;
import io.skein.core.api.execution.ListLanesPage;
import io.skein.core.api.execution.ListSuspendedPage;
import io.skein.core.api.execution.SuspendedEntry;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.LaneId;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.PartitionKey;
import io.skein.core.wire.SkeinJson;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The T2 routes of spec 02 §5 and §9 for operators: execution and flow tags, and the admin listings (flows, lanes,
 * suspended executions, a lane's eligible head), raw core fields and the flow roll-up. Listings page like
 * {@code GET /v1/executions?partition=}: {@code partition}, {@code cursor} (the previous page's {@code next_cursor}),
 * {@code limit} 1–1000, default 50.
 */
final class AdminRoutes {

    private static final ObjectMapper JSON = SkeinJson.strict();
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 1_000;

    /** Body of the tag PUTs. */
    record TagBody(String value) {}

    private final EngineBackend backend;
    private final PartitionConfig partitions;

    AdminRoutes(EngineBackend backend, PartitionConfig partitions) {
        this.backend = backend;
        this.partitions = partitions;
    }

    List<Route> routes() {
        return List.of(
                ApiRoutes.route("GET", "/v1/executions/{id}/tags/{key}", BodyLimit.NONE, "get_execution_tag",
                        "Reads one tag of an execution: {\"key\",\"value\"}; 404 when the execution or the tag is "
                                + "missing.", this::getExecutionTag),
                ApiRoutes.route("PUT", "/v1/executions/{id}/tags/{key}", BodyLimit.C, "set_execution_tag",
                        "Sets one tag of an execution (key <caller>.<field>, value ≤ 4096 bytes); 204.",
                        this::setExecutionTag),
                ApiRoutes.route("GET", "/v1/executions/{id}/core-fields", BodyLimit.NONE, "read_exec_core_fields",
                        "Admin: raw ff_exec_core columns named in fields (comma-separated) as text, null when unset.",
                        this::readExecCoreFields),
                ApiRoutes.route("GET", "/v1/flows", BodyLimit.NONE, "list_flows",
                        "One partition's flows by id with their roll-up status (active, completed, failed, "
                                + "cancelled, unknown).", this::listFlows),
                ApiRoutes.route("GET", "/v1/flows/{id}/tags/{key}", BodyLimit.NONE, "get_flow_tag",
                        "Reads one tag of a flow: {\"key\",\"value\"}; 404 when the flow or the tag is missing.",
                        this::getFlowTag),
                ApiRoutes.route("PUT", "/v1/flows/{id}/tags/{key}", BodyLimit.C, "set_flow_tag",
                        "Sets one tag of a flow (key <caller>.<field>, value ≤ 4096 bytes); 204.", this::setFlowTag),
                ApiRoutes.route("POST", "/v1/flows/{id}/summary", BodyLimit.NONE, "project_flow_summary",
                        "Recomputes the flow's roll-up from its members now: {\"changed\"}.", this::projectSummary),
                ApiRoutes.route("GET", "/v1/lanes", BodyLimit.NONE, "list_lanes",
                        "The registered lanes in name order.", this::listLanes),
                ApiRoutes.route("GET", "/v1/lanes/{lane_id}/eligible", BodyLimit.NONE, "scan_eligible_executions",
                        "The head of the lane's claim order on one partition.", this::scanEligible),
                ApiRoutes.route("GET", "/v1/suspended", BodyLimit.NONE, "list_suspended",
                        "One partition's suspended executions by timeout (none last), then id.",
                        this::listSuspended));
    }

    // ------------------------------------------------------------------------------------------------ tags

    private Reply getExecutionTag(Call call) {
        call.requireNoBody();
        String key = call.path("key");
        return tag(key, backend.getExecutionTag(executionId(call), key));
    }

    private Reply setExecutionTag(Call call) {
        ExecutionId id = executionId(call);
        TagBody body = call.bind(TagBody.class, Map.of(), false);
        backend.setExecutionTag(id, call.path("key"), body.value());
        return Reply.noContent();
    }

    private Reply getFlowTag(Call call) {
        call.requireNoBody();
        String key = call.path("key");
        return tag(key, backend.getFlowTag(flowId(call), key));
    }

    private Reply setFlowTag(Call call) {
        FlowId id = flowId(call);
        TagBody body = call.bind(TagBody.class, Map.of(), false);
        backend.setFlowTag(id, call.path("key"), body.value());
        return Reply.noContent();
    }

    private static Reply tag(String key, Optional<String> value) {
        ObjectNode out = JSON.createObjectNode();
        out.put("key", key);
        out.put("value", value.orElseThrow(() -> HttpFailure.notFound("tag " + key)));
        return ApiRoutes.json(200, out);
    }

    // ------------------------------------------------------------------------------------------------ admin reads

    private Reply readExecCoreFields(Call call) {
        call.requireNoBody();
        ExecutionId id = executionId(call);
        String raw = call.query("fields");
        if (raw == null || raw.isBlank()) {
            throw HttpFailure.badRequest("fields: required, a comma-separated list of ff_exec_core columns");
        }
        List<String> fields = Arrays.stream(raw.split(",", -1)).map(String::strip).toList();
        Map<String, Optional<String>> values = backend.readExecCoreFields(id.partitionKey(), id, fields);
        ObjectNode out = JSON.createObjectNode();
        ObjectNode map = out.putObject("fields");
        values.forEach((name, value) -> {
            if (value.isPresent()) {
                map.put(name, value.get());
            } else {
                map.putNull(name);
            }
        });
        return ApiRoutes.json(200, out);
    }

    private Reply listFlows(Call call) {
        call.requireNoBody();
        PartitionKey partition = partition(call);
        String rawCursor = call.query("cursor");
        FlowId cursor = rawCursor == null || rawCursor.isEmpty() ? null
                : ApiRoutes.parseId("cursor", () -> FlowId.parse(rawCursor));
        ListFlowsPage page = backend.listFlows(partition, cursor, limit(call));
        ObjectNode out = JSON.createObjectNode();
        ArrayNode flows = out.putArray("flows");
        for (FlowSummary f : page.flows()) {
            ObjectNode one = flows.addObject();
            one.put("flow_id", f.flowId().toString());
            one.put("created_at", f.createdAt());
            one.put("status", f.status().wire());
        }
        nextCursor(out, page.nextCursor());
        return ApiRoutes.json(200, out);
    }

    private Reply projectSummary(Call call) {
        call.requireNoBody();
        FlowId id = flowId(call);
        ObjectNode out = JSON.createObjectNode();
        out.put("changed", backend.projectFlowSummary(partitions.flowKey(id), id));
        return ApiRoutes.json(200, out);
    }

    private Reply listLanes(Call call) {
        call.requireNoBody();
        String rawCursor = call.query("cursor");
        LaneId cursor = rawCursor == null || rawCursor.isEmpty() ? null
                : ApiRoutes.parseId("cursor", () -> LaneId.of(rawCursor));
        ListLanesPage page = backend.listLanes(cursor, limit(call));
        ObjectNode out = JSON.createObjectNode();
        ArrayNode lanes = out.putArray("lanes");
        page.lanes().forEach(l -> lanes.add(l.value()));
        nextCursor(out, page.nextCursor() == null ? null : page.nextCursor().value());
        return ApiRoutes.json(200, out);
    }

    private Reply scanEligible(Call call) {
        call.requireNoBody();
        LaneId lane = ApiRoutes.parseId("lane_id", () -> LaneId.of(call.path("lane_id")));
        List<ExecutionId> ids = backend.scanEligibleExecutions(lane, partition(call), limit(call));
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("executions");
        ids.forEach(id -> list.add(id.toString()));
        return ApiRoutes.json(200, out);
    }

    private Reply listSuspended(Call call) {
        call.requireNoBody();
        PartitionKey partition = partition(call);
        String rawCursor = call.query("cursor");
        ExecutionId cursor = rawCursor == null || rawCursor.isEmpty() ? null
                : ExecutionId.parse("cursor", rawCursor);
        ListSuspendedPage page = backend.listSuspended(partition, cursor, limit(call));
        ObjectNode out = JSON.createObjectNode();
        ArrayNode entries = out.putArray("entries");
        for (SuspendedEntry e : page.entries()) {
            ObjectNode one = entries.addObject();
            one.put("execution_id", e.executionId().toString());
            one.put("suspended_at_ms", e.suspendedAtMs());
            one.put("reason", e.reason());
        }
        nextCursor(out, page.nextCursor());
        return ApiRoutes.json(200, out);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The required {@code partition} query parameter: an execution partition index. */
    private PartitionKey partition(Call call) {
        String raw = call.query("partition");
        if (raw == null) {
            throw HttpFailure.badRequest("partition: required, 0 to " + (partitions.flowPartitions() - 1));
        }
        return PartitionKey.flow(ApiRoutes.intQuery(call, "partition", 0, partitions.flowPartitions() - 1, 0));
    }

    private static int limit(Call call) {
        return ApiRoutes.intQuery(call, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
    }

    private static void nextCursor(ObjectNode out, Object cursor) {
        if (cursor == null) {
            out.putNull("next_cursor");
        } else {
            out.put("next_cursor", cursor.toString());
        }
    }

    private static ExecutionId executionId(Call call) {
        return ExecutionId.parse("execution_id", call.path("id"));
    }

    private static FlowId flowId(Call call) {
        return ApiRoutes.parseId("flow_id", () -> FlowId.parse(call.path("id")));
    }
}
