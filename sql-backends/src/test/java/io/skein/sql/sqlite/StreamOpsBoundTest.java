package io.skein.sql.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.StreamCursor;
import io.skein.core.api.StreamFrames;
import io.skein.core.api.TailVisibility;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import io.skein.sql.BackendStartException;
import io.skein.sql.StartFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Spec 04 §3.5 / 06 I18: {@code FF_MAX_CONCURRENT_STREAM_OPS} bounds the stream reads and tails in flight. */
class StreamOpsBoundTest {

    private static final StreamCursor ZERO = StreamCursor.parse("0-0");

    private static SqliteBackend open(Map<String, String> env) {
        return SqliteBackend.open(SqliteOptions.of(TestStores.memoryUri("stream-ops")).withEnv(env::get));
    }

    private static ExecutionId createdOn(SqliteBackend backend) {
        LaneId lane = LaneId.of("default");
        ExecutionId id = PartitionConfig.DEFAULT.soloExecutionId(lane, UUID.randomUUID());
        backend.createExecution(new CreateExecutionArgs(id, Namespace.of("default"), lane, "k", new byte[0], null,
                0, "test", null, Map.of(), null, null, null, id.partition(), backend.serverTimeMs()));
        return id;
    }

    /** Starts {@code n} tails that park; one refused while a probe holds a slot simply tries again. */
    private static List<Thread> parkTails(SqliteBackend backend, ExecutionId id, int n, long blockMs,
                                          ConcurrentLinkedQueue<Object> finished) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> {
                while (true) {
                    try {
                        finished.add(backend.tailStream(id, 0, ZERO, blockMs, 10, TailVisibility.ALL));
                        return;
                    } catch (EngineException e) {
                        if (!(e.error() instanceof EngineError.ResourceExhausted)) {
                            finished.add(e);
                            return;
                        }
                        Thread.onSpinWait();
                    }
                }
            });
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        return threads;
    }

    /** Reads until one read is refused (the bound is full) or 5 s pass; the refusal, or null. */
    private static EngineError.ResourceExhausted probeUntilRefused(SqliteBackend backend, ExecutionId id)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            try {
                backend.readStream(id, 0, new StreamCursor.Start(), new StreamCursor.End(), 10);
                Thread.sleep(5);
            } catch (EngineException e) {
                return (EngineError.ResourceExhausted) e.error();
            }
        }
        return null;
    }

    @Test
    void givenABoundOfTwo_whenAThirdOpArrivesWhileTwoTailsAreParked_thenItIsResourceExhausted() throws Exception {
        try (SqliteBackend backend = open(Map.of("FF_DEV_MODE", "1", "FF_MAX_CONCURRENT_STREAM_OPS", "2"))) {
            ExecutionId id = createdOn(backend);
            ConcurrentLinkedQueue<Object> finished = new ConcurrentLinkedQueue<>();
            List<Thread> parked = parkTails(backend, id, 2, 6_000, finished);

            EngineError.ResourceExhausted refused = probeUntilRefused(backend, id);

            assertNotNull(refused, "a third concurrent stream op is refused");
            assertEquals(2, refused.max());
            assertEquals("stream_ops", refused.pool());
            assertTrue(finished.isEmpty(), "both tails are still parked: " + finished);
            for (Thread t : parked) {
                t.join(15_000);
            }
            assertEquals(2, finished.size());
            finished.forEach(r -> assertTrue(r instanceof StreamFrames f && f.frames().isEmpty(), String.valueOf(r)));
            assertFalse(backend.tailStream(id, 0, ZERO, 0, 10, TailVisibility.ALL).closed(), "slots were freed");
        }
    }

    @Test
    void givenTheLegacyVariable_whenOpened_thenItSetsTheBound() throws Exception {
        try (SqliteBackend backend = open(Map.of("FF_DEV_MODE", "1", "FF_MAX_CONCURRENT_TAIL", "1"))) {
            ExecutionId id = createdOn(backend);
            parkTails(backend, id, 1, 6_000, new ConcurrentLinkedQueue<>());

            EngineError.ResourceExhausted refused = probeUntilRefused(backend, id);

            assertNotNull(refused);
            assertEquals(1, refused.max());
        }
    }

    @Test
    void givenANonPositiveBound_whenOpened_thenStartFailsWithInvalidConfiguration() {
        for (String bad : List.of("0", "-3", "many")) {
            BackendStartException refused = assertThrows(BackendStartException.class,
                    () -> open(Map.of("FF_DEV_MODE", "1", "FF_MAX_CONCURRENT_STREAM_OPS", bad)));
            assertEquals(StartFailure.INVALID_CONFIGURATION, refused.failure());
            assertTrue(refused.getMessage().contains("FF_MAX_CONCURRENT_STREAM_OPS"), refused.getMessage());
        }
    }
}
