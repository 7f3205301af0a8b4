package io.skein.connectors.http;

import static io.skein.connectors.http.HttpFixture.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.connectors.http.HttpFixture.Answer;
import io.skein.core.api.BackendTag;
import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimGrant;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.Handle;
import io.skein.core.api.HandleKind;
import io.skein.core.api.PendingWaitpoint;
import io.skein.core.api.scheduler.ClaimForWorkerArgs;
import io.skein.core.api.scheduler.ClaimForWorkerResult;
import io.skein.core.handle.HandleCodec;
import io.skein.core.handle.HandleFields;
import io.skein.core.handle.HandleKey;
import io.skein.core.id.AttemptId;
import io.skein.core.id.BudgetId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.LeaseId;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.WaitpointKey;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * D13 over HTTP: more than a thousand malformed requests (bad JSON, wrong types, missing fields, oversize bodies,
 * malformed ids and cursors, bad auth, path/body id mismatches, malformed or mismatched lease handles and grants,
 * random paths), each built from a body that would succeed unmangled, on the REST and the worker routes, served
 * directly and in Kafka mode. Every answer must be a typed 4xx JSON error, and the backend's state must not move.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(HttpFixture.Mode.class)
class HttpFuzzTest {

    private static final long SEED = 20_261_106L;

    /** Fields whose value may be any JSON (issue #18): no type is wrong for them. */
    private static final java.util.Set<String> ANY_JSON = java.util.Set.of("input", "result_json");

    /** Leases of ten minutes: no lease may lapse while a slow machine sends the malformed requests. */
    private static final ClaimPolicy WORKER_W1 =
            new ClaimPolicy(WorkerId.of("w1"), WorkerInstanceId.of("w1-i1"), 600_000, null);

    @Parameter
    HttpFixture.Mode mode;

    private HttpFixture f;
    private final Random random = new Random(SEED);
    private final List<ExecutionId> executions = new ArrayList<>();
    private FlowId flow;
    private ExecutionId flowUp;
    private ExecutionId flowDown;
    private ExecutionId flowSpare;
    private String budgetId;
    private PendingWaitpoint waitpoint;
    private ExecutionId suspendedOwner;
    /** Execution 0's lease: renewed, reported on, streamed to and given waitpoints by the worker templates. */
    private Handle working;
    /** One claimed execution each for the worker templates that end an attempt: complete, fail and suspend. */
    private Handle toComplete;
    private Handle toFail;
    private Handle toSuspend;
    /** Completed with a JSON result by its template. */
    private Handle toCompleteJson;
    private PendingWaitpoint suspendWaitpoint;
    /** A claim grant bound to worker w1, for the claim-grant template. */
    private ClaimGrant grant;
    private int sent;

    /** A request that succeeds (2xx) when sent unmangled. */
    private record Template(String method, String path, String body, BodyLimit limit, String pathIdField,
                            String pathId) {}

    @BeforeEach
    void given() {
        f = HttpFixture.withToken(mode);
        // execution 0 is claimed (and owns a pending waitpoint) before the others exist
        executions.add(f.createExecution());
        working = claimLoneExecution();
        waitpoint = f.served.createWaitpoint(working, WaitpointKey.of("wpk:fuzz"), Duration.ofHours(1));
        suspendedOwner = executions.get(0);
        // each claimed alone, so the lane has one choice; then one granted to w1, before other work exists
        f.createExecution();
        toComplete = claimLoneExecution();
        f.createExecution();
        toFail = claimLoneExecution();
        f.createExecution();
        toSuspend = claimLoneExecution();
        suspendWaitpoint = f.served.createWaitpoint(toSuspend, WaitpointKey.of("wpk:fuzz-suspend"),
                Duration.ofHours(1));
        f.createExecution();
        toCompleteJson = claimLoneExecution();
        ExecutionId granted = f.createExecution();
        ClaimForWorkerResult result = f.served.claimForWorker(new ClaimForWorkerArgs(HttpFixture.LANE,
                WORKER_W1.workerId(), WORKER_W1.workerInstanceId(), CapabilitySet.EMPTY, 60_000));
        grant = ((ClaimForWorkerResult.Granted) result).grant();
        assertEquals(granted, grant.executionId());
        for (int i = 1; i < 4; i++) {
            executions.add(f.createExecution());
        }
        flow = FlowId.random();
        assertEquals(201, f.post("/v1/flows", "{\"flow_id\":\"" + flow + "\",\"flow_kind\":\"dag\","
                + "\"namespace\":\"ns\"}").status());
        flowUp = PartitionConfig.DEFAULT.memberExecutionId(flow, UUID.randomUUID());
        flowDown = PartitionConfig.DEFAULT.memberExecutionId(flow, UUID.randomUUID());
        for (ExecutionId member : List.of(flowUp, flowDown)) {
            assertEquals(201, f.post("/v1/executions", HttpFixture.createBody(member)).status());
            assertEquals(201, f.post("/v1/flows/" + flow + "/members", "{\"execution_id\":\"" + member + "\"}")
                    .status());
        }
        flowSpare = PartitionConfig.DEFAULT.memberExecutionId(flow, UUID.randomUUID());
        assertEquals(201, f.post("/v1/executions", HttpFixture.createBody(flowSpare)).status());
        budgetId = UUID.randomUUID().toString();
        assertEquals(201, f.post("/v1/budgets", budgetBody(budgetId)).status());
    }

