package io.skein.connectors.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.skein.connectors.http.Reply;
import io.skein.core.api.BudgetStatus;
import io.skein.core.api.EdgeDependencyPolicy;
import io.skein.core.api.EdgeGroupSnapshot;
import io.skein.core.api.FlowSnapshot;
import io.skein.core.api.StreamCursor;
import io.skein.core.api.StreamFrame;
import io.skein.core.api.StreamFrames;
import io.skein.core.api.SummaryDocument;
import io.skein.core.api.TailVisibility;
import io.skein.core.api.VerifyingKid;
import io.skein.core.api.WaitpointHmacKids;
import io.skein.core.error.EngineException;
import io.skein.core.id.BudgetId;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.FlowId;
import io.skein.core.state.PublicState;
import io.skein.sql.engine.DashboardReads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/** The dashboard's pages and the fragments their live parts poll. */
final class Pages {

    /** How long one poll of the live stream waits for a frame (under the shutdown grace). */
    static final long LIVE_BLOCK_MS = 10_000;
    /** Minutes of completions the overview charts. */
    static final int RATE_MINUTES = 15;
    static final int PAGE_SIZE = 50;
    private static final int FRAMES_PER_POLL = 200;
    private static final Map<String, Long> SINCE = Map.of("15m", 15 * 60_000L, "1h", 3_600_000L,
            "24h", 86_400_000L, "7d", 7 * 86_400_000L);

    private final Sources sources;
    private final Views views;

    Pages(Sources sources, Views views) {
        this.sources = sources;
        this.views = views;
    }

    Sources sources() {
        return sources;
    }

    // ----------------------------------------------------------------------------------------------- overview

    Page overview(UiRequest request) {
        Map<String, Object> m = model("overview");
        Optional<DashboardReads> reads = sources.reads();
        if (reads.isPresent()) {
            m.put("lanes", lanes(reads.get()));
        } else {
            m.put("storeMissing", true);
        }
        m.put("failures", attempt(this::recentFailures));
        return Page.of("overview", m);
    }

    /**
     * The overview's engine panel, loaded after the page and on its own slower poll: the interactive queries of
     * partition ownership and due timers (the due-timer counts scan SQL for the sweeps, which a page load should
     * not wait on).
     */
    Page overviewEngine() {
        Map<String, Object> m = model("overview");
        m.put("instances", attempt(() -> Api.map(sources.api.get("/v1/engine/partitions"))));
        m.put("timers", attempt(() -> Api.map(sources.api.get("/v1/engine/timers/due").path("due"))));
        return Page.of("overview_engine", m);
    }

