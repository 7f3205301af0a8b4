package io.skein.sql.postgres;

import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.TransportKind;
import io.skein.sql.migrate.MigrationDialect;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** PostgreSQL specifics: its migration folder and lock, and how SQLSTATEs map to engine errors (spec 03 §1). */
public final class PostgresErrors {

    /** Any fixed key works; it only has to be the same for every Skein process on one database. */
    static final long MIGRATION_LOCK_KEY = 0x736b65696e4d4947L; // "skeinMIG"

    /** Scripts in {@code io/skein/sql/migrations/postgres/}; a transaction-scoped advisory lock serialises starts. */
    public static final MigrationDialect MIGRATIONS = new MigrationDialect(
            "postgres",
            "io/skein/sql/migrations/postgres",
            "CREATE TABLE IF NOT EXISTS ff_migration_annotation ("
                    + "version integer NOT NULL PRIMARY KEY, name text, applied_at_ms bigint, "
                    + "backward_compatible boolean, checksum text)",
            List.of("BEGIN", "SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK_KEY + ")"),
            "COMMIT",
            "ROLLBACK");

    /** serialization_failure, deadlock_detected, lock_not_available: retried (spec 03 §1). */
    static final Set<String> CONTENTION = Set.of("40001", "40P01", "55P03");
    /** unique_violation: two units raced to create the same row. */
    static final String UNIQUE_VIOLATION = "23505";

    private PostgresErrors() {
    }

    public static boolean isContention(SQLException e) {
        return CONTENTION.contains(sqlState(e));
    }

    public static boolean isUniqueViolation(SQLException e) {
        return UNIQUE_VIOLATION.equals(sqlState(e));
    }

    /** The typed error of a unique violation that survived its retry ({@link io.skein.sql.uow.UniqueKeyClash}). */
    static EngineException uniqueViolation(SQLException e) {
        String table = "";
        String constraint = "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null) {
                table = Objects.toString(p.getServerErrorMessage().getTable(), "");
                constraint = Objects.toString(p.getServerErrorMessage().getConstraint(), "");
                break;
            }
        }
        EngineError error = io.skein.sql.uow.UniqueKeyClash.of("postgres", table, constraint);
        return new EngineException(error, e);
    }

    /** The SQLSTATE of {@code e} or of the first chained exception that carries one. */
    static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return "";
    }

    /**
     * Connection-class failures (08xxx, 57P01 admin shutdown) and a pool that could not lend a connection in time are
     * retryable {@code transport}/{@code timeout}; the rest are {@code other}.
     */
    public static EngineException toEngineException(SQLException e) {
        String state = sqlState(e);
        if (UNIQUE_VIOLATION.equals(state)) {
            return uniqueViolation(e);
        }
        TransportKind kind;
        if (e instanceof SQLTransientConnectionException) {
            kind = TransportKind.TIMEOUT;
        } else if (state.startsWith("08") || state.equals("57P01") || state.equals("57P03")) {
            kind = TransportKind.TRANSPORT;
        } else {
            kind = TransportKind.OTHER;
        }
        return new EngineException(new EngineError.Transport(kind, "postgres: " + e.getMessage()), e);
    }
}
