package io.skein.connectors.http;

import static io.skein.connectors.http.ApiRoutes.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.core.api.EngineBackend;
import io.skein.core.api.ExecutionSnapshot;
import io.skein.core.api.ListPendingWaitpointsArgs;
import io.skein.core.api.execution.AttemptSummary;
import io.skein.core.api.execution.ExecutionDetail;
import io.skein.core.api.execution.ExecutionQuery;
import io.skein.core.api.execution.ExecutionSummary;
import io.skein.core.api.execution.ExecutionSummaryPage;
import io.skein.core.api.scheduler.ClaimedInput;
import io.skein.core.error.EngineError;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.PartitionConfig;
import io.skein.core.state.PublicState;
import io.skein.core.wire.SkeinJson;
import io.skein.core.wire.WireEnum;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The HTTP API for people (issue #18), beside the reference's shapes: a create without an id (the server mints it,
 * D14) and with {@code "input"} as any JSON; a list across every partition with filters and cursor paging; and one
 * read that describes an execution whole, its input and result as JSON when they were stored as JSON.
 */
final class PeopleRoutes {

    private static final ObjectMapper JSON = SkeinJson.strict();
    /** Who created an execution when a body without an id does not say. */
    static final String DEFAULT_CREATOR = "http";

    private final EngineBackend backend;
    private final PartitionConfig partitions;
    private final Supplier<UUID> ids;

    PeopleRoutes(EngineBackend backend, PartitionConfig partitions, Supplier<UUID> ids) {
        this.backend = backend;
        this.partitions = partitions;
        this.ids = ids;
    }

    Route detailRoute() {
        return ApiRoutes.route("GET", "/v1/executions/{id}/detail", BodyLimit.NONE, "read_execution_detail",
                "Describes an execution for people: state, lease, progress, waitpoints, input and result (as JSON "
                        + "when stored as JSON) and every attempt with its outcome and duration.", this::detail);
    }

    // ------------------------------------------------------------------------------------------------ create

    /**
     * Reshapes a create body into the reference's: {@code "input"} (any JSON) becomes {@code input_payload} bytes
     * with {@code payload_encoding} json; a body without {@code execution_id} gets a minted one, its partition, and
     * the defaults a person leaves out (namespace {@code default}, priority 0, creator {@value #DEFAULT_CREATOR},
     * empty input).
     */
    ObjectNode createBody(Call call) {
        ObjectNode body = call.bodyObject();
        JsonNode input = body.remove("input");
        if (input != null) {
            if (body.has("input_payload")) {
                throw HttpFailure.badRequest("input: give input (any JSON) or input_payload (bytes), not both");
            }
            JsonNode encoding = body.get("payload_encoding");
            if (encoding != null && !encoding.isNull() && !ClaimedInput.JSON_ENCODING.equals(encoding.asText())) {
                throw HttpFailure.badRequest("payload_encoding: an input given as JSON is stored as json");
            }
            body.put("payload_encoding", ClaimedInput.JSON_ENCODING);
            body.set("input_payload", JSON.valueToTree(text(input).getBytes(StandardCharsets.UTF_8)));
        }
        if (body.hasNonNull("execution_id")) {
            return body;
        }
        if (body.has("partition_id")) {
            throw HttpFailure.badRequest("partition_id: only with an execution_id; the server places the ids it "
                    + "mints");
        }
        ExecutionId id = partitions.mintedExecutionId(ids.get());
        body.put("execution_id", id.toString());
        body.put("partition_id", id.partition());
        if (!body.has("namespace")) {
            body.put("namespace", "default");
        }
        if (!body.has("priority")) {
            body.put("priority", 0);
        }
        if (!body.has("creator_identity")) {
            body.put("creator_identity", DEFAULT_CREATOR);
        }
        if (!body.has("input_payload")) {
            body.putArray("input_payload");
        }
        return body;
    }

    // -------------------------------------------------------------------------------------------------- list

    /** {@code GET /v1/executions} without {@code partition}: one page across every partition, newest first. */
    Reply search(Call call) {
        LaneId lane = call.query("lane") == null ? null
                : ApiRoutes.parseId("lane", () -> LaneId.of(call.query("lane")));
        PublicState state = null;
        if (call.query("state") != null) {
            state = WireEnum.lookup(PublicState.class, call.query("state"));
            if (state == null) {
                throw HttpFailure.badRequest("state: not a public state (waiting, active, completed, failed, …)");
            }
        }
        String cursor = call.query("cursor");
        ExecutionQuery query = new ExecutionQuery(lane, state, call.query("kind"),
                ApiRoutes.longQuery(call, "created_after"), ApiRoutes.longQuery(call, "created_before"),
                cursor == null || cursor.isEmpty() ? null : ExecutionQuery.Cursor.parse(cursor),
                ApiRoutes.intQuery(call, "limit", 1, ExecutionQuery.MAX_LIMIT, ExecutionQuery.DEFAULT_LIMIT));
        ExecutionSummaryPage page = backend.searchExecutions(query);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("executions");
        for (ExecutionSummary s : page.executions()) {
            list.add(JSON.valueToTree(s));
        }
        if (page.nextCursor() == null) {
            out.putNull("next_cursor");
        } else {
            out.put("next_cursor", page.nextCursor().encode());
        }
        return json(200, out);
    }

