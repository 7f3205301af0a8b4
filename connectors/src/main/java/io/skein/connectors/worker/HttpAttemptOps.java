package io.skein.connectors.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.connectors.client.SkeinClientException;
import io.skein.connectors.client.SkeinHttp;
import io.skein.core.api.AppendFrameOutcome;
import io.skein.core.api.FailOutcome;
import io.skein.core.api.FailureClass;
import io.skein.core.api.Frame;
import io.skein.core.api.Handle;
import io.skein.core.api.PendingWaitpoint;
import io.skein.core.api.SuspendArgs;
import io.skein.core.api.SuspendOutcome;
import io.skein.core.handle.HandleCodec;
import io.skein.core.id.WaitpointKey;
import io.skein.core.wire.SkeinJson;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** {@link AttemptOps} over the worker routes of the HTTP API ({@code /v1/worker/…}): a worker that needs no Kafka. */
final class HttpAttemptOps implements AttemptOps {

    private static final ObjectMapper JSON = SkeinJson.lenient();

    private final SkeinHttp http;
    private final Executor renewals;

    /** {@code renewals} runs the renewal requests, so a slow server never holds a handler thread. */
    HttpAttemptOps(SkeinHttp http, Executor renewals) {
        this.http = http;
        this.renewals = renewals;
    }

    @Override
    public void progress(Handle handle, Integer percent, String message) {
        ObjectNode body = withHandle(handle);
        if (percent != null) {
            body.put("percent", percent);
        }
        if (message != null) {
            body.put("message", message);
        }
        http.post("/v1/worker/progress", body);
    }

    @Override
    public AppendFrameOutcome appendFrame(Handle handle, Frame frame) {
        ObjectNode body = withHandle(handle);
        body.set("payload", JSON.valueToTree(frame.bytes()));
        body.put("kind", frame.kind().wire());
        body.put("frame_type", frame.frameType());
        if (frame.correlationId() != null) {
            body.put("correlation_id", frame.correlationId());
        }
        body.set("mode", JSON.valueToTree(frame.mode()));
        return read(http.post("/v1/worker/frames", body), AppendFrameOutcome.class);
    }

    @Override
    public void complete(Handle handle, byte[] result) {
        ObjectNode body = withHandle(handle);
        if (result != null) {
            body.set("result", JSON.valueToTree(result));
        }
        http.post("/v1/worker/complete", body);
    }

    @Override
    public void completeJson(Handle handle, byte[] json) {
        ObjectNode body = withHandle(handle);
        try {
            body.set("result_json", JSON.readTree(json));
        } catch (IOException e) {
            throw new SkeinClientException("the result is not JSON: " + e.getMessage());
        }
        http.post("/v1/worker/complete", body);
    }

    @Override
    public FailOutcome fail(Handle handle, String message, FailureClass classification) {
        ObjectNode body = withHandle(handle);
        body.put("message", message);
        body.put("failure_class", classification.wire());
        return read(http.post("/v1/worker/fail", body), FailOutcome.class);
    }

    @Override
    public PendingWaitpoint createWaitpoint(Handle handle, WaitpointKey key, Duration expiresIn) {
        ObjectNode body = withHandle(handle);
        body.set("waitpoint_key", JSON.valueToTree(key));
        body.put("expires_in_ms", expiresIn.toMillis());
        return read(http.post("/v1/worker/waitpoints", body), PendingWaitpoint.class);
    }

    @Override
    public SuspendOutcome suspend(Handle handle, SuspendArgs args) {
        ObjectNode body = JSON.valueToTree(args);
        body.setAll(withHandle(handle));
        return read(http.post("/v1/worker/suspend", body), SuspendOutcome.class);
    }

    @Override
    public CompletableFuture<Answer> renew(Handle handle, Duration timeout) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                http.post("/v1/worker/renew", withHandle(handle));
                return new Answer(Renewal.RENEWED, null);
            } catch (SkeinClientException e) {
                // a 4xx is the engine's refusal (stale, expired, revoked lease); anything else may pass
                boolean refused = e.status() >= 400 && e.status() < 500 && e.status() != 429;
                return new Answer(refused ? Renewal.REFUSED : Renewal.NO_ANSWER, e.getMessage());
            }
        }, renewals);
    }

    private static ObjectNode withHandle(Handle handle) {
        ObjectNode body = JSON.createObjectNode();
        try {
            body.set("handle", JSON.readTree(HandleCodec.toJson(handle)));
        } catch (IOException e) {
            throw new IllegalStateException("a handle's JSON does not parse", e);
        }
        return body;
    }

    static <T> T read(JsonNode answer, Class<T> type) {
        try {
            return JSON.treeToValue(answer, type);
        } catch (IOException e) {
            throw new SkeinClientException("the server's answer does not read as " + type.getSimpleName() + ": "
                    + e.getMessage());
        }
    }
}
