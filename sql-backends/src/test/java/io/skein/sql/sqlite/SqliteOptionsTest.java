package io.skein.sql.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.id.PartitionConfig;
import io.skein.sql.BackendStartException;
import io.skein.sql.StartFailure;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spec 03 §3: FF_SQLITE_PATH and FF_SQLITE_POOL_SIZE. */
class SqliteOptionsTest {

    @Test
    void givenAnEmptyEnvironment_whenReadingOptions_thenTheDefaultsAreAMemoryDatabaseAndFourReaders() {
        SqliteOptions options = SqliteOptions.fromEnvironment(Map.<String, String>of()::get, PartitionConfig.DEFAULT);

        assertEquals(":memory:", options.path());
        assertEquals(4, options.poolSize());
        assertEquals(SqliteLocation.SHARED_MEMORY, SqliteLocation.parse(options.path()).sqliteName());
    }

    @Test
    void givenPathAndPoolSize_whenReadingOptions_thenTheyAreUsed() {
        Map<String, String> env = Map.of("FF_SQLITE_PATH", "/data/skein.db", "FF_SQLITE_POOL_SIZE", "2");

        SqliteOptions options = SqliteOptions.fromEnvironment(env::get, PartitionConfig.DEFAULT);

        assertEquals("/data/skein.db", options.path());
        assertEquals(2, options.poolSize());
        SqliteLocation location = SqliteLocation.parse(options.path());
        assertFalse(location.isMemory());
        assertEquals(Path.of("/data/skein.db-skein.lock"), location.lockFile());
    }

    @Test
    void givenABadPoolSize_whenReadingOptions_thenRefusedNamingTheVariable() {
        for (String bad : new String[] {"zero", "0", "-1"}) {
            BackendStartException refused = assertThrows(BackendStartException.class, () -> SqliteOptions
                    .fromEnvironment(Map.of("FF_SQLITE_POOL_SIZE", bad)::get, PartitionConfig.DEFAULT));

            assertEquals(StartFailure.INVALID_CONFIGURATION, refused.failure());
            assertTrue(refused.getMessage().startsWith("FF_SQLITE_POOL_SIZE"), refused.getMessage());
        }
    }

    @Test
    void givenAnOpenStore_whenPendingMigrationsAreAppliedAgain_thenNothingIsApplied() {
        try (SqliteDatabase db = TestStores.openMemory("prepare")) {
            assertTrue(db.migrationReport().appliedAnything());

            assertFalse(db.applyPendingMigrations().appliedAnything());
        }
    }
}
