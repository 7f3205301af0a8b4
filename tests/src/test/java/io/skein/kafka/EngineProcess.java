package io.skein.kafka;

import io.skein.core.id.PartitionConfig;
import io.skein.sql.engine.HmacSeed;
import io.skein.sql.engine.SqlEngineBackend;
import io.skein.sql.postgres.PostgresBackend;
import io.skein.sql.postgres.PostgresOptions;
import io.skein.sql.sqlite.SqliteBackend;
import io.skein.sql.sqlite.SqliteOptions;
import io.skein.topology.SkeinEngine;
import io.skein.topology.SkeinTopologyConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A Kafka-mode engine in a JVM of its own, so a test can kill it with SIGKILL: opens the SQLite file (dev mode from
 * the environment, {@code FF_DEV_MODE=1}) or the PostgreSQL database its URL names, seeds the HMAC secret, runs {@link SkeinEngine} with timers on, prints
 * {@code READY} once the topology is RUNNING and runs until the process ends.
 *
 * <p>Arguments: {@code <bootstrap servers> <sqlite file | jdbc:postgresql: URL> <state dir> <application id>}. Other settings come from the
 * {@code FF_KAFKA_*} variables ({@link SkeinTopologyConfig#fromEnv}).
 */
public final class EngineProcess {

    static final String READY = "READY";
    static final String KID = "kid-crash";
    static final String SECRET_HEX = "0123456789abcdef".repeat(4);

    private EngineProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 4) {
            System.err.println("usage: EngineProcess <bootstrap servers> <sqlite file | jdbc:postgresql: URL> "
                    + "<state dir> <application id>");
            System.exit(2);
        }
        HmacSeed seed = new HmacSeed(KID, SECRET_HEX);
        SqlEngineBackend backend = args[1].startsWith("jdbc:postgresql:")
                ? PostgresBackend.open(PostgresOptions.fromUrl(args[1]).withEnv(System::getenv), seed)
                : SqliteBackend.open(SqliteOptions.of(args[1]).withEnv(System::getenv), seed);
        AutoCloseable store = (AutoCloseable) backend; // both backends close their pool
        backend.prepare();
        SkeinTopologyConfig config = SkeinTopologyConfig.fromEnv(System::getenv, args[0], Path.of(args[2]))
                .withApplicationId(args[3]);
        SkeinEngine engine = SkeinEngine.start(config, () -> backend, PartitionConfig.DEFAULT,
                Duration.ofSeconds(90));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            engine.close();
            try {
                store.close();
            } catch (Exception e) {
                System.err.println("closing the store: " + e);
            }
        }, "engine-stop"));
        System.out.println(READY);
        System.out.flush();
        Thread.currentThread().join();
    }
}
