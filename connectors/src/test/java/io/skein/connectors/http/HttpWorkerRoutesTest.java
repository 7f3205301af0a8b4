package io.skein.connectors.http;

import static io.skein.connectors.http.HttpFixture.enc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.skein.connectors.http.HttpFixture.Answer;
import io.skein.core.id.ExecutionId;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A worker that speaks only HTTP: every step of an execution's life through the worker routes over a real SQLite
 * backend, served directly and in Kafka mode, read back through the read routes, and the typed rejections a worker
 * meets.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(HttpFixture.Mode.class)
class HttpWorkerRoutesTest {

    private static final String WORKER = "\"worker_id\":\"w1\",\"worker_instance_id\":\"w1-i1\"";

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

    private static void assertError(Answer a, int status, String kind) {
        assertEquals(status, a.status(), a.body());
        assertEquals(kind, a.json().path("kind").asText(), a.body());
        assertTrue(a.json().has("error") && a.json().has("retryable"), a.body());
    }

    /** Claims the default lane's best execution over HTTP; the answer's body. */
    private JsonNode claim() {
        Answer a = f.post("/v1/worker/lanes/default/claim", "{" + WORKER + ",\"capabilities\":[]}");
        assertEquals(200, a.status(), a.body());
        return a.json();
    }

    private Answer withHandle(String route, JsonNode handle, String fields) {
        return f.post("/v1/worker/" + route, "{\"handle\":" + handle + (fields.isEmpty() ? "" : "," + fields) + "}");
    }

    private String state(ExecutionId id) {
        return f.get("/v1/executions/" + enc(id) + "/state").json().asText();
    }

    @Test
    void anExecutionIsWorkedEndToEndThroughHttpOnly() {
        ExecutionId id = f.createExecution();

        JsonNode claimed = claim();
        JsonNode handle = claimed.path("handle");
        assertEquals(id.toString(), claimed.path("execution_id").asText());
        assertEquals(0, claimed.path("attempt_index").asInt());
        assertTrue(claimed.path("lease_epoch").asLong() >= 1, claimed.toString());
        assertEquals("[1,2,3]", claimed.path("input_payload").toString());
        assertEquals("job", claimed.path("execution_kind").asText());
        // spec 01 §12: a handle carries the backend that fences it — the topology in Kafka mode
        assertEquals(f.mode == HttpFixture.Mode.KAFKA_OVER_SQLITE ? "kafka" : "sqlite",
                handle.path("backend").asText());
        assertEquals("fresh", handle.path("kind").asText());
        assertEquals("active", state(id));

        Answer renewed = withHandle("renew", handle, "");
        assertEquals(200, renewed.status(), renewed.body());
        assertEquals(claimed.path("lease_epoch").asLong(), renewed.json().path("lease_epoch").asLong());
        assertTrue(renewed.json().path("expires_at_ms").asLong() > 0, renewed.body());

        assertEquals(204, withHandle("progress", handle, "\"percent\":50,\"message\":\"half way\"").status());

        Answer appended = withHandle("frames", handle, "\"kind\":\"stdout\",\"payload\":[104,105]");
        assertEquals(200, appended.status(), appended.body());
        assertEquals(1, appended.json().path("frame_count").asLong());
        String frameId = appended.json().path("stream_id").asText();

        assertEquals(204, withHandle("complete", handle, "\"result\":[9,8,7]").status());

        assertEquals("completed", state(id));
        Answer result = f.get("/v1/executions/" + enc(id) + "/result");
        assertEquals(200, result.status(), result.body());
        assertArrayEquals(new byte[] {9, 8, 7}, result.raw());
        Answer stream = f.get("/v1/executions/" + enc(id) + "/attempts/0/stream");
        assertEquals(200, stream.status(), stream.body());
        assertEquals(frameId, stream.json().path("frames").get(0).path("id").asText(), stream.body());
        assertEquals("stdout", stream.json().path("frames").get(0).path("fields").path("frame_type").asText(),
                stream.body());
    }

    @Test
    void aClaimGrantIsConsumedOnceThroughTheGrantRoute() {
        ExecutionId id = f.createExecution();
        Answer grant = f.post("/v1/workers/w1/claim",
                "{\"lane_id\":\"default\",\"worker_instance_id\":\"w1-i1\",\"capabilities\":[],\"grant_ttl_ms\":10000}");
        assertEquals(200, grant.status(), grant.body());
        String body = "{\"execution_id\":\"" + id + "\",\"grant_key\":\"" + grant.json().path("grant_key").asText()
                + "\",\"lane_id\":\"default\"," + WORKER + "}";

        Answer claimed = f.post("/v1/worker/claim-grant", body);
        Answer again = f.post("/v1/worker/claim-grant", body);

        assertEquals(200, claimed.status(), claimed.body());
        assertEquals(id.toString(), claimed.json().path("execution_id").asText());
        assertEquals("[1,2,3]", claimed.json().path("input_payload").toString());
        assertEquals("active", state(id));
        assertEquals(409, again.status(), again.body());
        assertEquals(204, withHandle("complete", claimed.json().path("handle"), "").status());
        assertEquals("completed", state(id));
    }

    @Test
    void anEmptyLaneAnswers204() {
        Answer a = f.post("/v1/worker/lanes/default/claim", "{" + WORKER + "}");
        assertEquals(204, a.status(), a.body());
    }

    @Test
    void aPermanentFailureIsTerminal() {
        ExecutionId id = f.createExecution();
        JsonNode handle = claim().path("handle");

        Answer failed = withHandle("fail", handle, "\"message\":\"boom\",\"failure_class\":\"permanent\"");

        assertEquals(200, failed.status(), failed.body());
        assertEquals("\"TerminalFailed\"", failed.body());
        assertEquals("failed", state(id));
    }

