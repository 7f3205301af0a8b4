package io.skein.connectors.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skein.connectors.client.SkeinClientException;
import io.skein.connectors.client.SkeinHttp;
import io.skein.core.api.Handle;
import io.skein.core.api.scheduler.ClaimedInput;
import io.skein.core.handle.HandleCodec;
import io.skein.core.id.ExecutionId;
import io.skein.core.wire.SkeinJson;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an HTTP worker's work comes from: whenever a slot is free it asks the lane's claim route
 * ({@code POST /v1/worker/lanes/{lane}/claim}); an empty lane (204) or an unreachable server is asked again after a
 * pause that doubles up to a second (five while the server does not answer), so an idle worker costs little.
 */
final class HttpClaims {

    private static final Logger LOG = LoggerFactory.getLogger(HttpClaims.class);
    private static final long FIRST_PAUSE_MS = 50;
    private static final long IDLE_PAUSE_MS = 1_000;
    private static final long UNREACHABLE_PAUSE_MS = 5_000;

    private final SkeinWorker worker;
    private final SkeinHttp http;
    private final String route;
    private final ObjectNode body;

    HttpClaims(SkeinWorker worker, SkeinHttp http) {
        this.worker = worker;
        this.http = http;
        SkeinWorkerBuilder config = worker.config();
        this.route = "/v1/worker/lanes/" + SkeinHttp.encode(config.lane.value()) + "/claim";
        this.body = SkeinJson.lenient().valueToTree(Map.of("worker_id", config.workerId.value(),
                "worker_instance_id", config.workerInstanceId.value(), "lease_ttl_ms", config.leaseTtl.toMillis()));
        body.set("capabilities", SkeinJson.lenient().valueToTree(config.capabilities));
    }

    void run() {
        long pause = FIRST_PAUSE_MS;
        String lastFailure = null;
        while (worker.polling()) {
            if (!worker.takeSlot()) {
                continue;
            }
            JsonNode claimed;
            try {
                claimed = http.post(route, body);
                lastFailure = null;
            } catch (SkeinClientException e) {
                worker.returnSlot();
                if (!e.getMessage().equals(lastFailure)) {
                    LOG.warn("claiming from {} failed: {}", http.server(), e.getMessage());
                    lastFailure = e.getMessage();
                }
                pause = sleep(Math.max(pause, e.status() == 0 ? UNREACHABLE_PAUSE_MS : IDLE_PAUSE_MS), pause);
                continue;
            }
            if (claimed.isNull() || !claimed.has("handle")) {
                worker.returnSlot(); // 204: no work on the lane now
                pause = sleep(pause, Math.min(IDLE_PAUSE_MS, pause * 2));
                continue;
            }
            pause = FIRST_PAUSE_MS;
            Handle handle = HandleCodec.fromJson(claimed.get("handle").toString());
            ClaimedInput input = claimed.hasNonNull("execution_kind")
                    ? new ClaimedInput(claimed.get("execution_kind").asText(),
                            SkeinJson.lenient().convertValue(claimed.path("input_payload"), byte[].class),
                            claimed.path("payload_encoding").asText(null), Map.of(), null)
                    : null;
            worker.claimed(ExecutionId.parse(claimed.path("execution_id").asText()),
                    claimed.path("attempt_index").asInt(), handle, input);
        }
    }

    /** Sleeps {@code ms} unless the worker is stopping; returns {@code next}, the pause to use after this one. */
    private long sleep(long ms, long next) {
        long until = System.nanoTime() + ms * 1_000_000;
        while (worker.polling() && System.nanoTime() < until) {
            try {
                Thread.sleep(Math.min(50, ms));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return next;
            }
        }
        return next;
    }
}
