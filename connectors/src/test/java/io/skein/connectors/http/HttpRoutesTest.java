package io.skein.connectors.http;

import static io.skein.connectors.http.HttpFixture.enc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.connectors.http.HttpFixture.Answer;
import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.Handle;
import io.skein.core.api.PendingWaitpoint;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.WaitpointKey;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every FlowFabric route over a real SQLite backend, served directly and in Kafka mode: the success shape and the
 * typed error paths. Givens go through the served backend, so in Kafka mode the topology keeps lane grants right.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(HttpFixture.Mode.class)
class HttpRoutesTest {

    private HttpFixture f;

    @Parameter
    HttpFixture.Mode mode;

    @BeforeEach
    void start() {
        f = HttpFixture.withToken(mode);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private Handle claimOne() {
        return f.served.claim(HttpFixture.LANE, CapabilitySet.EMPTY,
                new ClaimPolicy(WorkerId.of("w1"), WorkerInstanceId.of("w1-i1"), 30_000, null)).orElseThrow();
    }

    private static void assertError(Answer a, int status, String kind) {
        assertEquals(status, a.status(), a.body());
        assertEquals(kind, a.json().path("kind").asText(), a.body());
        assertTrue(a.json().has("error") && a.json().has("retryable"), a.body());
    }

    @Test
    void createThenReadInfoStateAndListing() {
        ExecutionId id = HttpFixture.newExecutionId();

        Answer created = f.post("/v1/executions", HttpFixture.createBody(id));
        Answer again = f.post("/v1/executions", HttpFixture.createBody(id));

        assertEquals(201, created.status(), created.body());
        assertEquals(id.toString(), created.json().path("Created").path("execution_id").asText());
        assertEquals("waiting", created.json().path("Created").path("public_state").asText());
        assertEquals(200, again.status());
        assertEquals(id.toString(), again.json().path("Duplicate").path("execution_id").asText());

        Answer info = f.get("/v1/executions/" + enc(id));
        assertEquals(200, info.status(), info.body());
        assertEquals("default", info.json().path("lane_id").asText());
        assertEquals("\"waiting\"", f.get("/v1/executions/" + enc(id) + "/state").body());

        Answer page = f.get("/v1/executions?partition=" + id.partition() + "&limit=10");
        assertEquals(200, page.status(), page.body());
        assertEquals(id.toString(), page.json().path("executions").get(0).asText());
        assertTrue(page.json().has("next_cursor") && page.json().get("next_cursor").isNull());
    }

    @Test
    void readsOfAMissingExecutionAre404() {
        ExecutionId missing = HttpFixture.newExecutionId();
        for (String suffix : List.of("", "/state", "/pending-waitpoints", "/result")) {
            assertError(f.get("/v1/executions/" + enc(missing) + suffix), 404, "not_found");
        }
    }

    @Test
    void listingRejectsBadPartitionCursorAndLimit() {
        assertError(f.get("/v1/executions?partition=256"), 400, "invalid_input");
        assertError(f.get("/v1/executions?partition=x"), 400, "invalid_input");
        assertError(f.get("/v1/executions?partition=1&limit=0"), 400, "invalid_input");
        assertError(f.get("/v1/executions?partition=1&limit=1001"), 400, "invalid_input");
        assertError(f.get("/v1/executions?partition=1&cursor=nope"), 400, "invalid_input");
    }

    @Test
    void createRejectsStrictJsonViolations() {
        ExecutionId id = HttpFixture.newExecutionId();
        String good = HttpFixture.createBody(id);
        assertError(f.post("/v1/executions", good.replace("}", ",\"surprise\":1}")), 400, "invalid_input");
        assertError(f.post("/v1/executions", good.replace("\"priority\":5", "\"priority\":\"5\"")), 400,
                "invalid_input");
        assertError(f.post("/v1/executions", good.replace("\"priority\":5,", "")), 400, "invalid_input");
        assertError(f.post("/v1/executions", good.replace("\"namespace\":\"ns\",", "")), 400, "invalid_input");
        assertError(f.post("/v1/executions", "{not json"), 400, "invalid_input");
        assertError(f.post("/v1/executions", "[]"), 400, "invalid_input");
        assertEquals(404, f.get("/v1/executions/" + enc(id)).status(), "nothing was created");
    }

    @Test
    void bindingErrorsCarryTheEngineKind() {
        String body = "{\"lane_id\":\"default\",\"worker_instance_id\":\"i1\",\"capabilities\":[\"a,b\"],"
                + "\"grant_ttl_ms\":1000}";
        Answer a = f.post("/v1/workers/w1/claim", body);
        assertEquals(400, a.status(), a.body());
        assertFalse(a.body().contains("Exception"), a.body());
    }

    @Test
    void bodiesOverTheRouteLimitAre413BeforeParsing() {
        String big = "{\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";
        Answer a = f.post("/v1/flows", big);
        assertEquals(413, a.status(), a.body());
        assertEquals("payload_too_large", a.json().path("error").asText());
        assertEquals(65_536, a.json().path("limit_bytes").asInt());
        assertEquals("/v1/flows", a.json().path("route").asText());

        Answer huge = f.post("/v1/executions", "{\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}");
        assertEquals(413, huge.status());
        assertEquals(1_048_576, huge.json().path("limit_bytes").asInt());
    }

    @Test
    void cancelReplayAndPriority() {
        ExecutionId id = f.createExecution();
        String path = "/v1/executions/" + enc(id);

        Answer priority = f.send("PUT", path + "/priority", "{\"new_priority\":42}");
        assertEquals(200, priority.status(), priority.body());
        assertEquals(id.toString(), priority.json().path("Changed").path("execution_id").asText());
        assertError(f.send("PUT", path + "/priority", "{}"), 400, "invalid_input");

        assertError(f.post(path + "/replay", null), 409, "execution_not_terminal");

        Answer mismatch = f.post(path + "/cancel", "{\"execution_id\":\"" + HttpFixture.newExecutionId() + "\"}");
        assertError(mismatch, 400, "invalid_input");

        Answer cancelled = f.post(path + "/cancel", "{\"reason\":\"operator said so\"}");
        assertEquals(200, cancelled.status(), cancelled.body());
        assertEquals("cancelled", cancelled.json().path("Cancelled").path("public_state").asText());

        assertError(f.send("PUT", path + "/priority", "{\"new_priority\":1}"), 409, "contention");
        assertError(f.post(path + "/replay", "{\"unexpected\":true}"), 400, "invalid_input");
        Answer replayed = f.post(path + "/replay", null);
        assertEquals(200, replayed.status(), replayed.body());
        assertTrue(replayed.json().path("Replayed").has("public_state"));
    }

    @Test
    void revokeLeaseAndReclaim() {
        ExecutionId id = f.createExecution();
        String path = "/v1/executions/" + enc(id);

        Answer idle = f.post(path + "/revoke-lease", null);
        assertEquals(200, idle.status(), idle.body());
        assertEquals("no_active_lease", idle.json().path("AlreadySatisfied").path("reason").asText());

        Handle handle = claimOne();
        Answer revoked = f.post(path + "/revoke-lease", "");
        assertEquals(200, revoked.status(), revoked.body());
        assertTrue(revoked.json().path("Revoked").has("lease_epoch"), revoked.body());

        String reclaim = "{\"worker_id\":\"w2\",\"worker_instance_id\":\"w2-i1\",\"lane_id\":\"default\","
                + "\"grant_ttl_ms\":5000,\"worker_capabilities\":[]}";
        Answer r = f.post(path + "/reclaim", reclaim);
        assertEquals(200, r.status(), r.body());
        assertTrue(List.of("granted", "not_reclaimable").contains(r.json().path("status").asText()), r.body());
        assertEquals(id.toString(), r.json().path("execution_id").asText());
        assertError(f.post(path + "/reclaim", reclaim.replace("5000", "0")), 400, "invalid_input");
        assertFalse(handle.opaque().length == 0);
    }

    @Test
    void workerClaimGrantsThenReportsNoWork() {
        ExecutionId id = f.createExecution();
        String body = "{\"lane_id\":\"default\",\"worker_instance_id\":\"w1-i1\",\"capabilities\":[],"
                + "\"grant_ttl_ms\":5000}";

        Answer granted = f.post("/v1/workers/w1/claim", body);
        Answer none = f.post("/v1/workers/w1/claim", body);

        assertEquals(200, granted.status(), granted.body());
        assertEquals(id.toString(), granted.json().path("execution_id").asText());
        assertTrue(granted.json().has("grant_key") && granted.json().has("expires_at_ms"));
        assertEquals(204, none.status(), none.body());
        assertError(f.post("/v1/workers/w1/claim", body.replace("\"grant_ttl_ms\":5000", "\"grant_ttl_ms\":60001")),
                400, "invalid_input");
    }

    @Test
    void waitpointsTokensAndSignals() {
        ExecutionId id = f.createExecution();
        Handle handle = claimOne();
        PendingWaitpoint wp = f.served.createWaitpoint(handle, WaitpointKey.of("wpk:approve"), Duration.ofHours(1));
        String path = "/v1/executions/" + enc(id);

        Answer list = f.get(path + "/pending-waitpoints");
        assertEquals(200, list.status(), list.body());
        assertEquals("no-store", list.header("Cache-Control"));
        assertEquals(wp.waitpointId().toString(), list.json().get(0).path("waitpoint_id").asText());
        assertFalse(list.body().contains(wp.hmacToken()), "listings never carry raw tokens");

        Answer token = f.get(path + "/waitpoints/" + wp.waitpointId() + "/token");
        assertEquals(200, token.status(), token.body());
        assertEquals(wp.hmacToken(), token.json().path("token").asText());
        assertEquals("no-store", token.header("Cache-Control"));

        ExecutionId other = f.createExecution();
        assertError(f.get("/v1/executions/" + enc(other) + "/waitpoints/" + wp.waitpointId() + "/token"), 404,
                "not_found");
        assertError(f.get(path + "/waitpoints/not-a-uuid/token"), 400, "invalid_input");

        String signal = "{\"waitpoint_id\":\"" + wp.waitpointId() + "\",\"signal_id\":\"" + UUID.randomUUID()
                + "\",\"signal_name\":\"approve\",\"signal_category\":\"approval\",\"source_type\":\"user\","
                + "\"source_identity\":\"alice\",\"waitpoint_token\":\"" + wp.hmacToken() + "\"}";
        Answer accepted = f.post(path + "/signal", signal);
        assertEquals(200, accepted.status(), accepted.body());
        assertTrue(accepted.json().has("Accepted") || accepted.json().has("Duplicate"), accepted.body());

        String forged = signal.replace(wp.hmacToken(), HttpFixture.KID + ":" + "0".repeat(64))
                .replace("\"signal_id\":\"", "\"signal_id\":\"" + "").replaceFirst(
                        "\"signal_id\":\"[^\"]+\"", "\"signal_id\":\"" + UUID.randomUUID() + "\"");
        assertError(f.post(path + "/signal", forged), 400, "invalid_token");
    }

    @Test
    void resultAndStreamsOfACompletedAttempt() {
        ExecutionId id = f.createExecution();
        Handle handle = claimOne();
        f.served.complete(handle, new byte[] {9, 8, 7});
        String path = "/v1/executions/" + enc(id);

        Answer result = f.get(path + "/result");
        assertEquals(200, result.status(), result.body());
        assertEquals("application/octet-stream", result.header("Content-Type"));
        assertArrayEquals(new byte[] {9, 8, 7}, result.raw());

        Answer read = f.get(path + "/attempts/0/stream");
        assertEquals(200, read.status(), read.body());
        assertEquals(read.json().path("frames").size(), read.json().path("count").asInt());
        Answer tail = f.get(path + "/attempts/0/stream/tail?after=0-0&block_ms=0&limit=5");
        assertEquals(200, tail.status(), tail.body());

        assertError(f.get(path + "/attempts/0/stream?from=yesterday"), 400, "invalid_input");
        assertError(f.get(path + "/attempts/0/stream?limit=0"), 400, "invalid_input");
        assertError(f.get(path + "/attempts/-1/stream"), 400, "invalid_input");
        assertError(f.get(path + "/attempts/0/stream/tail?after=start"), 400, "invalid_input");
        assertError(f.get(path + "/attempts/0/stream/tail?block_ms=30001"), 400, "invalid_input");
    }

    @Test
    void flowsMembersEdgesAndCancel() {
        FlowId flow = FlowId.random();
        String flowBody = "{\"flow_id\":\"" + flow + "\",\"flow_kind\":\"dag\",\"namespace\":\"ns\"}";
        Answer created = f.post("/v1/flows", flowBody);
        assertEquals(201, created.status(), created.body());
        assertEquals(200, f.post("/v1/flows", flowBody).status());

        ExecutionId up = PartitionConfig.DEFAULT.memberExecutionId(flow, UUID.randomUUID());
        ExecutionId down = PartitionConfig.DEFAULT.memberExecutionId(flow, UUID.randomUUID());
        for (ExecutionId member : List.of(up, down)) {
            Answer c = f.post("/v1/executions", HttpFixture.createBody(member));
            assertEquals(201, c.status(), c.body());
            Answer added = f.post("/v1/flows/" + flow + "/members", "{\"execution_id\":\"" + member + "\"}");
            assertEquals(201, added.status(), added.body());
        }
        Answer again = f.post("/v1/flows/" + flow + "/members", "{\"execution_id\":\"" + up + "\"}");
        assertEquals(200, again.status(), again.body());
        assertTrue(again.json().has("AlreadyMember"));
        assertError(f.post("/v1/flows/" + flow + "/members", "{\"flow_id\":\"" + FlowId.random()
                + "\",\"execution_id\":\"" + up + "\"}"), 400, "invalid_input");
        assertError(f.post("/v1/flows/" + flow + "/members", "{\"execution_id\":\"" + f.createExecution()
                + "\"}"), 400, "invalid_input");

        String edgeId = UUID.randomUUID().toString();
        String stage = "{\"edge_id\":\"" + edgeId + "\",\"upstream_execution_id\":\"" + up
                + "\",\"downstream_execution_id\":\"" + down + "\",\"expected_graph_revision\":2}";
        Answer staged = f.post("/v1/flows/" + flow + "/edges", stage);
        assertEquals(201, staged.status(), staged.body());
        long revision = staged.json().path("Staged").path("new_graph_revision").asLong();
        assertError(f.post("/v1/flows/" + flow + "/edges", stage.replace(edgeId, UUID.randomUUID().toString())),
                409, "contention");

        String apply = "{\"edge_id\":\"" + edgeId + "\",\"downstream_execution_id\":\"" + down
                + "\",\"upstream_execution_id\":\"" + up + "\",\"graph_revision\":" + revision + "}";
        Answer applied = f.post("/v1/flows/" + flow + "/edges/apply", apply);
        assertEquals(200, applied.status(), applied.body());
        assertTrue(applied.json().has("Applied") || applied.body().equals("\"AlreadyApplied\""), applied.body());

        assertError(f.post("/v1/flows/" + flow + "/cancel?wait=maybe", "{\"cancellation_policy\":\"cancel_all\"}"),
                400, "invalid_input");
        Answer cancelled = f.post("/v1/flows/" + flow + "/cancel",
                "{\"reason\":\"stop\",\"cancellation_policy\":\"cancel_all\"}");
        assertEquals(200, cancelled.status(), cancelled.body());
        assertError(f.post("/v1/flows/" + FlowId.random() + "/cancel", "{\"cancellation_policy\":\"cancel_all\"}"),
                404, "not_found");
    }

    @Test
    void budgetsAndQuotas() {
        String budgetId = UUID.randomUUID().toString();
        String budget = "{\"budget_id\":\"" + budgetId + "\",\"scope_type\":\"lane\",\"scope_id\":\"default\","
                + "\"enforcement_mode\":\"strict\",\"on_hard_limit\":\"fail\",\"on_soft_limit\":\"warn\","
                + "\"reset_interval_ms\":0,\"dimensions\":[\"tokens\"],\"hard_limits\":[100],\"soft_limits\":[50]}";
        assertEquals(201, f.post("/v1/budgets", budget).status());
        assertEquals(200, f.post("/v1/budgets", budget).status());
        assertError(f.post("/v1/budgets", budget.replace("\"soft_limits\":[50]", "\"soft_limits\":[]")), 400,
                "invalid_input");

        Answer ok = f.post("/v1/budgets/" + budgetId + "/usage", "{\"dimensions\":{\"tokens\":10}}");
        assertEquals(200, ok.status(), ok.body());
        assertEquals("\"Ok\"", ok.body());
        Answer soft = f.post("/v1/budgets/" + budgetId + "/usage", "{\"dimensions\":{\"tokens\":45}}");
        assertEquals(200, soft.status(), soft.body());
        assertTrue(soft.json().has("SoftBreach"), soft.body());
        assertError(f.post("/v1/budgets/" + budgetId + "/usage", "{\"dimensions\":{\"tokens\":-1}}"), 400,
                "invalid_input");

        Answer status = f.get("/v1/budgets/" + budgetId);
        assertEquals(200, status.status(), status.body());
        assertEquals(55, status.json().path("usage").path("tokens").asLong());

        Answer reset = f.post("/v1/budgets/" + budgetId + "/reset", null);
        assertEquals(200, reset.status(), reset.body());
        assertTrue(reset.json().has("Reset"));
        assertEquals(0, f.get("/v1/budgets/" + budgetId).json().path("usage").path("tokens").asLong());

        String missing = UUID.randomUUID().toString();
        assertError(f.get("/v1/budgets/" + missing), 404, "not_found");
        assertError(f.post("/v1/budgets/" + missing + "/reset", null), 404, "not_found");
        assertError(f.get("/v1/budgets/not-a-uuid"), 400, "invalid_input");

        String quota = "{\"quota_policy_id\":\"" + UUID.randomUUID() + "\",\"window_seconds\":60,"
                + "\"max_requests_per_window\":10,\"max_concurrent\":2}";
        assertEquals("\"Created\"", f.post("/v1/quotas", quota).body());
        Answer dup = f.post("/v1/quotas", quota);
        assertEquals(200, dup.status());
        assertEquals("\"AlreadySatisfied\"", dup.body());
        assertError(f.post("/v1/quotas", quota.replace("60", "-1")), 400, "invalid_input");
    }

    @Test
    void rotateWaitpointSecret() {
        String body = "{\"new_kid\":\"k2\",\"new_secret_hex\":\"" + "ab".repeat(32) + "\"}";
        Answer rotated = f.post("/v1/admin/rotate-waitpoint-secret", body);
        assertEquals(200, rotated.status(), rotated.body());
        assertEquals(1, rotated.json().path("rotated").asInt());
        assertEquals("k2", rotated.json().path("new_kid").asText());
        assertEquals(0, rotated.json().path("failed").size());

        assertError(f.post("/v1/admin/rotate-waitpoint-secret", body.replace("\"ab", "\"zz")), 400,
                "invalid_secret_hex");
        assertError(f.post("/v1/admin/rotate-waitpoint-secret", "{\"new_kid\":\"\",\"new_secret_hex\":\""
                + "ab".repeat(32) + "\"}"), 400, "invalid_kid");
    }

    @Test
    void unknownRoutesAre404Json() {
        assertError(f.get("/v1/nothing-here"), 404, "not_found");
        assertError(f.send("DELETE", "/v1/executions", null), 404, "not_found");
        JsonNode body = f.send("DELETE", "/v1/flows", null).json();
        assertEquals("not_found", body.path("kind").asText());
    }

    /** Issue #21 item 5 (D13): a value of the wrong JSON type is a 400 naming its field, not a coerced success. */
    @Test
    void aWrongJsonTypeIsA400NamingTheFieldAndChangesNothing() {
        String[][] creates = {{"execution_kind", "123"}, {"execution_kind", "1.79e308"},
                {"creator_identity", "true"}, {"priority", "\"5\""}, {"input_payload", "\"abc\""}};
        for (String[] c : creates) {
            ExecutionId id = HttpFixture.newExecutionId();
            ObjectNode body;
            try {
                body = (ObjectNode) f.json.readTree(HttpFixture.createBody(id));
                body.set(c[0], f.json.readTree(c[1]));
            } catch (IOException e) {
                throw new AssertionError(e);
            }

            Answer a = f.post("/v1/executions", body.toString());

            assertError(a, 400, "invalid_input");
            assertTrue(a.json().path("error").asText().contains(c[0]), c[0] + ": " + a.body());
            assertEquals(404, f.get("/v1/executions/" + enc(id)).status(), c[0] + " created it anyway");
        }
        ExecutionId id = f.createExecution();
        Answer cancel = f.post("/v1/executions/" + enc(id) + "/cancel", "{\"reason\":5}");
        assertError(cancel, 400, "invalid_input");
        assertTrue(cancel.json().path("error").asText().contains("reason"), cancel.body());
        assertEquals("\"waiting\"", f.get("/v1/executions/" + enc(id) + "/state").body());
    }

    /** Long-polls {@code route} from {@code cursor} until an event about {@code id} arrives; returns that answer. */
    private Answer eventsUntil(String route, String cursor, ExecutionId id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String from = cursor;
        while (System.nanoTime() < deadline) {
            Answer a = f.get(route + "?block_ms=2000&cursor=" + enc(from));
            assertEquals(200, a.status(), a.body());
            for (JsonNode event : a.json().path("events")) {
                // lease events are externally tagged ({"Acquired":{…}}): the id sits one level down
                if (id.toString().equals(event.findPath("execution_id").asText())) {
                    return a;
                }
            }
            from = a.json().path("cursor").asText();
        }
        throw new AssertionError("no event about " + id + " on " + route);
    }

    @Test
    void eventRoutesLongPollFromACursorAndRefuseAForeignOne() {
        String route = "/v1/events/completion";
        Answer now = f.get(route);
        assertEquals(200, now.status(), now.body());
        String start = now.json().path("cursor").asText();
        assertFalse(start.isEmpty(), "a from-now poll still answers a cursor to continue from");
        String leaseStart = f.get("/v1/events/lease-history").json().path("cursor").asText();

        ExecutionId id = HttpFixture.newExecutionId();
        assertEquals(201, f.post("/v1/executions", HttpFixture.createBody(id)).status());
        f.served.complete(claimOne(), null);

        Answer seen = eventsUntil(route, start, id);
        String after = seen.json().path("cursor").asText();
        Answer next = f.get(route + "?cursor=" + enc(after));
        assertEquals(200, next.status(), next.body());
        for (JsonNode event : next.json().path("events")) {
            assertFalse(event.path("execution_id").asText().equals(id.toString()), "resumed after the event");
        }
        eventsUntil("/v1/events/lease-history", leaseStart, id);

        String foreign = java.util.Base64.getUrlEncoder().encodeToString(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 7});
        for (String events : List.of(route, "/v1/events/lease-history", "/v1/events/signal-delivery")) {
            assertError(f.get(events + "?cursor=" + enc(foreign)), 400, "invalid_input");
            assertError(f.get(events + "?cursor=%21%21"), 400, "invalid_input");
            assertError(f.get(events + "?tag_key=k"), 400, "invalid_input");
        }
    }

}
