package io.skein.connectors.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code skein serve}: configuration errors name the variable and pick the exit code; a valid one serves. */
class ServeCommandTest {

    /** A valid direct-mode SQLite configuration on a private memory database, token {@code serve-token}. */
    static Map<String, String> validEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("FF_BACKEND", "sqlite");
        env.put("FF_DEV_MODE", "1");
        env.put("FF_SQLITE_PATH", "file:serve-" + UUID.randomUUID() + "?mode=memory&cache=shared");
        env.put("FF_WAITPOINT_HMAC_SECRET", "0f".repeat(32));
        env.put("FF_LISTEN_ADDR", "127.0.0.1:0");
        env.put("FF_API_TOKEN", "serve-token");
        return env;
    }

    private static int exitWith(Map<String, String> env) throws InterruptedException {
        return new ServeCommand(env::get).call();
    }

    @Test
    void invalidConfigurationExitsOneNamingTheVariable() throws InterruptedException {
        Map<String, Object[]> cases = Map.of(
                "FF_WAITPOINT_HMAC_SECRET", new Object[] {"FF_WAITPOINT_HMAC_SECRET", "abc"},
                "FF_LISTEN_ADDR", new Object[] {"FF_LISTEN_ADDR", "nowhere"},
                "FF_BACKEND", new Object[] {"FF_BACKEND", "oracle"},
                "FF_CORS_ORIGINS", new Object[] {"FF_CORS_ORIGINS", ""},
                "FF_FLOW_PARTITIONS", new Object[] {"FF_FLOW_PARTITIONS", "0"});
        for (Map.Entry<String, Object[]> c : cases.entrySet()) {
            Map<String, String> env = validEnv();
            env.put(c.getKey(), (String) c.getValue()[1]);
            ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                    () -> ServeConfig.fromEnvironment(env::get));
            assertEquals(1, e.exitCode(), c.getKey());
            assertTrue(e.getMessage().contains(c.getKey()), e.getMessage());
            assertEquals(1, exitWith(env), c.getKey());
        }
        Map<String, String> missingSecret = validEnv();
        missingSecret.remove("FF_WAITPOINT_HMAC_SECRET");
        assertEquals(1, exitWith(missingSecret));
    }

    @Test
    void sqliteWithoutDevModeExitsOne() throws InterruptedException {
        Map<String, String> env = validEnv();
        env.remove("FF_DEV_MODE");
        assertEquals(1, exitWith(env));
    }

    @Test
    void valkeyExitsTwo() throws InterruptedException {
        Map<String, String> env = validEnv();
        env.put("FF_BACKEND", "Valkey");
        assertEquals(2, exitWith(env));
    }

    @Test
    void validConfigurationServesThenDrains() throws Exception {
        ServeConfig config = ServeConfig.fromEnvironment(validEnv()::get);
        assertEquals("k1", config.hmacKid());
        ServeSession session = ServeSession.start(config);
        int port = session.port();
        try {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + session.port() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> unauthenticated = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + session.port() + "/v1/executions?partition=0")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertEquals(401, unauthenticated.statusCode());
        } finally {
            session.stop();
        }
        HttpClient client = HttpClient.newHttpClient();
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString()), "a stopped server accepts no connection");
    }

    @Test
    void metricsReportEngineFiguresOfDirectMode() throws Exception {
        // given: direct mode with a lease-expiry pass every 50 ms
        Map<String, String> env = validEnv();
        env.put("FF_LEASE_EXPIRY_INTERVAL_MS", "50");
        ServeSession session = ServeSession.start(ServeConfig.fromEnvironment(env::get));
        try {
            HttpClient client = HttpClient.newHttpClient();
            String id = "{fp:0}:" + UUID.randomUUID();
            HttpResponse<String> created = post(client, session, "/v1/executions", "{\"execution_id\":\"" + id
                    + "\",\"namespace\":\"default\",\"lane_id\":\"default\",\"execution_kind\":\"demo\","
                    + "\"input_payload\":[104,105],\"priority\":0,\"creator_identity\":\"t\",\"tags\":{},"
                    + "\"partition_id\":0}");
            assertEquals(201, created.statusCode(), created.body());
            String waiting = metrics(client, session);

            // when: a worker claims it with a 100 ms lease and never renews, then renews too late
            HttpResponse<String> claimed = post(client, session, "/v1/worker/lanes/default/claim",
                    "{\"worker_id\":\"w1\",\"worker_instance_id\":\"w1-i1\",\"lease_ttl_ms\":100}");
            assertEquals(200, claimed.statusCode(), claimed.body());
            waitForMetric(client, session, "ff_engine_lease_expiries_total 1.0");
            // the expiry and the re-queue are separate timer steps: wait for the second too, not just the first
            String afterExpiry = waitForMetric(client, session, "ff_engine_queue_depth{lane=\"default\"} 1.0");
            String handle = new com.fasterxml.jackson.databind.ObjectMapper().readTree(claimed.body()).path("handle")
                    .toString();
            HttpResponse<String> late = post(client, session, "/v1/worker/renew", "{\"handle\":" + handle + "}");
            String end = metrics(client, session);

            // then: the queue depth, the claim, the expiry and the commands by outcome are all reported
            assertTrue(waiting.contains("ff_engine_queue_depth{lane=\"default\"} 1.0"), waiting);
            assertTrue(afterExpiry.contains("ff_engine_claims_total 1.0"), afterExpiry);
            assertTrue(afterExpiry.contains("ff_engine_queue_depth{lane=\"default\"} 1.0"),
                    "an expired lease puts the execution back in the queue: " + afterExpiry);
            assertTrue(end.contains("ff_engine_commands_total{outcome=\"applied\",type=\"create_execution\"} 1.0"),
                    end);
            assertTrue(late.statusCode() >= 400, late.body());
            assertTrue(end.contains("ff_engine_commands_total{outcome=\"rejected\",type=\"renew\"} 1.0"), end);
        } finally {
            session.stop();
        }
    }

    private static HttpResponse<String> post(HttpClient client, ServeSession session, String path, String body)
            throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + session.port() + path))
                .header("Authorization", "Bearer serve-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String metrics(HttpClient client, ServeSession session) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + session.port() + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The exposition once it contains {@code line} (the timers run on their own schedule), at most 10 s. */
    private static String waitForMetric(HttpClient client, ServeSession session, String line) throws Exception {
        long until = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        String text = metrics(client, session);
        while (!text.contains(line) && System.nanoTime() < until) {
            Thread.sleep(50);
            text = metrics(client, session);
        }
        return text;
    }

    @Test
    void serveReturnsZeroAfterAStopRequest() throws Exception {
        ServeCommand command = new ServeCommand(validEnv()::get);
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(1_500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            command.requestStop();
        });
        stopper.start();
        assertEquals(0, command.call());
        stopper.join();
    }
}
