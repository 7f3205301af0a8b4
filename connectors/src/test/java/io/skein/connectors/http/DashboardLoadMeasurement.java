package io.skein.connectors.http;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.FailureClass;
import io.skein.core.api.FailureReason;
import io.skein.core.api.Handle;
import io.skein.core.api.SeedWaitpointHmacSecretArgs;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.time.ManualClock;
import io.skein.sql.sqlite.SqliteBackend;
import io.skein.sql.sqlite.SqliteOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a test (its name keeps it out of {@code mvn verify}): how long the dashboard's pages take with
 * 100,000 executions in the store. Run it with
 * {@code mvn -B -o -pl connectors -am test -Dtest=DashboardLoadMeasurement -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>It fills a SQLite file (WAL, as {@code skein dev} keeps it) through the engine's own operations: 100,000
 * executions over eight lanes and ten kinds, created across the last seven days; 30,000 of them completed and 2,000
 * failed within the last quarter of an hour (the worst case for the completion chart), 200 active, the rest waiting.
 * Then it serves them in direct mode, signs in, and times each page: the server's answer (request sent to last byte
 * received, over loopback, 5 warm-ups then 30 timed loads, p50 / p95 / max) and the page in headless Chromium
 * (Navigation Timing: DOM content loaded and load event, 3 warm-ups then 10 loads, p50). The table goes to stdout and
 * {@code target/ui-load.md}.
 */
class DashboardLoadMeasurement {

    private static final int EXECUTIONS = 100_000;
    private static final int COMPLETED = 30_000;
    private static final int FAILED = 2_000;
    private static final int ACTIVE = 200;

