package io.skein.connectors.cli;

import io.skein.connectors.kafka.EmbeddedKafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running {@code skein dev}: an embedded single-node Kafka broker, a SQLite file and the topology's local state,
 * all under one data folder that is kept across restarts, and {@link ServeSession} in Kafka mode over them (the HTTP
 * server's backend is a Kafka client: mutations as commands, reads from SQLite). {@code FF_DEV_MODE=1} is implied;
 * the waitpoint HMAC secret comes from {@code FF_WAITPOINT_HMAC_SECRET} or, unset, from a file in the folder,
 * generated on first start, so waitpoint tokens stay valid across restarts.
 */
public final class DevSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DevSession.class);

    public static final String SQLITE_FILE = "skein.db";
    public static final String HMAC_SECRET_FILE = "waitpoint-hmac-secret";
    public static final String STREAMS_STATE_FOLDER = "streams";
    private static final Pattern HEX_64 = Pattern.compile("[0-9a-fA-F]{64}");

    private final EmbeddedKafkaBroker broker;
    private final ServeSession serve;
    private final Path dataDir;
    private final Duration readyAfter;
    private boolean stopped;

    private DevSession(EmbeddedKafkaBroker broker, ServeSession serve, Path dataDir, Duration readyAfter) {
        this.broker = broker;
        this.serve = serve;
        this.dataDir = dataDir;
        this.readyAfter = readyAfter;
    }

    /**
     * Starts the broker on {@code kafkaPort}, then the store, topology and HTTP server on {@code httpHost:httpPort}
     * (either port 0 picks a free one). Other {@code FF_*} settings ({@code FF_API_TOKEN}, {@code FF_LANES},
     * {@code FF_CORS_ORIGINS}, timers, {@code FF_KAFKA_*} tuning) are read from {@code env} as {@code skein serve}
     * reads them; the backend, its path, dev mode, the cluster and the listen address are dev's own.
     *
     * @throws ConfigException exit 1 when the folder, a port or a setting stops the start
     */
    public static DevSession start(Path dataDir, String httpHost, int httpPort, int kafkaPort,
                                   Function<String, String> env) {
        long started = System.nanoTime();
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigException(ConfigException.INVALID, "--data-dir: cannot create " + dir + ": " + e);
        }
        Map<String, String> devOwn = new HashMap<>();
        devOwn.put("FF_DEV_MODE", "1");
        devOwn.put("FF_BACKEND", "sqlite");
        devOwn.put("FF_MODE", "kafka");
        devOwn.put("FF_SQLITE_PATH", dir.resolve(SQLITE_FILE).toString());
        devOwn.put("FF_KAFKA_STATE_DIR", dir.resolve(STREAMS_STATE_FOLDER).toString());
        devOwn.put("FF_KAFKA_REPLICATION_FACTOR", "1"); // one broker
        devOwn.put("FF_LISTEN_ADDR", httpHost + ":" + httpPort);
        devOwn.put("FF_WAITPOINT_HMAC_SECRET", hmacSecret(dir, env.apply("FF_WAITPOINT_HMAC_SECRET")));
        LOG.info("FF_DEV_MODE=1 (implied by skein dev): SQLite at {}, single process, single writer",
                devOwn.get("FF_SQLITE_PATH"));

        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(dir, kafkaPort);
        } catch (RuntimeException e) {
            throw new ConfigException(ConfigException.INVALID, "the embedded Kafka broker did not start on port "
                    + kafkaPort + " (--kafka-port; 0 picks a free one): " + rootMessage(e));
        }
        devOwn.put("FF_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        Function<String, String> devEnv = name -> devOwn.containsKey(name) ? devOwn.get(name) : env.apply(name);
        ServeSession serve;
        try {
            ServeConfig config = ServeConfig.fromEnvironment(devEnv);
            LOG.info("starting with {}", config);
            serve = ServeSession.start(config);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        Duration readyAfter = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("Skein dev ready on http://localhost:{} (dashboard at http://localhost:{}/ui/; Kafka at {}, data in "
                + "{}) after {} ms", serve.port(), serve.port(), broker.bootstrapServers(), dir, readyAfter.toMillis());
        return new DevSession(broker, serve, dir, readyAfter);
    }

    /**
     * The secret from the environment when set; otherwise the one stored in the folder, generated and stored on
     * first start (owner-only where the file system has POSIX permissions).
     */
    static String hmacSecret(Path dir, String fromEnv) {
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip(); // ServeConfig validates it and names the variable
        }
        Path file = dir.resolve(HMAC_SECRET_FILE);
        try {
            if (!Files.exists(file)) {
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                String hex = HexFormat.of().formatHex(secret);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException noPosix) {
                    Files.createFile(file);
                }
                Files.writeString(file, hex + "\n", StandardCharsets.US_ASCII);
                LOG.info("FF_WAITPOINT_HMAC_SECRET is unset: generated one and stored it in {}; restarts on this "
                        + "folder reuse it, so waitpoint tokens stay valid", file);
                return hex;
            }
            String stored = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (!HEX_64.matcher(stored).matches()) {
                throw new ConfigException(ConfigException.INVALID, file + " must hold the waitpoint HMAC secret as "
                        + "exactly 64 hex characters; fix or delete it (a new one is generated), or set "
                        + "FF_WAITPOINT_HMAC_SECRET");
            }
            LOG.info("FF_WAITPOINT_HMAC_SECRET is unset: using the one stored in {}", file);
            return stored;
        } catch (FileAlreadyExistsException raced) {
            return hmacSecret(dir, null);
        } catch (IOException e) {
            throw new ConfigException(ConfigException.INVALID, "cannot read or write the waitpoint HMAC secret at "
                    + file + ": " + e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
    }

    /** The HTTP port (the chosen one when started with 0). */
    public int port() {
        return serve.port();
    }

    public String kafkaBootstrapServers() {
        return broker.bootstrapServers();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** From the call to {@link #start} until the HTTP server answered. */
    public Duration readyAfter() {
        return readyAfter;
    }

    /** Drains HTTP, closes the client, the topology and SQLite ({@link ServeSession#stop}), then the broker. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            serve.stop();
        } finally {
            broker.close();
            LOG.info("embedded Kafka broker stopped; data kept in {}", dataDir);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
