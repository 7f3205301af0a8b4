package io.skein.connectors.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.skein.connectors.http.HttpServerConfig;
import io.skein.connectors.http.SkeinHttpServer;
import io.skein.connectors.worker.SkeinWorker;
import io.skein.core.api.SeedWaitpointHmacSecretArgs;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.WorkerId;
import io.skein.core.state.PublicState;
import io.skein.sql.sqlite.SqliteBackend;
import io.skein.sql.sqlite.SqliteOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The typed client and the typed worker over the HTTP API only: a server over SQLite with a bearer token, a worker
 * that claims from the lane route and renews its lease over HTTP, and a client that submits and awaits JSON.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SkeinClientHttpTest {

    private static final String TOKEN = "client-test-token";

    record Resize(String image, int width) {}

    record Resized(String url, int width) {}

    private SqliteBackend backend;
    private SkeinHttpServer server;
    private String address;

    @BeforeEach
    void start() {
        backend = SqliteBackend.open(SqliteOptions.of("file:client-" + UUID.randomUUID() + "?mode=memory&cache=shared")
                .withEnv(Map.of("FF_DEV_MODE", "1")::get));
        backend.seedWaitpointHmacSecret(new SeedWaitpointHmacSecretArgs("k1", "ab".repeat(32)));
        // as skein serve serves a direct-mode store: its operations counted as commands
        server = SkeinHttpServer.start(backend.figures().counting(backend), HttpServerConfig.local(0)
                .withApiToken(TOKEN));
        server.bindEngine(backend, null);
        address = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.stop();
        backend.close();
    }

    private SkeinWorker worker(String lane, Duration leaseTtl, MeterRegistry meters) {
        return SkeinWorker.builder().http(address, TOKEN).lane(LaneId.of(lane)).workerId(WorkerId.of("http-w"))
                .capacity(2).leaseTtl(leaseTtl).meterRegistry(meters).shutdownGrace(Duration.ofSeconds(5)).build();
    }

    @Test
    void aTypedWorkerAndClientWorkOverHttpOnly() throws Exception {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicBoolean leaseLost = new AtomicBoolean();
        try (SkeinWorker worker = worker("images", Duration.ofMillis(900), meters)
                .on("resize", Resize.class, (ctx, in) -> {
                    if (in.width() > 1000) {
                        Thread.sleep(2_000); // past two lease TTLs: only renewals over HTTP keep it
                        leaseLost.set(ctx.leaseLost());
                    }
                    return new Resized("s3://thumbs/" + in.image(), in.width() / 2);
                })
                .start();
             SkeinClient skein = SkeinClient.http(address, TOKEN)) {

            ExecutionId quick = skein.submit("images", "resize", new Resize("cat.png", 640));
            ExecutionId slow = skein.submit("images", "resize", new Resize("big.png", 4000), 5);

            assertEquals(new Resized("s3://thumbs/cat.png", 320), skein.await(quick, Duration.ofSeconds(20),
                    Resized.class));
            assertEquals(new Resized("s3://thumbs/big.png", 2000), skein.await(slow, Duration.ofSeconds(20),
                    Resized.class));
            assertFalse(leaseLost.get(), "the lease was renewed over HTTP while the handler ran");
            assertEquals(1, backend.describeExecution(slow).orElseThrow().totalAttemptCount());
            assertEquals(5, skein.describe(slow).orElseThrow().priority());
            assertEquals("{\"url\":\"s3://thumbs/cat.png\",\"width\":320}",
                    new String(backend.getExecutionResult(quick).orElseThrow(), StandardCharsets.UTF_8));

            // the worker's own meters: two completed attempts, none in flight now, two handler timings
            assertEquals(2.0, meters.get("ff_worker_attempts").tags("lane", "images", "kind", "resize", "outcome",
                    "completed").counter().count());
            assertEquals(0.0, meters.get("ff_worker_in_flight").tags("lane", "images").gauge().value());
            assertEquals(2.0, meters.get("ff_worker_capacity").tags("lane", "images").gauge().value());
            assertEquals(2, meters.get("ff_worker_handler_duration").tags("kind", "resize").timer().count());
            assertEquals(2.0, meters.get("ff_worker_grants").tags("result", "claimed").counter().count());
            assertEquals(2, worker.counts().completed());

            // and every metric the Grafana dashboard graphs is one the server or the worker exposes (with a lane
            // that has work waiting, so there is a queue depth to show)
            skein.submit("backlog", "resize", new Resize("later.png", 1));
            byte[] scraped = new SkeinHttp(SkeinHttp.address(address), TOKEN, Duration.ofSeconds(5))
                    .getBytes("/metrics");
            String exposed = "\n" + new String(scraped, StandardCharsets.UTF_8) + "\n" + meters.scrape();
            for (String metric : dashboardMetrics()) {
                assertTrue(exposed.contains("\n" + metric + "{") || exposed.contains("\n" + metric + " "),
                        "the dashboard graphs " + metric + ", which nothing exposes");
            }
        }
    }

    /** The metric names in the expressions of docs/grafana-dashboard.json. */
    private static Set<String> dashboardMetrics() throws java.io.IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("..", "docs", "grafana-dashboard.json").toFile());
        Set<String> names = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher m = Pattern.compile("ff_[a-z_]+").matcher(target.path("expr").asText());
                while (m.find()) {
                    names.add(m.group());
                }
            }
        }
        assertTrue(names.size() >= 10, "expressions found: " + names);
        return names;
    }

    @Test
    void theClientSaysWhatWentWrongInOneLine() {
        try (SkeinClient skein = SkeinClient.http(address, TOKEN);
             SkeinWorker worker = worker("flaky", Duration.ofSeconds(30), new SimpleMeterRegistry())
                     .onAny(ctx -> ctx.fail("disk full", io.skein.core.api.FailureClass.PERMANENT)).start()) {
            ExecutionId failing = skein.submit("flaky", "job", Map.of("n", 1));
            SkeinClientException failed = assertThrows(SkeinClientException.class,
                    () -> skein.await(failing, Duration.ofSeconds(20), Resized.class));
            assertEquals(failing + " ended failed: disk full", failed.getMessage());

            ExecutionId cancelled = skein.submit("nobody", "job", null);
            skein.cancel(cancelled, "not needed");
            Outcome outcome = skein.await(cancelled, Duration.ofSeconds(5));
            assertEquals(PublicState.CANCELLED, outcome.state());
            assertEquals("not needed", outcome.failureReason());

            assertTrue(skein.describe(ExecutionId.parse("{fp:1}:" + UUID.randomUUID())).isEmpty());
        }
        try (SkeinClient wrongToken = SkeinClient.http(address, "nope")) {
            SkeinClientException unauthorized = assertThrows(SkeinClientException.class,
                    () -> wrongToken.submit("images", "resize", new Resize("x", 1)));
            assertEquals(401, unauthorized.status());
            assertTrue(unauthorized.getMessage().contains("FF_API_TOKEN"), unauthorized.getMessage());
        }
        server.stop();
        try (SkeinClient down = SkeinClient.http(address, TOKEN)) {
            SkeinClientException unreachable = assertThrows(SkeinClientException.class,
                    () -> down.submit("images", "resize", new Resize("x", 1)));
            assertTrue(unreachable.getMessage().startsWith("cannot reach the Skein server at " + address),
                    unreachable.getMessage());
        }
    }

    @Test
    void aWorkerOverHttpRegistersHeartbeatsIsListedAndMarksItselfDeadOnClose() throws Exception {
        SkeinHttp http = new SkeinHttp(SkeinHttp.address(address), TOKEN, Duration.ofSeconds(5));
        SkeinWorker worker = SkeinWorker.builder().http(address, TOKEN).lane(LaneId.of("listed"))
                .workerId(WorkerId.of("http-w")).livenessTtl(Duration.ofMillis(600))
                .shutdownGrace(Duration.ofSeconds(5)).build().onAny(ctx -> { }).start();
        try {
            awaitTrue(() -> http.get("/v1/workers?namespace=default").path("entries").size() == 1,
                    "the worker lists itself");
            JsonNode entry = http.get("/v1/workers?namespace=default").path("entries").get(0);
            assertEquals("http-w", entry.path("worker_id").asText());
            assertEquals("[\"listed\"]", entry.path("lanes").toString());
            long registeredBeat = entry.path("last_heartbeat_ms").asLong();
            awaitTrue(() -> http.get("/v1/workers?namespace=default").path("entries").path(0)
                    .path("last_heartbeat_ms").asLong() >= registeredBeat + 1_800, "heartbeats over HTTP");
        } finally {
            worker.close();
        }
        assertEquals(0, http.get("/v1/workers?namespace=default").path("entries").size());
        // a clean shutdown marks it dead over HTTP rather than letting it lapse
        assertEquals(1L, (long) backend.database().read(connection -> {
            try (var q = connection.prepareStatement("SELECT count(*) FROM ff_worker_registry_event "
                    + "WHERE namespace = 'default' AND event_kind = 'marked_dead'"); var rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }));
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
