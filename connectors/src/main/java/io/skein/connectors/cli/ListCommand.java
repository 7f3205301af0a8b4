package io.skein.connectors.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.skein.connectors.client.SkeinHttp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code skein list}: executions of every partition, newest first, as a table. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List executions, newest first.")
final class ListCommand extends ApiCommand {

    @Option(names = "--lane", description = "Only this lane.")
    String lane;

    @Option(names = "--state", description = "Only this state: waiting, delayed, active, suspended, completed, "
            + "failed, cancelled, …")
    String state;

    @Option(names = "--kind", description = "Only this kind.")
    String kind;

    @Option(names = "--limit", defaultValue = "20", description = "At most this many (1-1000; default: "
            + "${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--cursor", description = "Continue after a previous page (its last line says how).")
    String cursor;

    @Option(names = "--json", description = "Print the server's JSON page instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("lane", lane);
        query.put("state", state);
        query.put("kind", kind);
        query.put("limit", limit);
        query.put("cursor", cursor);
        JsonNode page = api.http().get(SkeinHttp.withQuery("/v1/executions", query));
        if (json) {
            out().println(page);
            out().flush();
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode e : page.path("executions")) {
            rows.add(List.of(e.path("execution_id").asText(), e.path("lane_id").asText(),
                    e.path("execution_kind").asText(), e.path("public_state").asText(),
                    e.path("attempts").asText(), Render.time(e.get("created_at")), Render.time(e.get("updated_at"))));
        }
        if (rows.isEmpty()) {
            err().println("no executions" + (lane != null || state != null || kind != null ? " match" : " yet"));
            err().flush();
            return 0;
        }
        Render.table(out(), List.of("ID", "LANE", "KIND", "STATE", "ATTEMPTS", "CREATED", "UPDATED"), rows);
        if (!page.path("next_cursor").isNull()) {
            err().println("more: skein list --cursor " + page.path("next_cursor").asText()
                    + (lane == null ? "" : " --lane " + lane) + (state == null ? "" : " --state " + state)
                    + (kind == null ? "" : " --kind " + kind));
            err().flush();
        }
        return 0;
    }
}
