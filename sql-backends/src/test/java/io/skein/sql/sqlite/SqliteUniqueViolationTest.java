package io.skein.sql.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.core.error.ConflictKind;
import io.skein.core.error.EngineError;
import io.skein.core.error.StateKind;
import io.skein.core.error.TransportKind;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * A unique-key clash on SQLite (SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY) is the same typed error of the table it hit as
 * on PostgreSQL, not an untyped transport failure.
 */
class SqliteUniqueViolationTest {

    /** The failure SQLite itself raises for a second row with {@code table}'s key. */
    private static SQLException clashOn(String table, String key) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:"); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + table + " (partition_key INTEGER, id TEXT, other TEXT, " + key + ")");
            st.execute("INSERT INTO " + table + " VALUES (1, 'a', 'x')");
            return assertThrows(SQLException.class, () -> st.execute("INSERT INTO " + table + " VALUES (1, 'a', 'y')"));
        }
    }

    @Test
    void aSecondEdgeWithTheSameEndsIsDependencyAlreadyExists() throws SQLException {
        EngineError error = SqliteDialect.toEngineException(clashOn("ff_edge", "UNIQUE (partition_key, id)")).error();

        assertEquals(ConflictKind.DEPENDENCY_ALREADY_EXISTS, ((EngineError.Conflict) error).kind());
        assertTrue(((EngineError.Conflict) error).detail().contains("ff_edge"), error.toString());
    }

    @Test
    void aSecondWaitpointWithTheSamePrimaryKeyIsWaitpointAlreadyExists() throws SQLException {
        EngineError error = SqliteDialect.toEngineException(clashOn("ff_waitpoint_pending",
                "PRIMARY KEY (partition_key, id)")).error();

        assertEquals(ConflictKind.WAITPOINT_ALREADY_EXISTS, ((EngineError.Conflict) error).kind());
    }

    @Test
    void aSecondGrantIsGrantAlreadyExists() throws SQLException {
        EngineError error = SqliteDialect.toEngineException(clashOn("ff_claim_grant",
                "PRIMARY KEY (partition_key, id)")).error();

        assertEquals(StateKind.GRANT_ALREADY_EXISTS, ((EngineError.State) error).kind());
    }

    @Test
    void aClashOnATableWithoutAKindIsNonRetryableTransportNamingTheTable() throws SQLException {
        EngineError error = SqliteDialect.toEngineException(clashOn("ff_lane_registry",
                "PRIMARY KEY (partition_key, id)")).error();

        EngineError.Transport transport = (EngineError.Transport) error;
        assertEquals(TransportKind.OTHER, transport.backendKind());
        assertTrue(transport.detail().contains("ff_lane_registry"), transport.detail());
    }
}
