package io.skein.connectors.http;

import io.skein.core.api.RotateWaitpointHmacSecretAllArgs;
import io.skein.core.id.PartitionConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link SkeinHttpServer} listens and answers (spec 03 §2–§4).
 *
 * @param host          bind address ({@code FF_LISTEN_ADDR} host part)
 * @param port          bind port; 0 picks a free one
 * @param apiToken      {@code FF_API_TOKEN}; null or empty disables authentication
 * @param cors          {@code FF_CORS_ORIGINS}
 * @param partitions    the deployment's partition counts ({@code partition} query bound)
 * @param hmacGraceMs   {@code FF_WAITPOINT_HMAC_GRACE_MS}, the grace of retired kids on rotation
 * @param shutdownGrace {@code FF_SHUTDOWN_GRACE_MS}, how long a stop waits for running requests
 */
public record HttpServerConfig(String host, int port, String apiToken, CorsPolicy cors, PartitionConfig partitions,
                               long hmacGraceMs, Duration shutdownGrace) {

    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofMillis(15_000);

    public HttpServerConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        }
        apiToken = apiToken == null || apiToken.isEmpty() ? null : apiToken;
        Objects.requireNonNull(cors, "cors");
        Objects.requireNonNull(partitions, "partitions");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    }

    /** Loopback on {@code port}, no token, permissive CORS, default partitions, grace and HMAC grace. */
    public static HttpServerConfig local(int port) {
        return new HttpServerConfig("127.0.0.1", port, null, CorsPolicy.permissive(), PartitionConfig.DEFAULT,
                RotateWaitpointHmacSecretAllArgs.DEFAULT_GRACE_MS, DEFAULT_SHUTDOWN_GRACE);
    }

    public HttpServerConfig withApiToken(String token) {
        return new HttpServerConfig(host, port, token, cors, partitions, hmacGraceMs, shutdownGrace);
    }

    public HttpServerConfig withCors(CorsPolicy policy) {
        return new HttpServerConfig(host, port, apiToken, policy, partitions, hmacGraceMs, shutdownGrace);
    }
}
