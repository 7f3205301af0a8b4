package io.skein.sql.sqlite;

import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.TransportKind;
import io.skein.sql.migrate.MigrationDialect;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;

/** SQLite specifics: its migration folder and locking, and how its result codes map to engine errors (spec 03 §1). */
public final class SqliteDialect {

    /** Scripts in {@code io/skein/sql/migrations/sqlite/}; the write lock ({@code BEGIN IMMEDIATE}) serialises starts. */
    public static final MigrationDialect MIGRATIONS = new MigrationDialect(
            "sqlite",
            "io/skein/sql/migrations/sqlite",
            "CREATE TABLE IF NOT EXISTS ff_migration_annotation ("
                    + "version INTEGER NOT NULL PRIMARY KEY, name TEXT, applied_at_ms INTEGER, "
                    + "backward_compatible INTEGER, checksum TEXT)",
            List.of("BEGIN IMMEDIATE"),
            "COMMIT",
            "ROLLBACK");

    /** SQLITE_BUSY: another connection holds the lock. */
    public static final int SQLITE_BUSY = 5;
    /** SQLITE_LOCKED: a conflict inside the shared cache or the same connection. */
    public static final int SQLITE_LOCKED = 6;

    /** SQLITE_CONSTRAINT: its UNIQUE and PRIMARYKEY forms say "UNIQUE constraint failed: table.column, …". */
    public static final int SQLITE_CONSTRAINT = 19;
    private static final java.util.regex.Pattern UNIQUE_FAILED =
            java.util.regex.Pattern.compile("UNIQUE constraint failed: (\\w+)\\.([\\w., ]+)");

    private SqliteDialect() {
    }

    /** The primary result code (extended codes such as 262 LOCKED_SHAREDCACHE carry it in their low byte). */
    public static int primaryCode(SQLException e) {
        return e.getErrorCode() & 0xFF;
    }

    /** BUSY and LOCKED are retried (spec 03 §1). */
    public static boolean isContention(SQLException e) {
        int code = primaryCode(e);
        return code == SQLITE_BUSY || code == SQLITE_LOCKED;
    }

    /**
     * A unique-key clash (SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY) is the typed error of the table it hit, as on
     * PostgreSQL ({@link io.skein.sql.uow.UniqueKeyClash}). Any other failure becomes {@code Transport}: I/O-type codes (IOERR 10, FULL 13, CANTOPEN 14) and a pool that
     * could not lend a connection in time are retryable {@code transport}/{@code timeout}; the rest are {@code other}.
     */
    public static EngineException toEngineException(SQLException e) {
        java.util.regex.Matcher unique = primaryCode(e) == SQLITE_CONSTRAINT && e.getMessage() != null
                ? UNIQUE_FAILED.matcher(e.getMessage()) : null;
        if (unique != null && unique.find()) {
            return new EngineException(io.skein.sql.uow.UniqueKeyClash.of("sqlite", unique.group(1),
                    unique.group(2).trim()), e);
        }
        TransportKind kind;
        if (e instanceof SQLTransientConnectionException) {
            kind = TransportKind.TIMEOUT;
        } else {
            int code = primaryCode(e);
            kind = code == 10 || code == 13 || code == 14 ? TransportKind.TRANSPORT : TransportKind.OTHER;
        }
        return new EngineException(new EngineError.Transport(kind, "sqlite: " + e.getMessage()), e);
    }
}
