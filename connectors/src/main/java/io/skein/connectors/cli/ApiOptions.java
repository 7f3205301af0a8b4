package io.skein.connectors.cli;

import io.skein.connectors.client.SkeinHttp;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where the verbs that talk to a running Skein send their requests: {@code --server} and {@code --token}. */
public final class ApiOptions {

    @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:SKEIN_SERVER:-http://localhost:8080}",
            description = "The Skein server (env SKEIN_SERVER; default: http://localhost:8080, where `skein dev` "
                    + "listens; now: ${DEFAULT-VALUE}).")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:FF_API_TOKEN}",
            description = "Bearer token of the server's FF_API_TOKEN (env FF_API_TOKEN).")
    String token;

    /** The HTTP client of the server, each request allowed {@code timeout}. */
    SkeinHttp http(Duration timeout) {
        return new SkeinHttp(SkeinHttp.address(server), token, timeout);
    }

    SkeinHttp http() {
        return http(Duration.ofSeconds(30));
    }

    String server() {
        return server;
    }

    String token() {
        return token;
    }
}
