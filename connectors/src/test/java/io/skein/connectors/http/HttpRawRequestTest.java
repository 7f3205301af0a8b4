package io.skein.connectors.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Requests as bytes on a socket, below what an HTTP client library sends: the token check sees the exact bytes of
 * every request on a kept-alive connection, a method in any case or any unknown method is a typed JSON answer, the
 * OpenAPI document is public, and what Jetty itself refuses (a malformed percent-encoding, a bad version) is the
 * JSON error of spec 03 too, never a 5xx or a stack trace in the log.
 */
class HttpRawRequestTest {

    private static final String READ = "/v1/executions?partition=1";
    private static final String RIGHT = "Authorization: Bearer " + HttpFixture.TOKEN + "\r\n";

    private static String get(String target, String headers) {
        return RawHttp.request("GET", target, "HTTP/1.1", headers, null);
    }

    private static JsonNode json(RawHttp.Answer a) {
        try {
            return new ObjectMapper().readTree(a.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + a.status() + "): " + a.body(), e);
        }
    }

    private static void assertTypedError(int status, String kind, RawHttp.Answer a, String what) {
        assertEquals(status, a.status(), what + ": " + a.head() + a.body());
        assertTrue(a.head().toLowerCase().contains("content-type: application/json"), what + ": " + a.head());
        assertEquals(kind, json(a).path("kind").asText(), what + ": " + a.body());
        assertTrue(json(a).path("error").isTextual(), what + ": " + a.body());
    }

    @Test
    void theTokenCheckSeesTheBytesOfEveryRequestOnOneKeptAliveConnection() {
        String token = HttpFixture.TOKEN;
        List<String> variants = List.of(token.toUpperCase(), Character.toUpperCase(token.charAt(0))
                + token.substring(1), token.substring(0, token.length() - 1), token + "x",
                token.replace("token", "tokeN"));
        try (HttpFixture f = HttpFixture.withToken(); RawHttp connection = new RawHttp(f.server.port())) {
            for (String variant : variants) {
                String wrong = "Authorization: Bearer " + variant + "\r\n";
                // the right token, then a variant: the variant is refused ...
                assertEquals(200, connection.exchange(get(READ, RIGHT)).status(), variant);
                assertTypedError(401, "unauthorized", connection.exchange(get(READ, wrong)), "after the token: "
                        + variant);
                // ... and in the other order, the right token is accepted
                assertTypedError(401, "unauthorized", connection.exchange(get(READ, wrong)), "first: " + variant);
                assertEquals(200, connection.exchange(get(READ, RIGHT)).status(), "after " + variant);
            }
            // two Authorization fields are no credential, whichever comes first
            assertTypedError(401, "unauthorized", connection.exchange(get(READ, RIGHT + "Authorization: Bearer x\r\n")),
                    "right, then wrong");
            assertTypedError(401, "unauthorized", connection.exchange(get(READ, "Authorization: Bearer x\r\n" + RIGHT)),
                    "wrong, then right");
            assertEquals(200, connection.exchange(get(READ, RIGHT)).status(), "the connection is still served");
        }
    }

    @Test
    void aMethodInAnyCaseOrAnUnknownMethodIsATypedJsonAnswerAndNoStackTrace() {
        try (HttpFixture f = HttpFixture.withToken(); LoggedThrowables logged = new LoggedThrowables()) {
            for (String method : List.of("get", "Get", "gET", "post", "put", "delete", "patch", "head", "options",
                    "FOO", "TRACE", "QUERY", "PROPFIND", "G3T", "GET_")) {
                for (String path : List.of("/healthz", READ, "/v1/executions")) {
                    try (RawHttp connection = new RawHttp(f.server.port())) {
                        RawHttp.Answer unauthenticated = connection.exchange(get(path, "").replaceFirst("GET",
                                method));
                        assertTypedError(401, "unauthorized", unauthenticated, method + " " + path);
                        RawHttp.Answer authenticated = connection.exchange(get(path, RIGHT).replaceFirst("GET",
                                method));
                        assertTypedError(404, "not_found", authenticated, method + " " + path);
                    }
                }
            }
            assertEquals(List.of(), logged.events(), "client input logged a stack trace");
        }
    }

    @Test
    void theOpenApiDocumentIsPublic() {
        try (HttpFixture f = HttpFixture.withToken(); RawHttp connection = new RawHttp(f.server.port())) {
            RawHttp.Answer a = connection.exchange(get("/openapi.json", ""));

            assertEquals(200, a.status(), a.body());
            assertEquals("3.0.3", json(a).path("openapi").asText());
        }
    }

    @Test
    void whatJettyRefusesItselfIsTheJsonErrorOfSpec03NeverA5xx() {
        try (HttpFixture f = HttpFixture.withToken(); LoggedThrowables logged = new LoggedThrowables()) {
            String[][] cases = {
                    {"malformed percent-encoding", get("/v1/executions/%zz/state", RIGHT)},
                    {"an encoded NUL", get("/v1/executions/a%00b/state", RIGHT)},
                    {"an unknown version", get(READ, RIGHT).replace("HTTP/1.1", "HTTP/1.7")},
                    {"HTTP/0.9", get(READ, RIGHT).replace("HTTP/1.1", "HTTP/0.9")},
                    {"no version", "GET " + READ + "\r\nHost: x\r\n\r\n"},
                    {"a space in a header name", get(READ, "Bad Header: y\r\n")},
                    {"no Host", "GET /healthz HTTP/1.1\r\n\r\n"},
                    {"a relative target", get("healthz", "")},
                    {"an unknown transfer coding", RawHttp.request("POST", "/v1/executions", "HTTP/1.1", RIGHT
                            + "Transfer-Encoding: gzip, chunked\r\n", null) + "0\r\n\r\n"},
                    {"two lengths", RawHttp.request("POST", "/v1/executions", "HTTP/1.1", RIGHT
                            + "Content-Length: 3\r\nContent-Length: 4\r\n", null) + "{}  "},
                    {"CONNECT to a path", get("/healthz", RIGHT).replaceFirst("GET", "CONNECT")},
                    {"a length that is no number", RawHttp.request("POST", "/v1/executions", "HTTP/1.1", RIGHT
                            + "Content-Length: abc\r\n", null)}};
            for (String[] c : cases) {
                try (RawHttp connection = new RawHttp(f.server.port())) {
                    RawHttp.Answer a = connection.exchange(c[1]);
                    assertTrue(a.status() >= 400 && a.status() < 500, c[0] + ": " + a.head() + a.body());
                    assertTrue(a.head().toLowerCase().contains("content-type: application/json"), c[0] + ": "
                            + a.head());
                    assertFalse(json(a).path("kind").asText().isEmpty(), c[0] + ": " + a.body());
                }
            }
            try (RawHttp connection = new RawHttp(f.server.port())) {
                assertTypedError(400, "invalid_input", connection.exchange(get("/v1/executions/%zz/state", RIGHT)),
                        "the path of issue #20");
            }
            assertEquals(List.of(), logged.events(), "client input logged a stack trace");
        }
    }
}
