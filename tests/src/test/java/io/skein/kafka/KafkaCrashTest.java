package io.skein.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skein.connectors.kafka.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash replay (spec 05 §7 "De-duplication", ARCHITECTURE "The path of one command"): the engine runs in a JVM of its
 * own over a SQLite file and is killed with SIGKILL several times while executions are created and worked, then
 * started again on the same file and state folder. Afterwards every execution is completed exactly once
 * ({@link FaultLoad#verify}) and no command is lost.
 *
 * <p>{@code -Dskein.crash.executions=N} sets the count (default {@value #DEFAULT_EXECUTIONS}: about 105 s on a shared
 * 2-core box; 10,000 took about 490 s there), {@code -Dskein.crash.seed} the kill points.
 */
class KafkaCrashTest {

    static final int DEFAULT_EXECUTIONS = 1_500;
    private static final int EXECUTIONS = Integer.getInteger("skein.crash.executions", DEFAULT_EXECUTIONS);
    private static final int KILLS = Integer.getInteger("skein.crash.kills", 3);

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES) // a guard against hangs; a run of 10,000 takes minutes
    void killingTheEngineRepeatedlyLosesNoCommandAndCompletesEveryExecutionOnce(@TempDir Path dir) throws Exception {
        long seed = Long.getLong("skein.crash.seed", System.nanoTime());
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), 0);
             EngineJvm engine = EngineJvm.overSqlite(broker.bootstrapServers(), dir.resolve("skein.db"),
                     dir.resolve("state"), "skein-crash", Map.of("FF_DEV_MODE", "1"))) {
            // given: an engine (it creates the topics), a client and a worker pool
            engine.start();
            try (FaultLoad load = new FaultLoad(broker.bootstrapServers(), EXECUTIONS, new Random(seed))) {
                // when: executions are created and worked while the engine is killed and restarted
                load.start();
                List<String> kills = new ArrayList<>();
                for (int k = 0; k < KILLS; k++) {
                    load.awaitCompletions(load.faultPoint(k, KILLS), load.patience());
                    Thread.sleep(new Random(seed + k).nextInt(500));
                    int before = load.completions();
                    long t = System.nanoTime();
                    engine.kill();
                    engine.start();
                    kills.add(String.format("kill at %d completions, back in %d ms", before,
                            (System.nanoTime() - t) / 1_000_000));
                }

                // then: every execution completed once, with one completion record on ff.events
                String run = load.verify(new SqliteFile(dir.resolve("skein.db")), load.patience());
                assertEquals(KILLS + 1, engine.runs(), "engine runs");
                System.out.printf("KafkaCrashTest: seed %d, %s; %s%n", seed, kills, run);
            }
        }
    }
}
