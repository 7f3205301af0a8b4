package io.skein.connectors.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.skein.connectors.client.SkeinHttp;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/** A verb over the HTTP API of a running Skein: the server options, its output streams, the execution paths. */
abstract class ApiCommand implements Callable<Integer> {

    /** The public states an execution does not leave by itself. */
    static final java.util.Set<String> TERMINAL = java.util.Set.of("completed", "failed", "cancelled", "expired",
            "skipped");

    @Mixin
    ApiOptions api;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    static String executionPath(String id) {
        return "/v1/executions/" + SkeinHttp.encode(id.strip());
    }

    /** A usage error of this command: exit 2 with the message and the pointer to its help. */
    CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** The JSON text an option holds; not JSON is a usage error naming the option. */
    JsonNode json(String option, String text) {
        try {
            JsonNode node = Render.JSON.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw usage(option + " is empty; give a JSON value, e.g. '{\"name\":\"Ada\"}'");
            }
            return node;
        } catch (java.io.IOException e) {
            throw usage(option + " is not JSON: " + e.getMessage().lines().findFirst().orElse("")
                    + " (quote it for the shell: '{\"name\":\"Ada\"}')");
        }
    }
}
