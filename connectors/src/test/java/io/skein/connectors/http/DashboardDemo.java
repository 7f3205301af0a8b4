package io.skein.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.skein.connectors.http.HttpFixture.Answer;
import io.skein.core.api.EdgeDependencyPolicy;
import io.skein.core.api.OnSatisfied;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.id.PartitionConfig;
import io.skein.core.time.ManualClock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a person sees on a server that has worked for a while: lanes with executions waiting, running, completed and
 * failed over the last quarter of an hour, an ETL flow of twelve members part-way through, a budget and a quota in
 * use and a rotated waitpoint key. Everything goes through the HTTP API as clients and workers send it, except the
 * edge-group policy, which has no route. The backend's clock is turned forward as the work happens, so the charts
 * have history.
 */
final class DashboardDemo {

    /** A worker whose leases outlive the demo's clock turns (timers are off, so nothing renews them). */
    static final String WORKER = "\"worker_id\":\"resizer-1\",\"worker_instance_id\":\"resizer-1-7f3a\","
            + "\"capabilities\":[],\"lease_ttl_ms\":3600000";

    /** The ids the tests look at. */
    record Built(ExecutionId completed, ExecutionId failed, ExecutionId running, ExecutionId suspended,
                 ExecutionId approved, FlowId flow, List<ExecutionId> flowMembers) {}

    private final HttpFixture f;
    private final ManualClock clock;

    DashboardDemo(HttpFixture f, ManualClock clock) {
        this.f = f;
        this.clock = clock;
    }

    Built populate() {
        long end = clock.millis();
        clock.set(end - 15 * 60_000L);
        ExecutionId completed = null;
        ExecutionId failed = null;
        String[] people = {"ada", "grace", "edsger", "barbara", "ken", "margaret", "donald", "frances"};
        for (int minute = 0; minute < 14; minute++) {
            for (int i = 0; i < 1 + (minute * 7) % 4; i++) {
                ExecutionId image = create("images", "resize-image", "{\"image\":\"s3://uploads/" + people[(minute
                        + i) % people.length] + "-" + minute + ".png\",\"width\":640}");
                JsonNode claim = claim("images");
                frame(claim, "stdout", "fetched " + (120 + minute * 13) + " KiB\n");
                frame(claim, "stdout", "resized to 640x480\n");
                clock.advance(900 + 250L * i);
                complete(claim, "{\"url\":\"s3://thumbs/" + image.uuid() + ".png\",\"width\":640,\"height\":480}");
                completed = image;
            }
            if (minute % 5 == 3) {
                create("emails", "send-welcome-email", "{\"to\":\"" + people[minute % people.length]
                        + "@example.com\",\"template\":\"welcome\"}");
                JsonNode claim = claim("emails");
                frame(claim, "stderr", "smtp: 550 mailbox unavailable\n");
                fail(claim, "SMTP 550: mailbox unavailable");
                failed = ExecutionId.parse(claim.path("execution_id").asText());
            }
            clock.advance(60_000);
        }
        clock.set(end - 40_000);
        for (int i = 0; i < 4; i++) {
            create("images", "resize-image", "{\"image\":\"s3://uploads/batch-" + i + ".png\",\"width\":320}");
        }
        create("reports", "render-invoice", "{\"invoice\":\"INV-2026-0042\",\"format\":\"pdf\"}");
        JsonNode running = claim("reports");
        frame(running, "stdout", "loading 42 line items\n");
        frame(running, "stdout", "rendering page 1 of 3\n");
        progress(running, 40, "rendering page 2 of 3");
        create("emails", "send-welcome-email", "{\"to\":\"new@example.com\",\"template\":\"welcome\"}");
        create("emails", "send-welcome-email", "{\"to\":\"later@example.com\",\"template\":\"welcome\"}");
        Suspended approved = suspendForApproval("R-1170", 90);
        signal(approved, "alice");
        ExecutionId suspended = suspendForApproval("R-1182", 240).execution();
        FlowBuilt flow = flow();
        budgetAndQuota();
        clock.set(end);
        return new Built(completed, failed, ExecutionId.parse(running.path("execution_id").asText()), suspended,
                approved.execution(), flow.flow, flow.members);
    }

    private record FlowBuilt(FlowId flow, List<ExecutionId> members) {}

