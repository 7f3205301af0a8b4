package io.skein.connectors.http;

import static io.skein.connectors.http.HttpFixture.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.skein.connectors.http.HttpFixture.Answer;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.PartitionConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The HTTP API for people (issue #18), served directly and in Kafka mode: a create without an id gets a minted one
 * that spreads a lane over the partitions, JSON input and results travel as JSON, the list spans every partition
 * with filters and paging, and one read describes an execution whole.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(HttpFixture.Mode.class)
class HttpPeopleRoutesTest {

    private static final String WORKER = "\"worker_id\":\"w1\",\"worker_instance_id\":\"w1-i1\",\"capabilities\":[]";

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

    private ExecutionId submit(String body) {
        Answer a = f.post("/v1/executions", body);
        assertEquals(201, a.status(), a.body());
        return ExecutionId.parse(a.json().path("Created").path("execution_id").asText());
    }

    private static void assertError(Answer a, int status, String kind) {
        assertEquals(status, a.status(), a.body());
        assertEquals(kind, a.json().path("kind").asText(), a.body());
    }

    @Test
    void aCreateWithoutAnIdGetsAMintedOneAndOneLaneSpreadsOverThePartitions() {
        Set<Integer> partitions = new HashSet<>();
        for (int i = 0; i < 24; i++) {
            ExecutionId id = submit("{\"lane_id\":\"default\",\"execution_kind\":\"job\"}");
            // D14: the partition is crc16 of the uuid's 16 bytes, not of the lane's name
            assertEquals(PartitionConfig.DEFAULT.mintedExecutionId(id.uuid()), id);
            partitions.add(id.partition());
        }
        assertTrue(partitions.size() >= 12, "24 minted ids of one lane on " + partitions.size() + " partitions");
        ExecutionId one = submit("{\"lane_id\":\"default\",\"execution_kind\":\"job\"}");
        JsonNode info = f.get("/v1/executions/" + enc(one)).json();
        assertEquals("default", info.path("namespace").asText(), info.toString());
        assertEquals(0, info.path("priority").asInt(), info.toString());
    }

    @Test
    void jsonInputAndResultsTravelAsJson() {
        // given an execution submitted with a JSON input
        ExecutionId id = submit("{\"lane_id\":\"default\",\"execution_kind\":\"resize\",\"priority\":3,"
                + "\"input\":{\"width\":640,\"tags\":[\"a\",\"é\"],\"nested\":{\"x\":null}}}");

        // when a worker claims it over HTTP
        JsonNode claimed = f.post("/v1/worker/lanes/default/claim", "{" + WORKER + "}").json();

        // then it gets the input as JSON, and its bytes are the JSON's UTF-8 text
        assertEquals(id.toString(), claimed.path("execution_id").asText());
        assertEquals("{\"width\":640,\"tags\":[\"a\",\"é\"],\"nested\":{\"x\":null}}",
                claimed.path("input").toString());
        assertEquals("json", claimed.path("payload_encoding").asText());
        byte[] bytes = new byte[claimed.path("input_payload").size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) claimed.path("input_payload").get(i).asInt();
        }
        assertEquals(claimed.path("input").toString(), new String(bytes, StandardCharsets.UTF_8));

        // when it completes with a JSON result
        Answer done = f.post("/v1/worker/complete", "{\"handle\":" + claimed.path("handle")
                + ",\"result_json\":{\"url\":\"s3://b/k\",\"bytes\":1234}}");
        assertEquals(204, done.status(), done.body());

        // then the detail shows input and result as JSON, and the reference's result route their bytes
        JsonNode detail = f.get("/v1/executions/" + enc(id) + "/detail").json();
        assertEquals("completed", detail.path("public_state").asText(), detail.toString());
        assertEquals(640, detail.path("input").path("width").asInt(), detail.toString());
        assertEquals("{\"url\":\"s3://b/k\",\"bytes\":1234}", detail.path("result").toString());
        assertEquals("json", detail.path("result_encoding").asText());
        assertFalse(detail.has("result_payload"), detail.toString());
        assertEquals("{\"url\":\"s3://b/k\",\"bytes\":1234}",
                new String(f.get("/v1/executions/" + enc(id) + "/result").raw(), StandardCharsets.UTF_8));
        JsonNode attempt = detail.path("attempts").get(0);
        assertEquals("ended_success", attempt.path("outcome").asText(), detail.toString());
        assertEquals(attempt.path("ended_at").asLong() - attempt.path("started_at").asLong(),
                attempt.path("duration_ms").asLong());
        assertEquals("w1-i1", attempt.path("worker_instance_id").asText());
    }

    @Test
    void aByteInputAndResultStayBytes() {
        ExecutionId id = submit("{\"lane_id\":\"default\",\"execution_kind\":\"raw\",\"input_payload\":[0,255]}");
        JsonNode claimed = f.post("/v1/worker/lanes/default/claim", "{" + WORKER + "}").json();
        assertFalse(claimed.has("input"), claimed.toString());
        assertEquals(204, f.post("/v1/worker/complete", "{\"handle\":" + claimed.path("handle")
                + ",\"result\":[1,2]}").status());
        JsonNode detail = f.get("/v1/executions/" + enc(id) + "/detail").json();
        assertEquals("[0,255]", detail.path("input_payload").toString());
        assertEquals("[1,2]", detail.path("result_payload").toString());
        assertFalse(detail.has("result"), detail.toString());
    }

    @Test
    void badCreatesAndReadsAreTyped400sOr404s() {
        String body = "{\"lane_id\":\"default\",\"execution_kind\":\"job\"";
        assertError(f.post("/v1/executions", body + ",\"input\":1,\"input_payload\":[1]}"), 400, "invalid_input");
        assertError(f.post("/v1/executions", body + ",\"partition_id\":3}"), 400, "invalid_input");
        assertError(f.post("/v1/executions", body + ",\"input\":1,\"payload_encoding\":\"utf8\"}"), 400,
                "invalid_input");
        assertError(f.post("/v1/executions", "{\"execution_kind\":\"job\"}"), 400, "invalid_input");
        assertError(f.post("/v1/executions", body + ",\"inptu\":{}}"), 400, "invalid_input");
        assertEquals(List.of(), ids(f.get("/v1/executions").json()), "nothing was created");
        assertError(f.get("/v1/executions?state=finished"), 400, "invalid_input");
        assertError(f.get("/v1/executions?cursor=bm9wZQ"), 400, "invalid_input");
        assertError(f.get("/v1/executions?limit=0"), 400, "invalid_input");
        assertError(f.get("/v1/executions?created_after=yesterday"), 400, "invalid_input");
        assertError(f.get("/v1/executions/" + enc(HttpFixture.newExecutionId()) + "/detail"), 404, "not_found");
        ExecutionId id = submit(body + "}");
        JsonNode claimed = f.post("/v1/worker/lanes/default/claim", "{" + WORKER + "}").json();
        assertEquals(id.toString(), claimed.path("execution_id").asText());
        assertError(f.post("/v1/worker/complete", "{\"handle\":" + claimed.path("handle")
                + ",\"result\":[1],\"result_json\":1}"), 400, "invalid_input");
    }

    @Test
    void theListSpansThePartitionsNewestFirstWithFiltersAndPaging() {
        // given executions of two lanes and kinds on many partitions, one completed
        List<ExecutionId> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(submit("{\"lane_id\":\"" + (i % 2 == 0 ? "default" : "other") + "\",\"execution_kind\":\""
                    + (i < 4 ? "a" : "b") + "\"}"));
        }
        JsonNode claimed = f.post("/v1/worker/lanes/default/claim", "{" + WORKER + "}").json();
        assertEquals(204, f.post("/v1/worker/complete", "{\"handle\":" + claimed.path("handle") + "}").status());
        ExecutionId completed = ExecutionId.parse(claimed.path("execution_id").asText());

        // when listed whole
        JsonNode all = f.get("/v1/executions").json();
        List<String> everything = ids(all);

        // then every execution is there, newest first, as a summary
        assertEquals(Set.copyOf(created.stream().map(Object::toString).toList()), Set.copyOf(everything));
        assertTrue(all.path("next_cursor").isNull(), all.toString());
        long previous = Long.MAX_VALUE;
        for (JsonNode s : all.path("executions")) {
            assertTrue(s.path("created_at").asLong() <= previous, all.toString());
            previous = s.path("created_at").asLong();
            assertTrue(s.has("lane_id") && s.has("execution_kind") && s.has("public_state") && s.has("attempts")
                    && s.has("updated_at"), s.toString());
        }

        // and pages of two, cursor to cursor, list the same
        List<String> paged = new ArrayList<>();
        String next = null;
        do {
            JsonNode page = f.get("/v1/executions?limit=2" + (next == null ? "" : "&cursor=" + next)).json();
            assertTrue(page.path("executions").size() <= 2, page.toString());
            paged.addAll(ids(page));
            next = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
        } while (next != null);
        assertEquals(everything, paged);

        // and the filters narrow it
        assertEquals(4, ids(f.get("/v1/executions?lane=default").json()).size());
        assertEquals(2, ids(f.get("/v1/executions?lane=other&kind=a").json()).size());
        assertEquals(List.of(completed.toString()), ids(f.get("/v1/executions?state=completed").json()));
        JsonNode done = f.get("/v1/executions?state=completed").json().path("executions").get(0);
        assertEquals(1, done.path("attempts").asInt(), done.toString());
        long newest = all.path("executions").get(0).path("created_at").asLong();
        assertEquals(everything.size(), ids(f.get("/v1/executions?created_before=" + (newest + 1)).json()).size());
        assertEquals(List.of(), ids(f.get("/v1/executions?created_after=" + (newest + 1)).json()));
    }

    @Test
    void theOpenApiDocumentCoversTheNewParametersAndFields() {
        JsonNode paths = f.get("/openapi.json").json().path("paths");
        Set<String> parameters = new HashSet<>();
        paths.path("/v1/executions").path("get").path("parameters").forEach(p -> parameters.add(p.path("name")
                .asText()));
        assertEquals(Set.of("partition", "lane", "state", "kind", "created_after", "created_before", "cursor",
                "limit"), parameters);
        JsonNode create = paths.path("/v1/executions").path("post").path("requestBody").path("content")
                .path("application/json").path("schema").path("properties");
        assertTrue(create.has("input") && create.has("execution_id"), create.toString());
        JsonNode complete = paths.path("/v1/worker/complete").path("post").path("requestBody").path("content")
                .path("application/json").path("schema").path("properties");
        assertTrue(complete.has("result_json"), complete.toString());
        assertEquals("#/components/schemas/ExecutionDetail", paths.path("/v1/executions/{id}/detail").path("get")
                .path("responses").path("2XX").path("content").path("application/json").path("schema")
                .path("$ref").asText());
        JsonNode schemas = f.get("/openapi.json").json().path("components").path("schemas");
        assertTrue(schemas.path("ExecutionDetail").path("properties").has("attempts"), schemas.toString());
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("executions").forEach(s -> out.add(s.path("execution_id").asText()));
        return out;
    }
}