    @AfterEach
    void stop() {
        f.close();
    }

    /** Claims the lane's one claimable execution through the served backend. */
    private Handle claimLoneExecution() {
        return f.served.claim(HttpFixture.LANE, CapabilitySet.EMPTY, WORKER_W1).orElseThrow();
    }

    private static String handleJson(Handle handle) {
        return HandleCodec.toJson(handle);
    }

    private static String budgetBody(String id) {
        return "{\"budget_id\":\"" + id + "\",\"scope_type\":\"lane\",\"scope_id\":\"default\","
                + "\"enforcement_mode\":\"strict\",\"on_hard_limit\":\"fail\",\"on_soft_limit\":\"warn\","
                + "\"reset_interval_ms\":0,\"dimensions\":[\"tokens\"],\"hard_limits\":[100],\"soft_limits\":[50]}";
    }

    /** Fresh state-changing requests; called per mutation so ids are new each time. */
    private List<Template> templates() {
        // cancel and reclaim aim at executions 1-2; priority at 3, which nothing cancels
        ExecutionId target = executions.get(1 + random.nextInt(2));
        String exec = "/v1/executions/" + enc(target);
        String reprioritized = "/v1/executions/" + enc(executions.get(3));
        String owner = "/v1/executions/" + enc(suspendedOwner);
        ExecutionId fresh = HttpFixture.newExecutionId();
        List<Template> t = new ArrayList<>();
        t.add(new Template("POST", "/v1/executions", HttpFixture.createBody(fresh), BodyLimit.L, null, null));
        // issue #18: no id (the server mints one), the input as JSON
        t.add(new Template("POST", "/v1/executions", "{\"lane_id\":\"default\",\"execution_kind\":\"job\","
                + "\"priority\":2,\"input\":{\"k\":[1,\"two\"]}}", BodyLimit.L, null, null));
        t.add(new Template("POST", exec + "/cancel", "{\"reason\":\"r\",\"source\":\"operator_override\"}",
                BodyLimit.C, "execution_id", target.toString()));
        t.add(new Template("POST", owner + "/signal", "{\"waitpoint_id\":\"" + waitpoint.waitpointId()
                + "\",\"signal_id\":\"" + UUID.randomUUID() + "\",\"signal_name\":\"go\",\"signal_category\":\"c\","
                + "\"source_type\":\"user\",\"source_identity\":\"a\",\"waitpoint_token\":\""
                + waitpoint.hmacToken() + "\"}", BodyLimit.M, "execution_id", suspendedOwner.toString()));
        t.add(new Template("PUT", reprioritized + "/priority", "{\"new_priority\":77}", BodyLimit.C, null, null));
        t.add(new Template("POST", "/v1/workers/w9/claim", "{\"lane_id\":\"default\",\"worker_instance_id\":\"i9\","
                + "\"capabilities\":[],\"grant_ttl_ms\":5000}", BodyLimit.C, null, null));
        t.add(new Template("POST", exec + "/reclaim", "{\"worker_id\":\"w2\",\"worker_instance_id\":\"i2\","
                + "\"lane_id\":\"default\",\"grant_ttl_ms\":5000,\"worker_capabilities\":[]}", BodyLimit.C,
                "execution_id", target.toString()));
        FlowId newFlow = FlowId.random();
        t.add(new Template("POST", "/v1/flows", "{\"flow_id\":\"" + newFlow + "\",\"flow_kind\":\"dag\","
                + "\"namespace\":\"ns\"}", BodyLimit.C, null, null));
        t.add(new Template("POST", "/v1/flows/" + flow + "/edges", "{\"flow_id\":\"" + flow + "\",\"edge_id\":\""
                + UUID.randomUUID() + "\",\"upstream_execution_id\":\"" + flowUp + "\",\"downstream_execution_id\":\""
                + flowDown + "\",\"expected_graph_revision\":2}", BodyLimit.C, "flow_id", flow.toString()));
        t.add(new Template("POST", "/v1/flows/" + flow + "/members", "{\"flow_id\":\"" + flow
                + "\",\"execution_id\":\"" + flowSpare + "\"}", BodyLimit.C, "flow_id", flow.toString()));
        t.add(new Template("POST", "/v1/budgets", budgetBody(UUID.randomUUID().toString()), BodyLimit.C, null,
                null));
        t.add(new Template("POST", "/v1/budgets/" + budgetId + "/usage", "{\"dimensions\":{\"tokens\":1}}",
                BodyLimit.C, null, null));
        t.add(new Template("POST", "/v1/quotas", "{\"quota_policy_id\":\"" + UUID.randomUUID()
                + "\",\"window_seconds\":60,\"max_requests_per_window\":10,\"max_concurrent\":2}", BodyLimit.C,
                null, null));
        t.add(new Template("POST", "/v1/admin/rotate-waitpoint-secret", "{\"new_kid\":\"k9\",\"new_secret_hex\":\""
                + "cd".repeat(32) + "\"}", BodyLimit.C, null, null));
        t.add(new Template("POST", "/v1/flows/" + flow + "/cancel", "{\"flow_id\":\"" + flow
                + "\",\"reason\":\"x\",\"cancellation_policy\":\"cancel_all\"}", BodyLimit.C, "flow_id",
                flow.toString()));
        t.add(new Template("PUT", reprioritized + "/tags/" + BackendSnapshot.FUZZ_TAG, "{\"value\":\"v"
                + random.nextInt(1000) + "\"}", BodyLimit.C, null, null));
        t.add(new Template("PUT", "/v1/flows/" + flow + "/tags/" + BackendSnapshot.FUZZ_TAG, "{\"value\":\"v"
                + random.nextInt(1000) + "\"}", BodyLimit.C, null, null));
        t.addAll(workerTemplates());
        return t;
    }

