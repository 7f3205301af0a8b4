package io.skein.sql.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.sql.BackendStartException;
import io.skein.sql.StartFailure;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conformance A2 (in-process part): one instance per database file, reference-counted, lock file held. */
class SqliteDatabaseRegistryTest {

    @TempDir
    Path dir;

    @Test
    void givenAnOpenFile_whenOpenedAgainByAnotherSpelling_thenTheSameInstanceIsReturned() {
        // given
        Path db = dir.resolve("same.db");
        SqliteDatabase first = SqliteDatabase.open(TestStores.options(db));

        // when
        SqliteDatabase again = SqliteDatabase.open(TestStores.options(dir.resolve("sub/../same.db")));

        // then
        assertSame(first, again);
        assertTrue(again.migrationReport().appliedAnything(), "the shared instance carries the first run's report");
        again.close();
        first.close();
    }

    @Test
    void givenTwoHolders_whenOneCloses_thenTheOtherKeepsWorkingUntilTheLastClose() {
        // given
        Path db = dir.resolve("refcount.db");
        SqliteDatabase a = SqliteDatabase.open(TestStores.options(db));
        SqliteDatabase b = SqliteDatabase.open(TestStores.options(db));

        // when
        a.close();

        // then
        assertFalse(b.isClosed());
        b.inWriteTransaction(u -> u.connection().createStatement()
                .executeUpdate("INSERT INTO ff_lane_registry (lane_id, registered_at_ms) VALUES ('l1', 1)"));
        b.close();
        assertTrue(b.isClosed());
        EngineException closed = assertThrows(EngineException.class, () -> b.read(c -> 1));
        assertTrue(closed.error() instanceof EngineError.Unavailable);

        // and a new open is a new instance over the same data, with nothing left to migrate
        SqliteDatabase reopened = SqliteDatabase.open(TestStores.options(db));
        try {
            assertNotSame(b, reopened);
            assertFalse(reopened.migrationReport().appliedAnything());
            int lanes = reopened.read(c -> {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT count(*) FROM ff_lane_registry")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertEquals(1, lanes);
        } finally {
            reopened.close();
        }
    }

    @Test
    void givenTheLockFileHeldElsewhere_whenOpening_thenRefusedAsLockedNamingTheLockFile() throws Exception {
        // given
        Path db = dir.resolve("locked.db");
        Path lockFile = dir.resolve("locked.db-skein.lock");
        try (FileChannel other = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = other.lock()) {

            // when
            BackendStartException refused = assertThrows(BackendStartException.class,
                    () -> SqliteDatabase.open(TestStores.options(db)));

            // then
            assertEquals(StartFailure.DATABASE_LOCKED, refused.failure());
            assertTrue(refused.getMessage().contains(lockFile.toString()), refused.getMessage());
            assertTrue(held.isValid());
        }

        // and once the other holder lets go the database opens
        SqliteDatabase db2 = SqliteDatabase.open(TestStores.options(db));
        db2.close();
    }

    @Test
    void givenAFileUriThatIsNotInMemory_whenOpening_thenRefusedNamingFfSqlitePath() {
        BackendStartException refused = assertThrows(BackendStartException.class,
                () -> SqliteDatabase.open(TestStores.options("file:" + dir.resolve("x.db"))));

        assertEquals(StartFailure.INVALID_CONFIGURATION, refused.failure());
        assertTrue(refused.getMessage().startsWith("FF_SQLITE_PATH:"), refused.getMessage());
    }
}