    // ------------------------------------------------------------------------------------------------ detail

    private Reply detail(Call call) {
        call.requireNoBody();
        ExecutionId id = ExecutionId.parse("execution_id", call.path("id"));
        ExecutionSnapshot snapshot = backend.describeExecution(id)
                .orElseThrow(() -> EngineError.notFound("execution"));
        ExecutionDetail detail = backend.readExecutionDetail(id).orElseThrow(() -> EngineError.notFound("execution"));
        ObjectNode out = JSON.createObjectNode();
        out.put("execution_id", id.toString());
        out.put("lane_id", snapshot.laneId().value());
        out.put("namespace", snapshot.namespace().value());
        out.put("execution_kind", detail.executionKind());
        out.put("priority", detail.priority());
        out.put("public_state", snapshot.publicState().wire());
        if (snapshot.blockingReason() != null) {
            out.put("blocking_reason", snapshot.blockingReason().wire());
        }
        putIfPresent(out, "blocking_detail", snapshot.blockingDetail());
        out.put("created_at", snapshot.createdAt());
        out.put("updated_at", snapshot.lastMutationAt());
        out.put("attempt_count", snapshot.totalAttemptCount());
        if (snapshot.progressPct() != null || snapshot.progressMessage() != null) {
            ObjectNode progress = out.putObject("progress");
            if (snapshot.progressPct() != null) {
                progress.put("percent", snapshot.progressPct());
            }
            putIfPresent(progress, "message", snapshot.progressMessage());
        }
        if (snapshot.currentLease() != null) {
            out.set("lease", JSON.valueToTree(snapshot.currentLease()));
        }
        out.set("tags", JSON.valueToTree(snapshot.tags()));
        payload(out, "input", "input_payload", detail.inputPayload(), detail.payloadEncoding());
        putIfPresent(out, "payload_encoding", detail.payloadEncoding());
        if (detail.result() != null) {
            payload(out, "result", "result_payload", detail.result(), detail.resultEncoding());
            putIfPresent(out, "result_encoding", detail.resultEncoding());
        }
        putIfPresent(out, "failure_reason", detail.failureReason());
        putIfPresent(out, "cancellation_reason", detail.cancellationReason());
        ArrayNode attempts = out.putArray("attempts");
        for (AttemptSummary a : detail.attempts()) {
            ObjectNode one = attempts.addObject();
            one.put("attempt_index", a.attemptIndex());
            if (a.attemptType() != null) {
                one.put("attempt_type", a.attemptType().wire());
            }
            one.put("outcome", a.lifecycle().wire());
            putIfPresent(one, "worker_instance_id", a.workerInstanceId());
            if (a.startedAt() != null) {
                one.put("started_at", a.startedAt());
                if (a.endedAt() != null) {
                    one.put("ended_at", a.endedAt());
                    one.put("duration_ms", a.endedAt() - a.startedAt());
                }
            }
            putIfPresent(one, "failure_reason", a.failureReason());
        }
        out.set("waitpoints", JSON.valueToTree(backend.listPendingWaitpoints(new ListPendingWaitpointsArgs(id, null,
                ListPendingWaitpointsArgs.DEFAULT_LIMIT)).entries()));
        return json(200, out).withHeader("Cache-Control", "no-store");
    }

    // --------------------------------------------------------------------------------------------- JSON forms

    /**
     * Puts stored bytes under {@code jsonField} as the JSON they hold when their encoding is json, else under
     * {@code bytesField} as the reference's number array.
     */
    static void payload(ObjectNode out, String jsonField, String bytesField, byte[] bytes, String encoding) {
        if (ClaimedInput.JSON_ENCODING.equals(encoding)) {
            try {
                JsonNode parsed = JSON.readTree(bytes);
                if (parsed != null && !parsed.isMissingNode()) {
                    out.set(jsonField, parsed);
                    return;
                }
            } catch (IOException notJson) {
                // stored as json by a writer that lied: the bytes are still worth showing
            }
        }
        out.set(bytesField, JSON.valueToTree(bytes));
    }

    /** The compact text of a JSON value, as stored for an input or result given as JSON. */
    static String text(JsonNode value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("a parsed JSON value does not serialize", e);
        }
    }

    private static void putIfPresent(ObjectNode out, String field, String value) {
        if (value != null) {
            out.put(field, value);
        }
    }
}
