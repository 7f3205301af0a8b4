package io.skein.connectors.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.sql.postgres.PostgresOptions;
import io.skein.topology.SkeinTopologyConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code skein serve}'s mode and store configuration: Kafka mode follows {@code FF_KAFKA_BOOTSTRAP_SERVERS} (or
 * {@code FF_MODE}), PostgreSQL is reached through {@code FF_POSTGRES_URL}; bad values name their variable. Parsing
 * only: nothing connects.
 */
class ServeConfigTest {

    private static final String SECRET = "ab".repeat(32);

    private static Map<String, String> sqliteEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("FF_BACKEND", "sqlite");
        env.put("FF_DEV_MODE", "1");
        env.put("FF_WAITPOINT_HMAC_SECRET", SECRET);
        return env;
    }

    private static Map<String, String> postgresEnv(String url) {
        Map<String, String> env = new HashMap<>();
        env.put("FF_POSTGRES_URL", url);
        env.put("FF_WAITPOINT_HMAC_SECRET", SECRET);
        return env;
    }

    private static ConfigException rejected(Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> ServeConfig.fromEnvironment(env::get));
    }

    @Test
    void withoutABootstrapServerServeRunsDirect() {
        ServeConfig config = ServeConfig.fromEnvironment(sqliteEnv()::get);
        assertFalse(config.kafkaMode());
        assertNull(config.kafka());
        assertNull(config.postgres());
        assertEquals("sqlite", config.backend());
    }

    @Test
    void aBootstrapServerSelectsKafkaModeWithTheTopologySettings() {
        Map<String, String> env = sqliteEnv();
        env.put("FF_KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092");
        env.put("FF_KAFKA_COMMAND_PARTITIONS", "24");
        env.put("FF_KAFKA_APPLICATION_ID", "skein-prod");
        env.put("FF_KAFKA_STATE_DIR", "/var/lib/skein/streams");
        env.put("FF_KAFKA_CLAIM_WAIT_MS", "500");

        ServeConfig config = ServeConfig.fromEnvironment(env::get);

        assertTrue(config.kafkaMode());
        SkeinTopologyConfig kafka = config.kafka();
        assertEquals("kafka-1:9092,kafka-2:9092", kafka.bootstrapServers());
        assertEquals(24, kafka.commandPartitions());
        assertEquals("skein-prod", kafka.applicationId());
        assertEquals(Path.of("/var/lib/skein/streams"), kafka.stateDir());
        assertEquals(Duration.ofMillis(500), config.claimWait());
        assertEquals(ServeConfig.DEFAULT_REPLICATION_FACTOR, kafka.replicationFactor(),
                "an external cluster gets the production replication factor unless told otherwise");
        assertTrue(config.toString().contains("mode=kafka kafka-1:9092"), config.toString());
    }

    @Test
    void kafkaModeDefaultsClaimWaitAndStateFolderAndTakesAnExplicitReplicationFactor() {
        Map<String, String> env = sqliteEnv();
        env.put("FF_MODE", "Kafka");
        env.put("FF_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        env.put("FF_KAFKA_REPLICATION_FACTOR", "1");

        ServeConfig config = ServeConfig.fromEnvironment(env::get);

        assertEquals(1, config.kafka().replicationFactor());
        assertEquals(Duration.ofMillis(ServeConfig.DEFAULT_CLAIM_WAIT_MS), config.claimWait());
        assertEquals(Path.of(ServeConfig.DEFAULT_STATE_DIR).toAbsolutePath(), config.kafka().stateDir());
        // a restart after a crash takes its partitions back at once: a static member id kept in the state folder
        assertEquals(SkeinTopologyConfig.GROUP_INSTANCE_FROM_STATE_DIR, config.kafka().groupInstanceId());
        assertEquals(Duration.ofSeconds(10), config.kafka().sessionTimeout());
    }

    @Test
    void kafkaMembershipCanBeNamedOrDynamic() {
        Map<String, String> named = sqliteEnv();
        named.put("FF_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        named.put("FF_KAFKA_GROUP_INSTANCE_ID", "engine-eu-1");
        named.put("FF_KAFKA_SESSION_TIMEOUT_MS", "30000");
        Map<String, String> dynamic = sqliteEnv();
        dynamic.put("FF_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        dynamic.put("FF_KAFKA_GROUP_INSTANCE_ID", "none");

        ServeConfig namedConfig = ServeConfig.fromEnvironment(named::get);
        assertEquals("engine-eu-1", namedConfig.kafka().groupInstanceId());
        assertEquals(Duration.ofSeconds(30), namedConfig.kafka().sessionTimeout());
        assertEquals("engine-eu-1", namedConfig.kafka().streamsProperties("engine-eu-1")
                .get("consumer.group.instance.id"));
        assertEquals(null, ServeConfig.fromEnvironment(dynamic::get).kafka().groupInstanceId());
    }

    @Test
    void directModeIgnoresAConfiguredCluster() {
        Map<String, String> env = sqliteEnv();
        env.put("FF_MODE", "direct");
        env.put("FF_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        assertFalse(ServeConfig.fromEnvironment(env::get).kafkaMode());
    }

    @Test
    void kafkaModeWithoutAClusterOrWithBadSettingsNamesTheVariable() {
        Map<String, String> noCluster = sqliteEnv();
        noCluster.put("FF_MODE", "kafka");
        Map<String, String> unknownMode = sqliteEnv();
        unknownMode.put("FF_MODE", "hybrid");
        Map<String, String> badPartitions = sqliteEnv();
        badPartitions.put("FF_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        badPartitions.put("FF_KAFKA_COMMAND_PARTITIONS", "twelve");
        Map<String, String> badWait = sqliteEnv();
        badWait.put("FF_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        badWait.put("FF_KAFKA_CLAIM_WAIT_MS", "-1");
        Map<String, String> badPrefix = sqliteEnv();
        badPrefix.put("FF_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        badPrefix.put("FF_KAFKA_TOPIC_PREFIX", "ff/");
        Map<String, String> badMember = sqliteEnv();
        badMember.put("FF_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        badMember.put("FF_KAFKA_GROUP_INSTANCE_ID", "node 1");
        Map<String, String> badSession = sqliteEnv();
        badSession.put("FF_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        badSession.put("FF_KAFKA_SESSION_TIMEOUT_MS", "0");

        Map<String, Map<String, String>> cases = Map.of(
                "FF_KAFKA_BOOTSTRAP_SERVERS", noCluster,
                "FF_MODE", unknownMode,
                "FF_KAFKA_COMMAND_PARTITIONS", badPartitions,
                "FF_KAFKA_CLAIM_WAIT_MS", badWait,
                "FF_KAFKA_TOPIC_PREFIX", badPrefix,
                "FF_KAFKA_GROUP_INSTANCE_ID", badMember,
                "FF_KAFKA_SESSION_TIMEOUT_MS", badSession);
        cases.forEach((variable, env) -> {
            ConfigException e = rejected(env);
            assertEquals(ConfigException.INVALID, e.exitCode(), variable);
            assertTrue(e.getMessage().contains(variable), e.getMessage());
        });
    }

    @Test
    void postgresIsTheDefaultBackendAndReadsItsUrlAndPool() {
        Map<String, String> env = postgresEnv("postgres://skein:s3cret@db.internal:5433/skein?sslmode=require");
        env.put("FF_POSTGRES_POOL_SIZE", "25");

        ServeConfig config = ServeConfig.fromEnvironment(env::get);

        assertEquals("postgres", config.backend());
        PostgresOptions pg = config.postgres();
        assertEquals("jdbc:postgresql://db.internal:5433/skein?sslmode=require", pg.jdbcUrl());
        assertEquals("skein", pg.user());
        assertEquals("s3cret", pg.password());
        assertEquals(25, pg.poolSize());
        assertFalse(config.toString().contains("s3cret"), config.toString());
        assertFalse(config.toString().contains(SECRET), config.toString());
    }

    @Test
    void postgresTakesAJdbcUrlWithTheDefaultPool() {
        ServeConfig config = ServeConfig.fromEnvironment(
                postgresEnv("jdbc:postgresql://localhost:5432/skein?user=u&password=p")::get);
        assertEquals(PostgresOptions.DEFAULT_POOL_SIZE, config.postgres().poolSize());
        assertEquals("jdbc:postgresql://localhost:5432/skein?user=u&password=p", config.postgres().jdbcUrl());
        assertFalse(config.toString().contains("password=p"), "a URL's query is kept out of logs");
    }

    @Test
    void postgresWithoutOrWithABadUrlPoolOrOutboxSwitchNamesTheVariable() {
        Map<String, String> missing = postgresEnv("x");
        missing.remove("FF_POSTGRES_URL");
        Map<String, String> badPool = postgresEnv("postgres://u@localhost/skein");
        badPool.put("FF_POSTGRES_POOL_SIZE", "0");
        Map<String, String> badNotify = postgresEnv("postgres://u@localhost/skein");
        badNotify.put("FF_POSTGRES_OUTBOX_NOTIFY", "sometimes");

        Map<String, Map<String, String>> cases = Map.of(
                "FF_POSTGRES_URL", missing,
                "FF_POSTGRES_URL is invalid", postgresEnv("mysql://localhost/skein"),
                "FF_POSTGRES_POOL_SIZE", badPool,
                "FF_POSTGRES_OUTBOX_NOTIFY must be on or off, got 'sometimes'", badNotify);
        cases.forEach((expected, env) -> {
            ConfigException e = rejected(env);
            assertEquals(ConfigException.INVALID, e.exitCode(), expected);
            assertTrue(e.getMessage().contains(expected), e.getMessage());
        });
    }
}
