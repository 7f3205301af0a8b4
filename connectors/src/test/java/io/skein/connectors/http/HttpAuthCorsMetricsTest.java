package io.skein.connectors.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.skein.connectors.http.HttpFixture.Answer;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Bearer auth, CORS, /healthz, /metrics and the OpenAPI document. */
class HttpAuthCorsMetricsTest {

    @Test
    void bearerTokenGuardsEveryRouteButHealthMetricsAndPreflight() {
        try (HttpFixture f = HttpFixture.withToken()) {
            Answer none = f.send("GET", "/v1/executions?partition=0", null, Map.of());
            Answer wrong = f.send("GET", "/v1/executions?partition=0", null, Map.of("Authorization", "Bearer nope"));
            Answer basic = f.send("GET", "/v1/executions?partition=0", null, Map.of("Authorization",
                    "Basic " + HttpFixture.TOKEN));
            Answer right = f.get("/v1/executions?partition=0");

            for (Answer a : new Answer[] {none, wrong, basic}) {
                assertEquals(401, a.status(), a.body());
                assertEquals("unauthorized", a.json().path("kind").asText());
                assertEquals("missing or invalid Authorization header", a.json().path("error").asText());
            }
            assertEquals(200, right.status(), right.body());
            assertEquals(200, f.send("GET", "/healthz", null, Map.of()).status());
            assertEquals(200, f.send("GET", "/metrics", null, Map.of()).status());
            Answer preflight = f.send("OPTIONS", "/v1/executions", null, Map.of("Origin", "https://app.example",
                    "Access-Control-Request-Method", "POST"));
            assertEquals(204, preflight.status());
            assertEquals("*", preflight.header("Access-Control-Allow-Origin"));
        }
    }

    @Test
    void corsListsExactOrigins() {
        HttpServerConfig config = HttpServerConfig.local(0).withApiToken(HttpFixture.TOKEN)
                .withCors(CorsPolicy.parse("https://good.example, not an origin"));
        try (HttpFixture f = new HttpFixture(config)) {
            Answer good = f.send("OPTIONS", "/v1/flows", null, Map.of("Origin", "https://good.example",
                    "Access-Control-Request-Method", "POST"));
            Answer bad = f.send("OPTIONS", "/v1/flows", null, Map.of("Origin", "https://evil.example",
                    "Access-Control-Request-Method", "POST"));

            assertEquals("https://good.example", good.header("Access-Control-Allow-Origin"));
            assertEquals("GET, POST, PUT", good.header("Access-Control-Allow-Methods"));
            assertEquals("Content-Type, Authorization", good.header("Access-Control-Allow-Headers"));
            assertNull(bad.header("Access-Control-Allow-Origin"));
        }
        assertThrowsNaming("FF_CORS_ORIGINS", "nonsense, also nonsense");
        assertThrowsNaming("FF_CORS_ORIGINS", "");
    }

    private static void assertThrowsNaming(String variable, String value) {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> CorsPolicy.parse(value));
        assertTrue(e.getMessage().contains(variable), e.getMessage());
    }

    @Test
    void healthIs503WhenTheBackendIsGone() {
        HttpFixture f = HttpFixture.withToken();
        try {
            assertEquals("{\"status\":\"ok\"}", f.get("/healthz").body());
            f.backend.close();
            Answer down = f.get("/healthz");
            assertEquals(503, down.status(), down.body());
            assertEquals("unavailable", down.json().path("kind").asText());
        } finally {
            f.server.stop();
        }
    }

    @Test
    void metricsCountRequestsPerRouteTemplate() {
        try (HttpFixture f = HttpFixture.withToken()) {
            f.createExecution();
            f.get("/v1/executions/" + HttpFixture.enc(HttpFixture.newExecutionId()));
            f.get("/no/such/route");

            String text = f.send("GET", "/metrics", null, Map.of()).body();

            assertTrue(text.contains("ff_http_requests_total{method=\"POST\",route=\"/v1/executions\",status=\"201\"}"
                    + " 1.0"), text);
            assertTrue(text.contains("route=\"/v1/executions/{id}\",status=\"404\""), text);
            assertTrue(text.contains("ff_http_requests_total{method=\"GET\",route=\"unknown\",status=\"404\"}"), text);
            assertTrue(text.contains("ff_http_request_duration_seconds_count{method=\"POST\",route=\"/v1/executions\""),
                    text);
        }
    }

    @Test
    void metricsHistogramTheScheduleToStartAndTheAttemptDurationPerLane() {
        try (HttpFixture f = HttpFixture.withToken()) {
            // given one execution completed and one failed on the default lane
            for (String end : new String[] {"complete", "fail"}) {
                f.createExecution();
                JsonNode claimed = f.post("/v1/worker/lanes/default/claim",
                        "{\"worker_id\":\"w1\",\"worker_instance_id\":\"w1-i1\",\"capabilities\":[]}").json();
                String failure = end.equals("fail") ? ",\"message\":\"no\",\"failure_class\":\"permanent\"" : "";
                Answer ended = f.post("/v1/worker/" + end, "{\"handle\":" + claimed.path("handle") + failure + "}");
                assertTrue(ended.status() < 300, ended.body());
            }

            String text = f.send("GET", "/metrics", null, Map.of()).body();

            // then both claims waited and both attempts ran, per lane (and outcome), in histogram buckets
            assertTrue(text.contains("ff_engine_schedule_to_start_seconds_count{lane=\"default\"} 2"), text);
            assertTrue(text.contains("ff_engine_schedule_to_start_seconds_bucket{lane=\"default\",le=\"0.1\"}"),
                    text);
            assertTrue(text.contains("ff_engine_attempt_duration_seconds_count{lane=\"default\","
                    + "outcome=\"ended_success\"} 1"), text);
            assertTrue(text.contains("ff_engine_attempt_duration_seconds_count{lane=\"default\","
                    + "outcome=\"ended_failure\"} 1"), text);
        }
    }

    @Test
    void openApiDocumentListsExactlyTheServedRoutes() {
        try (HttpFixture f = HttpFixture.withToken()) {
            JsonNode paths = f.get("/openapi.json").json().path("paths");
            Set<String> documented = new HashSet<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> path = it.next();
                path.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase() + " " + path.getKey()));
            }
            Set<String> served = new HashSet<>();
            for (Route route : f.server.routes()) {
                served.add(route.method() + " " + route.template());
                // the route is really served: a request to it is never the unknown-route 404
                String concrete = route.template().replace("{id}", "x").replace("{waitpoint_id}", "x")
                        .replace("{idx}", "0").replace("{worker_id}", "w1")
                        .replace("{lane_id}", "default").replace("{key}", "app.k");
                Answer a = f.send(route.method(), concrete, route.method().equals("GET") ? null : "{}");
                assertTrue(!a.body().contains("not found: route"), route + " is not served: " + a.body());
            }
            assertEquals(served, documented);
            assertTrue(served.contains("GET /v1/executions/{id}/attempts/{idx}/stream/tail"));
            assertTrue(served.contains("GET /v1/engine/partitions"));
            assertTrue(served.contains("PUT /v1/flows/{id}/tags/{key}"));
            assertTrue(served.contains("GET /v1/events/completion"));
            // 44 + the five worker-registry routes + ten admin and tag routes + three event subscriptions
            assertEquals(62, served.size());
        }
    }
}
