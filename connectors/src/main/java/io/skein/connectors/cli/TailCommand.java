package io.skein.connectors.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.skein.connectors.client.Polling;
import io.skein.connectors.client.SkeinHttp;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code skein tail ID}: prints the stream frames of the execution's current attempt (its output) as they arrive,
 * stderr frames on stderr, until the attempt's stream closes. Before the first claim it waits for the attempt.
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Follow the output (stream frames) of an execution's current attempt until it ends.")
final class TailCommand extends ApiCommand {

    private static final int BLOCK_MS = 10_000;

    @Parameters(paramLabel = "ID", description = "The execution id.")
    String id;

    @Option(names = "--attempt", paramLabel = "N", description = "This attempt instead of the current one.")
    Integer attempt;

    @Override
    public Integer call() {
        SkeinHttp http = api.http(Duration.ofMillis(BLOCK_MS + 30_000));
        int index = attempt != null ? attempt : currentAttempt(http);
        if (index < 0) {
            err().println("skein tail: " + id + " ended before any attempt ran");
            err().flush();
            return 0;
        }
        String stream = executionPath(id) + "/attempts/" + index + "/stream/tail";
        String after = "0-0";
        while (true) {
            JsonNode page = http.get(stream + "?after=" + after + "&block_ms=" + BLOCK_MS + "&limit=1000");
            for (JsonNode frame : page.path("frames")) {
                after = frame.path("id").asText();
                JsonNode fields = frame.path("fields");
                PrintWriter to = "stderr".equals(fields.path("frame_type").asText()) ? err() : out();
                to.print(fields.path("payload").asText(""));
                to.flush();
            }
            if (page.path("frames").isEmpty()) {
                if (page.has("closed_at") || TERMINAL.contains(state(http))) {
                    return 0;
                }
            }
        }
    }

    /** The index of the attempt now running or last run; waits for a first one; -1 when none ever ran. */
    private int currentAttempt(SkeinHttp http) {
        JsonNode detail = Polling.until(null, () -> http.get(executionPath(id) + "/detail"),
                d -> !d.path("attempts").isEmpty() || TERMINAL.contains(d.path("public_state").asText()));
        JsonNode attempts = detail.path("attempts");
        return attempts.isEmpty() ? -1 : attempts.get(attempts.size() - 1).path("attempt_index").asInt();
    }

    private String state(SkeinHttp http) {
        return http.get(executionPath(id) + "/state").asText();
    }
}
