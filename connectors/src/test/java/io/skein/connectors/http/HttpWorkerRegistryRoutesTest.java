package io.skein.connectors.http;

import static io.skein.connectors.http.HttpFixture.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.skein.connectors.http.HttpFixture.Answer;
import io.skein.core.id.ExecutionId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The worker registry over HTTP (spec 02 §10, issue 20): a worker registers, heartbeats and marks itself dead on the
 * worker routes; {@code GET /v1/workers} lists the live workers of a namespace page by page and
 * {@code GET /v1/leases/expired} the expired leases; bad query values are typed 400s. Served directly and in Kafka
 * mode.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(HttpFixture.Mode.class)
class HttpWorkerRegistryRoutesTest {

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

    private Answer register(String instance, String namespace) {
        return f.post("/v1/worker/register", "{\"worker_id\":\"w\",\"worker_instance_id\":\"" + instance
                + "\",\"lanes\":[\"default\"],\"capabilities\":[\"cpu\"],\"liveness_ttl_ms\":60000,"
                + "\"namespace\":\"" + namespace + "\"}");
    }

    private static void assertBadRequest(Answer a) {
        assertEquals(400, a.status(), a.body());
        assertTrue(a.json().has("error") && a.json().has("kind"), a.body());
    }

    private static List<String> instances(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("entries").forEach(w -> out.add(w.path("worker_instance_id").asText()));
        return out;
    }

    @Test
    void aWorkerRegistersHeartbeatsIsListedAndMarksItselfDead() {
        Answer first = register("w-1", "ns-a");
        assertEquals(200, first.status(), first.body());
        assertEquals("\"Registered\"", first.body());
        assertEquals("\"Refreshed\"", register("w-1", "ns-a").body());
        register("w-2", "ns-a");
        register("w-3", "ns-a");
        register("x-1", "ns-b");

        Answer beat = f.post("/v1/worker/heartbeat", "{\"worker_instance_id\":\"w-1\",\"namespace\":\"ns-a\"}");
        assertEquals(200, beat.status(), beat.body());
        assertTrue(beat.json().path("Refreshed").path("next_expiry_ms").asLong() > 0, beat.body());

        JsonNode page = f.get("/v1/workers?namespace=ns-a&limit=2").json();
        assertEquals(List.of("w-1", "w-2"), instances(page));
        assertEquals("w-2", page.path("cursor").asText());
        JsonNode w1 = page.path("entries").get(0);
        assertEquals("w", w1.path("worker_id").asText());
        assertEquals("[\"default\"]", w1.path("lanes").toString());
        assertEquals("[\"cpu\"]", w1.path("capabilities").toString());
        assertEquals(60_000, w1.path("liveness_ttl_ms").asLong());
        JsonNode rest = f.get("/v1/workers?namespace=ns-a&limit=2&after=" + enc("w-2")).json();
        assertEquals(List.of("w-3"), instances(rest));
        assertTrue(rest.path("cursor").isMissingNode(), "no cursor on the last page: " + rest);
        assertEquals(List.of("x-1"), instances(f.get("/v1/workers?namespace=ns-b").json()));

        Answer dead = f.post("/v1/worker/dead", "{\"worker_instance_id\":\"w-1\",\"namespace\":\"ns-a\","
                + "\"reason\":\"bye\"}");
        assertEquals("\"Marked\"", dead.body());
        assertEquals("\"NotRegistered\"", f.post("/v1/worker/heartbeat",
                "{\"worker_instance_id\":\"w-1\",\"namespace\":\"ns-a\"}").body());
        assertEquals(List.of("w-2", "w-3"), instances(f.get("/v1/workers?namespace=ns-a").json()));
    }

