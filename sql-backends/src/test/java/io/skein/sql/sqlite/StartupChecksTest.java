package io.skein.sql.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.id.PartitionConfig;
import io.skein.sql.BackendStartException;
import io.skein.sql.StartFailure;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conformance A4–A6 through the store: ledger on open, migration safety, partition-config check. */
class StartupChecksTest {

    @TempDir
    Path dir;

    @Test
    void givenAFreshFile_whenOpenedTwice_thenTheFirstOpenRecordsEveryVersionAndTheSecondAppliesNothing()
            throws SQLException {
        Path db = dir.resolve("ledger.db");
        try (SqliteDatabase first = SqliteDatabase.open(TestStores.options(db))) {
            assertEquals(List.of(1, 2, 3, 4, 5), first.migrationReport().applied());
        }

        try (SqliteDatabase second = SqliteDatabase.open(TestStores.options(db))) {
            assertFalse(second.migrationReport().appliedAnything());
            assertEquals(5, second.migrationReport().schemaVersion());
        }
        List<String> ledger = query(db, "SELECT version || ' ' || name || ' ' || length(checksum) "
                + "|| ' ' || backward_compatible FROM ff_migration_annotation");
        assertEquals(List.of("1 schema 64 0", "2 kafka_lane_grant_index 64 1", "3 outbox_notify_switch 64 1",
                "4 execution_listing_indexes 64 1", "5 dashboard_indexes 64 1"), ledger);
    }

    @Test
    void givenARecordedChecksumThatDiffersFromTheShippedScript_whenOpening_thenRefusedAndSchemaUntouched()
            throws SQLException {
        Path db = dir.resolve("tampered.db");
        SqliteDatabase.open(TestStores.options(db)).close();
        execute(db, "UPDATE ff_migration_annotation SET checksum = 'feed' WHERE version = 1");
        List<String> before = query(db, "SELECT name || coalesce(sql, '') FROM sqlite_master ORDER BY name");

        BackendStartException refused = assertThrows(BackendStartException.class,
                () -> SqliteDatabase.open(TestStores.options(db)));

        assertEquals(StartFailure.MIGRATION_CHECKSUM_MISMATCH, refused.failure());
        assertEquals(before, query(db, "SELECT name || coalesce(sql, '') FROM sqlite_master ORDER BY name"));
        assertEquals(List.of("1 feed"), query(db, "SELECT version || ' ' || checksum FROM ff_migration_annotation "
                        + "WHERE version = 1"),
                "the refused start left the ledger as it was");
    }

    @Test
    void givenAnUnknownNonCompatibleVersionInTheDatabase_whenOpening_thenRefused() throws SQLException {
        Path db = dir.resolve("newer.db");
        SqliteDatabase.open(TestStores.options(db)).close();
        execute(db, "INSERT INTO ff_migration_annotation VALUES (99, 'future', 1, 0, 'abc')");

        BackendStartException refused = assertThrows(BackendStartException.class,
                () -> SqliteDatabase.open(TestStores.options(db)));

        assertEquals(StartFailure.UNKNOWN_SCHEMA_VERSION, refused.failure());
        assertTrue(refused.getMessage().contains("V0099__future"), refused.getMessage());
    }

    @Test
    void givenAFirstStart_whenRestartedWithOtherPartitionCounts_thenRefusedNamingEachVariable() throws SQLException {
        Path db = dir.resolve("partitions.db");
        SqliteDatabase.open(TestStores.options(db).withSkeinVersion("0.1.0")).close();
        assertEquals(List.of("256 32 32 0.1.0"), query(db, "SELECT num_flow_partitions || ' ' || "
                + "num_budget_partitions || ' ' || num_quota_partitions || ' ' || skein_version "
                + "FROM ff_partition_config"));

        BackendStartException refused = assertThrows(BackendStartException.class, () -> SqliteDatabase.open(
                TestStores.options(db).withPartitions(new PartitionConfig(128, 32, 16))));

        assertEquals(StartFailure.PARTITION_CONFIG_MISMATCH, refused.failure());
        assertEquals("partition counts are fixed per deployment: FF_FLOW_PARTITIONS is 128 but this database was "
                + "created with 256; FF_QUOTA_PARTITIONS is 16 but this database was created with 32",
                refused.getMessage());

        // and the same counts start again
        SqliteDatabase.open(TestStores.options(db)).close();
    }

    @Test
    void givenAnOpenDatabase_whenOpenedInProcessWithOtherPartitionCounts_thenRefused() {
        try (SqliteDatabase open = TestStores.openMemory("partitions")) {
            BackendStartException refused = assertThrows(BackendStartException.class, () -> SqliteDatabase.open(
                    TestStores.options(open.location().sqliteName()).withPartitions(new PartitionConfig(8, 32, 32))));

            assertEquals(StartFailure.PARTITION_CONFIG_MISMATCH, refused.failure());
            assertTrue(refused.getMessage().contains("FF_FLOW_PARTITIONS is 8"), refused.getMessage());
            assertFalse(open.isClosed());
        }
    }

    private static void execute(Path db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }

    private static List<String> query(Path db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
