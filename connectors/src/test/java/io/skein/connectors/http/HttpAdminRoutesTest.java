package io.skein.connectors.http;

import static io.skein.connectors.http.HttpFixture.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.skein.connectors.http.HttpFixture.Answer;
import io.skein.core.api.CreateFlowArgs;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The T2 routes (tags, admin listings, raw fields, the roll-up), served directly and in Kafka mode: each answers the
 * shape its OpenAPI entry documents, and bad parameters are typed 400s that change nothing.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(HttpFixture.Mode.class)
class HttpAdminRoutesTest {

    @Parameter
    HttpFixture.Mode mode;

    private HttpFixture f;

    @BeforeEach
    void start() {
        f = HttpFixture.withToken(mode);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private static void assertError(Answer a, int status, String kind) {
        assertEquals(status, a.status(), a.body());
        assertEquals(kind, a.json().path("kind").asText(), a.body());
    }

    @Test
    void executionAndFlowTagsArePutAndReadBack() {
        ExecutionId id = f.createExecution();
        String tag = "/v1/executions/" + enc(id) + "/tags/app.owner";

        assertEquals(204, f.send("PUT", tag, "{\"value\":\"ann\"}").status());
        JsonNode read = f.get(tag).json();
        assertEquals("app.owner", read.path("key").asText());
        assertEquals("ann", read.path("value").asText());
        assertEquals(Optional.of("ann"), f.served.getExecutionTag(id, "app.owner"));
        assertError(f.get("/v1/executions/" + enc(id) + "/tags/app.none"), 404, "not_found");

        FlowId flow = FlowId.random();
        f.served.createFlow(new CreateFlowArgs(flow, "dag", Namespace.of("ns"), f.served.serverTimeMs()));
        assertEquals(204, f.send("PUT", "/v1/flows/" + flow + "/tags/app.stage", "{\"value\":\"build\"}").status());
        assertEquals("build", f.get("/v1/flows/" + flow + "/tags/app.stage").json().path("value").asText());
        assertError(f.send("PUT", "/v1/flows/" + FlowId.random() + "/tags/app.stage", "{\"value\":\"x\"}"), 404,
                "not_found");
    }

    @Test
    void badTagKeysValuesAndBodiesAreTyped400sThatChangeNothing() {
        ExecutionId id = f.createExecution();
        String base = "/v1/executions/" + enc(id) + "/tags/";

        for (String key : List.of("owner", "App.owner", "app.own%20er", "app.x%2Fy")) {
            Answer a = f.send("PUT", base + key, "{\"value\":\"v\"}");
            assertEquals(400, a.status(), key + ": " + a.body());
            assertEquals(400, f.get(base + key).status(), key);
        }
        assertEquals(400, f.send("PUT", base + "app.owner", "{\"value\":\"" + "x".repeat(4097) + "\"}").status());
        assertEquals(400, f.send("PUT", base + "app.owner", "{\"value\":7}").status());
        assertEquals(400, f.send("PUT", base + "app.owner", "{}").status());
        assertEquals(Optional.empty(), f.served.getExecutionTag(id, "app.owner"));
        assertTrue(f.served.describeExecution(id).orElseThrow().tags().isEmpty());
    }

    @Test
    void theAdminListingsPageAndDescribeTheirEntries() {
        ExecutionId first = f.createExecution();
        ExecutionId second = f.createExecution();
        int partition = first.partition();

        JsonNode lanes = f.get("/v1/lanes").json();
        assertEquals("default", lanes.path("lanes").get(0).asText(), lanes.toString());
        assertTrue(lanes.path("next_cursor").isNull());

        JsonNode eligible = f.get("/v1/lanes/default/eligible?partition=" + partition + "&limit=10").json();
        List<String> ids = new ArrayList<>();
        eligible.path("executions").forEach(n -> ids.add(n.asText()));
        assertTrue(ids.contains(first.toString()) && ids.contains(second.toString()), eligible.toString());

        JsonNode suspended = f.get("/v1/suspended?partition=" + partition).json();
        assertEquals(0, suspended.path("entries").size(), suspended.toString());
        assertTrue(suspended.path("next_cursor").isNull());

        FlowId flow = FlowId.random();
        f.served.createFlow(new CreateFlowArgs(flow, "dag", Namespace.of("ns"), f.served.serverTimeMs()));
        int flowPartition = PartitionConfig.DEFAULT.flowPartition(flow);
        JsonNode flows = f.get("/v1/flows?partition=" + flowPartition + "&limit=1").json();
        assertEquals(flow.toString(), flows.path("flows").get(0).path("flow_id").asText(), flows.toString());
        assertEquals("active", flows.path("flows").get(0).path("status").asText());
        Answer projected = f.post("/v1/flows/" + flow + "/summary", null);
        assertEquals(200, projected.status(), projected.body());
        assertTrue(projected.json().path("changed").asBoolean());

        JsonNode fields = f.get("/v1/executions/" + enc(first) + "/core-fields?fields=lane_id,priority,flow_id")
                .json().path("fields");
        assertEquals("default", fields.path("lane_id").asText(), fields.toString());
        assertEquals("5", fields.path("priority").asText());
        assertTrue(fields.path("flow_id").isNull());
    }

    @Test
    void badListingParametersAreTyped400s() {
        ExecutionId id = f.createExecution();
        for (String path : List.of("/v1/flows", "/v1/flows?partition=-1", "/v1/flows?partition=256",
                "/v1/flows?partition=x", "/v1/flows?partition=1&limit=0", "/v1/flows?partition=1&limit=1001",
                "/v1/flows?partition=1&cursor=nope", "/v1/suspended", "/v1/suspended?partition=1&cursor=nope",
                "/v1/suspended?partition=1&limit=-5", "/v1/lanes?limit=abc", "/v1/lanes/default/eligible",
                "/v1/lanes/default/eligible?partition=2&limit=0",
                "/v1/executions/" + enc(id) + "/core-fields",
                "/v1/executions/" + enc(id) + "/core-fields?fields=lane_id,nope",
                "/v1/executions/" + enc(id) + "/core-fields?fields=lane_id%3B%20DROP%20TABLE%20ff_exec_core")) {
            Answer a = f.get(path);
            assertEquals(400, a.status(), path + ": " + a.body());
            assertTrue(a.json().path("kind").isTextual(), path + ": " + a.body());
        }
        assertError(f.get("/v1/executions/" + enc(HttpFixture.newExecutionId()) + "/core-fields?fields=lane_id"),
                404, "not_found");
    }

    @Test
    void theOpenApiDocumentDescribesTheNewRoutes() {
        JsonNode paths = f.get("/openapi.json").json().path("paths");
        for (String path : List.of("/v1/executions/{id}/tags/{key}", "/v1/flows/{id}/tags/{key}", "/v1/flows",
                "/v1/lanes", "/v1/lanes/{lane_id}/eligible", "/v1/suspended", "/v1/executions/{id}/core-fields",
                "/v1/flows/{id}/summary")) {
            assertTrue(paths.has(path), path);
        }
        assertEquals("set_execution_tag", paths.path("/v1/executions/{id}/tags/{key}").path("put")
                .path("operationId").asText());
        assertTrue(paths.path("/v1/flows").path("get").path("parameters").size() >= 3);
    }
}