    @Test
    void pagesWithAHundredThousandExecutions() throws Exception {
        Path dir = Files.createTempDirectory("skein-ui-load");
        long now = System.currentTimeMillis();
        ManualClock clock = new ManualClock(now - 7 * 86_400_000L);
        SqliteBackend backend = SqliteBackend.open(SqliteOptions.of(dir.resolve("skein.db").toString())
                .withEnv(Map.of("FF_DEV_MODE", "1")::get).withClock(clock));
        backend.prepare();
        backend.seedWaitpointHmacSecret(new SeedWaitpointHmacSecretArgs(HttpFixture.KID, HttpFixture.SECRET_HEX));
        long filling = System.nanoTime();
        Random random = new Random(19);
        long step = (7 * 86_400_000L - 20 * 60_000L) / EXECUTIONS;
        ExecutionId sample = null;
        for (int i = 0; i < EXECUTIONS; i++) {
            String lane = "lane-" + random.nextInt(8);
            ExecutionId id = PartitionConfig.DEFAULT.mintedExecutionId(UUID.randomUUID());
            backend.createExecution(new CreateExecutionArgs(id, Namespace.of("default"), LaneId.of(lane),
                    "kind-" + random.nextInt(10), ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8), "json",
                    random.nextInt(3), "measurement", null, Map.of(), null, null, null, id.partition(),
                    clock.millis()));
            clock.advance(step);
            if (i % 20_000 == 0) {
                System.out.printf("created %,d%n", i);
            }
            sample = id;
        }
        clock.set(now - 15 * 60_000L);
        ClaimPolicy worker = new ClaimPolicy(WorkerId.of("w"), WorkerInstanceId.of("w-1"), 3_600_000, null);
        long endStep = 14 * 60_000L / (COMPLETED + FAILED);
        for (int i = 0; i < COMPLETED + FAILED + ACTIVE; i++) {
            Handle handle = backend.claim(LaneId.of("lane-" + (i % 8)), CapabilitySet.EMPTY, worker).orElseThrow();
            if (i < COMPLETED) {
                backend.complete(handle, "{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
            } else if (i < COMPLETED + FAILED) {
                backend.fail(handle, new FailureReason("measured failure", null), FailureClass.PERMANENT);
            }
            clock.advance(endStep);
            if (i % 10_000 == 0) {
                System.out.printf("worked %,d%n", i);
            }
        }
        clock.set(now);
        double fillSeconds = (System.nanoTime() - filling) / 1e9;

        try (SkeinHttpServer server = SkeinHttpServer.start(backend,
                HttpServerConfig.local(0).withApiToken(HttpFixture.TOKEN))) {
            String base = "http://127.0.0.1:" + server.port();
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            String cookie = signIn(http, base);
            String secondPage = cursorOfFirstPage(http, base, cookie);
            Map<String, String> pages = new LinkedHashMap<>();
            pages.put("overview", "/ui/");
            pages.put("executions, newest", "/ui/executions");
            pages.put("executions, page 2", "/ui/executions?" + secondPage);
            pages.put("executions, state=failed", "/ui/executions?state=failed");
            pages.put("executions, lane + state", "/ui/executions?lane=lane-3&state=waiting");
            pages.put("executions, kind + last 24 h", "/ui/executions?kind=kind-4&since=24h");
            pages.put("execution detail", "/ui/executions/" + HttpFixture.enc(sample));
            pages.put("flows", "/ui/flows");
            pages.put("budgets and keys", "/ui/budgets");

            StringBuilder table = new StringBuilder();
            table.append(String.format("%d executions (%d completed and %d failed in the last 15 min, %d active); "
                    + "store filled in %.0f s%n%n", EXECUTIONS, COMPLETED, FAILED, ACTIVE, fillSeconds));
            table.append("| page | server p50 | server p95 | server max | bytes | browser DOMContentLoaded p50 "
                    + "| browser load p50 |\n|---|---|---|---|---|---|---|\n");
            try (Chromium chromium = Chromium.start()) {
                chromium.driver.get(base + "/ui/login");
                chromium.driver.manage().addCookie(new org.openqa.selenium.Cookie("skein_ui",
                        cookie.substring(cookie.indexOf('=') + 1), "/ui"));
                for (Map.Entry<String, String> page : pages.entrySet()) {
                    List<Double> answered = new ArrayList<>();
                    int bytes = 0;
                    for (int i = 0; i < 35; i++) {
                        long t0 = System.nanoTime();
                        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + page.getValue()))
                                .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofByteArray());
                        double ms = (System.nanoTime() - t0) / 1e6;
                        if (r.statusCode() != 200) {
                            throw new AssertionError(page + ": " + r.statusCode());
                        }
                        bytes = r.body().length;
                        if (i >= 5) {
                            answered.add(ms);
                        }
                    }
                    List<Double> dom = new ArrayList<>();
                    List<Double> load = new ArrayList<>();
                    for (int i = 0; i < 13; i++) {
                        chromium.driver.get(base + page.getValue());
                        @SuppressWarnings("unchecked")
                        Map<String, Number> timing = (Map<String, Number>) chromium.driver.executeScript(
                                "const n = performance.getEntriesByType('navigation')[0];"
                                        + "return {dom: n.domContentLoadedEventEnd, load: n.loadEventEnd};");
                        if (i >= 3) {
                            dom.add(timing.get("dom").doubleValue());
                            load.add(timing.get("load").doubleValue());
                        }
                    }
                    table.append(String.format("| %s | %.1f ms | %.1f ms | %.1f ms | %,d | %.0f ms | %.0f ms |%n",
                            page.getKey(), pct(answered, 50), pct(answered, 95), pct(answered, 100), bytes, pct(dom, 50),
                            pct(load, 50)));
                }
            }
            System.out.println(table);
            Files.writeString(Path.of("target/ui-load.md"), table.toString());
        } finally {
            backend.close();
        }
    }

    private static String signIn(HttpClient http, String base) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/ui/login"))
                .header("Origin", base).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + HttpFixture.TOKEN)).build(),
                HttpResponse.BodyHandlers.ofString());
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static String cursorOfFirstPage(HttpClient http, String base, String cookie) throws Exception {
        String page = http.send(HttpRequest.newBuilder(URI.create(base + "/ui/executions")).header("Cookie", cookie)
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher next = Pattern.compile("href=\"/ui/executions\\?([^\"]*cursor=[^\"]+)\"").matcher(page);
        if (!next.find()) {
            throw new AssertionError("no next page");
        }
        return next.group(1).replace("&amp;", "&");
    }

    private static double pct(List<Double> values, int percentile) {
        List<Double> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
