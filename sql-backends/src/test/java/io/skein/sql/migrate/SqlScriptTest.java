package io.skein.sql.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void givenSemicolonsInsideStringsCommentsAndIdentifiers_whenSplitting_thenOnlyTopLevelOnesSeparate() {
        String script = "-- header; not a statement\n"
                + "CREATE TABLE \"a;b\" (x TEXT DEFAULT 'it''s; fine');\n"
                + "/* block; comment */ INSERT INTO t VALUES ('x');\n"
                + "  ;\n"
                + "SELECT 1";

        List<String> statements = SqlScript.statements(script);

        assertEquals(3, statements.size());
        assertEquals("-- header; not a statement\nCREATE TABLE \"a;b\" (x TEXT DEFAULT 'it''s; fine')", statements.get(0));
        assertEquals("/* block; comment */ INSERT INTO t VALUES ('x')", statements.get(1));
        assertEquals("SELECT 1", statements.get(2));
    }

    @Test
    void givenATriggerBodyAndADollarQuotedBody_whenSplitting_thenEachStaysOneStatement() {
        String script = "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE u SET n = n + 1; DELETE FROM v; END;\n"
                + "CREATE FUNCTION f() RETURNS trigger AS $body$ BEGIN PERFORM 1; RETURN NEW; END $body$ "
                + "LANGUAGE plpgsql;\n"
                + "SELECT $1;";

        List<String> statements = SqlScript.statements(script);

        assertEquals(List.of(
                "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE u SET n = n + 1; DELETE FROM v; END",
                "CREATE FUNCTION f() RETURNS trigger AS $body$ BEGIN PERFORM 1; RETURN NEW; END $body$ LANGUAGE plpgsql",
                "SELECT $1"), statements);
    }

    @Test
    void givenOnlyCommentsAndBlanks_whenSplitting_thenThereAreNoStatements() {
        assertEquals(List.of(), SqlScript.statements("-- a\n\n/* b */\n ; ;"));
    }
}
