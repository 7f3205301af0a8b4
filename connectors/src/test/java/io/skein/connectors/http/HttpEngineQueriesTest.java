package io.skein.connectors.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.skein.connectors.http.HttpFixture.Answer;
import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The interactive-query routes under {@code /v1/engine/}, over SQLite direct and Kafka mode. */
@ParameterizedClass(name = "{0}")
@EnumSource(HttpFixture.Mode.class)
class HttpEngineQueriesTest {

    @Parameter
    HttpFixture.Mode mode;

    private HttpFixture f;

    @BeforeEach
    void startServer() {
        f = HttpFixture.withToken(mode);
    }

    @AfterEach
    void closeServer() {
        f.close();
    }

    private ExecutionId created(int priority) {
        ExecutionId id = HttpFixture.newExecutionId();
        Answer a = f.post("/v1/executions", HttpFixture.createBody(id).replace("\"priority\":5",
                "\"priority\":" + priority));
        assertEquals(201, a.status(), a.body());
        return id;
    }

    @Test
    void depthAndHeadFollowTheClaimOrder() {
        // given: three executions of the default lane, the middle one most urgent
        ExecutionId low = created(1);
        ExecutionId high = created(9);
        ExecutionId mid = created(5);

        // when
        JsonNode depth = f.get("/v1/engine/lanes/default/depth").json();
        JsonNode head = f.get("/v1/engine/lanes/default/head?limit=2").json();
        JsonNode otherLane = f.get("/v1/engine/lanes/elsewhere/depth").json();

        // then: the depth counts all three, the head lists the first two a claim would take, in order
        assertEquals("default", depth.path("lane_id").asText());
        assertEquals(3, depth.path("depth").asLong());
        assertEquals(2, head.path("entries").size());
        assertEquals(high.toString(), head.path("entries").get(0).path("execution_id").asText());
        assertEquals(9, head.path("entries").get(0).path("priority").asInt());
        assertEquals(mid.toString(), head.path("entries").get(1).path("execution_id").asText());
        assertEquals(0, otherLane.path("depth").asLong());

        // and: once the head is claimed, it leaves the queue
        f.served.claim(HttpFixture.LANE, CapabilitySet.EMPTY,
                new ClaimPolicy(WorkerId.of("w1"), WorkerInstanceId.of("w1-i1"), 30_000, null)).orElseThrow();
        JsonNode after = f.get("/v1/engine/lanes/default/head").json();
        assertEquals(2, after.path("entries").size());
        assertEquals(mid.toString(), after.path("entries").get(0).path("execution_id").asText());
        assertEquals(low.toString(), after.path("entries").get(1).path("execution_id").asText());
    }

    @Test
    void timersDueCountAnExpiredLease() throws InterruptedException {
        // given: a claimed execution whose 1 ms lease has run out (no timer runs in this fixture)
        created(0);
        Answer before = f.get("/v1/engine/timers/due");
        f.served.claim(HttpFixture.LANE, CapabilitySet.EMPTY,
                new ClaimPolicy(WorkerId.of("w1"), WorkerInstanceId.of("w1-i1"), 1, null)).orElseThrow();
        Thread.sleep(20);

        // when
        JsonNode due = f.get("/v1/engine/timers/due").json();

        // then
        assertEquals(200, before.status(), before.body());
        assertEquals(0, before.json().path("due").path("lease_expiry").asInt());
        assertEquals(1, due.path("due").path("lease_expiry").asInt(), due.toString());
        assertEquals(0, due.path("due").path("execution_deadline").asInt());
        assertEquals(0, due.path("due").path("delayed_promotion").asInt(), "every timer is named, due or not");
        assertTrue(due.path("now_ms").asLong() > 0);
    }

    @Test
    void partitionOwnersNameThisInstance() {
        JsonNode p = f.get("/v1/engine/partitions").json();

        JsonNode only = p.path("instances").get(0);
        assertEquals(1, p.path("instances").size(), p.toString());
        assertTrue(only.path("this_instance").asBoolean());
        assertEquals(f.backend.partitionConfig().flowPartitions(), only.path("flow_partitions").size());
        if (mode == HttpFixture.Mode.KAFKA_OVER_SQLITE) {
            assertEquals("kafka", p.path("mode").asText());
            assertEquals(12, only.path("command_partitions").size(), "one instance runs every ff.commands task");
        } else {
            assertEquals("direct", p.path("mode").asText());
        }
    }

    @Test
    void badQueriesAreTyped400sAndTheTokenIsRequired() {
        Answer zero = f.get("/v1/engine/lanes/default/head?limit=0");
        Answer huge = f.get("/v1/engine/lanes/default/head?limit=1001");
        Answer word = f.get("/v1/engine/lanes/default/head?limit=ten");
        Answer badLane = f.get("/v1/engine/lanes/" + "x".repeat(300) + "/depth");
        Answer badScope = f.get("/v1/engine/lanes/default/depth?scope=everything");
        Answer anonymous = f.send("GET", "/v1/engine/partitions", null, java.util.Map.of());

        for (Answer a : new Answer[] {zero, huge, word, badLane, badScope}) {
            assertEquals(400, a.status(), a.body());
            assertTrue(a.json().has("kind") && a.json().has("error"), a.body());
        }
        assertTrue(zero.json().path("error").asText().contains("limit"), zero.body());
        assertTrue(badScope.json().path("error").asText().contains("scope"), badScope.body());
        assertEquals(401, anonymous.status());
    }
}
