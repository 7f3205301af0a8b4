package io.skein.connectors.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.connectors.client.SkeinHttp;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code skein signal ID --name NAME}: delivers a signal to one of the execution's open waitpoints (the only one,
 * unless {@code --waitpoint} picks it), fetching the waitpoint's token as an operator may; prints what it did.
 */
@Command(name = "signal", mixinStandardHelpOptions = true,
        description = "Deliver a signal to a waiting execution (resumes it when its condition is met).")
final class SignalCommand extends ApiCommand {

    @Parameters(paramLabel = "ID", description = "The execution id.")
    String id;

    @Option(names = "--name", required = true, description = "The signal's name, e.g. approved.")
    String name;

    @Option(names = "--waitpoint", paramLabel = "WAITPOINT_ID",
            description = "Which open waitpoint (default: the execution's only one).")
    String waitpoint;

    @Option(names = "--payload", paramLabel = "JSON", description = "A JSON payload for the signal.")
    String payload;

    @Option(names = "--source", defaultValue = "skein-cli", description = "Who sends it (recorded; default: "
            + "${DEFAULT-VALUE}).")
    String source;

    @Override
    public Integer call() {
        JsonNode value = payload == null ? null : json("--payload", payload);
        SkeinHttp http = api.http();
        String waitpointId = waitpoint != null ? waitpoint : onlyWaitpoint(http);
        String token = http.get(executionPath(id) + "/waitpoints/" + SkeinHttp.encode(waitpointId) + "/token")
                .path("token").asText();
        ObjectNode body = Render.JSON.createObjectNode();
        body.put("waitpoint_id", waitpointId);
        body.put("signal_id", UUID.randomUUID().toString());
        body.put("signal_name", name);
        body.put("signal_category", "operator");
        body.put("source_type", "cli");
        body.put("source_identity", source);
        body.put("waitpoint_token", token);
        if (value != null) {
            body.set("payload", Render.bytes(value.toString().getBytes(StandardCharsets.UTF_8)));
            body.put("payload_encoding", "json");
        }
        JsonNode answer = http.post(executionPath(id) + "/signal", body);
        JsonNode accepted = answer.path("Accepted");
        out().println(accepted.isMissingNode() ? "duplicate" : accepted.path("effect").isTextual()
                ? accepted.path("effect").asText() : accepted.path("effect").toString());
        out().flush();
        return 0;
    }

    private String onlyWaitpoint(SkeinHttp http) {
        JsonNode open = http.get(executionPath(id) + "/pending-waitpoints");
        if (open.size() != 1) {
            throw usage(id + " has " + open.size() + " open waitpoints; pick one with --waitpoint"
                    + (open.isEmpty() ? "" : " (" + ids(open) + ")"));
        }
        return open.get(0).path("waitpoint_id").asText();
    }

    private static String ids(JsonNode open) {
        StringBuilder s = new StringBuilder();
        open.forEach(w -> s.append(s.length() == 0 ? "" : ", ").append(w.path("waitpoint_id").asText()));
        return s.toString();
    }
}