    @Test
    void aSuspendedExecutionResumesOnASignalAndIsClaimedAgain() {
        ExecutionId id = f.createExecution();
        JsonNode handle = claim().path("handle");
        Answer waitpoint = withHandle("waitpoints", handle,
                "\"waitpoint_key\":\"wpk:approve\",\"expires_in_ms\":3600000");
        assertEquals(201, waitpoint.status(), waitpoint.body());
        String waitpointId = waitpoint.json().path("waitpoint_id").asText();
        String token = waitpoint.json().path("hmac_token").asText();

        Answer suspended = withHandle("suspend", handle, "\"suspension_id\":\"" + UUID.randomUUID()
                + "\",\"waitpoints\":[{\"UsePending\":{\"waitpoint_id\":\"" + waitpointId + "\"}}],"
                + "\"resume_condition\":{\"Single\":{\"waitpoint_key\":\"wpk:approve\"}}");
        assertEquals(200, suspended.status(), suspended.body());
        assertEquals("suspended", suspended.json().path("Suspended").path("handle").path("kind").asText());
        assertEquals("suspended", state(id));
        assertEquals(204, f.post("/v1/worker/lanes/default/claim", "{" + WORKER + "}").status(),
                "a suspended execution is not claimable");

        Answer signal = f.post("/v1/executions/" + enc(id) + "/signal", "{\"waitpoint_id\":\"" + waitpointId
                + "\",\"signal_id\":\"" + UUID.randomUUID() + "\",\"signal_name\":\"approve\","
                + "\"signal_category\":\"approval\",\"source_type\":\"user\",\"source_identity\":\"alice\","
                + "\"waitpoint_token\":\"" + token + "\"}");
        assertEquals(200, signal.status(), signal.body());

        JsonNode resumed = claim();
        assertEquals(id.toString(), resumed.path("execution_id").asText());
        assertEquals("resumed", resumed.path("handle").path("kind").asText());
        assertEquals(0, resumed.path("attempt_index").asInt(), "the suspended attempt continues");
        assertEquals(204, withHandle("complete", resumed.path("handle"), "\"result\":[1]").status());
        assertEquals("completed", state(id));
        assertError(withHandle("progress", handle, "\"percent\":1"), 409, "contention");
    }

    @Test
    void aStaleHandleIsRejectedWith409() {
        f.createExecution();
        JsonNode handle = claim().path("handle");
        assertEquals(204, withHandle("complete", handle, "").status());

        Answer renew = withHandle("renew", handle, "");
        Answer frame = withHandle("frames", handle, "\"kind\":\"event\",\"payload\":[1]");

        assertEquals(409, renew.status(), renew.body());
        assertEquals(409, frame.status(), frame.body());
    }

    @Test
    void malformedHandlesAndBodiesAre400() {
        ExecutionId id = f.createExecution();
        JsonNode handle = claim().path("handle");

        assertError(f.post("/v1/worker/renew", "{}"), 400, "invalid_input");
        assertError(f.post("/v1/worker/renew", "{\"handle\":\"abc\"}"), 400, "validation_error");
        assertError(f.post("/v1/worker/renew",
                "{\"handle\":{\"backend\":\"sqlite\",\"kind\":\"fresh\",\"opaque\":\"AAAA\"}}"), 400,
                "validation_error");
        assertError(f.post("/v1/worker/renew",
                "{\"handle\":{\"backend\":\"sqlite\",\"kind\":\"fresh\",\"opaque\":\"AAAA\",\"extra\":1}}"), 400,
                "validation_error");
        assertError(withHandle("renew", handle, "\"surprise\":1"), 400, "invalid_input");
        assertError(withHandle("frames", handle, "\"payload\":[1]"), 400, "invalid_input");
        assertError(withHandle("frames", handle, "\"kind\":\"stdout\",\"payload\":{}"), 400, "invalid_input");
        assertError(withHandle("waitpoints", handle, "\"waitpoint_key\":\"wpk:a\""), 400, "invalid_input");
        assertError(withHandle("fail", handle, "\"failure_class\":\"permanent\""), 400, "invalid_input");
        assertError(withHandle("suspend", handle, "\"waitpoints\":[]"), 400, "invalid_input");
        assertError(f.post("/v1/worker/lanes/default/claim", "{\"worker_instance_id\":\"w1-i1\"}"), 400,
                "invalid_input");
        assertError(f.post("/v1/worker/claim-grant", "{" + WORKER + ",\"lane_id\":\"default\"}"), 400,
                "invalid_input");
        assertEquals("active", state(id));
        assertEquals(204, withHandle("progress", handle, "\"percent\":10").status(), "the handle still works");
    }

    @Test
    void framesUpToTheEnginePayloadLimitPassTheBodyLimit() {
        f.createExecution();
        JsonNode handle = claim().path("handle");
        String largest = "255,".repeat(65_536 - 1) + "255";

        Answer accepted = withHandle("frames", handle, "\"kind\":\"blob\",\"payload\":[" + largest + "]");
        Answer tooLarge = withHandle("frames", handle, "\"kind\":\"blob\",\"payload\":[" + largest + ",1]");

        assertEquals(200, accepted.status(), accepted.body());
        assertError(tooLarge, 400, "retention_limit_exceeded");
    }

    @Test
    void workerRoutesNeedTheBearerToken() {
        ExecutionId id = f.createExecution();
        Answer a = f.send("POST", "/v1/worker/lanes/default/claim", "{" + WORKER + "}", Map.of());
        assertError(a, 401, "unauthorized");
        assertEquals("waiting", state(id), "nothing was claimed");
    }
}
