package io.skein.sql.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.sql.BackendStartException;
import io.skein.sql.StartFailure;
import io.skein.sql.sqlite.SqliteDialect;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Conformance A4/A5 for the runner itself, on a plain SQLite connection. */
class MigrationRunnerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);
    private static final Migration V1 = Migration.fromScript("V0001__base.sql",
            "CREATE TABLE t1 (id INTEGER PRIMARY KEY, note TEXT DEFAULT 'a;b');\nCREATE INDEX t1_note ON t1 (note);");
    private static final Migration V2 = Migration.fromScript("V0002__more.sql",
            "-- skein:backward_compatible=true\nALTER TABLE t1 ADD COLUMN extra TEXT;\nCREATE TABLE t2 (x TEXT);");

    private Connection connection;

    @BeforeEach
    void openPlainDatabase() throws SQLException {
        connection = DriverManager.getConnection("jdbc:sqlite::memory:");
    }

    @AfterEach
    void closeIt() throws SQLException {
        connection.close();
    }

    private MigrationRunner runner(Migration... migrations) {
        return new MigrationRunner(SqliteDialect.MIGRATIONS, List.of(migrations), CLOCK);
    }

    @Test
    void givenAnEmptyDatabase_whenMigrating_thenEveryVersionIsAppliedInOrderAndRecordedWithItsChecksum()
            throws SQLException {
        MigrationReport report = runner(V2, V1).migrate(connection);

        assertEquals(List.of(1, 2), report.applied());
        assertEquals(2, report.schemaVersion());
        assertEquals(List.of("1 base 1700000000000 0 " + V1.checksum(), "2 more 1700000000000 1 " + V2.checksum()),
                rows("SELECT version, name, applied_at_ms, backward_compatible, checksum "
                        + "FROM ff_migration_annotation ORDER BY version"));
        assertEquals(List.of("extra", "id", "note"), new ArrayList<>(new TreeSet<>(
                rows("SELECT name FROM pragma_table_info('t1')"))));
    }

    @Test
    void givenAMigratedDatabase_whenMigratingAgain_thenNothingIsApplied() throws SQLException {
        runner(V1, V2).migrate(connection);
        List<String> before = schema();

        MigrationReport second = runner(V1, V2).migrate(connection);

        assertFalse(second.appliedAnything());
        assertEquals(2, second.schemaVersion());
        assertEquals(before, schema());
    }

    @Test
    void givenAnAppliedScriptThatWasEdited_whenMigrating_thenRefusedAndTheSchemaIsUntouched() throws SQLException {
        runner(V1).migrate(connection);
        List<String> before = schema();
        Migration edited = Migration.fromScript("V0001__base.sql", V1.script() + "\nCREATE TABLE sneaky (x);");

        BackendStartException refused = assertThrows(BackendStartException.class,
                () -> runner(edited, V2).migrate(connection));

        assertEquals(StartFailure.MIGRATION_CHECKSUM_MISMATCH, refused.failure());
        assertTrue(refused.getMessage().contains("V0001__base"), refused.getMessage());
        assertTrue(refused.getMessage().contains(V1.checksum()) && refused.getMessage().contains(edited.checksum()));
        assertEquals(before, schema(), "neither V0002 nor the edit was applied");
    }

    @Test
    void givenAnUnknownNewerVersionThatIsNotBackwardCompatible_whenMigrating_thenRefusedAndUntouched()
            throws SQLException {
        Migration v3 = Migration.fromScript("V0003__breaking.sql", "CREATE TABLE t3 (x);");
        runner(V1, V2, v3).migrate(connection);
        List<String> before = schema();

        BackendStartException refused = assertThrows(BackendStartException.class,
                () -> runner(V1, V2).migrate(connection));

        assertEquals(StartFailure.UNKNOWN_SCHEMA_VERSION, refused.failure());
        assertTrue(refused.getMessage().contains("V0003__breaking"), refused.getMessage());
        assertEquals(before, schema());
    }

    @Test
    void givenAnUnknownNewerVersionThatIsBackwardCompatible_whenMigrating_thenTheOlderBinaryStarts()
            throws SQLException {
        runner(V1, V2).migrate(connection);

        MigrationReport older = runner(V1).migrate(connection);

        assertFalse(older.appliedAnything());
        assertEquals(2, older.schemaVersion());
    }

    @Test
    void givenAFailingScript_whenMigrating_thenItsTransactionRollsBackAndNoLedgerRowIsWritten()
            throws SQLException {
        Migration broken = Migration.fromScript("V0002__broken.sql", "CREATE TABLE t2 (x);\nCREATE TABLE t1 (y);");

        BackendStartException refused = assertThrows(BackendStartException.class,
                () -> runner(V1, broken).migrate(connection));

        assertEquals(StartFailure.MIGRATION_FAILED, refused.failure());
        assertEquals(List.of("1"), rows("SELECT version FROM ff_migration_annotation"));
        assertEquals(List.of(), rows("SELECT name FROM sqlite_master WHERE name = 't2'"));
    }

    @Test
    void givenTheShippedSqliteScripts_whenLoaded_thenTheIndexListsEveryFileAndChecksumsAreSha256OfTheScript()
            throws IOException, URISyntaxException, Exception {
        List<Migration> shipped = Migration.fromClasspath(SqliteDialect.MIGRATIONS.scriptFolder(),
                getClass().getClassLoader());

        URL folder = getClass().getClassLoader().getResource(SqliteDialect.MIGRATIONS.scriptFolder());
        List<String> files;
        try (Stream<Path> listing = Files.list(Path.of(folder.toURI()))) {
            files = listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().toList();
        }
        assertEquals(files.size(), shipped.size(), "every script file is listed in migrations.index");
        for (int i = 0; i < shipped.size(); i++) {
            Migration m = shipped.get(i);
            assertEquals(i + 1, m.version(), "versions are consecutive from 1");
            assertEquals(m.label() + ".sql", files.get(i));
            String text = Files.readString(Path.of(folder.toURI()).resolve(files.get(i)), StandardCharsets.UTF_8);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8)));
            assertEquals(sha, m.checksum());
        }
        assertFalse(shipped.get(0).backwardCompatible(), "V0001 is the base schema");
    }

    private List<String> schema() throws SQLException {
        return rows("SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY name");
    }

    private List<String> rows(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    cells.add(rs.getString(i));
                }
                out.add(String.join(" ", cells));
            }
        }
        return out;
    }
}
