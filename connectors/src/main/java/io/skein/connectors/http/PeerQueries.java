package io.skein.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.wire.SkeinJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks another Skein instance's HTTP server for its part of an interactive query (its {@code application.server}
 * address, the one Kafka Streams' metadata names). Instances of one engine share one API token, so this server's
 * own token authorises the call.
 */
final class PeerQueries {

    /** A peer that takes longer than this is treated as down: the query then fails rather than hangs. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final String token;

    PeerQueries(String token) {
        this.token = token;
    }

    /** The peer's JSON answer to {@code GET pathAndQuery}; a peer that fails or is unreachable is a 503. */
    JsonNode get(String server, String pathAndQuery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + server + pathAndQuery))
                .timeout(TIMEOUT).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw unavailable(server, "answered " + response.statusCode(), null);
            }
            return SkeinJson.lenient().readTree(response.body());
        } catch (IOException e) {
            throw unavailable(server, e.getClass().getSimpleName() + " " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(server, "interrupted", e);
        }
    }

    private static EngineException unavailable(String server, String why, Throwable cause) {
        return new EngineException(new EngineError.Unavailable("peer_instance " + server + " " + why), cause);
    }
}