    /**
     * extract → three cleaners → join (2 of 3 suffice) → three trainers → evaluate → publish, plus a report and a
     * notification after evaluate: twelve members; extract, the cleaners and the join have run (one cleaner failed).
     */
    private FlowBuilt flow() {
        FlowId flow = FlowId.random();
        ok(f.post("/v1/flows", "{\"flow_id\":\"" + flow + "\",\"flow_kind\":\"nightly-etl\",\"namespace\":\"default\"}"));
        Map<String, ExecutionId> m = new LinkedHashMap<>();
        for (String kind : List.of("extract", "clean-orders", "clean-customers", "clean-events", "join",
                "train-baseline", "train-boosted", "train-deep", "evaluate", "publish-model", "report",
                "notify-team")) {
            ExecutionId id = PartitionConfig.DEFAULT.memberExecutionId(flow, UUID.randomUUID());
            ok(f.post("/v1/executions", "{\"execution_id\":\"" + id + "\",\"partition_id\":" + id.partition()
                    + ",\"namespace\":\"default\",\"lane_id\":\"etl\",\"execution_kind\":\"" + kind
                    + "\",\"input\":{\"date\":\"2026-12-07\"},\"priority\":0,\"creator_identity\":\"scheduler\"}"));
            ok(f.post("/v1/flows/" + flow + "/members", "{\"execution_id\":\"" + id + "\"}"));
            m.put(kind, id);
        }
        for (String clean : List.of("clean-orders", "clean-customers", "clean-events")) {
            edge(flow, m.get("extract"), m.get(clean));
        }
        f.served.setEdgeGroupPolicy(flow, m.get("join"), new EdgeDependencyPolicy.Quorum(2, OnSatisfied.LET_RUN));
        for (String clean : List.of("clean-orders", "clean-customers", "clean-events")) {
            edge(flow, m.get(clean), m.get("join"));
        }
        for (String train : List.of("train-baseline", "train-boosted", "train-deep")) {
            edge(flow, m.get("join"), m.get(train));
            edge(flow, m.get(train), m.get("evaluate"));
        }
        for (String after : List.of("publish-model", "report", "notify-team")) {
            edge(flow, m.get("evaluate"), m.get(after));
        }
        complete(claim("etl"), "{\"rows\":1284113}");
        complete(claim("etl"), "{\"rows\":1200020}");
        fail(claim("etl"), "schema drift: column customer_tier missing");
        complete(claim("etl"), "{\"rows\":84211}");
        complete(claim("etl"), "{\"rows\":1198877}");
        claim("etl");
        return new FlowBuilt(flow, new ArrayList<>(m.values()));
    }

    /** A suspended execution and the waitpoint it waits on, with the token a signal to it must carry. */
    private record Suspended(ExecutionId execution, String waitpointId, String token) {}

    /** A refund that waits for a person's approval: a waitpoint, then a suspension on it. */
    private Suspended suspendForApproval(String refund, int amount) {
        create("reports", "approve-refund", "{\"refund\":\"" + refund + "\",\"amount_eur\":" + amount + "}");
        JsonNode claim = claim("reports");
        Answer waitpoint = ok(withHandle("waitpoints", claim.path("handle"),
                "\"waitpoint_key\":\"wpk:finance-approval\",\"expires_in_ms\":86400000"));
        String waitpointId = waitpoint.json().path("waitpoint_id").asText();
        ok(withHandle("suspend", claim.path("handle"), "\"suspension_id\":\"" + UUID.randomUUID()
                + "\",\"waitpoints\":[{\"UsePending\":{\"waitpoint_id\":\"" + waitpointId + "\"}}],"
                + "\"resume_condition\":{\"Single\":{\"waitpoint_key\":\"wpk:finance-approval\"}}"));
        return new Suspended(ExecutionId.parse(claim.path("execution_id").asText()), waitpointId,
                waitpoint.json().path("hmac_token").asText());
    }

    /** A person approves: the signal resumes the execution, which waits to be claimed again. */
    private void signal(Suspended s, String who) {
        ok(f.post("/v1/executions/" + HttpFixture.enc(s.execution()) + "/signal", "{\"waitpoint_id\":\""
                + s.waitpointId() + "\",\"signal_id\":\"" + UUID.randomUUID() + "\",\"signal_name\":\"approve\","
                + "\"signal_category\":\"approval\",\"source_type\":\"user\",\"source_identity\":\"" + who
                + "\",\"waitpoint_token\":\"" + s.token() + "\"}"));
    }