    @Test
    void badRegistryInputIsATyped400AndChangesNothing() {
        register("w-1", "ns-a");

        assertBadRequest(f.get("/v1/workers"));
        assertBadRequest(f.get("/v1/workers?namespace="));
        assertBadRequest(f.get("/v1/workers?namespace=ns-a&limit=1001"));
        assertBadRequest(f.get("/v1/workers?namespace=ns-a&limit=x"));
        assertBadRequest(f.get("/v1/leases/expired?as_of=soon"));
        assertBadRequest(f.get("/v1/leases/expired?after_expires_at_ms=5"));
        assertBadRequest(f.get("/v1/leases/expired?after_expires_at_ms=5&after_execution_id=nope"));
        assertBadRequest(f.get("/v1/leases/expired?limit=10001"));
        Answer reassigned = f.post("/v1/worker/register", "{\"worker_id\":\"other\",\"worker_instance_id\":\"w-1\","
                + "\"liveness_ttl_ms\":60000,\"namespace\":\"ns-a\"}");
        assertBadRequest(reassigned);
        assertTrue(reassigned.body().contains("instance_id reassigned"), reassigned.body());
        assertBadRequest(f.post("/v1/worker/dead", "{\"worker_instance_id\":\"w-1\",\"namespace\":\"ns-a\","
                + "\"reason\":\"" + "x".repeat(257) + "\"}"));
        assertBadRequest(f.post("/v1/worker/register", "{\"worker_id\":\"w\",\"worker_instance_id\":\"w-9\","
                + "\"namespace\":\"ns-a\"}"));
        // a TTL whose expiry would overflow a 64-bit column is refused, not stored
        assertBadRequest(f.post("/v1/worker/register", "{\"worker_id\":\"w\",\"worker_instance_id\":\"w-9\","
                + "\"liveness_ttl_ms\":9000000000000000000,\"namespace\":\"ns-a\"}"));

        assertEquals(List.of("w-1"), instances(f.get("/v1/workers?namespace=ns-a").json()));
        assertEquals("w", f.get("/v1/workers?namespace=ns-a").json().path("entries").get(0).path("worker_id")
                .asText());
    }

    @Test
    void expiredLeasesAreListedAsOfAnInstantInExpiryOrder() {
        ExecutionId a = f.createExecution();
        ExecutionId b = f.createExecution();
        for (int i = 0; i < 2; i++) {
            Answer claimed = f.post("/v1/worker/lanes/default/claim", "{\"worker_id\":\"w\",\"worker_instance_id\":"
                    + "\"w-i" + i + "\",\"capabilities\":[],\"lease_ttl_ms\":" + (30_000 + i * 10_000) + "}");
            assertEquals(200, claimed.status(), claimed.body());
        }
        long later = System.currentTimeMillis() + 3_600_000;

        assertEquals(List.of(), f.get("/v1/leases/expired").json().path("entries").findValuesAsText("execution_id"),
                "nothing has expired yet");
        JsonNode first = f.get("/v1/leases/expired?limit=1&as_of=" + later).json();
        assertEquals(1, first.path("entries").size(), first.toString());
        JsonNode cursor = first.path("cursor");
        assertEquals(first.path("entries").get(0).path("expires_at_ms").asLong(), cursor.path("expires_at_ms")
                .asLong());
        JsonNode second = f.get("/v1/leases/expired?limit=1&as_of=" + later + "&after_expires_at_ms="
                + cursor.path("expires_at_ms").asLong() + "&after_execution_id="
                + enc(cursor.path("execution_id").asText())).json();
        assertEquals(1, second.path("entries").size(), second.toString());
        assertTrue(second.path("cursor").isMissingNode(), "no cursor on the last page: " + second);
        assertEquals(java.util.Set.of(a.toString(), b.toString()), java.util.Set.of(
                first.path("entries").get(0).path("execution_id").asText(),
                second.path("entries").get(0).path("execution_id").asText()));
        assertEquals("w-i1", second.path("entries").get(0).path("worker_instance_id").asText(),
                "the longer lease expires last");
        assertEquals(0, f.get("/v1/leases/expired?as_of=" + later + "&namespace=elsewhere").json().path("entries")
                .size());
    }

    @Test
    void theRegistryRoutesAreInTheOpenApiDocument() {
        JsonNode paths = f.get("/openapi.json").json().path("paths");
        for (String path : List.of("/v1/workers", "/v1/leases/expired")) {
            assertTrue(paths.path(path).has("get"), path);
            assertTrue(paths.path(path).path("get").path("parameters").size() > 0, path + " documents its query");
        }
        for (String path : List.of("/v1/worker/register", "/v1/worker/heartbeat", "/v1/worker/dead")) {
            assertTrue(paths.path(path).has("post"), path);
        }
        assertEquals(401, f.send("GET", "/v1/workers?namespace=ns-a", null, java.util.Map.of()).status());
    }
}
