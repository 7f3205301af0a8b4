package io.skein.connectors.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skein.connectors.client.KafkaEngineClient;
import io.skein.connectors.kafka.EmbeddedKafkaBroker;
import io.skein.core.api.SeedWaitpointHmacSecretArgs;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import io.skein.core.wire.TopicNames;
import io.skein.sql.sqlite.SqliteBackend;
import io.skein.sql.sqlite.SqliteOptions;
import io.skein.topology.SkeinEngine;
import io.skein.topology.SkeinTopologyConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interactive queries across two engine instances of one application (issue #6): each instance holds the ready
 * queues of the command partitions it processes in its local store, and any instance asked answers for the whole
 * engine by asking the other for its part.
 */
class HttpEngineQueriesScaleOutTest {

    private static final String TOKEN = "scale-out-token-0123456789";
    private static final LaneId LANE = LaneId.of("default");

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** One instance: its HTTP server (its address is the instance's application.server) and its topology. */
    private record Instance(SkeinHttpServer server, SkeinEngine engine) {}

    private Instance instance(String name, EmbeddedKafkaBroker broker, SqliteBackend store) {
        // the engine queries read the instance's topology; the server's own backend is not involved in them
        SkeinHttpServer server = SkeinHttpServer.start(store, HttpServerConfig.local(0).withApiToken(TOKEN));
        open.add(server::stop);
        SkeinTopologyConfig config = SkeinTopologyConfig.defaults(broker.bootstrapServers(), dir.resolve(name))
                .withApplicationId("skein-iq-scale-out")
                .withTimers(Duration.ZERO, Duration.ofMillis(100))
                .withApplicationServer("127.0.0.1:" + server.port());
        SkeinEngine engine = SkeinEngine.start(config, () -> store, PartitionConfig.DEFAULT, Duration.ofSeconds(120));
        open.add(engine);
        server.bindEngine(store, engine);
        return new Instance(server, engine);
    }

    private JsonNode get(Instance at, String path, int expectStatus) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.server().port()
                + path)).header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(expectStatus, r.statusCode(), path + " → " + r.body());
        return new ObjectMapper().readTree(r.body());
    }

    private static List<Integer> commandPartitions(Instance i) {
        return i.engine().partitionOwners().get(0).commandPartitions();
    }

    @Test
    void each_instance_answers_for_the_whole_engine_and_a_silent_peer_is_a_503() throws Exception {
        // given: one broker, one database, two instances that have split the command partitions
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0);
        open.add(broker);
        SqliteBackend store = SqliteBackend.open(SqliteOptions.of("file:iq-scale-" + UUID.randomUUID()
                + "?mode=memory&cache=shared").withEnv(Map.of("FF_DEV_MODE", "1")::get));
        open.add(store);
        store.seedWaitpointHmacSecret(new SeedWaitpointHmacSecretArgs("k1", "ab".repeat(32)));
        Instance a = instance("a", broker, store);
        Instance b = instance("b", broker, store);
        KafkaEngineClient.Connected client = KafkaEngineClient.connect(broker.bootstrapServers(), TopicNames.DEFAULT,
                store, Duration.ofMillis(400), a.engine()::ensureLane);
        open.add(client);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (commandPartitions(a).isEmpty() || commandPartitions(b).isEmpty()
                || commandPartitions(a).size() + commandPartitions(b).size() != 12) {
            assertTrue(System.nanoTime() < deadline, "the two instances never split the partitions");
            Thread.sleep(100);
        }

        // when: 40 executions of one lane spread over the flow partitions (as flow members are), priorities 0..4
        List<ExecutionId> ids = new ArrayList<>();
        for (int n = 0; n < 40; n++) {
            ExecutionId id = ExecutionId.of(n * 37 % PartitionConfig.DEFAULT.flowPartitions(), UUID.randomUUID());
            client.backend().createExecution(new CreateExecutionArgs(id, Namespace.of("ns"), LANE, "job",
                    new byte[] {1}, null, n % 5, "tester", null, Map.of(), null, null, null, id.partition(),
                    System.currentTimeMillis()));
            ids.add(id);
        }

        // then: each holds part of the queue locally, and both answer for all of it, in SQL's claim order
        long localA = get(a, "/v1/engine/lanes/default/depth?scope=local", 200).path("depth").asLong();
        long localB = get(b, "/v1/engine/lanes/default/depth?scope=local", 200).path("depth").asLong();
        assertTrue(localA > 0 && localB > 0, "each instance holds a part: " + localA + " + " + localB);
        assertEquals(40, localA + localB);
        assertEquals(40, get(a, "/v1/engine/lanes/default/depth", 200).path("depth").asLong());
        assertEquals(40, get(b, "/v1/engine/lanes/default/depth", 200).path("depth").asLong());
        List<String> sqlOrder = store.readyHead("default", 15).stream().map(e -> e.executionId().toString())
                .toList();
        assertEquals(sqlOrder, executionIds(get(a, "/v1/engine/lanes/default/head?limit=15", 200)));
        assertEquals(sqlOrder, executionIds(get(b, "/v1/engine/lanes/default/head?limit=15", 200)));
        Set<String> localHeads = new HashSet<>(executionIds(get(a,
                "/v1/engine/lanes/default/head?scope=local&limit=40", 200)));
        localHeads.addAll(executionIds(get(b, "/v1/engine/lanes/default/head?scope=local&limit=40", 200)));
        assertEquals(ids.stream().map(ExecutionId::toString).collect(java.util.stream.Collectors.toSet()),
                localHeads);

        // and: with b's server gone (its topology still in the group), a says so instead of answering in part
        b.server().stop();
        JsonNode refused = get(a, "/v1/engine/lanes/default/depth", 503);
        assertEquals("unavailable", refused.path("kind").asText(), refused.toString());
        assertEquals(localA, get(a, "/v1/engine/lanes/default/depth?scope=local", 200).path("depth").asLong());
        get(a, "/v1/engine/lanes/default/depth?scope=everything", 400);
    }

    private static List<String> executionIds(JsonNode head) {
        List<String> out = new ArrayList<>();
        head.path("entries").forEach(e -> out.add(e.path("execution_id").asText()));
        return out;
    }
}
