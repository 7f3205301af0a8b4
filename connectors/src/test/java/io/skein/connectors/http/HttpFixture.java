package io.skein.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skein.connectors.client.KafkaEngineClient;
import io.skein.core.api.EngineBackend;
import io.skein.core.api.SeedWaitpointHmacSecretArgs;
import io.skein.core.handle.HandleKey;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.PartitionConfig;
import io.skein.core.wire.TopicNames;
import io.skein.sql.engine.HmacSeed;
import io.skein.sql.sqlite.SqliteBackend;
import io.skein.sql.sqlite.SqliteOptions;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * A real server over a real SQLite backend (dev mode via an injected environment, private memory database), served
 * either directly or in Kafka mode: a {@link KafkaEngineClient} whose commands travel through the shared in-process
 * broker and topology ({@link HttpKafkaEngine}) to this fixture's database, reads going to SQLite.
 */
final class HttpFixture implements AutoCloseable {

    /** How the server reaches the SQLite database. */
    enum Mode {
        /** The server calls the SQLite backend itself. */
        SQLITE_DIRECT,
        /** The server calls a Kafka-mode client; the shared topology applies its commands to SQLite. */
        KAFKA_OVER_SQLITE
    }

    /** The least time a Kafka-mode claim waits for a lane grant; short, so an empty lane answers 204 quickly. */
    private static final Duration CLAIM_WAIT = Duration.ofMillis(400);

    static final String TOKEN = "test-token-0123456789";
    static final String KID = "k1";
    static final String SECRET_HEX = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    static final LaneId LANE = LaneId.of("default");
    /** What the backend is opened with; its handles are tagged under {@link #HANDLE_KEY}, derived from it. */
    static final HmacSeed SEED = new HmacSeed(KID, SECRET_HEX);
    /** Lets a test build a handle the engine accepts (one whose fence, not its tag, is wrong). */
    static final HandleKey HANDLE_KEY = HmacSeed.handleKeyOf(SEED);

    final Mode mode;
    /** The SQLite database underneath, for reads and state snapshots (in either mode). */
    final SqliteBackend backend;
    /** The backend the server calls: SQLite itself, or the Kafka-mode client; every given-step goes through it. */
    final EngineBackend served;
    private final KafkaEngineClient.Connected kafka;
    final SkeinHttpServer server;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ObjectMapper json = new ObjectMapper();

    HttpFixture(HttpServerConfig config) {
        this(Mode.SQLITE_DIRECT, config);
    }

    HttpFixture(Mode mode, HttpServerConfig config) {
        this(mode, config, java.time.Clock.systemUTC());
    }

    /** {@code clock} is the backend's (a direct-mode test may turn it: the server's "now" is the backend's). */
    HttpFixture(Mode mode, HttpServerConfig config, java.time.Clock clock) {
        this.mode = mode;
        String uri = "file:http-" + UUID.randomUUID() + "?mode=memory&cache=shared";
        backend = SqliteBackend.open(SqliteOptions.of(uri).withEnv(Map.of("FF_DEV_MODE", "1")::get)
                .withClock(clock), SEED);
        backend.seedWaitpointHmacSecret(new SeedWaitpointHmacSecretArgs(KID, SECRET_HEX));
        if (mode == Mode.KAFKA_OVER_SQLITE) {
            HttpKafkaEngine engine = HttpKafkaEngine.shared();
            engine.pointAt(backend);
            kafka = KafkaEngineClient.connect(engine.bootstrapServers(), TopicNames.DEFAULT, backend, CLAIM_WAIT,
                    engine::ensureLane);
            served = kafka.backend();
        } else {
            kafka = null;
            served = backend;
        }
        server = SkeinHttpServer.start(served, config);
        if (mode == Mode.KAFKA_OVER_SQLITE) {
            server.bindEngine(backend, HttpKafkaEngine.shared().engine()); // as skein serve does in Kafka mode
        }
    }

    static HttpFixture withToken() {
        return withToken(Mode.SQLITE_DIRECT);
    }

    static HttpFixture withToken(Mode mode) {
        return new HttpFixture(mode, HttpServerConfig.local(0).withApiToken(TOKEN));
    }

    /** The answer to one request: status, headers and body text. */
    record Answer(int status, String body, java.net.http.HttpHeaders headers, byte[] raw) {
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    Answer send(String method, String path, String body) {
        return send(method, path, body, Map.of("Authorization", "Bearer " + TOKEN));
    }

    Answer send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), r.headers(), r.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Answer get(String path) {
        return send("GET", path, null);
    }

    Answer post(String path, String body) {
        return send("POST", path, body);
    }

    static String enc(Object id) {
        return URLEncoder.encode(id.toString(), StandardCharsets.UTF_8);
    }

    static ExecutionId newExecutionId() {
        return PartitionConfig.DEFAULT.soloExecutionId(LANE, UUID.randomUUID());
    }

    /** A create body for {@code id} on the default lane. */
    static String createBody(ExecutionId id) {
        return "{\"execution_id\":\"" + id + "\",\"namespace\":\"ns\",\"lane_id\":\"default\","
                + "\"execution_kind\":\"job\",\"input_payload\":[1,2,3],\"priority\":5,"
                + "\"creator_identity\":\"tester\",\"partition_id\":" + id.partition() + "}";
    }

    ExecutionId createExecution() {
        ExecutionId id = newExecutionId();
        Answer a = post("/v1/executions", createBody(id));
        if (a.status() != 201) {
            throw new AssertionError("create failed: " + a.status() + " " + a.body());
        }
        return id;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } finally {
            if (kafka != null) {
                kafka.close();
                HttpKafkaEngine.shared().pointAt(null);
            }
            backend.close();
        }
    }
}
