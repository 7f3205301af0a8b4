package io.skein.connectors.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.skein.connectors.client.SkeinHttp;
import io.skein.connectors.http.HttpServerConfig;
import io.skein.connectors.http.SkeinHttpServer;
import io.skein.core.api.SeedWaitpointHmacSecretArgs;
import io.skein.core.id.ExecutionId;
import io.skein.sql.sqlite.SqliteBackend;
import io.skein.sql.sqlite.SqliteOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each verb of the {@code skein} command line against a real server (direct mode over SQLite, bearer token): what
 * it prints when it works, and one line on stderr with a non-zero exit when it does not (unknown id, server down,
 * bad JSON, a refused request), never a stack trace.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CliVerbsTest {

    private static final String TOKEN = "cli-token";
    private static final String WORKER = "\"worker_id\":\"w\",\"worker_instance_id\":\"w-1\",\"capabilities\":[]";

    private SqliteBackend backend;
    private SkeinHttpServer server;
    private String address;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        backend = SqliteBackend.open(SqliteOptions.of("file:cli-" + UUID.randomUUID() + "?mode=memory&cache=shared")
                .withEnv(Map.of("FF_DEV_MODE", "1")::get));
        backend.seedWaitpointHmacSecret(new SeedWaitpointHmacSecretArgs("k1", "cd".repeat(32)));
        server = SkeinHttpServer.start(backend, HttpServerConfig.local(0).withApiToken(TOKEN));
        address = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.stop();
        backend.close();
    }

    /** Runs a verb against this test's server. */
    private Cli.Run skein(String verb, String... args) {
        List<String> all = new ArrayList<>(List.of(verb, "--server", address, "--token", TOKEN));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    /** Submits to lane default, kind job, unless {@code args} say otherwise; the id. */
    private String submit(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--kind")) {
            all.addAll(List.of("--kind", "job"));
        }
        return skein("submit", all.toArray(String[]::new)).ok().strip();
    }

    private SkeinHttp http() {
        return new SkeinHttp(SkeinHttp.address(address), TOKEN, Duration.ofSeconds(10));
    }

    @Test
    void submitPrintsTheIdAndTakesJsonInlineOrFromAFile() throws Exception {
        String id = submit("--input", "{\"name\":\"Ada\"}", "--priority", "7", "--tag", "docs.team=writers");
        JsonNode detail = http().get(ApiCommand.executionPath(id) + "/detail");
        assertEquals("{\"name\":\"Ada\"}", detail.path("input").toString());
        assertEquals(7, detail.path("priority").asInt());
        assertEquals("writers", detail.path("tags").path("docs.team").asText());

        Path file = Files.writeString(dir.resolve("in.json"), "[1, 2, {\"x\": null}]");
        String fromFile = submit("--input-file", file.toString());
        assertEquals("[1,2,{\"x\":null}]", http().get(ApiCommand.executionPath(fromFile) + "/detail")
                .path("input").toString());

        Cli.Run many = skein("submit", "--kind", "job", "--count", "5", "--input", "{}");
        List<String> ids = many.ok().lines().toList();
        assertEquals(5, ids.size());
        assertEquals(5, ids.stream().distinct().count());
        assertTrue(many.err().contains("submitted [##############################] 5/5"), many.err());
    }

    @Test
    void submitRefusesWhatItCannotSendInOneLine() {
        assertTrue(skein("submit", "--kind", "job", "--input", "{name: Ada}").failed(SkeinCommand.USAGE)
                .contains("--input is not JSON"));
        assertTrue(skein("submit", "--kind", "job", "--input-file", dir.resolve("missing.json").toString())
                .failed(SkeinCommand.USAGE).contains("cannot read"));
        assertTrue(skein("submit", "--input", "{}").failed(SkeinCommand.USAGE).contains("--kind"));
        assertTrue(skein("submit", "--kind", "job", "--input", "{}", "--input-file", "x.json")
                .failed(SkeinCommand.USAGE).contains("mutually exclusive"));
        assertTrue(skein("submit", "--kind", "job", "--lane", "l".repeat(65)).failed(SkeinCommand.FAILED)
                .contains("lane_id"));
        assertEquals("skein submit: missing or invalid Authorization header (set --token or FF_API_TOKEN)",
                Cli.run("submit", "--server", address, "--token", "wrong", "--kind", "job")
                        .failed(SkeinCommand.FAILED));
        assertTrue(Cli.run("submit", "--server", "http://127.0.0.1:1", "--kind", "job")
                .failed(SkeinCommand.FAILED).startsWith("skein submit: cannot reach the Skein server at "
                        + "http://127.0.0.1:1"));
        assertEquals(List.of(), backend.searchExecutions(
                io.skein.core.api.execution.ExecutionQuery.all(10)).executions(), "nothing was created");
    }

    @Test
    void submitWaitPrintsTheResultOrSaysWhyNot() throws Exception {
        // a worker that answers with JSON from its input, and one that fails
        Thread worker = new Thread(() -> skein("worker", "--once", "--", "sh", "-c",
                "read x; echo \"{\\\"echo\\\":$x}\""));
        worker.start();
        Cli.Run waited = skein("submit", "--kind", "job", "--input", "{\"n\":1}", "--wait", "--timeout", "30s");
        worker.join(30_000);
        List<String> lines = waited.ok().lines().toList();
        assertEquals(2, lines.size(), waited.out());
        assertEquals("{\"echo\":{\"n\":1}}", lines.get(1));

        Thread failing = new Thread(() -> skein("worker", "--once", "--", "sh", "-c", "echo boom >&2; exit 3"));
        failing.start();
        Cli.Run failed = skein("submit", "--kind", "job", "--input", "1", "--policy",
                "{\"retry_policy\":{\"max_retries\":0}}", "--wait");
        failing.join(30_000);
        String id = failed.out().strip();
        assertEquals(1, failed.exit(), failed.toString());
        assertEquals("skein submit: " + id + " ended failed: exit code 3: boom", failed.err().strip());

        Cli.Run timedOut = skein("submit", "--kind", "nobody", "--lane", "empty", "--wait", "--timeout", "300ms");
        assertEquals(1, timedOut.exit());
        assertTrue(timedOut.err().strip().endsWith("is still waiting after 300ms"), timedOut.err());
        assertTrue(skein("submit", "--kind", "job", "--policy", "{\"retry_policy\":").failed(SkeinCommand.USAGE)
                .contains("--policy is not JSON"));
    }

    @Test
    void listShowsATableFiltersAndPages() {
        String a = submit("--input", "1");
        pause(); // so b is created at a later millisecond than a: the list's order is then theirs
        String b = submit("--input", "2", "--kind", "other");
        skein("cancel", a).ok();

        String table = skein("list").ok();
        List<String> rows = table.lines().toList();
        assertTrue(rows.get(0).startsWith("ID") && rows.get(0).contains("STATE"), table);
        assertEquals(3, rows.size(), table);
        assertTrue(rows.get(1).startsWith(b) && rows.get(2).startsWith(a), "newest first: " + table);
        assertTrue(rows.get(2).contains("cancelled"), table);

        assertEquals(2, skein("list", "--kind", "other").ok().lines().count());
        assertEquals(2, skein("list", "--state", "cancelled").ok().lines().count());
        Cli.Run first = skein("list", "--limit", "1");
        assertEquals(2, first.ok().lines().count());
        String more = first.err().strip();
        assertTrue(more.startsWith("more: skein list --cursor "), first.err());
        String cursor = more.substring("more: skein list --cursor ".length());
        assertTrue(skein("list", "--cursor", cursor).ok().contains(a));
        assertTrue(skein("list", "--json").ok().startsWith("{\"executions\":["));
        assertEquals("no executions match", skein("list", "--lane", "elsewhere").err().strip());
        assertTrue(skein("list", "--state", "sleeping").failed(SkeinCommand.FAILED).contains("state"));
    }

    @Test
    void describeTailCancelAndReplay() {
        String id = submit("--input", "{\"n\":1}");
        JsonNode claimed = http().post("/v1/worker/lanes/default/claim", "{" + WORKER + "}");
        String handle = claimed.path("handle").toString();
        http().post("/v1/worker/progress", "{\"handle\":" + handle + ",\"percent\":40,\"message\":\"warming up\"}");
        http().post("/v1/worker/frames", "{\"handle\":" + handle + ",\"kind\":\"stdout\",\"payload\":[104,105,10]}");
        http().post("/v1/worker/frames", "{\"handle\":" + handle + ",\"kind\":\"stderr\",\"payload\":[111,104,10]}");

        String described = skein("describe", id).ok();
        assertTrue(described.contains("state      active"), described);
        assertTrue(described.contains("progress   40% warming up"), described);
        assertTrue(described.contains("lease      epoch 1, worker w-1"), described);
        assertTrue(described.contains("input      {\"n\":1}"), described);
        assertTrue(described.contains("#0  initial  started  running since"), described);

        http().post("/v1/worker/complete", "{\"handle\":" + handle + ",\"result_json\":{\"ok\":true}}");
        Cli.Run tail = skein("tail", id);
        assertEquals("hi\n", tail.ok());
        assertEquals("oh\n", tail.err());
        String done = skein("describe", id).ok();
        assertTrue(done.contains("result     {\"ok\":true}") && done.contains("ended_success"), done);
        assertTrue(skein("describe", id, "--json").ok().contains("\"result\":{\"ok\":true}"));

        assertEquals("waiting", skein("replay", id).ok().strip());
        assertEquals("cancelled", skein("cancel", id, "--reason", "enough").ok().strip());
        assertTrue(skein("describe", id).ok().contains("cancelled  enough"));
        assertTrue(skein("replay", submit()).failed(SkeinCommand.FAILED).contains("execution_not_terminal"));

        String unknown = "{fp:3}:" + UUID.randomUUID();
        for (String verb : List.of("describe", "tail", "cancel", "replay")) {
            assertEquals("skein " + verb + ": not found: execution", skein(verb, unknown).failed(SkeinCommand.FAILED));
        }
        assertTrue(skein("describe", "not-an-id").failed(SkeinCommand.FAILED).contains("execution_id"));
    }

    @Test
    void signalResumesASuspendedExecution() {
        String id = submit("--input", "{}");
        JsonNode claimed = http().post("/v1/worker/lanes/default/claim", "{" + WORKER + "}");
        String handle = claimed.path("handle").toString();
        JsonNode waitpoint = http().post("/v1/worker/waitpoints", "{\"handle\":" + handle
                + ",\"waitpoint_key\":\"wpk:approve\",\"expires_in_ms\":600000}");
        http().post("/v1/worker/suspend", "{\"handle\":" + handle + ",\"suspension_id\":\"" + UUID.randomUUID()
                + "\",\"waitpoints\":[{\"UsePending\":{\"waitpoint_id\":\""
                + waitpoint.path("waitpoint_id").asText() + "\"}}],\"resume_condition\":{\"Single\":"
                + "{\"waitpoint_key\":\"wpk:approve\"}}}");
        assertTrue(skein("describe", id).ok().contains("state      suspended"));

        String effect = skein("signal", id, "--name", "approved", "--payload", "{\"by\":\"ops\"}").ok().strip();

        assertTrue(effect.toLowerCase().contains("resume"), effect);
        assertEquals("waiting", http().get(ApiCommand.executionPath(id) + "/state").asText());
        assertTrue(skein("signal", id, "--name", "again").failed(SkeinCommand.USAGE)
                .contains("has 0 open waitpoints"));
        assertTrue(skein("signal", id, "--name", "x", "--payload", "{oops").failed(SkeinCommand.USAGE)
                .contains("--payload is not JSON"));
    }

    @Test
    void aWorkerFailsTheAttemptWithTheExitCodeAndRunsOnlyItsKind() throws Exception {
        String wrongKind = submit("--input", "{}", "--kind", "other");
        Cli.Run refused = skein("worker", "--once", "--kind", "job", "--", "sh", "-c", "exit 0");
        assertEquals(1, refused.exit(), refused.toString());
        JsonNode attempts = http().get(ApiCommand.executionPath(wrongKind) + "/detail").path("attempts");
        assertEquals("worker skein-worker runs only kind job", attempts.get(0).path("failure_reason").asText());

        assertTrue(skein("worker", "--lane", "default").failed(SkeinCommand.USAGE).contains("COMMAND"));
        assertTrue(skein("worker", "--concurrency", "0", "--", "true").failed(SkeinCommand.USAGE)
                .contains("--concurrency"));
        String missing = submit("--input", "{}", "--lane", "elsewhere");
        Cli.Run notFound = skein("worker", "--once", "--lane", "elsewhere", "--",
                dir.resolve("no-such-program").toString());
        assertEquals(1, notFound.exit(), notFound.toString());
        assertTrue(http().get(ApiCommand.executionPath(missing) + "/detail").path("failure_reason").asText()
                .startsWith("cannot start"), notFound.toString());
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void serveHelpDocumentsEveryVariableItReads() {
        // help wraps its descriptions: read it as one line of words
        String help = Cli.run("serve", "--help").ok().replaceAll("\\s+", " ");
        for (EnvOptions.Variable v : EnvOptions.SERVE) {
            assertTrue(help.contains(v.option() + "=") && help.contains("Env " + v.name()), v.name() + ": " + help);
        }
        assertTrue(help.contains("FF_WAITPOINT_HMAC_SECRET (set or not, never shown)"), help);
        String dev = Cli.run("dev", "--help").ok().replaceAll("\\s+", " ");
        assertTrue(dev.contains("--lanes=") && !dev.contains("--backend="), dev);
        assertEquals("skein: Unmatched argument at index 0: 'frobnicate'", Cli.run("frobnicate")
                .failed(SkeinCommand.USAGE));
    }

    @Test
    void serveTakesItsVariablesAsOptionsTooAndAnOptionWins() {
        CliFactory factory = new CliFactory(Map.of("FF_BACKEND", "oracle")::get);
        Cli.Run run = Cli.run(factory, "serve", "--backend", "sqlite", "--dev-mode", "1", "--sqlite-path",
                "file:x?mode=memory", "--waitpoint-hmac-secret", "abc");
        assertTrue(run.failed(1).contains("FF_WAITPOINT_HMAC_SECRET"), run.toString());
        Cli.Run fromEnv = Cli.run(factory, "serve");
        assertTrue(fromEnv.failed(1).contains("FF_BACKEND must be postgres or sqlite, got 'oracle'"),
                fromEnv.toString());
    }
}
