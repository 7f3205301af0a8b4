package io.skein.connectors.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.connectors.http.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The operator actions: each is one call of the API's own route, confirmed in the browser first; a success says what
 * changed, a refusal shows the API's status and error body verbatim. Every answer tells the page to refresh what it
 * shows ({@code HX-Trigger: skein-changed}).
 */
final class Actions implements AutoCloseable {

    /** The most executions one bulk action handles (the rest: run it again). */
    static final int BULK_MAX = 500;
    /** Bulk actions send this many requests at once (in Kafka mode the topology batches them). */
    private static final int BULK_PARALLELISM = 8;
    static final String CHANGED = "skein-changed";
    private static final String REASON = "from the dashboard";

    private final Sources sources;
    private final ExecutorService bulkRunner = Executors.newFixedThreadPool(BULK_PARALLELISM, r -> {
        Thread t = new Thread(r, "skein-ui-bulk");
        t.setDaemon(true);
        return t;
    });

    Actions(Sources sources, Views views) {
        this.sources = sources;
    }

    @Override
    public void close() {
        bulkRunner.shutdownNow();
    }

    Page onExecution(String id, String action, UiRequest request) {
        Reply reply;
        String done;
        switch (action) {
            case "cancel" -> {
                reply = sources.api.send("POST", Api.execution(id, "/cancel"), Map.of(), reasonBody());
                done = "Cancelled";
            }
            case "replay" -> {
                reply = sources.api.send("POST", Api.execution(id, "/replay"), Map.of(), null);
                done = "Replayed";
            }
            case "revoke-lease" -> {
                reply = sources.api.send("POST", Api.execution(id, "/revoke-lease"), Map.of(), null);
                done = "Lease revoked";
            }
            case "priority" -> {
                String value = request.form().getOrDefault("new_priority", "");
                ObjectNode body = Views.JSON.createObjectNode();
                // a number goes as a number; anything else as typed, for the API to refuse in its own words
                if (value.matches("-?\\d{1,10}")) {
                    body.put("new_priority", Long.parseLong(value));
                } else {
                    body.put("new_priority", value);
                }
                reply = sources.api.send("PUT", Api.execution(id, "/priority"), Map.of(), body.toString());
                done = "Priority set to " + value;
            }
            default -> {
                return result(Map.of("refused", Map.of("status", 404, "body", "no action " + action)));
            }
        }
        return outcome(reply, done);
    }

    Page cancelFlow(String id, UiRequest request) {
        ObjectNode body = Views.JSON.createObjectNode();
        body.put("reason", REASON);
        body.put("cancellation_policy", request.form().getOrDefault("cancellation_policy", "cancel_all"));
        Reply reply = sources.api.send("POST", "/v1/flows/" + Views.enc(id) + "/cancel", Map.of(), body.toString());
        return outcome(reply, "Flow cancelled");
    }

    /**
     * Cancels or replays every execution the list's current filter matches, up to {@link #BULK_MAX}: the ids are
     * read first (pages of the list route), then each gets the same call as its own button. Refusals are grouped
     * by the API's answer, each shown verbatim with how many it concerned.
     */
    Page bulk(UiRequest request) {
        Map<String, String> form = request.form();
        String action = form.get("action");
        if (!"cancel".equals(action) && !"replay".equals(action)) {
            return result(Map.of("refused", Map.of("status", 400, "body", "action: cancel or replay")));
        }
        List<String> ids = new ArrayList<>();
        try {
            Map<String, String> query = Pages.apiFilter(form, sources.now());
            String cursor = null;
            do {
                Map<String, String> page = new LinkedHashMap<>(query);
                page.put("limit", String.valueOf(Math.min(1_000, BULK_MAX - ids.size())));
                if (cursor != null) {
                    page.put("cursor", cursor);
                }
                JsonNode answer = sources.api.get("/v1/executions", page);
                answer.path("executions").forEach(e -> ids.add(e.path("execution_id").asText()));
                cursor = answer.path("next_cursor").isNull() ? null : answer.path("next_cursor").asText();
            } while (cursor != null && ids.size() < BULK_MAX);
        } catch (Api.Refused refused) {
            return result(Map.of("refused", Map.of("status", refused.status, "body", refused.body)));
        } catch (IllegalArgumentException badFilter) {
            return result(Map.of("refused", Map.of("status", 400, "body", badFilter.getMessage())));
        }
        List<Future<Reply>> sent = new ArrayList<>();
        for (String id : ids) {
            sent.add(bulkRunner.submit(() -> action.equals("cancel")
                    ? sources.api.send("POST", Api.execution(id, "/cancel"), Map.of(), reasonBody())
                    : sources.api.send("POST", Api.execution(id, "/replay"), Map.of(), null)));
        }
        int done = 0;
        Map<String, Map<String, Object>> refusals = new LinkedHashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            Reply reply;
            try {
                reply = sent.get(i).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                reply = new Reply(500, null, String.valueOf(e.getCause()).getBytes(StandardCharsets.UTF_8), Map.of());
            }
            if (reply.status() < 300) {
                done++;
                continue;
            }
            String body = new String(reply.body(), StandardCharsets.UTF_8);
            Map<String, Object> group = refusals.get(reply.status() + " " + body);
            if (group == null) {
                group = new HashMap<>();
                group.put("status", reply.status());
                group.put("body", body);
                group.put("count", 0);
                group.put("example", ids.get(i));
                refusals.put(reply.status() + " " + body, group);
            }
            group.put("count", (int) group.get("count") + 1);
        }
        Map<String, Object> m = new HashMap<>();
        m.put("bulk", Map.of("action", action.equals("cancel") ? "Cancelled" : "Replayed", "done", done,
                "matched", ids.size(), "capped", ids.size() >= BULK_MAX, "max", BULK_MAX));
        m.put("refusals", new ArrayList<>(refusals.values()));
        return result(m).withHeader("HX-Trigger", CHANGED);
    }

    private static String reasonBody() {
        return "{\"reason\":\"" + REASON + "\"}";
    }

    /** A success in words, or the API's refusal as it answered. */
    private static Page outcome(Reply reply, String done) {
        String body = new String(reply.body(), StandardCharsets.UTF_8);
        if (reply.status() >= 300) {
            return result(Map.of("refused", Map.of("status", reply.status(), "body", body)))
                    .withHeader("HX-Trigger", CHANGED);
        }
        return result(Map.of("done", done, "answer", body)).withHeader("HX-Trigger", CHANGED);
    }

    private static Page result(Map<String, Object> model) {
        return Page.of("action_result", model);
    }
}
