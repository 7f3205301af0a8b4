package io.skein.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.Frame;
import io.skein.core.api.FrameKind;
import io.skein.core.api.Handle;
import io.skein.core.api.StreamCursor;
import io.skein.core.api.StreamFrames;
import io.skein.core.api.TailVisibility;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.sql.BackendStartException;
import io.skein.sql.StartFailure;
import io.skein.sql.engine.SqlDialect;
import io.skein.sql.engine.Tx;
import io.skein.sql.postgres.PostgresBackend;
import io.skein.sql.postgres.PostgresDatabase;
import io.skein.sql.postgres.PostgresOptions;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The outbox wake-ups of spec 05 §3 as an outside consumer sees them on its own LISTEN connection: by default every
 * completion and lease event is notified with its event id at commit; with {@code FF_POSTGRES_OUTBOX_NOTIFY=off} the
 * engine's outbox rows are still written but not notified, while stream-frame wake-ups (tails) keep working.
 */
class PostgresOutboxNotifyTest {

    private static final LaneId LANE = LaneId.of("default");
    private static final String MARKER = "end-of-test-writes";

    private PostgresOptions options;
    private Connection listener;

    @BeforeEach
    void start() throws SQLException {
        options = TestPostgres.freshDatabase();
        listener = connect();
        try (Statement st = listener.createStatement()) {
            st.execute("LISTEN ff_completion; LISTEN ff_lease_event; LISTEN ff_stream_frame");
        }
    }

    @AfterEach
    void stop() throws SQLException {
        listener.close();
        TestPostgres.drop(options);
    }

    @Test
    void byDefaultACompletionAndItsLeaseEventsAreNotifiedWithTheirEventIds() throws Exception {
        // given an engine with the default configuration
        try (PostgresBackend engine = PostgresBackend.open(options.withEnv(name -> null))) {
            // when an execution is claimed and completed
            claimAndComplete(engine);

            // then the outside listener got the completion and both lease events, each with its row's event id
            List<PGNotification> got = notificationsUntilMarker();
            assertEquals(ids(engine, "SELECT event_id FROM ff_completion_event"), payloads(got, "ff_completion"));
            assertEquals(ids(engine, "SELECT event_id FROM ff_lease_event ORDER BY event_id"),
                    payloads(got, "ff_lease_event"));
            assertEquals(2, payloads(got, "ff_lease_event").size(), "acquired and released");
        }
    }

    @Test
    void switchedOffTheOutboxIsWrittenButNotNotifiedAndTailsStillWake() throws Exception {
        // given an engine started with FF_POSTGRES_OUTBOX_NOTIFY=off
        Map<String, String> env = Map.of(PostgresDatabase.OUTBOX_NOTIFY_ENV, "off");
        try (PostgresBackend engine = PostgresBackend.open(options.withEnv(env::get))) {
            // when an execution is claimed, writes a frame a parked tail waits for, and completes
            ExecutionId id = create(engine);
            Handle h = claim(engine);
            CompletableFuture<StreamFrames> tail = CompletableFuture.supplyAsync(() ->
                    engine.tailStream(id, 0, StreamCursor.parse("0-0"), 20_000, 10, TailVisibility.ALL));
            awaitWatched(engine);
            engine.appendFrame(h, new Frame("out".getBytes(StandardCharsets.UTF_8), FrameKind.STDOUT, null, null,
                    null));
            assertEquals(1, tail.get(5, TimeUnit.SECONDS).frames().size(), "the tail woke on the frame");
            engine.complete(h, new byte[0]);

            // then the outbox rows exist as always, yet only the frame was notified
            List<PGNotification> got = notificationsUntilMarker();
            assertEquals(1, ids(engine, "SELECT event_id FROM ff_completion_event").size());
            assertEquals(2, ids(engine, "SELECT event_id FROM ff_lease_event").size());
            assertEquals(List.of(), payloads(got, "ff_completion"));
            assertEquals(List.of(), payloads(got, "ff_lease_event"));
            assertEquals(1, payloads(got, "ff_stream_frame").size());
        }
    }

