package io.skein.connectors.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skein cancel ID}: cancels an execution as an operator; prints its state after. */
@Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel an execution.")
final class CancelCommand extends ApiCommand {

    @Parameters(paramLabel = "ID", description = "The execution id.")
    String id;

    @Option(names = "--reason", defaultValue = "cancelled with skein cancel", description = "Why (recorded).")
    String reason;

    @Override
    public Integer call() {
        JsonNode answer = api.http().post(executionPath(id) + "/cancel", Map.of("reason", reason));
        out().println(answer.path("Cancelled").path("public_state").asText(answer.toString()));
        out().flush();
        return 0;
    }
}
