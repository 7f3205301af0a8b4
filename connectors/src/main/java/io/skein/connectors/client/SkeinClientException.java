package io.skein.connectors.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What went wrong talking to Skein, in one line a person can act on: the server's typed error ({@code kind} and
 * HTTP status kept), an unreachable server, a timeout, or an execution that ended without success.
 */
public class SkeinClientException extends RuntimeException {

    private final int status;
    private final String kind;

    public SkeinClientException(String message) {
        this(message, 0, null);
    }

    public SkeinClientException(String message, int status, String kind) {
        super(message, null, false, false);
        this.status = status;
        this.kind = kind;
    }

    /** The server's error body {@code {"error","kind"}} of an answer with {@code status}. */
    static SkeinClientException fromAnswer(int status, byte[] body) {
        String error;
        String kind;
        try {
            JsonNode json = new ObjectMapper().readTree(body);
            error = json.path("error").asText(null);
            kind = json.path("kind").asText(null);
        } catch (IOException | RuntimeException notJson) {
            error = null;
            kind = null;
        }
        if (error == null) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            error = text.isEmpty() ? "HTTP " + status : text.lines().findFirst().orElse(text);
        }
        String message = status == 401 ? error + " (set --token or FF_API_TOKEN)" : error;
        return new SkeinClientException(message, status, kind);
    }

    /** The HTTP status of the server's answer; 0 when there was none. */
    public int status() {
        return status;
    }

    /** The server's error kind ({@code not_found}, {@code invalid_input}, …), or null. */
    public String kind() {
        return kind;
    }
}