    /** The worker routes; each ending template holds its own lease, so all succeed when sent once in order. */
    private List<Template> workerTemplates() {
        String worker = "\"worker_id\":\"w1\",\"worker_instance_id\":\"w1-i1\"";
        String handle = "{\"handle\":" + handleJson(working);
        List<Template> t = new ArrayList<>();
        t.add(new Template("POST", "/v1/worker/renew", handle + "}", BodyLimit.C, null, null));
        t.add(new Template("POST", "/v1/worker/progress", handle + ",\"percent\":50,\"message\":\"half\"}",
                BodyLimit.C, null, null));
        t.add(new Template("POST", "/v1/worker/frames", handle + ",\"kind\":\"stdout\",\"payload\":[104,105]}",
                BodyLimit.FRAME, null, null));
        t.add(new Template("POST", "/v1/worker/waitpoints", handle + ",\"waitpoint_key\":\"wpk:w"
                + random.nextInt(1000) + "\",\"expires_in_ms\":3600000}", BodyLimit.C, null, null));
        t.add(new Template("POST", "/v1/worker/complete", "{\"handle\":" + handleJson(toComplete)
                + ",\"result\":[9,8,7]}", BodyLimit.RESULT, null, null));
        t.add(new Template("POST", "/v1/worker/complete", "{\"handle\":" + handleJson(toCompleteJson)
                + ",\"result_json\":{\"ok\":true}}", BodyLimit.RESULT, null, null));
        t.add(new Template("POST", "/v1/worker/fail", "{\"handle\":" + handleJson(toFail)
                + ",\"message\":\"boom\",\"failure_class\":\"permanent\"}", BodyLimit.C, null, null));
        t.add(new Template("POST", "/v1/worker/suspend", "{\"handle\":" + handleJson(toSuspend)
                + ",\"suspension_id\":\"" + UUID.randomUUID() + "\",\"waitpoints\":[{\"UsePending\":"
                + "{\"waitpoint_id\":\"" + suspendWaitpoint.waitpointId() + "\"}}],\"resume_condition\":"
                + "{\"Single\":{\"waitpoint_key\":\"wpk:fuzz-suspend\"}}}", BodyLimit.C, null, null));
        t.add(new Template("POST", "/v1/worker/claim-grant", "{\"execution_id\":\"" + grant.executionId()
                + "\",\"grant_key\":\"" + grant.grantKey() + "\",\"lane_id\":\"default\"," + worker + "}",
                BodyLimit.C, null, null));
        t.add(new Template("POST", "/v1/worker/lanes/default/claim", "{" + worker + ",\"capabilities\":[]}",
                BodyLimit.C, null, null));
        // the worker registry (spec 02 §10)
        t.add(new Template("POST", "/v1/worker/register", "{" + worker + ",\"lanes\":[\"default\"],"
                + "\"capabilities\":[\"cpu\"],\"liveness_ttl_ms\":60000,\"namespace\":\"ns\"}", BodyLimit.C, null, null));
        t.add(new Template("POST", "/v1/worker/heartbeat", "{\"worker_instance_id\":\"w1-i1\",\"namespace\":\"ns\"}",
                BodyLimit.C, null, null));
        t.add(new Template("POST", "/v1/worker/dead", "{\"worker_instance_id\":\"w1-i1\",\"namespace\":\"ns\","
                + "\"reason\":\"fuzz\"}", BodyLimit.C, null, null));
        return t;
    }

