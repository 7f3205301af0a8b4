package io.skein.kafka;

import io.skein.connectors.kafka.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker restart under load (issue 17 "Show"): the engine runs in a JVM of its own over a SQLite file, the broker
 * is stopped while executions are created and worked, and started again on the same folder and port a few seconds
 * later. The engine, the client and the workers ride it out: every execution is completed exactly once
 * ({@link FaultLoad#verify}), with no command lost and no engine restart.
 *
 * <p>{@code -Dskein.fault.executions=N} sets the count (default {@value #DEFAULT_EXECUTIONS}),
 * {@code -Dskein.fault.seed} the restart point.
 */
class KafkaBrokerRestartTest {

    static final int DEFAULT_EXECUTIONS = 1_000;
    private static final int EXECUTIONS = Integer.getInteger("skein.fault.executions", DEFAULT_EXECUTIONS);
    private static final Duration DOWN = Duration.ofSeconds(3);

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES) // a guard against hangs; a run of 10,000 takes minutes
    void restartingTheBrokerLosesNoCommandAndCompletesEveryExecutionOnce(@TempDir Path dir) throws Exception {
        long seed = Long.getLong("skein.fault.seed", System.nanoTime());
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0);
        String bootstrap = broker.bootstrapServers();
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        try (EngineJvm engine = EngineJvm.overSqlite(bootstrap, dir.resolve("skein.db"), dir.resolve("state"),
                "skein-broker-restart", Map.of("FF_DEV_MODE", "1"))) {
            // given: an engine, a client and a worker pool at work
            engine.start();
            try (FaultLoad load = new FaultLoad(bootstrap, EXECUTIONS, new Random(seed))) {
                load.start();

                // when: the broker stops under load and comes back on the same folder and port
                load.awaitCompletions(load.faultPoint(0, 1), load.patience());
                int before = load.completions();
                broker.close();
                Thread.sleep(DOWN.toMillis());
                long t = System.nanoTime();
                broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), port);
                long restartMs = (System.nanoTime() - t) / 1_000_000;

                // then: every execution completed once, with one completion record on ff.events
                String run = load.verify(new SqliteFile(dir.resolve("skein.db")), load.patience());
                System.out.printf("KafkaBrokerRestartTest: seed %d, broker down at %d completions for %d ms "
                        + "(+%d ms to serve again); %s%n", seed, before, DOWN.toMillis(), restartMs, run);
            }
        } finally {
            broker.close();
        }
    }
}
