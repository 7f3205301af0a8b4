package io.skein.connectors.cli;

import io.skein.connectors.http.CorsPolicy;
import io.skein.connectors.http.HttpServerConfig;
import io.skein.core.api.RotateWaitpointHmacSecretAllArgs;
import io.skein.core.api.WaitpointTokens;
import io.skein.core.error.EngineException;
import io.skein.core.error.ValidationKind;
import io.skein.core.id.LaneId;
import io.skein.core.id.PartitionConfig;
import io.skein.sql.BackendStartException;
import io.skein.sql.postgres.PostgresDatabase;
import io.skein.sql.postgres.PostgresOptions;
import io.skein.topology.SkeinTopologyConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The configuration {@code skein serve} reads from the environment (spec 03 §3). Every invalid value is a
 * {@link ConfigException} naming the variable.
 *
 * <p>Mode: {@code FF_MODE=kafka} runs the topology against {@code FF_KAFKA_BOOTSTRAP_SERVERS} and serves HTTP over a
 * Kafka client; {@code FF_MODE=direct} serves the SQL backend directly. Unset, the mode follows
 * {@code FF_KAFKA_BOOTSTRAP_SERVERS}: Kafka when it is set, direct otherwise (a cluster must be named somewhere).
 *
 * @param backend       {@code FF_BACKEND}, lower case: {@code sqlite} or {@code postgres}
 * @param http          listen address, token, CORS, partitions, HMAC grace, shutdown grace
 * @param hmacKid       {@code FF_WAITPOINT_HMAC_KID}
 * @param hmacSecretHex {@code FF_WAITPOINT_HMAC_SECRET} (64 hex characters)
 * @param lanes         {@code FF_LANES}
 * @param postgres      how to reach PostgreSQL ({@code FF_POSTGRES_URL}, {@code FF_POSTGRES_POOL_SIZE}); null for
 *                      SQLite
 * @param kafka         the topology's configuration in Kafka mode ({@code FF_KAFKA_*}); null in direct mode
 * @param claimWait     {@code FF_KAFKA_CLAIM_WAIT_MS}: the least time a Kafka-mode claim waits for a grant
 * @param env           the environment, for the backend's own variables (SQLite path, dev mode, timers)
 */
