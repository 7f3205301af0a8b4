package io.skein.kafka;

import io.skein.connectors.kafka.EmbeddedKafkaBroker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL restart under load (issue 17 "Show"): the engine runs in a JVM of its own over a PostgreSQL server
 * this test starts (an embedded one of its own, whatever {@code FF_PG_TEST_URL} says: the test must stop it), which
 * is stopped while executions are created and worked and started again on the same data folder and port a few
 * seconds later. The engine waits for its store instead of giving up on commands: every execution is completed
 * exactly once ({@link FaultLoad#verify}), with no command lost or dead-lettered.
 *
 * <p>{@code -Dskein.fault.executions=N} sets the count (default {@value #DEFAULT_EXECUTIONS}),
 * {@code -Dskein.fault.seed} the restart point.
 */
class KafkaPostgresRestartTest {

    static final int DEFAULT_EXECUTIONS = 1_000;
    private static final int EXECUTIONS = Integer.getInteger("skein.fault.executions", DEFAULT_EXECUTIONS);
    private static final Duration DOWN = Duration.ofSeconds(3);

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES) // a guard against hangs; a run of 10,000 takes minutes
    void restartingPostgresLosesNoCommandAndCompletesEveryExecutionOnce(@TempDir Path dir) throws Exception {
        long seed = Long.getLong("skein.fault.seed", System.nanoTime());
        int port = freePort();
        EmbeddedPostgres postgres = startPostgres(dir.resolve("pg"), port);
        String url = "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0);
             EngineJvm engine = EngineJvm.overPostgres(broker.bootstrapServers(), url, dir.resolve("state"),
                     "skein-pg-restart", Map.of())) {
            // given: an engine over PostgreSQL, a client and a worker pool at work
            engine.start();
            try (FaultLoad load = new FaultLoad(broker.bootstrapServers(), EXECUTIONS, new Random(seed))) {
                load.start();

                // when: PostgreSQL stops under load and comes back on the same data folder and port
                load.awaitCompletions(load.faultPoint(0, 1), load.patience());
                int before = load.completions();
                postgres.close();
                Thread.sleep(DOWN.toMillis());
                long t = System.nanoTime();
                postgres = startPostgres(dir.resolve("pg"), port);
                long restartMs = (System.nanoTime() - t) / 1_000_000;

                // then: every execution completed once, with one completion record on ff.events
                String run = load.verify(new PostgresRows(url), load.patience());
                System.out.printf("KafkaPostgresRestartTest: seed %d, PostgreSQL down at %d completions for %d ms "
                        + "(+%d ms to start); %s%n", seed, before, DOWN.toMillis(), restartMs, run);
            }
        } finally {
            postgres.close();
        }
    }

    /** A server on {@code dataDir} (initialised on first use, kept across restarts) at {@code port}. */
    private static EmbeddedPostgres startPostgres(Path dataDir, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
