package io.skein.connectors.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.connectors.client.Polling;
import io.skein.connectors.client.SkeinClientException;
import io.skein.connectors.client.SkeinHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code skein submit}: creates executions over the HTTP API (the server mints their ids) and prints each id; with
 * {@code --wait} it follows them to the end and prints the result.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Submit an execution and print its id.",
                "Example: skein submit --lane default --kind greet --input '{\"name\":\"Ada\"}' --wait"})
final class SubmitCommand extends ApiCommand {

    /** Creates in flight at once for --count. */
    private static final int PARALLEL = 8;

    @Option(names = "--lane", defaultValue = "default", description = "Lane (default: ${DEFAULT-VALUE}).")
    String lane;

    @Option(names = "--kind", required = true, description = "Execution kind: what workers pick their handler by.")
    String kind;

    static final class Input {
        @Option(names = "--input", paramLabel = "JSON", description = "The input as JSON.")
        String json;

        @Option(names = "--input-file", paramLabel = "FILE", description = "A file holding the input as JSON "
                + "(- for stdin).")
        Path file;
    }

    @ArgGroup(exclusive = true)
    Input input;

    @Option(names = "--priority", defaultValue = "0", description = "Higher is claimed first (default: "
            + "${DEFAULT-VALUE}).")
    int priority;

    @Option(names = "--policy", paramLabel = "JSON", description = "The execution policy as JSON, e.g. "
            + "'{\"retry_policy\":{\"max_retries\":0}}' (default: 3 retries with exponential backoff).")
    String policy;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag; repeatable.")
    Map<String, String> tags = new LinkedHashMap<>();

    @Option(names = "--count", defaultValue = "1", paramLabel = "N",
            description = "Submit N executions of this input, with a progress bar (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--wait", description = "Follow to the end; print the result (exit 1 when it did not complete).")
    boolean await;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "With --wait: give up after this long, e.g. 30s or 5m (default: no limit).")
    Duration timeout;

    @Override
    public Integer call() {
        if (count < 1) {
            throw usage("--count must be at least 1, got " + count);
        }
        ObjectNode body = Render.JSON.createObjectNode();
        body.put("lane_id", lane);
        body.put("execution_kind", kind);
        body.put("priority", priority);
        body.set("input", input());
        if (policy != null) {
            body.set("policy", json("--policy", policy));
        }
        if (!tags.isEmpty()) {
            body.set("tags", Render.JSON.valueToTree(tags));
        }
        SkeinHttp http = api.http();
        List<String> ids = count == 1 ? List.of(submit(http, body)) : submitMany(http, body);
        ids.forEach(out()::println);
        out().flush();
        if (!await) {
            return 0;
        }
        return count == 1 ? awaitOne(http, ids.get(0)) : awaitMany(http, ids);
    }

    private JsonNode input() {
        if (input == null) {
            return Render.JSON.nullNode();
        }
        if (input.json != null) {
            return json("--input", input.json);
        }
        try {
            String text = input.file.toString().equals("-") ? new String(System.in.readAllBytes(), UTF_8)
                    : Files.readString(input.file);
            return json("--input-file " + input.file, text);
        } catch (IOException e) {
            throw usage("--input-file: cannot read " + input.file + " (" + e.getMessage() + ")");
        }
    }

    private static String submit(SkeinHttp http, ObjectNode body) {
        JsonNode created = http.post("/v1/executions", body);
        JsonNode result = created.has("Created") ? created.get("Created") : created.path("Duplicate");
        return result.path("execution_id").asText();
    }

    private List<String> submitMany(SkeinHttp http, ObjectNode body) {
        ProgressBar bar = new ProgressBar(err(), "submitted", count, System.console() != null);
        AtomicInteger done = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(Math.min(PARALLEL, count));
        try {
            List<Future<String>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sent.add(senders.submit(() -> {
                    String id = submit(http, body);
                    bar.update(done.incrementAndGet());
                    return id;
                }));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : sent) {
                ids.add(f.get());
            }
            bar.finish(done.get());
            return ids;
        } catch (ExecutionException e) {
            bar.finish(done.get());
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new SkeinClientException(String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SkeinClientException("interrupted after " + done.get() + " of " + count);
        } finally {
            senders.shutdownNow();
        }
    }

    /** The execution's state once it ended, or when --timeout passed. */
    private String follow(SkeinHttp http, String id) {
        return Polling.until(timeout, () -> http.get(executionPath(id) + "/state").asText(), TERMINAL::contains);
    }

    private int awaitOne(SkeinHttp http, String id) {
        String state = follow(http, id);
        if (!TERMINAL.contains(state)) {
            err().println("skein submit: " + id + " is still " + state + " after " + Render.duration(
                    timeout.toMillis()));
            return 1;
        }
        JsonNode detail = http.get(executionPath(id) + "/detail");
        if (!state.equals("completed")) {
            String reason = detail.path("failure_reason").asText(detail.path("cancellation_reason").asText(""));
            err().println("skein submit: " + id + " ended " + state + (reason.isEmpty() ? "" : ": " + reason));
            return 1;
        }
        String result = Render.payload(detail, "result", "result_payload");
        if (result != null) {
            out().println(result);
        }
        out().flush();
        return 0;
    }

    private int awaitMany(SkeinHttp http, List<String> ids) {
        ProgressBar bar = new ProgressBar(err(), "finished", ids.size(), System.console() != null);
        Map<String, Integer> byState = new LinkedHashMap<>();
        int finished = 0;
        for (String id : ids) {
            String state = follow(http, id);
            byState.merge(state, 1, Integer::sum);
            bar.update(++finished);
        }
        bar.finish(finished);
        StringBuilder summary = new StringBuilder();
        byState.forEach((state, n) -> summary.append(summary.length() == 0 ? "" : ", ").append(n).append(' ')
                .append(state));
        err().println(summary);
        err().flush();
        return byState.keySet().equals(Set.of("completed")) ? 0 : 1;
    }
}