    private String snapshot() {
        return BackendSnapshot.of(f.backend, List.of(flow), List.of(BudgetId.parse(budgetId)));
    }

    private void expectTyped4xx(String what, Answer a) {
        expectTyped4xx(what, a.status(), a.body());
    }

    private void expectTyped4xx(String what, RawHttp.Answer a) {
        expectTyped4xx(what, a.status(), a.body());
    }

    /** One more malformed request sent; its answer must be a 4xx with the JSON error body of spec 03. */
    private void expectTyped4xx(String what, int status, String text) {
        sent++;
        if (status < 400 || status >= 500) {
            fail(what + " answered " + status + ": " + text);
        }
        JsonNode body;
        try {
            body = f.json.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(what + " answered non-JSON " + status + ": " + text);
        }
        assertTrue(body.path("kind").isTextual() && !body.path("kind").asText().isEmpty(),
                what + " answered an untyped error: " + text);
        assertTrue(body.path("error").isTextual(), what + ": " + text);
    }

    private ObjectNode parse(String body) {
        try {
            return (ObjectNode) f.json.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String randomText(int max) {
        String alphabet = "abcXYZ019-_:{}[]\"\\ ,.~!$&'()*+;=@%\u00e9\u4e2d";
        StringBuilder s = new StringBuilder();
        int n = 1 + random.nextInt(max);
        for (int i = 0; i < n; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private String randomFieldName(ObjectNode node) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names.get(random.nextInt(names.size()));
    }

    @Test
    void malformedRequestsGetTyped4xxAndChangeNothing() {
        String before = snapshot();

        for (int round = 0; round < 6; round++) {
            for (Template t : templates()) {
                String label = t.method() + " " + t.path();
                // bad JSON: every proper prefix of an object, and garbage
                String body = t.body();
                expectTyped4xx(label + " truncated", f.send(t.method(), t.path(),
                        body.substring(0, 1 + random.nextInt(body.length() - 1))));
                expectTyped4xx(label + " garbage", f.send(t.method(), t.path(), randomText(40) + "{"));
                // unknown field
                ObjectNode unknown = parse(body);
                unknown.put("unexpected_" + random.nextInt(1000), randomText(8));
                expectTyped4xx(label + " unknown field", f.send(t.method(), t.path(), unknown.toString()));
                // wrong type for a random field (not one that takes any JSON): a scalar of another type, or a structure
                ObjectNode wrong = parse(body);
                String field = randomFieldName(wrong);
                while (ANY_JSON.contains(field)) {
                    field = randomFieldName(wrong);
                }
                wrong.set(field, WrongJsonTypes.insteadOf(wrong.get(field), random, randomText(6)));
                expectTyped4xx(label + " wrong type " + field, f.send(t.method(), t.path(), wrong.toString()));
                // oversize: declared length over the route's limit
                ObjectNode big = parse(body);
                big.put("pad", "x".repeat(t.limit().bytes() + 1));
                Answer tooBig = f.send(t.method(), t.path(), big.toString());
                expectTyped4xx(label + " oversize", tooBig);
                assertEquals(413, tooBig.status(), label);
                // bad auth: the unmangled body without or with a wrong token
                Map<String, String> badAuth = random.nextBoolean() ? Map.of()
                        : Map.of("Authorization", "Bearer " + HttpFixture.TOKEN + random.nextInt(10));
                Answer unauth = f.send(t.method(), t.path(), body, badAuth);
                expectTyped4xx(label + " bad auth", unauth);
                assertEquals(401, unauth.status(), label);
                // path/body id mismatch
                if (t.pathIdField() != null) {
                    ObjectNode mismatch = parse(body);
                    mismatch.put(t.pathIdField(), t.pathIdField().equals("flow_id") ? FlowId.random().toString()
                            : HttpFixture.newExecutionId().toString());
                    expectTyped4xx(label + " id mismatch", f.send(t.method(), t.path(), mismatch.toString()));
                }
                // worker routes: a malformed lease handle, or one whose fence is not the lease's
                if (t.body().startsWith("{\"handle\":")) {
                    ObjectNode mangled = parse(body);
                    String how = mangleHandle(mangled);
                    expectTyped4xx(label + " handle " + how, f.send(t.method(), t.path(), mangled.toString()));
                }
                // the claim by grant: a grant that is not this execution's, lane's or worker's, or no grant
                if (t.path().equals("/v1/worker/claim-grant")) {
                    ObjectNode mismatch = parse(body);
                    String how = mismatchGrant(mismatch);
                    expectTyped4xx(label + " grant " + how, f.send(t.method(), t.path(), mismatch.toString()));
                }
            }
        }

        // malformed path ids on every route with one
        List<String> idRoutes = List.of("GET /v1/executions/%s", "GET /v1/executions/%s/state",
                "GET /v1/executions/%s/detail",
                "GET /v1/executions/%s/pending-waitpoints", "GET /v1/executions/%s/result",
                "POST /v1/executions/%s/cancel", "POST /v1/executions/%s/replay", "POST /v1/executions/%s/revoke-lease",
                "PUT /v1/executions/%s/priority", "GET /v1/executions/%s/attempts/0/stream",
                "GET /v1/flows/%s", "POST /v1/flows/%s/cancel", "POST /v1/flows/%s/members", "GET /v1/budgets/%s",
                "POST /v1/budgets/%s/reset", "POST /v1/budgets/%s/usage", "POST /v1/workers/%s/claim",
                "POST /v1/worker/lanes/%s/claim", "GET /v1/executions/%s/tags/app.k", "PUT /v1/executions/%s/tags/app.k",
                "GET /v1/flows/%s/tags/app.k", "PUT /v1/flows/%s/tags/app.k", "POST /v1/flows/%s/summary",
                "GET /v1/executions/%s/core-fields", "GET /v1/lanes/%s/eligible");
        for (int round = 0; round < 15; round++) {
            for (String route : idRoutes) {
                String[] parts = route.split(" ");
                String id = enc(randomText(20) + " ");
                String body = parts[0].equals("GET") ? null : "{}";
                expectTyped4xx(route + " id " + id, f.send(parts[0], String.format(parts[1], id), body));
            }
        }

        // malformed cursors, limits and query values
        String stream = "/v1/executions/" + enc(executions.get(0)) + "/attempts/0/stream";
        for (int i = 0; i < 40; i++) {
            String junk = enc(randomText(12) + "x");
            expectTyped4xx("listing cursor", f.get("/v1/executions?partition=1&cursor=" + junk));
            expectTyped4xx("listing partition", f.get("/v1/executions?partition=" + junk));
            expectTyped4xx("listing limit", f.get("/v1/executions?partition=1&limit=" + junk));
            expectTyped4xx("search cursor", f.get("/v1/executions?cursor=" + junk));
            expectTyped4xx("search state", f.get("/v1/executions?lane=default&state=" + junk));
            expectTyped4xx("search limit", f.get("/v1/executions?kind=job&limit=" + junk));
            expectTyped4xx("search created after", f.get("/v1/executions?created_after=" + junk));
            expectTyped4xx("search created before", f.get("/v1/executions?created_before=" + junk));
            expectTyped4xx("stream from", f.get(stream + "?from=" + junk));
            expectTyped4xx("stream to", f.get(stream + "?to=" + junk));
            expectTyped4xx("tail after", f.get(stream + "/tail?after=" + junk));
            expectTyped4xx("tail block", f.get(stream + "/tail?block_ms=" + (30_001 + random.nextInt(1000))));
            expectTyped4xx("workers namespace", f.get("/v1/workers?limit=" + (i % 3)));
            expectTyped4xx("workers limit", f.get("/v1/workers?namespace=ns&limit=" + junk));
            expectTyped4xx("workers after", f.get("/v1/workers?namespace=ns&after=" + enc(" " + randomText(8))));
            expectTyped4xx("expired as_of", f.get("/v1/leases/expired?as_of=" + junk));
            expectTyped4xx("expired limit", f.get("/v1/leases/expired?limit=" + junk));
            expectTyped4xx("expired cursor", f.get("/v1/leases/expired?after_expires_at_ms=1&after_execution_id="
                    + junk));
            expectTyped4xx("expired half cursor", f.get("/v1/leases/expired?after_expires_at_ms=" + i));
            expectTyped4xx("flows partition", f.get("/v1/flows?partition=" + junk));
            expectTyped4xx("flows cursor", f.get("/v1/flows?partition=1&cursor=" + junk));
            expectTyped4xx("flows limit", f.get("/v1/flows?partition=1&limit=" + junk));
            expectTyped4xx("suspended partition", f.get("/v1/suspended?partition=" + junk));
            expectTyped4xx("suspended cursor", f.get("/v1/suspended?partition=1&cursor=" + junk));
            expectTyped4xx("lanes limit", f.get("/v1/lanes?limit=" + junk));
            expectTyped4xx("eligible partition", f.get("/v1/lanes/default/eligible?partition=" + junk));
            expectTyped4xx("core fields", f.get("/v1/executions/" + enc(executions.get(0)) + "/core-fields?fields="
                    + junk));
            expectTyped4xx("tag key", f.send("PUT", "/v1/executions/" + enc(executions.get(0)) + "/tags/X" + junk,
                    "{\"value\":\"v\"}"));
            for (String events : List.of("/v1/events/lease-history", "/v1/events/completion",
                    "/v1/events/signal-delivery")) {
                expectTyped4xx("events cursor", f.get(events + "?cursor=" + junk)); // 13 characters: never base64
                expectTyped4xx("events foreign cursor", f.get(events + "?cursor=" + enc(Base64.getUrlEncoder()
                        .encodeToString(new byte[] {(byte) (5 + random.nextInt(250)), 0, 0, 1}))));
                expectTyped4xx("events limit", f.get(events + "?limit=" + junk));
                expectTyped4xx("events block", f.get(events + "?block_ms=" + (30_001 + random.nextInt(1000))));
                expectTyped4xx("events tag", f.get(events + "?tag_key=" + junk));
            }
            expectTyped4xx("flow wait", f.post("/v1/flows/" + flow + "/cancel?wait=" + junk,
                    "{\"cancellation_policy\":\"cancel_all\"}"));
        }

        // random paths and methods, with and without a token
        String[] methods = {"GET", "POST", "PUT", "DELETE", "PATCH"};
        for (int i = 0; i < 150; i++) {
            String path = "/" + (random.nextBoolean() ? "v1/" : "") + enc(randomText(10)) + "/" + enc(randomText(6));
            String method = methods[random.nextInt(methods.length)];
            Answer a = random.nextInt(4) == 0 ? f.send(method, path, null, Map.of()) : f.send(method, path, null);
            expectTyped4xx(method + " " + path, a);
        }

        assertTrue(sent >= 1_000, "sent only " + sent + " malformed requests");
        assertEquals(before, snapshot(), "malformed requests changed the backend's state");
    }

    @Test
    void everyTemplateSucceedsUnmangled() {
        for (Template t : templates()) {
            Answer a = f.send(t.method(), t.path(), t.body());
            assertTrue(a.status() >= 200 && a.status() < 300, t.method() + " " + t.path() + " answered "
                    + a.status() + ": " + a.body());
        }
    }

    // ------------------------------------------------------------------------------------------ raw requests

    private static final String RIGHT = "Authorization: Bearer " + HttpFixture.TOKEN + "\r\n";

    /** Versions Jetty refuses (it reads the version case-insensitively: "http/1.1" is HTTP/1.1 to it). */
    private static final List<String> BAD_VERSIONS = List.of("HTTP/1.2", "HTTP/2.0", "HTTP/0.9", "HTTP/1",
            "HTTP/1.1.1", "HTTP/1.10", "HTTPS/1.1", "HTTP/9.9", "HTTP/1.1x", "HTTP/01.1", "HTTP/1.1 extra",
            "HTTP/1.1\t", "HTTP/ 1.1");

    /** An Authorization field (or none) that is not exactly the token, each ending in CRLF. */
    private String wrongCredentials() {
        String token = HttpFixture.TOKEN;
        int at = random.nextInt(token.length());
        String flipped = token.substring(0, at) + (Character.isUpperCase(token.charAt(at))
                ? Character.toLowerCase(token.charAt(at)) : Character.toUpperCase(token.charAt(at)))
                + token.substring(at + 1);
        String[] variants = {
                "Authorization: Bearer " + token.toUpperCase() + "\r\n",
                "Authorization: Bearer " + (flipped.equals(token) ? token + "0" : flipped) + "\r\n",
                "Authorization: Bearer " + token.substring(0, at) + "\r\n",
                "Authorization: Bearer " + token + randomText(3).replaceAll("[\\s\\p{Cntrl}]", "x") + "\r\n",
                "Authorization: Bearer\t" + token + "\r\n",
                "Authorization: Basic " + token + "\r\n",
                "Authorization: Token " + token + "\r\n",
                "Authorization: " + token + "\r\n",
                "Authorization: Bearer\r\n",
                "Authorization: Bearer \"" + token + "\"\r\n",
                "Authorisation: Bearer " + token + "\r\n",
                "X-Authorization: Bearer " + token + "\r\n",
                RIGHT + "Authorization: Bearer nope\r\n",
                "Authorization: Bearer nope\r\n" + RIGHT,
                RIGHT + RIGHT,
                ""};
        return variants[random.nextInt(variants.length)];
    }

    /** The template's method in another case, or a method no route has. */
    private String wrongMethod(String method) {
        switch (random.nextInt(4)) {
            case 0:
                return method.toLowerCase();
            case 1:
                return method.charAt(0) + method.substring(1).toLowerCase();
            case 2:
                return List.of("FOO", "TRACE", "QUERY", "PROPFIND", "MKCOL", "G3T", "POST_", "PURGE")
                        .get(random.nextInt(8));
            default:
                StringBuilder mixed = new StringBuilder();
                for (char c : method.toCharArray()) {
                    mixed.append(random.nextBoolean() ? Character.toLowerCase(c) : c);
                }
                return mixed.toString().equals(method) ? method.toLowerCase() : mixed.toString();
        }
    }

    /**
     * A request the server refuses at the HTTP level, with the right token and a body that would succeed: a bad
     * version, a malformed header, bad framing or a target Jetty cannot parse. Jetty closes the connection after.
     * (Not a length that cuts the body short: the rest, pipelined as a next request, now and then trips a buffer
     * release race inside Jetty 12.1.8's HttpConnection, which then logs a stack trace of its own.)
     */
    private String malformed(Template t) {
        String body = t.body();
        switch (random.nextInt(11)) {
            case 0:
                return RawHttp.request(t.method(), t.path(), BAD_VERSIONS.get(random.nextInt(BAD_VERSIONS.size())),
                        RIGHT, body);
            case 1:
                return RawHttp.request(t.method(), t.path(), "HTTP/1.1", RIGHT + "X-Folded: a\r\n b\r\n", body);
            case 2:
                return RawHttp.request(t.method(), t.path(), "HTTP/1.1", RIGHT + "Bad Name: x\r\n", body);
            case 3:
                return RawHttp.request(t.method(), t.path(), "HTTP/1.1", RIGHT + "NoColon\r\n", body);
            case 4:
                return RawHttp.request(t.method(), t.path(), "HTTP/1.1", RIGHT + "X-Nul: a\u0000b\r\n", body);
            case 5:
                return RawHttp.request(t.method(), t.path(), "HTTP/1.1", RIGHT + "Host: elsewhere\r\n", body);
            case 6:
                return RawHttp.request(t.method(), t.path(), "HTTP/1.1", RIGHT + "Content-Length: "
                        + List.of("-1", "abc", "1e3", "0x10", "99999999999999999999").get(random.nextInt(5))
                        + "\r\n", body);
            case 7:
                return RawHttp.request(t.method(), t.path(), "HTTP/1.1", RIGHT + "Transfer-Encoding: "
                        + List.of("chunked", "gzip", "identity, chunked", "chunked, chunked").get(random.nextInt(4))
                        + "\r\n", body);
            case 8:
                return RawHttp.request(t.method(), t.path(), "HTTP/1.1", RIGHT + "X-Big: "
                        + "y".repeat(16 * 1024 + random.nextInt(8 * 1024)) + "\r\n", body);
            case 9:
                return RawHttp.request(t.method(), List.of("%zz", "*", "healthz", "/v1/%", "/v1/executions%",
                        "/v1/a%00b", "//" + randomText(4).replaceAll("[\\s\\p{Cntrl}%]", "x")).get(random.nextInt(7))
                        + t.path(), "HTTP/1.1", RIGHT, body);
            default:
                return t.method() + " " + t.path() + "\r\n" + RIGHT + "\r\n"; // no version: HTTP/0.9
        }
    }

    /**
     * D13 below the client library: more than ten thousand requests (two thousand in Kafka mode, whose HTTP layer
     * is the same and where the point is that none reaches the topology) written byte for byte, on kept-alive
     * connections whose credentials change from request to request (reads with the token must keep answering 200,
     * mutations with any other credential 401), with the template's method in another case or no route's method,
     * and closing each connection with a request Jetty itself refuses (bad version, header, framing or target).
     * Every refusal is a typed JSON 4xx, nothing answers 5xx, nothing logs a stack trace, and no state moves.
     */
    @Test
    void rawRequestsGetTyped4xxAndChangeNothing() {
        String before = snapshot();
        String read = "/v1/executions/" + enc(executions.get(0)) + "/state";
        int reads = 0;
        int requests = mode == HttpFixture.Mode.SQLITE_DIRECT ? 10_000 : 2_000;
        try (LoggedThrowables logged = new LoggedThrowables()) {
            while (sent < requests) {
                List<Template> templates = templates();
                try (RawHttp connection = new RawHttp(f.server.port())) {
                    int keptAlive = 5 + random.nextInt(20);
                    boolean open = true;
                    for (int i = 0; i < keptAlive && open; i++) {
                        Template t = templates.get(random.nextInt(templates.size()));
                        RawHttp.Answer a;
                        switch (random.nextInt(5)) {
                            case 0 -> {
                                a = connection.exchange(RawHttp.request("GET", read, "HTTP/1.1", RIGHT, null));
                                assertEquals(200, a.status(), "a read with the token after other credentials: "
                                        + a.body());
                                reads++;
                            }
                            case 1, 2 -> {
                                String credentials = wrongCredentials();
                                a = connection.exchange(RawHttp.request(t.method(), t.path(), "HTTP/1.1",
                                        credentials, t.body()));
                                expectTyped4xx(t.method() + " " + t.path() + " with " + credentials.strip(), a);
                                assertEquals(401, a.status(), credentials.strip() + ": " + a.body());
                            }
                            default -> {
                                String method = wrongMethod(t.method());
                                a = connection.exchange(RawHttp.request(method, t.path(), "HTTP/1.1",
                                        random.nextInt(4) == 0 ? "" : RIGHT, t.body()));
                                expectTyped4xx(method + " " + t.path(), a);
                            }
                        }
                        // Jetty answers a refusal before reading the request's body; when the body has not fully
                        // arrived by then (a loaded machine), it ends the connection and says so in the answer
                        open = !a.closes();
                    }
                    if (!open) {
                        continue;
                    }
                    Template t = templates.get(random.nextInt(templates.size()));
                    String request = malformed(t);
                    expectTyped4xx("malformed " + request.lines().findFirst().orElse(""),
                            connection.exchange(request));
                }
            }
            assertEquals(List.of(), logged.events(), "client input logged a stack trace");
        }
        assertTrue(reads > requests / 10, "the reads between credential changes: " + reads);
        assertEquals(before, snapshot(), "raw requests changed the backend's state");
    }

    /** Replaces the body's handle with a malformed or mismatched one; says how. */
    private String mangleHandle(ObjectNode body) {
        String json = body.get("handle").toString();
        Handle handle = HandleCodec.fromJson(json);
        HandleFields h = HandleCodec.peek(handle);
        ObjectNode node = (ObjectNode) body.get("handle");
        String opaque = node.path("opaque").asText();
        switch (random.nextInt(12)) {
            case 0:
                node.put("opaque", opaque.substring(0, opaque.length() - 4));
                return "truncated";
            case 1:
                node.put("opaque", "!" + opaque.substring(1));
                return "not base64url";
            case 2:
                node.put("backend", "postgres");
                return "other backend";
            case 3:
                body.set("handle", asNode(HandleCodec.encode(HttpFixture.HANDLE_KEY, BackendTag.POSTGRES,
                        handle.kind(), h)));
                return "other backend tag";
            case 4:
                body.set("handle", reencode(handle, new HandleFields(h.executionId(), h.attemptIndex(),
                        h.attemptId(), LeaseId.random(), h.leaseEpoch(), h.leaseTtlMs(), h.laneId(),
                        h.workerInstanceId())));
                return "other lease id";
            case 5:
                body.set("handle", reencode(handle, new HandleFields(h.executionId(), h.attemptIndex(),
                        h.attemptId(), h.leaseId(), h.leaseEpoch() + 1, h.leaseTtlMs(), h.laneId(),
                        h.workerInstanceId())));
                return "later lease epoch";
            case 6:
                body.set("handle", reencode(handle, new HandleFields(h.executionId(), h.attemptIndex(),
                        AttemptId.random(), h.leaseId(), h.leaseEpoch(), h.leaseTtlMs(), h.laneId(),
                        h.workerInstanceId())));
                return "other attempt id";
            case 7:
                // another claimed execution under this lease: the fence of neither
                ExecutionId other = HandleCodec.peek(h.executionId().equals(HandleCodec.peek(working).executionId())
                        ? toComplete : working).executionId();
                body.set("handle", reencode(handle, new HandleFields(other, h.attemptIndex(), h.attemptId(),
                        h.leaseId(), h.leaseEpoch(), h.leaseTtlMs(), h.laneId(), h.workerInstanceId())));
                return "other execution";
            case 8:
                byte[] flipped = handle.opaque();
                int at = 3 + random.nextInt(flipped.length - 3);
                flipped[at] ^= (byte) (1 << random.nextInt(8));
                body.set("handle", asNode(new Handle(handle.backend(), handle.kind(), flipped)));
                return "bit flipped at byte " + at;
            case 9:
                body.set("handle", asNode(new Handle(handle.backend(), HandleKind.RESUMED, handle.opaque())));
                return "other kind";
            case 10:
                body.set("handle", asNode(HandleCodec.encode(HandleKey.random(), handle.backend(), handle.kind(),
                        new HandleFields(h.executionId(), h.attemptIndex(), h.attemptId(), h.leaseId(),
                                h.leaseEpoch(), Long.MAX_VALUE, h.laneId(), h.workerInstanceId()))));
                return "forged under another key";
            default:
                body.put("handle", random.nextBoolean() ? opaque : String.valueOf(random.nextInt()));
                return "not an object";
        }
    }

    private JsonNode reencode(Handle like, HandleFields fields) {
        return asNode(HandleCodec.encode(HttpFixture.HANDLE_KEY, like.backend(), like.kind(), fields));
    }

    private JsonNode asNode(Handle handle) {
        return parse("{\"h\":" + HandleCodec.toJson(handle) + "}").get("h");
    }

    /**
     * Points the claim-by-grant body at a grant it does not hold; says how. (Not the lane: spec 01 §8's fresh-claim
     * gates check the grant's execution, worker and expiry, and the claim keeps the execution's own lane.)
     */
    private String mismatchGrant(ObjectNode body) {
        switch (random.nextInt(3)) {
            case 0:
                body.put("execution_id", executions.get(1 + random.nextInt(3)).toString());
                return "for another execution";
            case 1:
                body.put("grant_key", "gk-" + UUID.randomUUID());
                return "unknown key";
            default:
                body.put("worker_id", "w2");
                body.put("worker_instance_id", "w2-i1");
                return "of another worker";
        }
    }
}