    private void budgetAndQuota() {
        String budget = UUID.randomUUID().toString();
        ok(f.post("/v1/budgets", "{\"budget_id\":\"" + budget + "\",\"scope_type\":\"lane\",\"scope_id\":\"images\","
                + "\"enforcement_mode\":\"strict\",\"on_hard_limit\":\"fail\",\"on_soft_limit\":\"warn\","
                + "\"reset_interval_ms\":86400000,\"dimensions\":[\"gpu_seconds\",\"api_calls\"],"
                + "\"hard_limits\":[3600,10000],\"soft_limits\":[3000,8000]}"));
        ok(f.post("/v1/budgets/" + budget + "/usage", "{\"dimensions\":{\"gpu_seconds\":3150,\"api_calls\":2210}}"));
        ok(f.post("/v1/quotas", "{\"quota_policy_id\":\"" + UUID.randomUUID() + "\",\"window_seconds\":60,"
                + "\"max_requests_per_window\":120,\"max_concurrent\":8}"));
        ok(f.post("/v1/admin/rotate-waitpoint-secret", "{\"new_kid\":\"k2\",\"new_secret_hex\":\""
                + "ab".repeat(32) + "\"}"));
    }

    // ------------------------------------------------------------------------------------------- API helpers

    ExecutionId create(String lane, String kind, String inputJson) {
        Answer a = ok(f.post("/v1/executions", "{\"lane_id\":\"" + lane + "\",\"execution_kind\":\"" + kind
                + "\",\"input\":" + inputJson + "}"));
        return ExecutionId.parse(a.json().path("Created").path("execution_id").asText());
    }

    JsonNode claim(String lane) {
        Answer a = f.post("/v1/worker/lanes/" + lane + "/claim", "{" + WORKER + "}");
        if (a.status() != 200) {
            throw new AssertionError("claim on " + lane + ": " + a.status() + " " + a.body());
        }
        return a.json();
    }

    void frame(JsonNode claim, String type, String text) {
        StringBuilder bytes = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            bytes.append(bytes.length() == 0 ? "" : ",").append(b);
        }
        ok(withHandle("frames", claim.path("handle"), "\"kind\":\"" + (type.equals("stderr") ? "stderr" : "stdout")
                + "\",\"frame_type\":\"" + type + "\",\"payload\":[" + bytes + "]"));
    }

    void progress(JsonNode claim, int percent, String message) {
        ok(withHandle("progress", claim.path("handle"), "\"percent\":" + percent + ",\"message\":\"" + message
                + "\""));
    }

    void complete(JsonNode claim, String resultJson) {
        ok(withHandle("complete", claim.path("handle"), "\"result_json\":" + resultJson));
    }

    void fail(JsonNode claim, String message) {
        ok(withHandle("fail", claim.path("handle"), "\"message\":\"" + message + "\",\"failure_class\":\"permanent\""));
    }

    private Answer withHandle(String route, JsonNode handle, String fields) {
        return f.post("/v1/worker/" + route, "{\"handle\":" + handle + (fields.isEmpty() ? "" : "," + fields) + "}");
    }

    private void edge(FlowId flow, ExecutionId up, ExecutionId down) {
        long revision = f.served.describeFlow(flow).orElseThrow().graphRevision();
        String edge = UUID.randomUUID().toString();
        Answer staged = ok(f.post("/v1/flows/" + flow + "/edges", "{\"edge_id\":\"" + edge
                + "\",\"upstream_execution_id\":\"" + up + "\",\"downstream_execution_id\":\"" + down
                + "\",\"expected_graph_revision\":" + revision + "}"));
        ok(f.post("/v1/flows/" + flow + "/edges/apply", "{\"edge_id\":\"" + edge + "\",\"downstream_execution_id\":\""
                + down + "\",\"upstream_execution_id\":\"" + up + "\",\"graph_revision\":"
                + staged.json().path("Staged").path("new_graph_revision").asLong() + "}"));
    }

    private static Answer ok(Answer a) {
        if (a.status() >= 300) {
            throw new AssertionError(a.status() + " " + a.body());
        }
        return a;
    }
}
