package io.skein.connectors.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.core.api.ExecutionInfo;
import io.skein.core.api.scheduler.ClaimedInput;
import io.skein.core.id.ExecutionId;
import io.skein.core.state.PublicState;
import io.skein.core.wire.SkeinJson;
import io.skein.core.wire.WireEnum;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** {@link SkeinClient} over the HTTP API: the create without an id, the state and detail reads, the cancel route. */
final class HttpSkeinClient implements SkeinClient {

    private final SkeinHttp http;
    private final ObjectMapper json;

    HttpSkeinClient(SkeinHttp http, ObjectMapper json) {
        this.http = http;
        this.json = json;
    }

    @Override
    public ExecutionId submit(String lane, String kind, Object input, int priority) {
        ObjectNode body = json.createObjectNode();
        body.put("lane_id", lane);
        body.put("execution_kind", kind);
        body.put("priority", priority);
        body.set("input", json.valueToTree(input));
        JsonNode created = http.post("/v1/executions", body);
        JsonNode result = created.has("Created") ? created.get("Created") : created.path("Duplicate");
        return ExecutionId.parse(result.path("execution_id").asText());
    }

    @Override
    public Outcome await(ExecutionId id, Duration timeout) {
        PublicState state = Polling.until(timeout, () -> state(id));
        if (!Outcome.isTerminal(state)) {
            return new Outcome(id, state, null, null, null, json);
        }
        JsonNode detail = http.get(path(id) + "/detail");
        byte[] result = null;
        String encoding = detail.path("result_encoding").asText(null);
        if (detail.has("result")) {
            result = detail.get("result").toString().getBytes(StandardCharsets.UTF_8);
            encoding = ClaimedInput.JSON_ENCODING;
        } else if (detail.has("result_payload")) {
            result = SkeinJson.lenient().convertValue(detail.get("result_payload"), byte[].class);
        }
        String reason = detail.hasNonNull("failure_reason") ? detail.get("failure_reason").asText()
                : detail.path("cancellation_reason").asText(null);
        return new Outcome(id, WireEnum.lookup(PublicState.class, detail.path("public_state").asText()), result,
                encoding, reason, json);
    }

    private PublicState state(ExecutionId id) {
        return WireEnum.lookup(PublicState.class, http.get(path(id) + "/state").asText());
    }

    @Override
    public Optional<ExecutionInfo> describe(ExecutionId id) {
        JsonNode info;
        try {
            info = http.get(path(id));
        } catch (SkeinClientException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(SkeinJson.lenient().convertValue(info, ExecutionInfo.class));
    }

    @Override
    public void cancel(ExecutionId id, String reason) {
        http.post(path(id) + "/cancel", Map.of("reason", reason == null ? "" : reason));
    }

    private static String path(ExecutionId id) {
        return "/v1/executions/" + SkeinHttp.encode(id.toString());
    }

    @Override
    public void close() {
        // the JDK client keeps no resources worth releasing early
    }
}