public record ServeConfig(String backend, HttpServerConfig http, String hmacKid, String hmacSecretHex,
                          List<LaneId> lanes, PostgresOptions postgres, SkeinTopologyConfig kafka,
                          Duration claimWait, Function<String, String> env) {

    /** {@code FF_KAFKA_REPLICATION_FACTOR} when unset: a production cluster (spec 03 §3); {@code skein dev} sets 1. */
    public static final int DEFAULT_REPLICATION_FACTOR = 3;
    public static final long DEFAULT_CLAIM_WAIT_MS = 2_000;
    /** Where Kafka Streams keeps its local stores when {@code FF_KAFKA_STATE_DIR} is unset. */
    public static final String DEFAULT_STATE_DIR = ".skein/streams";

    private static final Pattern HEX_64 = Pattern.compile("[0-9a-fA-F]{64}");

    @Override
    public String toString() {
        String store = postgres == null ? backend
                : backend + " " + redactedUrl(postgres.jdbcUrl()) + " pool " + postgres.poolSize();
        String mode = kafka == null ? "direct"
                : "kafka " + kafka.bootstrapServers() + " (application " + kafka.applicationId() + ")";
        return "ServeConfig[mode=" + mode + ", backend=" + store + ", listen=" + http.host() + ":" + http.port()
                + ", kid=" + hmacKid + ", secret=<REDACTED>, lanes=" + lanes + "]";
    }

    /** Kafka mode: the topology runs in this process and HTTP mutations travel as commands. */
    public boolean kafkaMode() {
        return kafka != null;
    }

    /** A JDBC URL's query may carry a password: logs show the part before it. */
    private static String redactedUrl(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?<REDACTED>";
    }

    public static ServeConfig fromEnvironment(Function<String, String> env) {
        boolean kafkaMode = kafkaMode(env);
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
        PostgresOptions postgres = backend.equals("postgres") ? postgresOptions(env, partitions) : null;
        SkeinTopologyConfig kafka = kafkaMode ? topologyConfig(env) : null;
        Duration claimWait = Duration.ofMillis(longVar(env, "FF_KAFKA_CLAIM_WAIT_MS", DEFAULT_CLAIM_WAIT_MS, 0,
                3_600_000));
        return new ServeConfig(backend, http, kid, secret.toLowerCase(Locale.ROOT), List.copyOf(lanes), postgres,
                kafka, claimWait, env);
    }

    private static boolean kafkaMode(Function<String, String> env) {
        String mode = env.apply("FF_MODE");
        boolean hasCluster = !isBlank(env.apply("FF_KAFKA_BOOTSTRAP_SERVERS"));
        if (isBlank(mode)) {
            return hasCluster;
        }
        switch (mode.strip().toLowerCase(Locale.ROOT)) {
            case "direct":
                return false;
            case "kafka":
                if (!hasCluster) {
                    throw new ConfigException(ConfigException.INVALID, "FF_KAFKA_BOOTSTRAP_SERVERS is required in "
                            + "Kafka mode (FF_MODE=kafka); name the cluster, or run `skein dev` for an embedded one");
                }
                return true;
            default:
                throw new ConfigException(ConfigException.INVALID, "FF_MODE must be kafka or direct, got '" + mode
                        + "'");
        }
    }

    private static PostgresOptions postgresOptions(Function<String, String> env, PartitionConfig partitions) {
        String url = env.apply("FF_POSTGRES_URL");
        if (isBlank(url)) {
            throw new ConfigException(ConfigException.INVALID, "FF_POSTGRES_URL is required for FF_BACKEND=postgres "
                    + "(postgres://user:password@host:port/database or jdbc:postgresql://…)");
        }
        int poolSize = (int) longVar(env, "FF_POSTGRES_POOL_SIZE", PostgresOptions.DEFAULT_POOL_SIZE, 1, 1_000);
        try {
            PostgresDatabase.outboxNotify(env);
        } catch (BackendStartException e) {
            throw new ConfigException(ConfigException.INVALID, e.getMessage());
        }
        try {
            return PostgresOptions.fromUrl(url.strip()).withPoolSize(poolSize).withPartitions(partitions)
                    .withEnv(env);
        } catch (BackendStartException e) {
            throw new ConfigException(ConfigException.INVALID, "FF_POSTGRES_URL is invalid: " + e.getMessage());
        }
    }

    /**
     * {@link SkeinTopologyConfig#fromEnv} over the checked {@code FF_KAFKA_*} numbers, with the production
     * replication factor unless {@code FF_KAFKA_REPLICATION_FACTOR} says otherwise.
     */
    private static SkeinTopologyConfig topologyConfig(Function<String, String> env) {
        // range checks only: SkeinTopologyConfig.fromEnv reads the values and owns their defaults
        checkLong(env, "FF_KAFKA_COMMAND_PARTITIONS", 1, 10_000);
        checkLong(env, "FF_KAFKA_DISPATCH_PARTITIONS", 1, 10_000);
        checkLong(env, "FF_KAFKA_REPLICATION_FACTOR", 1, Short.MAX_VALUE);
        checkLong(env, "FF_KAFKA_GRANT_WINDOW", 1, 100_000);
        checkLong(env, "FF_KAFKA_GRANT_TTL_MS", 1, Integer.MAX_VALUE);
        checkLong(env, "FF_KAFKA_TIMER_INTERVAL_MS", 0, Integer.MAX_VALUE);
        checkLong(env, "FF_KAFKA_STREAM_THREADS", 1, 256);
        checkLong(env, "FF_KAFKA_COMMIT_INTERVAL_MS", 1, Integer.MAX_VALUE);
        checkLong(env, "FF_KAFKA_SESSION_TIMEOUT_MS", 1, Integer.MAX_VALUE);
        String member = env.apply("FF_KAFKA_GROUP_INSTANCE_ID");
        if (member != null && !member.isBlank() && !member.strip().matches("[A-Za-z0-9._-]{1,200}")) {
            throw new ConfigException(ConfigException.INVALID, "FF_KAFKA_GROUP_INSTANCE_ID may hold only letters, "
                    + "digits, '.', '_' and '-' (at most 200), got '" + member + "'");
        }
        // a command larger than the topics' record limit could never be produced
        checkLong(env, "FF_KAFKA_MAX_COMMAND_BYTES", 1, io.skein.topology.KafkaTopics.MAX_RECORD_BYTES);
        String prefix = env.apply("FF_KAFKA_TOPIC_PREFIX");
        if (prefix != null && !prefix.isBlank() && !prefix.strip().matches("[A-Za-z0-9._-]+")) {
            throw new ConfigException(ConfigException.INVALID, "FF_KAFKA_TOPIC_PREFIX may hold only letters, digits, "
                    + "'.', '_' and '-', got '" + prefix + "'");
        }
        Function<String, String> withDefaults = name -> {
            String value = env.apply(name);
            return name.equals("FF_KAFKA_REPLICATION_FACTOR") && isBlank(value)
                    ? Integer.toString(DEFAULT_REPLICATION_FACTOR) : value;
        };
        Path stateDir = Path.of(orDefault(env.apply("FF_KAFKA_STATE_DIR"), DEFAULT_STATE_DIR)).toAbsolutePath();
        try {
            return SkeinTopologyConfig.fromEnv(withDefaults, env.apply("FF_KAFKA_BOOTSTRAP_SERVERS").strip(),
                    stateDir);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigException.INVALID, "FF_KAFKA_*: " + e.getMessage());
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String backend(String raw) {
        String backend = raw == null ? "postgres" : raw.strip().toLowerCase(Locale.ROOT);
        switch (backend) {
            case "sqlite":
            case "postgres":
                return backend;
            case "valkey":
                throw new ConfigException(ConfigException.UNSUPPORTED,
                        "FF_BACKEND=valkey is not supported by Skein (use sqlite or postgres)");
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

    /** Refuses {@code name} when it is set and not a whole number in [min, max]; unset passes. */
    private static void checkLong(Function<String, String> env, String name, long min, long max) {
        longVar(env, name, min, min, max);
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