    @Test
    void theSwitchHoldsOnAConnectionWhoseFirstUnitRollsBack() throws Exception {
        // given an engine switched off whose one open writer connection is held by a unit in progress
        Map<String, String> env = Map.of(PostgresDatabase.OUTBOX_NOTIFY_ENV, "off");
        try (PostgresBackend engine = PostgresBackend.open(options.withPoolSize(2).withEnv(env::get))) {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Void> held = CompletableFuture.runAsync(() -> engine.database().inWriteTransaction(u -> {
                holding.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            assertTrue(holding.await(10, TimeUnit.SECONDS));
            try {
                // when the first unit on the pool's next, new connection fails and rolls back
                assertThrows(IllegalStateException.class, () -> engine.database().inWriteTransaction(unit -> {
                    throw new IllegalStateException("rejected");
                }));

                // then that connection still carries the setting the outbox trigger reads
                assertEquals("off", engine.database().inWriteTransaction(unit -> {
                    try (Statement st = unit.connection().createStatement();
                         ResultSet rs = st.executeQuery(
                                 "SELECT current_setting('skein.outbox_notify', true)")) {
                        rs.next();
                        return rs.getString(1);
                    }
                }));
            } finally {
                release.countDown();
                held.get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void anUnknownSwitchValueRefusesToStartAndNamesTheVariable() {
        // given a value that is neither on nor off
        Map<String, String> env = Map.of(PostgresDatabase.OUTBOX_NOTIFY_ENV, "sometimes");

        // when the engine opens, then it refuses before connecting, naming the variable and the value
        BackendStartException e = assertThrows(BackendStartException.class,
                () -> PostgresBackend.open(options.withEnv(env::get)));
        assertEquals(StartFailure.INVALID_CONFIGURATION, e.failure());
        assertEquals("FF_POSTGRES_OUTBOX_NOTIFY must be on or off, got 'sometimes'", e.getMessage());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void claimAndComplete(PostgresBackend engine) {
        create(engine);
        engine.complete(claim(engine), new byte[0]);
    }

    private static ExecutionId create(PostgresBackend engine) {
        ExecutionId id = PartitionConfig.DEFAULT.soloExecutionId(LANE, UUID.randomUUID());
        engine.createExecution(new CreateExecutionArgs(id, Namespace.of("default"), LANE, "test.kind", new byte[0],
                null, 0, "test", null, Map.of(), null, null, null, id.partition(), System.currentTimeMillis()));
        return id;
    }

    private static Handle claim(PostgresBackend engine) {
        return engine.claim(LANE, CapabilitySet.EMPTY, new ClaimPolicy(WorkerId.of("w"), WorkerInstanceId.of("w-1"),
                30_000, null)).orElseThrow();
    }

    /** Waits (up to 10 s) until the tail has subscribed to its stream's wake-ups. */
    private static void awaitWatched(PostgresBackend engine) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (engine.database().frameNotifier().watchedStreams() == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the tail never subscribed to its stream");
            }
            Thread.sleep(5);
        }
    }

    /**
     * Every notification up to a marker notified after the engine's writes: PostgreSQL delivers notifications in
     * commit order, so anything the engine's commits notified arrives before the marker.
     */
    private List<PGNotification> notificationsUntilMarker() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("NOTIFY ff_completion, '" + MARKER + "'");
        }
        List<PGNotification> got = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        PGConnection pg = listener.unwrap(PGConnection.class);
        while (System.nanoTime() < deadline) {
            PGNotification[] batch = pg.getNotifications(500);
            for (PGNotification n : batch == null ? new PGNotification[0] : batch) {
                if (MARKER.equals(n.getParameter())) {
                    return got;
                }
                got.add(n);
            }
        }
        throw new AssertionError("the marker notification never arrived; got " + got.size() + " before it");
    }

    private static List<String> payloads(List<PGNotification> got, String channel) {
        return got.stream().filter(n -> n.getName().equals(channel)).map(PGNotification::getParameter).toList();
    }

    private static List<String> ids(PostgresBackend engine, String sql) {
        return engine.database().read(c -> new Tx(c, SqlDialect.POSTGRES, 0, r -> { })
                .query(sql, rs -> rs.getString(1)));
    }

    private Connection connect() throws SQLException {
        return options.connect("outbox-notify-test");
    }
}
