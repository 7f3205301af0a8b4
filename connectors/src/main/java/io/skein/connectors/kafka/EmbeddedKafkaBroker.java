package io.skein.connectors.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka cluster (one KRaft node acting as broker and controller) running inside this JVM, for
 * {@code skein dev} and Kafka-mode tests. Its log and metadata live in {@code <dataDir>/kafka}, formatted once with
 * the production metadata version, so topics and records survive a restart on the same folder. Clients connect
 * over PLAINTEXT on 127.0.0.1.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final int NODE_ID = 1;
    private static final String HOST = "127.0.0.1";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** Ports this class chose itself can be taken by someone else between the probe and the bind: retry then. */
    private static final int BIND_ATTEMPTS = 5;
    private static final Duration READY_DEADLINE = Duration.ofSeconds(60);
    /**
     * Fixed for the lifetime of a data folder: the group and transaction coordinators hash ids onto this many
     * partitions of their internal topics, which exist with this count once created. Smaller than Kafka's 50 so a
     * fresh folder becomes usable quickly.
     */
    private static final int INTERNAL_TOPIC_PARTITIONS = 10;

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Object closeLock = new Object();
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts the node and returns once it serves clients. {@code port} 0 picks a free port; the controller port
     * is always picked freely (it is not persisted, so it may differ across restarts).
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port) {
        if (dataDir == null) {
            throw new IllegalArgumentException("dataDir: must name the folder that holds the broker's data");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: must be 0 (pick a free port) or 1..65535, got " + port);
        }
        Path logDir = dataDir.resolve("kafka").toAbsolutePath();
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("dataDir: cannot create " + logDir, e);
        }
        RuntimeException lastBindFailure = null;
        int attempts = port == 0 ? BIND_ATTEMPTS : 1;
        for (int attempt = 0; attempt < attempts; attempt++) {
            int brokerPort = port == 0 ? freePort() : port;
            int controllerPort = freePort();
            KafkaConfig config = new KafkaConfig(brokerProperties(logDir, brokerPort, controllerPort), false);
            formatOnce(logDir, config);
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                shutdownQuietly(server);
                if (isBindFailure(e)) {
                    lastBindFailure = e;
                    continue;
                }
                throw e;
            }
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, HOST + ":" + brokerPort);
            try {
                broker.awaitServing();
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
            return broker;
        }
        throw new IllegalStateException("port: no free port could be bound after " + attempts + " attempts",
                lastBindFailure);
    }

    /** The {@code bootstrap.servers} value clients use to reach this broker. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Stops the node and waits for it to finish; calling it again does nothing. */
    @Override
    public void close() {
        synchronized (closeLock) {
            // Kafka's shutdown is not idempotent: a second call throws.
            if (closed) {
                return;
            }
            closed = true;
            server.shutdown();
            server.awaitShutdown();
        }
    }

    /**
     * Runs a broker until the process is terminated, for tests that must kill a broker process. Arguments:
     * {@code <dataDir> <port>} (port 0 picks a free one). Prints {@code READY <bootstrap>} on stdout once clients
     * can produce; SIGTERM shuts the broker down cleanly before the JVM exits.
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: EmbeddedKafkaBroker <dataDir> <port>");
            System.exit(2);
        }
        EmbeddedKafkaBroker broker = start(Path.of(args[0]), Integer.parseInt(args[1]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "embedded-kafka-shutdown"));
        System.out.println("READY " + broker.bootstrapServers());
        System.out.flush();
        stopped.await();
    }

    private static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + HOST
                + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("metadata.log.dir", logDir.toString());
        props.put("unstable.api.versions.enable", "false");
        props.put("unstable.feature.versions.enable", "false");
        // One node: every internal topic has one replica, or exactly-once and consumer groups never work.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", Integer.toString(INTERNAL_TOPIC_PARTITIONS));
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", Integer.toString(INTERNAL_TOPIC_PARTITIONS));
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // Skein creates its topics explicitly (KafkaTopics); a mistyped name must fail, not appear.
        props.put("auto.create.topics.enable", "false");
        // Fast start and stop: a lone voter need not wait long for peers, heartbeats drive controlled shutdown.
        props.put("controller.quorum.election.timeout.ms", "500");
        props.put("controller.quorum.fetch.timeout.ms", "1000");
        props.put("broker.heartbeat.interval.ms", "200");
        props.put("broker.session.timeout.ms", "3000");
        return props;
    }

    /** Formats the folder on first use only; a formatted folder keeps its cluster id, topics and records. */
    private static void formatOnce(Path logDir, KafkaConfig config) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            new Formatter()
                    .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(NODE_ID)
                    .setDirectories(java.util.List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setUnstableFeatureVersionsEnabled(false)
                    .setHasDynamicQuorum(false)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("dataDir: cannot format Kafka storage in " + logDir + ": "
                    + e.getMessage(), e);
        }
    }

    /** Waits until the node is registered and unfenced: only then does it lead partitions and take produces. */
    private void awaitServing() {
        long deadline = System.nanoTime() + READY_DEADLINE.toNanos();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            while (true) {
                try {
                    for (Node node : admin.describeCluster().nodes().get(5, TimeUnit.SECONDS)) {
                        if (node.id() == NODE_ID) {
                            return;
                        }
                    }
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // Not serving yet; ask again until the deadline.
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("embedded Kafka broker at " + bootstrapServers
                            + " did not serve clients within " + READY_DEADLINE.toSeconds() + " s");
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the embedded Kafka broker", e);
        }
    }

    /** Asks the OS for a port that is free right now; the bind retry in {@link #start} covers a lost race. */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port available", e);
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    private static void shutdownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException ignored) {
            // Startup already failed; that failure is the one worth reporting.
        }
    }
}
