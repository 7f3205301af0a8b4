package io.skein.sql.migrate;

import io.skein.sql.BackendStartException;
import io.skein.sql.StartFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies pending forward-only migrations (spec 05 §6) over plain JDBC: each version in its own transaction, opened
 * with the dialect's locking statements so concurrent starts are safe, and recorded in {@code ff_migration_annotation}
 * with the SHA-256 of its script. Before anything is applied the ledger is checked: an applied script whose checksum
 * differs from the shipped one, or an unknown version that is not backward compatible, refuses the start and changes
 * nothing.
 */
public final class MigrationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationRunner.class);

    private static final String SELECT_LEDGER =
            "SELECT version, name, checksum, backward_compatible FROM ff_migration_annotation ORDER BY version";
    private static final String SELECT_VERSION = "SELECT 1 FROM ff_migration_annotation WHERE version = ?";
    private static final String INSERT_LEDGER = "INSERT INTO ff_migration_annotation "
            + "(version, name, applied_at_ms, backward_compatible, checksum) VALUES (?, ?, ?, ?, ?)";

    private final MigrationDialect dialect;
    private final List<Migration> shipped;
    private final Clock clock;

    /** A runner over an explicit list of migrations (any order; sorted by version here). */
    public MigrationRunner(MigrationDialect dialect, List<Migration> shipped, Clock clock) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        List<Migration> sorted = new ArrayList<>(shipped);
        sorted.sort((a, b) -> Integer.compare(a.version(), b.version()));
        this.shipped = List.copyOf(sorted);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A runner over the scripts the dialect ships on the class path. */
    public static MigrationRunner forDialect(MigrationDialect dialect, Clock clock) {
        return new MigrationRunner(dialect,
                Migration.fromClasspath(dialect.scriptFolder(), MigrationRunner.class.getClassLoader()), clock);
    }

    public List<Migration> shipped() {
        return shipped;
    }

    /**
     * Verifies the ledger, then applies every shipped version not yet recorded, in order. The connection must be in
     * auto-commit mode and is left that way.
     *
     * @throws BackendStartException {@link StartFailure#MIGRATION_CHECKSUM_MISMATCH},
     *                               {@link StartFailure#UNKNOWN_SCHEMA_VERSION} or {@link StartFailure#MIGRATION_FAILED}
     */
    public MigrationReport migrate(Connection connection) {
        Map<Integer, LedgerRow> ledger = inTransaction(connection, "check the migration ledger", () -> {
            try (Statement st = connection.createStatement()) {
                st.execute(dialect.createLedgerSql());
            }
            Map<Integer, LedgerRow> rows = readLedger(connection);
            verify(rows);
            return rows;
        });
        List<Integer> applied = new ArrayList<>();
        for (Migration migration : shipped) {
            if (ledger.containsKey(migration.version())) {
                continue;
            }
            boolean didApply = inTransaction(connection, "apply " + migration.label(),
                    () -> applyIfAbsent(connection, migration));
            if (didApply) {
                applied.add(migration.version());
                LOG.info("Applied {} migration {}", dialect.label(), migration.label());
            }
        }
        int schemaVersion = inTransaction(connection, "read the schema version",
                () -> readLedger(connection).keySet().stream().mapToInt(Integer::intValue).max().orElse(0));
        return new MigrationReport(applied, schemaVersion);
    }

    private void verify(Map<Integer, LedgerRow> ledger) {
        Map<Integer, Migration> byVersion = new TreeMap<>();
        shipped.forEach(m -> byVersion.put(m.version(), m));
        for (LedgerRow row : ledger.values()) {
            Migration known = byVersion.get(row.version());
            if (known == null) {
                if (!row.backwardCompatible()) {
                    throw new BackendStartException(StartFailure.UNKNOWN_SCHEMA_VERSION, String.format(
                            "%s database has migration V%04d__%s, which this binary does not ship and which is not "
                                    + "backward compatible; start a Skein release that knows it",
                            dialect.label(), row.version(), row.name()));
                }
                LOG.warn("{} database has backward-compatible migration V{} ({}) unknown to this binary; continuing",
                        dialect.label(), row.version(), row.name());
            } else if (!known.checksum().equals(row.checksum())) {
                throw new BackendStartException(StartFailure.MIGRATION_CHECKSUM_MISMATCH, String.format(
                        "%s migration %s was applied with checksum %s but the shipped script has checksum %s; "
                                + "applied scripts must never change (add a new version instead)",
                        dialect.label(), known.label(), row.checksum(), known.checksum()));
            }
        }
    }

    private boolean applyIfAbsent(Connection connection, Migration migration) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(SELECT_VERSION)) {
            ps.setInt(1, migration.version());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return false; // a concurrent start applied it while we waited for the lock
                }
            }
        }
        try (Statement st = connection.createStatement()) {
            for (String sql : SqlScript.statements(migration.script())) {
                st.execute(sql);
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(INSERT_LEDGER)) {
            ps.setInt(1, migration.version());
            ps.setString(2, migration.name());
            ps.setLong(3, clock.millis());
            ps.setBoolean(4, migration.backwardCompatible());
            ps.setString(5, migration.checksum());
            ps.executeUpdate();
        }
        return true;
    }

    private static Map<Integer, LedgerRow> readLedger(Connection connection) throws SQLException {
        Map<Integer, LedgerRow> rows = new TreeMap<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(SELECT_LEDGER)) {
            while (rs.next()) {
                LedgerRow row = new LedgerRow(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getBoolean(4));
                rows.put(row.version(), row);
            }
        }
        return rows;
    }

    private <T> T inTransaction(Connection connection, String what, LedgerStep<T> step) {
        try {
            try (Statement st = connection.createStatement()) {
                for (String begin : dialect.beginStatements()) {
                    st.execute(begin);
                }
            }
            T result;
            try {
                result = step.run();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
            try (Statement st = connection.createStatement()) {
                st.execute(dialect.commitSql());
            }
            return result;
        } catch (SQLException e) {
            throw new BackendStartException(StartFailure.MIGRATION_FAILED,
                    dialect.label() + " migrations: could not " + what + ": " + e.getMessage(), e);
        }
    }

    private void rollbackQuietly(Connection connection, Exception cause) {
        try (Statement st = connection.createStatement()) {
            st.execute(dialect.rollbackSql());
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    @FunctionalInterface
    private interface LedgerStep<T> {
        T run() throws SQLException;
    }

    private record LedgerRow(int version, String name, String checksum, boolean backwardCompatible) {
    }
}