    private List<Map<String, Object>> lanes(DashboardReads reads) {
        long now = sources.now();
        long thisMinute = now / 60_000 * 60_000;
        long since = thisMinute - (RATE_MINUTES - 1) * 60_000L;
        Map<String, Map<PublicState, Long>> live = reads.liveCounts();
        List<DashboardReads.MinuteCount> minutes = reads.terminalPerMinute(since);
        TreeSet<String> names = new TreeSet<>(live.keySet());
        sources.backend.listLanes(null, 1_000).lanes().forEach(l -> names.add(l.value()));
        minutes.forEach(c -> names.add(c.lane()));
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < RATE_MINUTES; i++) {
            labels.add(Views.timestamp(since + i * 60_000L).substring(11, 16));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String lane : names) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", lane);
            Map<PublicState, Long> counts = live.getOrDefault(lane, Map.of());
            for (PublicState state : DashboardReads.LIVE_STATES) {
                row.put(state.wire(), counts.getOrDefault(state, 0L));
            }
            long[] completed = new long[RATE_MINUTES];
            long[] failed = new long[RATE_MINUTES];
            for (DashboardReads.MinuteCount c : minutes) {
                int slot = (int) ((c.minuteStartMs() - since) / 60_000);
                if (!c.lane().equals(lane) || slot < 0 || slot >= RATE_MINUTES) {
                    continue;
                }
                if (c.state() == PublicState.COMPLETED) {
                    completed[slot] += c.count();
                } else {
                    failed[slot] += c.count();
                }
            }
            row.put("completed", java.util.Arrays.stream(completed).sum());
            row.put("ended_otherwise", java.util.Arrays.stream(failed).sum());
            row.put("chart", Views.json(Map.of("labels", labels, "completed", completed, "failed", failed), false));
            rows.add(row);
        }
        return rows;
    }

    private List<Map<String, Object>> recentFailures() {
        JsonNode page = sources.api.get("/v1/executions", Map.of("state", "failed", "limit", "8"));
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode e : page.path("executions")) {
            Map<String, Object> row = Api.map(e);
            try {
                JsonNode detail = sources.api.get(Api.execution(e.path("execution_id").asText(), "/detail"));
                row.put("failure_reason", detail.path("failure_reason").asText(""));
            } catch (Api.Refused gone) {
                row.put("failure_reason", ""); // purged between the list and this read
            }
            out.add(row);
        }
        return out;
    }

    // --------------------------------------------------------------------------------------------- executions

    Page executions(UiRequest request) {
        Map<String, Object> m = model("executions");
        Map<String, String> filter = new LinkedHashMap<>();
        for (String name : List.of("lane", "state", "kind", "since", "from", "to")) {
            if (request.query(name) != null) {
                filter.put(name, request.query(name));
            }
        }
        m.put("filter", filter);
        m.put("filterQuery", query(filter));
        m.put("states", java.util.Arrays.stream(PublicState.values()).map(PublicState::wire).toList());
        m.put("laneNames", laneNames(filter.get("lane")));
        try {
            Map<String, String> q = apiFilter(filter, sources.now());
            q.put("limit", String.valueOf(PAGE_SIZE));
            if (request.query("cursor") != null) {
                q.put("cursor", request.query("cursor"));
                m.put("paged", true);
            }
            JsonNode page = sources.api.get("/v1/executions", q);
            List<Map<String, Object>> rows = new ArrayList<>();
            page.path("executions").forEach(e -> rows.add(Api.map(e)));
            m.put("rows", rows);
            if (!page.path("next_cursor").isNull()) {
                Map<String, String> next = new LinkedHashMap<>(filter);
                next.put("cursor", page.path("next_cursor").asText());
                m.put("nextQuery", query(next));
            }
        } catch (Api.Refused refused) {
            m.put("refused", Map.of("status", refused.status, "body", refused.body));
        } catch (IllegalArgumentException badFilter) {
            m.put("problem", badFilter.getMessage());
        }
        return Page.of("executions", m);
    }

    /**
     * The list route's query for a filter of the page: lane, state and kind as they are; the time range from a
     * preset ({@code since}) or from UTC date-times ({@code from}, {@code to}).
     */
    static Map<String, String> apiFilter(Map<String, String> filter, long now) {
        Map<String, String> q = new LinkedHashMap<>();
        for (String name : List.of("lane", "state", "kind")) {
            if (filter.get(name) != null) {
                q.put(name, filter.get(name));
            }
        }
        String since = filter.get("since");
        if (since != null) {
            Long span = SINCE.get(since);
            if (span == null) {
                throw new IllegalArgumentException("since: one of 15m, 1h, 24h, 7d");
            }
            q.put("created_after", String.valueOf(now - span));
        }
        if (filter.get("from") != null) {
            q.put("created_after", String.valueOf(utc("from", filter.get("from"))));
        }
        if (filter.get("to") != null) {
            q.put("created_before", String.valueOf(utc("to", filter.get("to"))));
        }
        return q;
    }

    private static long utc(String field, String text) {
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": a date and time such as 2026-12-07T17:30 (UTC)");
        }
    }

    /** The lanes to filter by: those registered, and the one asked for. */
    private List<String> laneNames(String asked) {
        TreeSet<String> names = new TreeSet<>();
        sources.backend.listLanes(null, 1_000).lanes().forEach(l -> names.add(l.value()));
        if (asked != null) {
            names.add(asked);
        }
        return List.copyOf(names);
    }

    /** Finds an execution or a flow by its id. */
    Page search(UiRequest request) {
        String q = request.query("q");
        if (q == null) {
            return Page.ready(Dashboard.redirect("/ui/executions"));
        }
        try {
            ExecutionId id = ExecutionId.parse(q);
            if (sources.backend.readExecutionState(id).isPresent()) {
                return Page.ready(Dashboard.redirect("/ui/executions/" + Views.enc(id)));
            }
        } catch (RuntimeException notAnExecutionId) {
            try {
                FlowId flow = FlowId.parse(q);
                if (sources.backend.describeFlow(flow).isPresent()) {
                    return Page.ready(Dashboard.redirect("/ui/flows/" + Views.enc(flow)));
                }
            } catch (RuntimeException notAFlowId) {
                return notFound("Nothing to look for", "“" + q + "” is neither an execution id ({fp:N}:uuid) "
                        + "nor a flow id (uuid).");
            }
        }
        return notFound("Not found", "No execution or flow has the id “" + q + "”.");
    }

    // ------------------------------------------------------------------------------------------ one execution

    Page execution(String id, UiRequest request) {
        Map<String, Object> m = model("executions");
        Map<String, Object> status;
        try {
            status = status(id);
        } catch (Api.Refused refused) {
            return refusedPage(refused, "execution");
        }
        m.putAll(status);
        int current = ((Number) status.get("current_attempt")).intValue();
        Integer chosen = request.query("attempt") == null ? null : parseAttempt(request.query("attempt"));
        m.put("stream_attempt", chosen == null ? current : chosen);
        m.put("stream_pinned", chosen != null);
        return Page.of("execution", m);
    }

    private static Integer parseAttempt(String text) {
        try {
            int n = Integer.parseInt(text);
            return n < 0 ? null : n;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The part of an execution's page that changes while it runs, refreshed by polling until it ends. */
    Page executionStatus(String id) {
        try {
            return Page.of("execution_status", status(id));
        } catch (Api.Refused refused) {
            return refusedPage(refused, "execution");
        }
    }

    private Map<String, Object> status(String id) {
        JsonNode detail = sources.api.get(Api.execution(id, "/detail"));
        JsonNode info = sources.api.get(Api.execution(id, ""));
        Map<String, Object> m = new HashMap<>();
        String executionId = detail.path("execution_id").asText();
        m.put("id", executionId);
        m.put("detail", Api.map(detail));
        m.put("info", Api.map(info));
        m.put("state_vector", Api.map(info.path("state_vector")));
        m.put("terminal", isTerminal(detail.path("public_state").asText()));
        if (detail.has("input")) {
            m.put("input", Views.json(detail.get("input"), true));
        }
        if (detail.has("result")) {
            m.put("result", Views.json(detail.get("result"), true));
        } else if (detail.has("result_payload")) {
            m.put("result", bytesAsText(detail.get("result_payload")));
        }
        if (detail.has("input_payload")) {
            m.put("input", bytesAsText(detail.get("input_payload")));
        }
        int attemptCount = detail.path("attempt_count").asInt();
        int current = info.path("current_attempt_index").asInt();
        m.put("current_attempt", current);
        m.put("attempts", attempts(detail));
        m.put("timeline", timeline(detail));
        ExecutionId parsed = ExecutionId.parse(executionId);
        if (attemptCount > 0) {
            summary(parsed, current).ifPresent(doc -> m.put("summary", doc));
        }
        sources.reads().ifPresent(r -> m.put("signals", r.signals(parsed, 50)));
        return m;
    }

    private List<Map<String, Object>> attempts(JsonNode detail) {
        List<Map<String, Object>> out = new ArrayList<>();
        Long previousEnd = null;
        for (JsonNode a : detail.path("attempts")) {
            Map<String, Object> row = Api.map(a);
            if (previousEnd != null && a.has("started_at")) {
                row.put("waited_ms", a.path("started_at").asLong() - previousEnd);
            }
            if (!a.has("ended_at") && a.has("started_at")) {
                row.put("running_ms", sources.now() - a.path("started_at").asLong());
            }
            previousEnd = a.has("ended_at") ? a.path("ended_at").asLong() : null;
            out.add(row);
        }
        return out;
    }

    /** The attempts as floating bars (seconds since creation) for the timeline chart. */
    private String timeline(JsonNode detail) {
        long created = detail.path("created_at").asLong();
        List<String> labels = new ArrayList<>();
        List<double[]> bars = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        for (JsonNode a : detail.path("attempts")) {
            if (!a.has("started_at")) {
                continue;
            }
            long start = a.path("started_at").asLong();
            long end = a.has("ended_at") ? a.path("ended_at").asLong() : sources.now();
            labels.add("#" + a.path("attempt_index").asInt());
            bars.add(new double[] {(start - created) / 1000.0, (end - created) / 1000.0});
            outcomes.add(a.path("outcome").asText());
        }
        return Views.json(Map.of("labels", labels, "bars", bars, "outcomes", outcomes), false);
    }

    private Optional<String> summary(ExecutionId id, int attempt) {
        try {
            return sources.backend.readSummary(id, attempt).map(SummaryDocument::documentJson)
                    .map(Pages::prettyOrText);
        } catch (EngineException unavailable) {
            return Optional.empty();
        }
    }

    private static String prettyOrText(byte[] bytes) {
        try {
            return Views.json(Views.JSON.readTree(bytes), true);
        } catch (IOException notJson) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Stored bytes that are not JSON: their UTF-8 text when they are text, else the byte values. */
    private static String bytesAsText(JsonNode numbers) {
        byte[] bytes = new byte[numbers.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) numbers.get(i).asInt();
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        boolean printable = text.chars().allMatch(c -> c == '\n' || c == '\r' || c == '\t' || c >= 0x20)
                && !text.contains("\uFFFD");
        return printable ? text : numbers.toString();
    }

    static boolean isTerminal(String publicState) {
        PublicState state = io.skein.core.wire.WireEnum.lookup(PublicState.class, publicState);
        return state != null && !DashboardReads.LIVE_STATES.contains(state);
    }

    // ------------------------------------------------------------------------------------------- live stream

    /**
     * One poll of the live stream: the frames of attempt {@code attempt} after {@code after}, waiting up to
     * {@link #LIVE_BLOCK_MS} for the first (the tail operation's block), and what to poll next: the same stream
     * further on, the next attempt once this one ended and another began, or nothing once the execution ended.
     */
    Page live(String rawId, UiRequest request) {
        ExecutionId id;
        try {
            id = ExecutionId.parse(rawId);
        } catch (RuntimeException e) {
            return Page.ready(new Reply(400, "text/html; charset=utf-8", new byte[0], Map.of()));
        }
        Integer attempt = request.query("attempt") == null ? null : parseAttempt(request.query("attempt"));
        String after = request.query("after") == null ? "0-0" : request.query("after");
        boolean pinned = "1".equals(request.query("pinned"));
        Map<String, Object> m = new HashMap<>();
        m.put("id", id.toString());
        m.put("pinned", pinned);
        var info = sources.backend.readExecutionInfo(id);
        if (info.isEmpty()) {
            m.put("ended", "This execution no longer exists.");
            return Page.of("live", m);
        }
        int attempts = sources.backend.readTotalAttemptCount(id);
        if (attempt == null || attempts == 0) {
            if (attempts == 0) {
                m.put("waiting", true);
                m.put("next", Map.of("attempt", 0, "after", "0-0", "delay", "1s"));
                if (isTerminal(info.get().publicState().wire())) {
                    m.remove("next");
                    m.put("ended", "It ended before any attempt ran.");
                }
                return Page.of("live", m);
            }
            attempt = info.get().currentAttemptIndex();
        }
        StreamCursor cursor;
        try {
            cursor = StreamCursor.parse(after);
        } catch (EngineException e) {
            cursor = StreamCursor.parse("0-0");
        }
        StreamFrames frames;
        try {
            frames = sources.backend.tailStream(id, attempt, cursor, LIVE_BLOCK_MS, FRAMES_PER_POLL,
                    TailVisibility.ALL);
        } catch (EngineException busy) {
            // too many tails at once, or the server is draining: try again shortly
            m.put("next", Map.of("attempt", attempt, "after", after, "delay", "3s"));
            m.put("notice", "The stream is busy; retrying.");
            return Page.of("live", m);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        String last = after;
        for (StreamFrame frame : frames.frames()) {
            Map<String, Object> row = new HashMap<>(frame.fields());
            row.put("id", frame.id().toString());
            row.put("at", frame.id().ms());
            rows.add(row);
            last = frame.id().toString();
        }
        m.put("frames", rows);
        m.put("attempt", attempt);
        if (!rows.isEmpty()) {
            m.put("next", Map.of("attempt", attempt, "after", last, "delay", "0s"));
            return Page.of("live", m);
        }
        // nothing new within the block: did this attempt's stream end, and does another follow?
        var now = sources.backend.readExecutionInfo(id).orElse(info.get());
        boolean streamEnded = frames.closedAt() != null || now.currentAttemptIndex() > attempt
                || isTerminal(now.publicState().wire());
        if (!streamEnded) {
            m.put("next", Map.of("attempt", attempt, "after", last, "delay", "0s"));
        } else if (!pinned && now.currentAttemptIndex() > attempt) {
            m.put("attempt_ended", attempt);
            m.put("next", Map.of("attempt", attempt + 1, "after", "0-0", "delay", "0s"));
        } else if (isTerminal(now.publicState().wire()) || pinned) {
            m.put("ended", frames.closedReason() == null ? "The attempt's stream ended."
                    : "The attempt's stream ended (" + frames.closedReason().wire() + ").");
        } else {
            // ended, and the next attempt has not begun (a retry's delay, a suspension): look again shortly
            m.put("next", Map.of("attempt", attempt, "after", last, "delay", "1s"));
        }
        return Page.of("live", m);
    }

    // -------------------------------------------------------------------------------------------------- flows

    Page flows(UiRequest request) {
        Map<String, Object> m = model("flows");
        sources.reads().ifPresentOrElse(r -> m.put("flows", r.recentFlows(PAGE_SIZE)),
                () -> m.put("storeMissing", true));
        return Page.of("flows", m);
    }

    Page flow(String rawId) {
        FlowId id;
        try {
            id = FlowId.parse(rawId);
        } catch (RuntimeException e) {
            return notFound("Not a flow id", "“" + rawId + "” is not a flow id (a uuid).");
        }
        Optional<FlowSnapshot> snapshot = sources.backend.describeFlow(id);
        if (snapshot.isEmpty()) {
            return notFound("Not found", "No flow has the id " + id + ".");
        }
        Map<String, Object> m = model("flows");
        FlowSnapshot flow = snapshot.get();
        m.put("flow", flow);
        m.put("flow_id", id.toString());
        m.put("flow_state", flow.publicFlowState().wire());
        if (flow.cancellationPolicy() != null) {
            m.put("cancellation_policy", flow.cancellationPolicy().wire());
        }
        Map<String, String> kinds = new HashMap<>();
        sources.reads().ifPresentOrElse(r -> {
            List<Map<String, Object>> nodes = new ArrayList<>();
            List<Map<String, Object>> edges = new ArrayList<>();
            for (DashboardReads.Member member : r.flowMembers(id)) {
                String state = member.publicState() == null ? "unknown" : member.publicState().wire();
                kinds.put(member.executionId().toString(), member.executionKind());
                nodes.add(Map.of("data", Map.of("id", member.executionId().toString(),
                        "label", member.executionKind() + "\n" + state, "state", state,
                        "href", "/ui/executions/" + Views.enc(member.executionId()))));
            }
            for (DashboardReads.Edge edge : r.flowEdges(id)) {
                edges.add(Map.of("data", Map.of("id", edge.upstream() + ">" + edge.downstream(),
                        "source", edge.upstream().toString(), "target", edge.downstream().toString(),
                        "state", edge.edgeState() == null ? "" : edge.edgeState())));
            }
            m.put("node_count", nodes.size());
            m.put("edge_count", edges.size());
            m.put("graph", Views.json(Map.of("nodes", nodes, "edges", edges), false));
        }, () -> m.put("storeMissing", true));
        List<Map<String, Object>> groups = new ArrayList<>();
        for (EdgeGroupSnapshot g : flow.edgeGroups()) {
            Map<String, Object> row = new HashMap<>();
            row.put("downstream", g.downstreamExecutionId().toString());
            row.put("kind", kinds.getOrDefault(g.downstreamExecutionId().toString(), ""));
            row.put("policy", policy(g.policy(), g.totalDeps()));
            row.put("total", g.totalDeps());
            row.put("satisfied", g.satisfiedCount());
            row.put("failed", g.failedCount());
            row.put("skipped", g.skippedCount());
            row.put("running", g.runningCount());
            row.put("state", g.groupState().wire());
            groups.add(row);
        }
        m.put("groups", groups);
        return Page.of("flow", m);
    }

    /** An edge group's policy in words: all of 3, any of 3 (then cancel the rest), 2 of 3. */
    static String policy(EdgeDependencyPolicy policy, int total) {
        if (policy instanceof EdgeDependencyPolicy.AnyOf any) {
            return "any of " + total + " (then " + any.onSatisfied().wire().replace('_', ' ') + ")";
        }
        if (policy instanceof EdgeDependencyPolicy.Quorum quorum) {
            return quorum.k() + " of " + total + " (then " + quorum.onSatisfied().wire().replace('_', ' ') + ")";
        }
        return "all of " + total;
    }

    // ------------------------------------------------------------------------------------------------ budgets

    Page budgets() {
        Map<String, Object> m = model("budgets");
        sources.reads().ifPresentOrElse(r -> {
            List<Map<String, Object>> budgets = new ArrayList<>();
            for (BudgetId id : r.budgets(PAGE_SIZE)) {
                BudgetStatus status = sources.backend.getBudgetStatus(id);
                Map<String, Object> row = new HashMap<>();
                row.put("status", status);
                row.put("id", id.toString());
                List<Map<String, Object>> dims = new ArrayList<>();
                TreeSet<String> names = new TreeSet<>(status.usage().keySet());
                names.addAll(status.hardLimits().keySet());
                names.addAll(status.softLimits().keySet());
                for (String name : names) {
                    Map<String, Object> dim = new HashMap<>();
                    long used = status.usage().getOrDefault(name, 0L);
                    Long hard = status.hardLimits().get(name);
                    Long soft = status.softLimits().get(name);
                    dim.put("name", name);
                    dim.put("used", used);
                    dim.put("hard", hard);
                    dim.put("soft", soft);
                    dim.put("percent", hard == null || hard == 0 ? 0 : Math.min(100, used * 100 / hard));
                    dim.put("level", hard != null && used >= hard ? "over" : soft != null && used >= soft ? "soft"
                            : "ok");
                    dims.add(dim);
                }
                row.put("dimensions", dims);
                budgets.add(row);
            }
            m.put("budgets", budgets);
            m.put("quotas", r.quotas(PAGE_SIZE, sources.now()));
        }, () -> m.put("storeMissing", true));
        m.put("kids", attempt(() -> {
            WaitpointHmacKids kids = sources.backend.listWaitpointHmacKids();
            Map<String, Object> k = new HashMap<>();
            k.put("current", kids.currentKid());
            List<Map<String, Object>> verifying = new ArrayList<>();
            for (VerifyingKid v : kids.verifying()) {
                verifying.add(Map.of("kid", v.kid(), "expires_at", v.expiresAtMs()));
            }
            k.put("verifying", verifying);
            return k;
        }));
        return Page.of("budgets", m);
    }

    // ------------------------------------------------------------------------------------------------ workers

    /**
     * The live workers of one namespace ({@code ?namespace=}, default {@code default}) from the registry route,
     * {@link #PAGE_SIZE} at a time ({@code ?after=} the last instance id of the page before).
     */
    Page workers(UiRequest request) {
        Map<String, Object> m = model("workers");
        String raw = request.query("namespace");
        String namespace = raw == null || raw.isBlank() ? "default" : raw.strip();
        m.put("namespace", namespace);
        Map<String, String> q = new java.util.LinkedHashMap<>();
        q.put("namespace", namespace);
        q.put("limit", Integer.toString(PAGE_SIZE));
        String after = request.query("after");
        if (after != null && !after.isBlank()) {
            q.put("after", after);
        }
        m.put("workers", attempt(() -> {
            JsonNode page = sources.api.get("/v1/workers", q);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (JsonNode w : page.path("entries")) {
                Map<String, Object> row = Api.map(w);
                row.put("expires_at_ms", w.path("last_heartbeat_ms").asLong() + w.path("liveness_ttl_ms").asLong());
                rows.add(row);
            }
            Map<String, Object> out = new HashMap<>();
            out.put("entries", rows);
            out.put("next", page.path("cursor").isTextual() ? page.path("cursor").asText() : null);
            return out;
        }));
        return Page.of("workers", m);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static Map<String, Object> model(String section) {
        Map<String, Object> m = new HashMap<>();
        m.put("section", section);
        return m;
    }

    /**
     * A part of a page that may be unavailable (an interactive query in a server without the topology, say):
     * {@code {"value": …}} or {@code {"refused": {status, body}}}, so the rest of the page still renders.
     */
    private static Map<String, Object> attempt(Supplier<Object> read) {
        try {
            Object value = read.get();
            Map<String, Object> out = new HashMap<>();
            out.put("value", value);
            return out;
        } catch (Api.Refused refused) {
            return Map.of("refused", Map.of("status", refused.status, "body", refused.body));
        } catch (EngineException e) {
            return Map.of("refused", Map.of("status", 503, "body", e.getMessage()));
        }
    }

    private static Page refusedPage(Api.Refused refused, String what) {
        if (refused.status == 404) {
            return notFound("Not found", "No " + what + " has this id.");
        }
        Map<String, Object> m = model("error");
        m.put("title", "The API refused");
        m.put("refused", Map.of("status", refused.status, "body", refused.body));
        return Page.of("error", m).withStatus(refused.status);
    }

    private static Page notFound(String title, String message) {
        Map<String, Object> m = model("error");
        m.put("title", title);
        m.put("message", message);
        return Page.of("error", m).withStatus(404);
    }

    /** {@code a=1&b=2}, each value percent-encoded. */
    static String query(Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        params.forEach((k, v) -> out.append(out.length() == 0 ? "" : "&").append(k).append('=')
                .append(Views.enc(v)));
        return out.toString();
    }
}
