package io.skein.sql.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.error.ContentionKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Units of work on the single writer: atomic, retried on contention, hooks only after commit. */
class WriteTransactionTest {

    private SqliteDatabase db;

    @BeforeEach
    void open() {
        db = TestStores.openMemory("uow");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static void insertLane(Statement st, String lane) throws SQLException {
        st.executeUpdate("INSERT INTO ff_lane_registry (lane_id, registered_at_ms) VALUES ('" + lane + "', 1)");
    }

    private int lanes() {
        return db.read(c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM ff_lane_registry")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Test
    void givenAUnitThatWritesAndRegistersAHook_whenItCommits_thenTheHookSeesTheCommittedRow() {
        List<Integer> seenByHook = new ArrayList<>();

        String result = db.inWriteTransaction(unit -> {
            insertLane(unit.connection().createStatement(), "a");
            unit.afterCommit(() -> seenByHook.add(lanes()));
            return "ok";
        });

        assertEquals("ok", result);
        assertEquals(List.of(1), seenByHook);
    }

    @Test
    void givenAUnitThatFailsWithATypedRejection_whenRun_thenNothingIsWrittenAndNoHookRuns() {
        List<String> hooks = new ArrayList<>();

        EngineException rejected = assertThrows(EngineException.class, () -> db.inWriteTransaction(unit -> {
            insertLane(unit.connection().createStatement(), "a");
            unit.afterCommit(() -> hooks.add("fired"));
            throw EngineError.notFound("execution");
        }));

        assertTrue(rejected.error() instanceof EngineError.NotFound);
        assertEquals(0, lanes());
        assertTrue(hooks.isEmpty());
    }

    @Test
    void givenAUnitThatKeepsHittingBusy_whenRun_thenRetryExhaustedAfterFourTriesAndNothingPartialRemains() {
        AtomicInteger tries = new AtomicInteger();
        List<String> hooks = new ArrayList<>();

        EngineException failure = assertThrows(EngineException.class, () -> db.inWriteTransaction(unit -> {
            tries.incrementAndGet();
            insertLane(unit.connection().createStatement(), "partial");
            unit.afterCommit(() -> hooks.add("fired"));
            throw new SQLException("database is locked", null, SqliteDialect.SQLITE_BUSY);
        }));

        assertEquals(ContentionKind.RETRY_EXHAUSTED, ((EngineError.Contention) failure.error()).kind());
        assertEquals(4, tries.get());
        assertEquals(0, lanes(), "each try was rolled back, so the retry could insert the same key again");
        assertTrue(hooks.isEmpty());
    }

    @Test
    void givenAUnitThatHitsBusyOnce_whenRun_thenTheRetryCommitsOnceWithOnlyItsOwnHooks() {
        AtomicInteger tries = new AtomicInteger();
        List<Integer> hooks = new ArrayList<>();

        db.inWriteTransaction(unit -> {
            int attempt = tries.incrementAndGet();
            insertLane(unit.connection().createStatement(), "once");
            unit.afterCommit(() -> hooks.add(attempt));
            if (attempt == 1) {
                throw new SQLException("database is locked", null, SqliteDialect.SQLITE_LOCKED);
            }
            return null;
        });

        assertEquals(1, lanes());
        assertEquals(List.of(2), hooks);
    }

    @Test
    void givenAUnitInProgress_whenItOpensAnotherUnitOrReadsThroughThePool_thenThatIsRefused() {
        assertThrows(IllegalStateException.class, () -> db.inWriteTransaction(unit ->
                db.inWriteTransaction(inner -> null)));
        assertThrows(IllegalStateException.class, () -> db.inWriteTransaction(unit -> db.read(c -> 1)));
    }

    @Test
    void givenManyThreadsWriting_whenTheyRunConcurrently_thenEveryUnitCommitsExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 40; i++) {
            String lane = "lane-" + i;
            futures.add(pool.submit(() -> db.inWriteTransaction(unit -> {
                insertLane(unit.connection().createStatement(), lane);
                return null;
            })));
        }
        for (Future<?> f : futures) {
            f.get(10, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertEquals(40, lanes());
    }

    @Test
    void givenAReaderConnection_whenItTriesToWrite_thenTheWriteIsRefusedBecauseReadersAreQueryOnly() {
        EngineException refused = assertThrows(EngineException.class, () -> db.read(c -> {
            insertLane(c.createStatement(), "sneaky");
            return null;
        }));

        assertTrue(refused.error() instanceof EngineError.Transport, refused.getMessage());
        assertEquals(0, lanes());
    }
}
