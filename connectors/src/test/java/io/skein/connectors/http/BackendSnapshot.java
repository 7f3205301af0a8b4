package io.skein.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.core.api.ListPendingWaitpointsArgs;
import io.skein.core.api.StreamCursor;
import io.skein.core.error.EngineException;
import io.skein.core.id.BudgetId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.PartitionKey;
import io.skein.core.wire.SkeinJson;
import io.skein.sql.sqlite.SqliteBackend;
import java.util.List;

/**
 * What a fuzz test compares before and after: every execution (info, description with its lease and progress,
 * attempt 0's stream, pending waitpoints), the given flows and budgets, and the keystore's kids, as one JSON text.
 */
final class BackendSnapshot {

    /** The tag key the fuzz templates write. */
    static final String FUZZ_TAG = "app.fuzz";

    private BackendSnapshot() {}

    static String of(SqliteBackend backend, List<FlowId> flows, List<BudgetId> budgets) {
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        ArrayNode all = state.putArray("executions");
        for (int p = 0; p < PartitionConfig.DEFAULT.flowPartitions(); p++) {
            for (ExecutionId id : backend.listExecutions(PartitionKey.flow(p), null, 1000).executions()) {
                ObjectNode e = all.addObject();
                e.put("id", id.toString());
                e.set("info", SkeinJson.strict().valueToTree(backend.readExecutionInfo(id).orElseThrow()));
                // lease, its expiry and epoch, and progress: what renew and progress would move
                e.set("described", SkeinJson.strict().valueToTree(backend.describeExecution(id).orElseThrow()));
                e.set("stream", streamOf(backend, id));
                e.set("waitpoints", SkeinJson.strict().valueToTree(backend.listPendingWaitpoints(
                        new ListPendingWaitpointsArgs(id, null, 100)).entries()));
            }
        }
        ArrayNode flowStates = state.putArray("flows");
        flows.forEach(flow -> flowStates.add(SkeinJson.strict().valueToTree(backend.describeFlow(flow)
                .orElseThrow())));
        // flow tags are not part of a flow's description: the tag the fuzz templates set stands for them
        ArrayNode flowTags = state.putArray("flow_tags");
        flows.forEach(flow -> flowTags.add(backend.getFlowTag(flow, FUZZ_TAG).orElse("")));
        ArrayNode budgetStates = state.putArray("budgets");
        budgets.forEach(budget -> budgetStates.add(SkeinJson.strict().valueToTree(backend.getBudgetStatus(budget))));
        state.set("kids", SkeinJson.strict().valueToTree(backend.listWaitpointHmacKids()));
        // the worker registry of the namespace the templates register in
        state.set("workers", SkeinJson.strict().valueToTree(backend.listWorkers(
                new io.skein.core.api.worker.ListWorkersArgs(io.skein.core.id.Namespace.of("ns"), null, null))));
        return state.toString();
    }

    /** Attempt 0's frames, or the typed error of an execution without that attempt. */
    private static JsonNode streamOf(SqliteBackend backend, ExecutionId id) {
        try {
            return SkeinJson.strict().valueToTree(backend.readStream(id, 0, new StreamCursor.Start(),
                    new StreamCursor.End(), 1000));
        } catch (EngineException e) {
            return JsonNodeFactory.instance.textNode(e.error().toString());
        }
    }
}
