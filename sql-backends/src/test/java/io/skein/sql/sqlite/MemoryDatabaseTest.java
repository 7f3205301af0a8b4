package io.skein.sql.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Conformance A3: memory databases keep their rows while the reader pool idles and never see each other. */
class MemoryDatabaseTest {

    private static void registerLane(SqliteDatabase db, String lane) {
        db.inWriteTransaction(u -> u.connection().createStatement().executeUpdate(
                "INSERT INTO ff_lane_registry (lane_id, registered_at_ms) VALUES ('" + lane + "', 1)"));
    }

    private static int laneCount(SqliteDatabase db) {
        return db.read(c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM ff_lane_registry")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Test
    void givenRowsInAMemoryDatabase_whenEveryReaderConnectionIdlesOut_thenTheRowsAreStillThere() {
        // given
        try (SqliteDatabase db = TestStores.openMemory("idle")) {
            registerLane(db, "a");
            assertEquals(1, laneCount(db));

            // when: the pool drops every reader connection, as after its idle timeout
            db.evictIdleReaders();
            assertEquals(0, db.openReaderConnections());

            // then: the writer (the sentinel) kept the shared-cache database alive
            assertEquals(1, laneCount(db));
        }
    }

    @Test
    void givenTwoMemoryUris_whenOneIsWritten_thenTheOtherDoesNotSeeIt() {
        try (SqliteDatabase one = TestStores.openMemory("iso-one");
             SqliteDatabase two = TestStores.openMemory("iso-two")) {
            // when
            registerLane(one, "only-in-one");

            // then
            assertNotSame(one, two);
            assertEquals(1, laneCount(one));
            assertEquals(0, laneCount(two));
        }
    }

    @Test
    void givenPlainMemoryPath_whenWrittenByTheWriter_thenReadersShareTheSameDatabase() {
        // given
        try (SqliteDatabase db = SqliteDatabase.open(TestStores.options(":memory:"))) {
            // when
            registerLane(db, "shared");

            // then
            assertEquals(SqliteLocation.SHARED_MEMORY, db.location().sqliteName());
            assertEquals(1, laneCount(db));
            try (SqliteDatabase again = SqliteDatabase.open(TestStores.options(":memory:"))) {
                assertSame(db, again);
            }
        }
    }

    @Test
    void givenAMemoryUriWithoutSharedCache_whenOpened_thenSharedCacheIsAddedSoReadersSeeTheWriter() {
        String uri = "file:no-cache-" + java.util.UUID.randomUUID() + "?mode=memory";
        try (SqliteDatabase db = SqliteDatabase.open(TestStores.options(uri))) {
            registerLane(db, "x");

            assertEquals(uri + "&cache=shared", db.location().sqliteName());
            assertEquals(1, laneCount(db));
        }
    }
}
