package io.skein.sql.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.skein.sql.postgres.PostgresErrors;
import io.skein.sql.sqlite.SqliteDialect;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Build check of spec 05 §6: every migration version ships for both backends, with the same tables and indexes. */
class MigrationParityTest {

    private static final Pattern TABLE = Pattern.compile("CREATE TABLE (\\w+)");
    private static final Pattern INDEX = Pattern.compile("CREATE (?:UNIQUE )?INDEX (\\w+)");

    private static List<Migration> shipped(MigrationDialect dialect) {
        return Migration.fromClasspath(dialect.scriptFolder(), MigrationParityTest.class.getClassLoader());
    }

    @Test
    void everyVersionExistsForBothBackends() {
        List<Integer> sqlite = shipped(SqliteDialect.MIGRATIONS).stream().map(Migration::version).toList();
        List<Integer> postgres = shipped(PostgresErrors.MIGRATIONS).stream().map(Migration::version).toList();

        assertFalse(sqlite.isEmpty(), "SQLite ships no migration");
        assertEquals(sqlite, postgres, "a migration version exists for only one backend");
    }

    @Test
    void eachVersionCreatesTheSameTablesAndIndexesOnBothBackends() {
        List<Migration> sqlite = shipped(SqliteDialect.MIGRATIONS);
        List<Migration> postgres = shipped(PostgresErrors.MIGRATIONS);
        for (int i = 0; i < sqlite.size(); i++) {
            Migration s = sqlite.get(i);
            Migration p = postgres.get(i);
            assertEquals(names(TABLE, s.script()), names(TABLE, p.script()), s.label() + ": tables differ");
            assertEquals(names(INDEX, s.script()), names(INDEX, p.script()), s.label() + ": indexes differ");
            assertEquals(s.backwardCompatible(), p.backwardCompatible(), s.label() + ": backward_compatible differs");
        }
    }

    private static TreeSet<String> names(Pattern pattern, String script) {
        TreeSet<String> out = new TreeSet<>();
        Matcher m = pattern.matcher(script);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
