package io.skein.bench;

import io.skein.connectors.client.KafkaEngineClient;
import io.skein.connectors.kafka.EmbeddedKafkaBroker;
import io.skein.connectors.worker.SkeinWorker;
import io.skein.core.api.EngineBackend;
import io.skein.core.api.SeedWaitpointHmacSecretArgs;
import io.skein.core.id.LaneId;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.WorkerId;
import io.skein.core.wire.TopicNames;
import io.skein.sql.engine.SqlEngineBackend;
import io.skein.sql.postgres.PostgresBackend;
import io.skein.sql.postgres.PostgresOptions;
import io.skein.sql.sqlite.SqliteBackend;
import io.skein.sql.sqlite.SqliteOptions;
import io.skein.topology.SkeinEngine;
import io.skein.topology.SkeinTopologyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * One system under test, opened fresh for a mode and shared by that mode's scenarios (each uses lanes of its own):
 * {@code sqlite} and {@code postgres} are the SQL backends called directly; {@code kafka-sqlite} and
 * {@code kafka-postgres} run an in-process broker and the Skein topology (exactly-once, timers on) over that
 * backend, with mutations sent as commands and workers as {@link SkeinWorker}s.
 */
final class BenchTarget implements AutoCloseable {

    static final String KID = "kid-bench";
    private static final String SECRET_HEX = "0123456789abcdef".repeat(4);

    final String mode;
    final SqlEngineBackend sql;
    private final Path dir;
    private final PgServer pg;
    private final PostgresOptions pgDatabase;
    private final EmbeddedKafkaBroker broker;
    private final SkeinEngine engine;
    private final KafkaEngineClient.Connected client;

    private BenchTarget(String mode, Path dir, SqlEngineBackend sql, PgServer pg, PostgresOptions pgDatabase,
                        EmbeddedKafkaBroker broker, SkeinEngine engine, KafkaEngineClient.Connected client) {
        this.mode = mode;
        this.dir = dir;
        this.sql = sql;
        this.pg = pg;
        this.pgDatabase = pgDatabase;
        this.broker = broker;
        this.engine = engine;
        this.client = client;
    }

    static BenchTarget open(String mode) throws Exception {
        Path dir = Files.createTempDirectory("skein-bench-" + mode + "-");
        boolean kafka = mode.startsWith("kafka-");
        String store = kafka ? mode.substring("kafka-".length()) : mode;
        SqlEngineBackend sql;
        PgServer pg = null;
        PostgresOptions database = null;
        switch (store) {
            case "sqlite" -> sql = SqliteBackend.open(SqliteOptions.of(dir.resolve("skein.db").toString())
                    .withEnv(Map.of("FF_DEV_MODE", "1")::get));
            case "postgres" -> {
                pg = PgServer.fromEnv();
                database = pg.createDatabase("skein_bench").withPoolSize(12);
                sql = PostgresBackend.open(database);
            }
            default -> throw new IllegalArgumentException("mode: expected sqlite, postgres, kafka-sqlite or "
                    + "kafka-postgres, got " + mode);
        }
        sql.seedWaitpointHmacSecret(new SeedWaitpointHmacSecretArgs(KID, SECRET_HEX));
        if (!kafka) {
            return new BenchTarget(mode, dir, sql, pg, database, null, null, null);
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0);
        SkeinTopologyConfig config = SkeinTopologyConfig.defaults(broker.bootstrapServers(), dir.resolve("state"))
                // the shipped defaults: timers every 250 ms, lane-grant top-up sweep every second
                .withApplicationId("skein-bench");
        SqlEngineBackend target = sql;
        SkeinEngine engine = SkeinEngine.start(config, () -> target, PartitionConfig.DEFAULT, Duration.ofSeconds(90));
        KafkaEngineClient.Connected client = KafkaEngineClient.connect(broker.bootstrapServers(), TopicNames.DEFAULT,
                sql, Duration.ofMillis(200), engine::ensureLane);
        return new BenchTarget(mode, dir, sql, pg, database, broker, engine, client);
    }

    boolean kafka() {
        return engine != null;
    }

    /** The API a caller uses in this mode: the SQL backend itself, or the Kafka-mode client. */
    EngineBackend backend() {
        return kafka() ? client.backend() : sql;
    }

    KafkaEngineClient kafkaClient() {
        return client.client();
    }

    void ensureLane(LaneId lane) {
        if (kafka()) {
            engine.ensureLane(lane.value());
        }
    }

    /** A Kafka-mode worker of {@code lane} (not started). */
    SkeinWorker worker(LaneId lane, String name, int capacity, io.skein.core.api.CapabilitySet offered) {
        return SkeinWorker.builder()
                .capabilities(offered)
                .bootstrapServers(broker.bootstrapServers())
                .lane(lane)
                .workerId(WorkerId.of(name))
                .capacity(capacity)
                .reads(client.backend())
                .shutdownGrace(Duration.ofSeconds(5))
                .build();
    }

    /**
     * The Streams thread metrics that say where a command's time goes: {@code process-latency-avg} (applying one
     * record: the SQL unit plus producing its reply and events), {@code commit-latency-avg} (the exactly-once
     * transaction commit that makes replies visible), {@code poll-latency-avg}, and the rates. Averaged over threads.
     */
    Map<String, Double> streamsThreadMetrics() {
        Map<String, Double> sums = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        if (!kafka()) {
            return sums;
        }
        for (Map.Entry<MetricName, ? extends Metric> e : engine.streams().metrics().entrySet()) {
            MetricName name = e.getKey();
            if (!"stream-thread-metrics".equals(name.group())) {
                continue;
            }
            if (!name.name().matches("(process|commit|poll|punctuate)-(latency-avg|latency-max|rate)")) {
                continue;
            }
            Object v = e.getValue().metricValue();
            if (v instanceof Number n && !Double.isNaN(n.doubleValue())) {
                sums.merge(name.name(), n.doubleValue(), Double::sum);
                counts.merge(name.name(), 1, Integer::sum);
            }
        }
        Map<String, Double> avg = new LinkedHashMap<>();
        sums.forEach((k, v) -> avg.put(k, BenchResult.round(v / counts.get(k), 3)));
        return avg;
    }

    String describe() throws Exception {
        String store = pg != null ? pg.describeDurable() : "SQLite file (WAL, synchronous=NORMAL)";
        if (!kafka()) {
            return "direct: " + store;
        }
        var c = engine.config();
        return "Kafka mode (in-process KRaft broker, exactly_once_v2, commit interval " + c.commitInterval().toMillis()
                + " ms, up to " + c.sqlBatchMaxCommands() + " commands per SQL unit, grant window "
                + c.grantWindow() + ", timer wheel every " + c.timerInterval().toMillis() + " ms, grant top-up every "
                + c.grantTopUpInterval().toMillis() + " ms, " + c.streamThreads() + " stream thread) over " + store;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        if (engine != null) {
            engine.close();
        }
        try {
            ((AutoCloseable) sql).close();
        } catch (Exception e) {
            System.err.println("closing the backend failed: " + e.getMessage());
        }
        if (broker != null) {
            broker.close();
        }
        if (pg != null) {
            pg.dropDatabase(pgDatabase);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // a temp folder left behind is harmless
        }
    }
}
