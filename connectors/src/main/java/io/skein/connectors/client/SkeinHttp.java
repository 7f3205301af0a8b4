package io.skein.connectors.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * JSON over Skein's HTTP API (spec 03 §2): the bearer token, the typed error body turned into a
 * {@link SkeinClientException}, and an unreachable server said in one line. What the CLI and {@link HttpSkeinClient}
 * send their requests through.
 */
public final class SkeinHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI server;
    private final String token;
    private final HttpClient http;
    private final Duration requestTimeout;

    /**
     * @param server         the server's base address, e.g. {@code http://localhost:8080}
     * @param token          the bearer token ({@code FF_API_TOKEN}); null or empty sends none
     * @param requestTimeout how long one request may take (a tail asks for less than this)
     */
    public SkeinHttp(URI server, String token, Duration requestTimeout) {
        this.server = normalized(server);
        this.token = token == null || token.isEmpty() ? null : token;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Parses a server address; a bare {@code host:port} means http. */
    public static URI address(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            throw new SkeinClientException("the server address is empty");
        }
        URI uri;
        try {
            uri = URI.create(trimmed.contains("://") ? trimmed : "http://" + trimmed);
        } catch (IllegalArgumentException e) {
            throw new SkeinClientException("not a server address: " + trimmed);
        }
        if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new SkeinClientException("not an http(s) server address: " + trimmed);
        }
        return uri;
    }

    private static URI normalized(URI uri) {
        String text = uri.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    public URI server() {
        return server;
    }

    public JsonNode get(String path) {
        return send("GET", path, null);
    }

    public JsonNode post(String path, Object body) {
        return send("POST", path, body == null ? "{}" : body);
    }

    /** The raw bytes of a GET (the reference's result route answers octet-stream). */
    public byte[] getBytes(String path) {
        return exchange("GET", path, null).body();
    }

    /** Sends {@code body} (a JSON node, a string of JSON, or any value Jackson writes) and reads a JSON answer. */
    public JsonNode send(String method, String path, Object body) {
        HttpResponse<byte[]> response = exchange(method, path, body);
        if (response.body().length == 0) {
            return NullNode.getInstance();
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new SkeinClientException(method + " " + path + " answered " + response.statusCode()
                    + " with a body that is not JSON");
        }
    }

    private HttpResponse<byte[]> exchange(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path)).timeout(requestTimeout);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new SkeinClientException("cannot reach the Skein server at " + server + " (is it running? "
                    + "`skein dev` starts one; --server or SKEIN_SERVER points elsewhere)");
        } catch (HttpTimeoutException e) {
            throw new SkeinClientException(method + " " + path + " got no answer from " + server + " within "
                    + requestTimeout.toSeconds() + " s");
        } catch (IOException e) {
            throw new SkeinClientException("talking to " + server + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SkeinClientException("interrupted while waiting for " + server);
        }
        if (response.statusCode() >= 400) {
            throw SkeinClientException.fromAnswer(response.statusCode(), response.body());
        }
        return response;
    }

    private static byte[] bytes(Object body) {
        if (body instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new SkeinClientException("the request body does not write as JSON: " + e.getMessage());
        }
    }

    /** A path segment or query value, percent-encoded ({@code {fp:3}:…} ids carry braces). */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code path?name=value&…} of the values that are set. */
    public static String withQuery(String path, Map<String, ?> query) {
        StringJoiner joined = new StringJoiner("&");
        query.forEach((name, value) -> {
            if (value != null) {
                joined.add(name + "=" + encode(value.toString()));
            }
        });
        return joined.length() == 0 ? path : path + "?" + joined;
    }
}
