package io.skein.connectors.cli;

import io.skein.connectors.http.CorsPolicy;
import io.skein.connectors.http.HttpServerConfig;
import io.skein.core.api.RotateWaitpointHmacSecretAllArgs;
import io.skein.core.api.WaitpointTokens;
import io.skein.core.error.EngineException;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.LaneId;
import io.skein.core.id.PartitionConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The configuration {@code skein serve} reads from the environment (spec 03 §3). Every invalid value is a
 * {@link ConfigException} naming the variable. This build serves direct mode over SQLite; PostgreSQL and Kafka
 * mode join when their backends land.
 *
 * @param backend       {@code FF_BACKEND}, lower case
 * @param http          listen address, token, CORS, partitions, HMAC grace, shutdown grace
 * @param hmacKid       {@code FF_WAITPOINT_HMAC_KID}
 * @param hmacSecretHex {@code FF_WAITPOINT_HMAC_SECRET} (64 hex characters)
 * @param lanes         {@code FF_LANES}
 * @param env           the environment, for the backend's own variables (SQLite path, dev mode, timers)
 */
public record ServeConfig(String backend, HttpServerConfig http, String hmacKid, String hmacSecretHex,
                          List<LaneId> lanes, Function<String, String> env) {

    private static final Pattern HEX_64 = Pattern.compile("[0-9a-fA-F]{64}");

    @Override
    public String toString() {
        return "ServeConfig[backend=" + backend + ", listen=" + http.host() + ":" + http.port() + ", kid=" + hmacKid
                + ", secret=<REDACTED>, lanes=" + lanes + "]";
    }

    public static ServeConfig fromEnvironment(Function<String, String> env) {
        String mode = env.apply("FF_MODE");
        if (mode != null && !mode.equalsIgnoreCase("direct")) {
            throw new ConfigException(mode.equalsIgnoreCase("kafka") ? ConfigException.UNSUPPORTED
                    : ConfigException.INVALID, "FF_MODE=" + mode + ": this build serves direct mode only");
        }
        String backend = backend(env.apply("FF_BACKEND"));

        String secret = env.apply("FF_WAITPOINT_HMAC_SECRET");
        if (secret == null || !HEX_64.matcher(secret).matches()) {
            throw new ConfigException(ConfigException.INVALID,
                    "FF_WAITPOINT_HMAC_SECRET is required and must be exactly 64 hex characters");
        }
        String kid = orDefault(env.apply("FF_WAITPOINT_HMAC_KID"), "k1");
        try {
            WaitpointTokens.validateKid(kid, ValidationKind.INVALID_KID);
        } catch (EngineException e) {
            throw new ConfigException(ConfigException.INVALID, "FF_WAITPOINT_HMAC_KID is invalid: "
                    + e.getMessage());
        }
        long graceMs = longVar(env, "FF_WAITPOINT_HMAC_GRACE_MS", RotateWaitpointHmacSecretAllArgs.DEFAULT_GRACE_MS,
                0, WaitpointTokens.MAX_GRACE_MS);
        long shutdownGraceMs = longVar(env, "FF_SHUTDOWN_GRACE_MS",
                HttpServerConfig.DEFAULT_SHUTDOWN_GRACE.toMillis(), 0, Long.MAX_VALUE / 1_000_000);

        String listen = orDefault(env.apply("FF_LISTEN_ADDR"), "0.0.0.0:9090");
        int colon = listen.lastIndexOf(':');
        if (colon <= 0 || colon == listen.length() - 1) {
            throw new ConfigException(ConfigException.INVALID, "FF_LISTEN_ADDR must be host:port, got '" + listen
                    + "'");
        }
        String host = listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = (int) parseLong("FF_LISTEN_ADDR", listen.substring(colon + 1), 0, 65_535);

        PartitionConfig partitions;
        try {
            partitions = new PartitionConfig(
                    (int) longVar(env, "FF_FLOW_PARTITIONS", PartitionConfig.DEFAULT.flowPartitions(), 1, 65_536),
                    (int) longVar(env, "FF_BUDGET_PARTITIONS", PartitionConfig.DEFAULT.budgetPartitions(), 1, 65_536),
                    (int) longVar(env, "FF_QUOTA_PARTITIONS", PartitionConfig.DEFAULT.quotaPartitions(), 1, 65_536));
        } catch (IllegalArgumentException | EngineException e) {
            throw new ConfigException(ConfigException.INVALID, "FF_*_PARTITIONS: " + e.getMessage());
        }

        CorsPolicy cors;
        try {
            cors = CorsPolicy.parse(env.apply("FF_CORS_ORIGINS"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigException.INVALID, e.getMessage());
        }

        List<LaneId> lanes = new ArrayList<>();
        for (String lane : orDefault(env.apply("FF_LANES"), "default").split(",")) {
            if (lane.isBlank()) {
                continue;
            }
            try {
                lanes.add(LaneId.of(lane.strip()));
            } catch (EngineException e) {
                throw new ConfigException(ConfigException.INVALID, "FF_LANES: " + e.getMessage());
            }
        }
        if (lanes.isEmpty()) {
            throw new ConfigException(ConfigException.INVALID, "FF_LANES must name at least one lane");
        }

        HttpServerConfig http = new HttpServerConfig(host, port, env.apply("FF_API_TOKEN"), cors, partitions, graceMs,
                Duration.ofMillis(shutdownGraceMs));
        return new ServeConfig(backend, http, kid, secret.toLowerCase(Locale.ROOT), List.copyOf(lanes), env);
    }

    private static String backend(String raw) {
        String backend = raw == null ? "postgres" : raw.strip().toLowerCase(Locale.ROOT);
        switch (backend) {
            case "sqlite":
                return backend;
            case "valkey":
                throw new ConfigException(ConfigException.UNSUPPORTED,
                        "FF_BACKEND=valkey is not supported by Skein (use sqlite or postgres)");
            case "postgres":
                throw new ConfigException(ConfigException.INVALID,
                        "FF_BACKEND=postgres: the PostgreSQL backend is not in this build yet; set FF_BACKEND=sqlite "
                                + "and FF_DEV_MODE=1");
            default:
                throw new ConfigException(ConfigException.INVALID, "FF_BACKEND must be postgres or sqlite, got '"
                        + raw + "'");
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static long longVar(Function<String, String> env, String name, long fallback, long min, long max) {
        String raw = env.apply(name);
        return raw == null || raw.isEmpty() ? fallback : parseLong(name, raw, min, max);
    }

    private static long parseLong(String name, String raw, long min, long max) {
        long value;
        try {
            value = Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw new ConfigException(ConfigException.INVALID, name + " must be an integer, got '" + raw + "'");
        }
        if (value < min || value > max) {
            throw new ConfigException(ConfigException.INVALID, name + " must be between " + min + " and " + max
                    + ", got " + value);
        }
        return value;
    }
}
