package io.skein.sql.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.InstanceTag;
import io.skein.core.api.ScannerFilter;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.api.worker.CompletionEvent;
import io.skein.core.api.worker.EventCursor;
import io.skein.core.api.worker.EventSubscription;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.core.time.ManualClock;
import io.skein.sql.sqlite.SqliteBackend;
import io.skein.sql.sqlite.SqliteOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Direct-mode subscription behaviour beyond the conformance scenarios: a parked poll delivers what commits while it
 * waits; an instance-tag filter; and a backend shutting down ends the stream with {@code StreamDisconnected}
 * carrying the cursor to resume from.
 */
class SubscriptionLifecycleTest {

    private static final LaneId LANE = LaneId.of("default");

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final SqliteBackend backend = SqliteBackend.open(SqliteOptions
            .of("file:subscriptions-" + UUID.randomUUID() + "?mode=memory&cache=shared")
            .withEnv(Map.of("FF_DEV_MODE", "1")::get).withClock(clock));

    @AfterEach
    void close() {
        backend.close();
    }

    private ExecutionId completed(Map<String, String> tags) {
        ExecutionId id = PartitionConfig.DEFAULT.soloExecutionId(LANE, UUID.randomUUID());
        backend.createExecution(new CreateExecutionArgs(id, Namespace.of("default"), LANE, "k", new byte[0], null, 0,
                "test", null, tags, null, null, null, id.partition(), clock.millis()));
        backend.complete(backend.claim(LANE, CapabilitySet.EMPTY, new ClaimPolicy(WorkerId.of("w"),
                WorkerInstanceId.of("w-1"), 30_000, null)).orElseThrow(), null);
        return id;
    }

    @Test
    void aParkedPollDeliversAnEventCommittedWhileItWaits() throws Exception {
        try (EventSubscription<CompletionEvent> subscription = backend.subscribeCompletion(EventCursor.FROM_NOW,
                null)) {
            CompletableFuture<Optional<CompletionEvent>> parked = CompletableFuture.supplyAsync(
                    () -> subscription.poll(Duration.ofSeconds(30)));
            Thread.sleep(100); // most likely parked by now; either way the event must arrive
            ExecutionId id = completed(Map.of());
            Optional<CompletionEvent> event = parked.get(10, TimeUnit.SECONDS);
            assertEquals(id, event.orElseThrow().executionId());
        }
    }

    @Test
    void anInstanceTagFilterDeliversOnlyTaggedExecutions() {
        try (EventSubscription<CompletionEvent> tagged = backend.subscribeCompletion(EventCursor.FROM_NOW,
                new ScannerFilter(null, new InstanceTag("app.tenant", "a")))) {
            completed(Map.of("app.tenant", "b"));
            ExecutionId mine = completed(Map.of("app.tenant", "a"));
            completed(Map.of());

            assertEquals(mine, tagged.poll(Duration.ofSeconds(5)).orElseThrow().executionId());
            assertEquals(Optional.empty(), tagged.poll(Duration.ofMillis(300)));
        }
    }

    @Test
    void aShutdownEndsTheStreamWithTheCursorToResumeFrom() {
        EventCursor handled;
        try (EventSubscription<CompletionEvent> subscription = backend.subscribeCompletion(EventCursor.FROM_NOW,
                null)) {
            completed(Map.of());
            handled = subscription.poll(Duration.ofSeconds(5)).orElseThrow().cursor();
            assertEquals(handled, subscription.cursor());

            backend.shutdownPrepare(Duration.ZERO);

            EngineException lost = assertThrows(EngineException.class,
                    () -> subscription.poll(Duration.ofSeconds(1)));
            EngineError.StreamDisconnected disconnected = assertInstanceOf(EngineError.StreamDisconnected.class,
                    lost.error());
            assertEquals(handled, new EventCursor(disconnected.cursor()), "resume after the last delivered event");
        }
    }
}
