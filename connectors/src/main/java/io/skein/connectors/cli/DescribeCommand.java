package io.skein.connectors.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skein describe ID}: an execution whole: state, lease, progress, input, result, attempts, waitpoints. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Describe an execution: state, attempts with their outcome and duration, lease, progress, "
                + "waitpoints, input and result.")
final class DescribeCommand extends ApiCommand {

    @Parameters(paramLabel = "ID", description = "The execution id, e.g. {fp:12}:2f0e4a34-….")
    String id;

    @Option(names = "--json", description = "Print the server's JSON instead.")
    boolean json;

    @Override
    public Integer call() {
        JsonNode d = api.http().get(executionPath(id) + "/detail");
        PrintWriter out = out();
        if (json) {
            out.println(d);
            out.flush();
            return 0;
        }
        row(out, "execution", d.path("execution_id").asText());
        row(out, "lane", d.path("lane_id").asText() + "   kind " + d.path("execution_kind").asText()
                + "   priority " + d.path("priority").asText());
        String blocked = d.has("blocking_reason") && !d.get("blocking_reason").asText().equals("none") ? "   (" + d.get("blocking_reason").asText()
                + (d.path("blocking_detail").asText("").isEmpty() ? "" : ": " + d.get("blocking_detail").asText())
                + ")" : "";
        row(out, "state", d.path("public_state").asText() + blocked);
        row(out, "created", Render.time(d.get("created_at")) + "   updated " + Render.time(d.get("updated_at")));
        if (d.has("progress")) {
            JsonNode p = d.get("progress");
            row(out, "progress", (p.has("percent") ? p.get("percent").asText() + "% " : "")
                    + p.path("message").asText(""));
        }
        if (d.has("lease")) {
            JsonNode l = d.get("lease");
            row(out, "lease", "epoch " + l.path("lease_epoch").asText() + ", worker "
                    + l.path("worker_instance_id").asText() + ", until " + Render.time(l.get("expires_at")));
        }
        if (d.has("tags") && d.get("tags").size() > 0) {
            row(out, "tags", d.get("tags").toString());
        }
        String input = Render.payload(d, "input", "input_payload");
        row(out, "input", input == null || input.isEmpty() ? "-" : input);
        String result = Render.payload(d, "result", "result_payload");
        if (result != null) {
            row(out, "result", result);
        }
        if (d.has("failure_reason")) {
            row(out, "failure", d.get("failure_reason").asText());
        }
        if (d.has("cancellation_reason")) {
            row(out, "cancelled", d.get("cancellation_reason").asText());
        }
        out.println("attempts" + (d.path("attempts").isEmpty() ? "  none yet" : ""));
        for (JsonNode a : d.path("attempts")) {
            String ran = a.has("duration_ms") ? Render.duration(a.get("duration_ms").asLong())
                    : a.has("started_at") ? "running since " + Render.time(a.get("started_at")) : "";
            out.println("  #" + a.path("attempt_index").asText() + "  " + a.path("attempt_type").asText("-") + "  "
                    + a.path("outcome").asText() + "  " + ran + (a.has("worker_instance_id") ? "  worker "
                    + a.get("worker_instance_id").asText() : "") + (a.has("failure_reason") ? "  ("
                    + a.get("failure_reason").asText() + ")" : ""));
        }
        if (!d.path("waitpoints").isEmpty()) {
            out.println("waitpoints");
            for (JsonNode w : d.path("waitpoints")) {
                out.println("  " + w.path("waitpoint_id").asText() + "  " + w.path("waitpoint_key").asText() + "  "
                        + w.path("state").asText() + (w.has("expires_at") ? "  until "
                        + Render.time(w.get("expires_at")) : ""));
            }
        }
        out.flush();
        return 0;
    }

    private static void row(PrintWriter out, String label, String value) {
        out.println(label + " ".repeat(Math.max(1, 11 - label.length())) + value);
    }
}
