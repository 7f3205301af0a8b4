package io.skein.connectors.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code skein replay ID}: runs a finished execution again; prints its state after. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a finished (completed, failed, cancelled, expired) execution: a new attempt runs it.")
final class ReplayCommand extends ApiCommand {

    @Parameters(paramLabel = "ID", description = "The execution id.")
    String id;

    @Override
    public Integer call() {
        JsonNode answer = api.http().post(executionPath(id) + "/replay", null);
        out().println(answer.path("Replayed").path("public_state").asText(answer.toString()));
        out().flush();
        return 0;
    }
}
