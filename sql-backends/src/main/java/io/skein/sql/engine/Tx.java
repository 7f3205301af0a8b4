package io.skein.sql.engine;

import io.skein.core.api.StreamFrameId;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.TransportKind;
import io.skein.sql.stream.FrameNotifier;
import io.skein.sql.stream.StreamKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One unit of work: an open SQL transaction plus the engine clock reading taken when it began. Operation code
 * reads and writes through it; work that must wait for the commit (tail wake-ups) is registered with
 * {@link #afterCommit}. Statement failures surface as {@code Transport} errors.
 */
public final class Tx {

    /** Maps one result row. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final Connection connection;
    private final SqlDialect dialect;
    private final long now;
    private final java.util.function.Consumer<Runnable> afterCommit;
    private final StatementCache cache;
    private final FrameNotifier frameNotifier;
    private final boolean readOnly;
    private final EngineFigures figures;
    /** The tag handles issued in this unit carry; null: the dialect's own. */
    private final io.skein.core.api.BackendTag handleTag;
    /** Executions whose rows this unit wrote (Kafka mode refreshes its local stores from them); null: not kept. */
    private final java.util.Set<io.skein.core.id.ExecutionId> touched;

    /**
     * @param afterCommit where post-commit work goes (the owning unit of work's hooks); a read-only unit passes a
     *                    sink that rejects registrations
     */
    public Tx(Connection connection, SqlDialect dialect, long now, java.util.function.Consumer<Runnable> afterCommit) {
        this(connection, dialect, now, afterCommit, (StatementCache) null);
    }

    /** @param cache statements reused across units of this connection, or null to prepare each one afresh */
    public Tx(Connection connection, SqlDialect dialect, long now, java.util.function.Consumer<Runnable> afterCommit,
              StatementCache cache) {
        this(connection, dialect, now, afterCommit, cache, null, false, null, null, null);
    }

    private Tx(Connection connection, SqlDialect dialect, long now, java.util.function.Consumer<Runnable> afterCommit,
               StatementCache cache, FrameNotifier frameNotifier, boolean readOnly, EngineFigures figures,
               io.skein.core.api.BackendTag handleTag, java.util.Set<io.skein.core.id.ExecutionId> touched) {
        this.touched = touched;
        this.figures = figures;
        this.handleTag = handleTag;
        this.connection = connection;
        this.readOnly = readOnly;
        this.dialect = dialect;
        this.now = now;
        this.afterCommit = afterCommit;
        this.cache = cache;
        this.frameNotifier = frameNotifier;
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        return cache == null ? connection.prepareStatement(sql) : cache.get(connection, sql);
    }

    /** Closes {@code ps} unless it belongs to the cache. */
    private void release(PreparedStatement ps) throws SQLException {
        if (cache == null) {
            ps.close();
        }
    }

    /** The same unit, publishing stream changes to {@code notifier} after it commits (tail wake-ups, spec 05 §3). */
    public Tx withFrameNotifier(FrameNotifier notifier) {
        return new Tx(connection, dialect, now, afterCommit, cache, notifier, readOnly, figures, handleTag, touched);
    }

    /** The same unit, noting into {@code into} every execution whose rows it writes (Kafka mode's stores). */
    public Tx trackingTouched(java.util.Set<io.skein.core.id.ExecutionId> into) {
        return new Tx(connection, dialect, now, afterCommit, cache, frameNotifier, readOnly, figures, handleTag, into);
    }

    /** Notes that this unit wrote rows of {@code executionId}; a no-op unless the unit keeps track. */
    public void touched(io.skein.core.id.ExecutionId executionId) {
        if (touched != null) {
            touched.add(executionId);
        }
    }

    /** The same unit at another clock reading: one operation of a long unit sees the time of its own call. */
    public Tx at(long now) {
        return now == this.now ? this
                : new Tx(connection, dialect, now, afterCommit, cache, frameNotifier, readOnly, figures, handleTag, touched);
    }

    /** The same unit, counting its claims and lease expiries into {@code counts} once it commits. */
    public Tx withFigures(EngineFigures counts) {
        return new Tx(connection, dialect, now, afterCommit, cache, frameNotifier, readOnly, counts, handleTag, touched);
    }

    /** The same unit, issuing handles tagged {@code tag} (Kafka mode's {@code 0x04}, spec 01 §12). */
    public Tx withHandleTag(io.skein.core.api.BackendTag tag) {
        return new Tx(connection, dialect, now, afterCommit, cache, frameNotifier, readOnly, figures, tag, touched);
    }

    /** The backend tag of the handles this unit issues. */
    public io.skein.core.api.BackendTag handleTag() {
        return handleTag != null ? handleTag : dialect.backendTag();
    }

    /** Counts a claim (a new or resumed lease) once the unit commits. */
    public void countClaim() {
        if (figures != null) {
            figures.claimed(this);
        }
    }

    /** Counts a lease the timers found expired once the unit commits. */
    public void countLeaseExpiry() {
        if (figures != null) {
            figures.leaseExpired(this);
        }
    }

    /** The same unit marked read-only: {@link #forUpdate()} then locks nothing. */
    public Tx asReadOnly() {
        return new Tx(connection, dialect, now, afterCommit, cache, frameNotifier, true, figures, handleTag, touched);
    }

    /** The row-locking clause for a {@code SELECT} of rows this unit may change (empty in a read-only unit). */
    public String forUpdate() {
        return readOnly ? "" : dialect.forUpdate();
    }

    /** The skip-locked row-locking clause for candidate scans (empty in a read-only unit). */
    public String forUpdateSkipLocked() {
        return readOnly ? "" : dialect.forUpdateSkipLocked();
    }

    /** The backend clock reading for this unit; every timestamp the unit writes uses it. */
    public long now() {
        return now;
    }

    public SqlDialect dialect() {
        return dialect;
    }

    public Connection connection() {
        return connection;
    }

    /** Runs {@code action} once the unit has committed (never if it rolls back). */
    public void afterCommit(Runnable action) {
        afterCommit.accept(action);
    }

    /** Wakes the tails of {@code key} once the unit has committed: frame {@code id} is readable then. */
    public void publishFrame(StreamKey key, StreamFrameId id) {
        if (frameNotifier != null) {
            afterCommit(() -> frameNotifier.publish(key, id));
        }
    }

    /** Wakes the tails of {@code key} once the unit has committed: the stream closed, so they re-read and return. */
    public void publishStreamClosed(StreamKey key) {
        if (frameNotifier != null) {
            afterCommit(() -> frameNotifier.wake(key));
        }
    }

    public int update(String sql, Object... params) {
        try {
            PreparedStatement ps = prepare(sql);
            try {
                bind(ps, params);
                return ps.executeUpdate();
            } finally {
                release(ps);
            }
        } catch (SQLException e) {
            throw transport(sql, e);
        }
    }

    /** Runs one unparameterized statement (savepoints), never cached. */
    public void execute(String sql) {
        try (java.sql.Statement st = connection.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw transport(sql, e);
        }
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        try {
            PreparedStatement ps = prepare(sql);
            try {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    List<T> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(mapper.map(rs));
                    }
                    return out;
                }
            } finally {
                release(ps);
            }
        } catch (SQLException e) {
            throw transport(sql, e);
        }
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public long queryLong(String sql, Object... params) {
        return queryOne(sql, rs -> rs.getLong(1), params).orElse(0L);
    }

    public UUID uuid(ResultSet rs, String column) throws SQLException {
        return dialect.readUuid(rs, column);
    }

    /** A uuid column by position. */
    public UUID uuid(ResultSet rs, int column) throws SQLException {
        return dialect.readUuid(rs, column);
    }

    private void bind(PreparedStatement ps, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            int idx = i + 1;
            if (p == null) {
                ps.setNull(idx, Types.NULL);
            } else if (p instanceof UUID u) {
                dialect.bindUuid(ps, idx, u);
            } else if (p instanceof String s) {
                ps.setString(idx, s);
            } else if (p instanceof Long l) {
                ps.setLong(idx, l);
            } else if (p instanceof Integer n) {
                ps.setInt(idx, n);
            } else if (p instanceof Boolean b) {
                ps.setBoolean(idx, b);
            } else if (p instanceof byte[] bytes) {
                ps.setBytes(idx, bytes);
            } else if (p instanceof Double d) {
                ps.setDouble(idx, d);
            } else {
                throw new IllegalArgumentException("unsupported SQL parameter type " + p.getClass());
            }
        }
    }

    static EngineException transport(String sql, SQLException e) {
        return new EngineException(new EngineError.Transport(TransportKind.OTHER,
                e.getMessage() + " [" + sql.strip().split("\\s+", 4)[0] + "]"), e);
    }

    /** Reads a nullable long column. */
    public static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /** Reads a nullable long column by position. */
    public static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /** Reads a nullable int column by position. */
    public static Integer nullableInt(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    /** Reads a nullable int column. */
    public static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }
}
