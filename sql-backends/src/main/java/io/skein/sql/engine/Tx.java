package io.skein.sql.engine;


import io.skein.core.api.StreamFrameId;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.TransportKind;
import io.skein.core.handle.HandleIssuer;
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
public final class Tx implements io.skein.engine.EngineUnit {

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
    /** How handles issued in this unit are stamped and tagged; null in units that issue none (fixtures). */
    private final HandleIssuer handles;
    /** Executions whose rows this unit wrote (Kafka mode refreshes its local stores from them); null: not kept. */
    private final java.util.Set<io.skein.core.id.ExecutionId> touched;
    /** Writes {@link #updateLater} queued and not yet sent, in order; one list for every view of this unit. */
    private final List<Queued> queued;

    /**
     * The column values each row image of this unit had when loaded or last written (identity-keyed): the stores
     * write back only what differs. One map for every view of this unit.
     */
    private final java.util.Map<Object, Object[]> images;

    /** Data statements this unit has run or queued (every view of it counts into the same one). */
    private final long[] writes;

    /** A queued write. */
    private record Queued(String sql, Object[] params) {}

    /** Queued writes past which the queue is sent at once (bounds one combined statement's parameters). */
    private static final int MAX_QUEUED = 64;

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
        this(connection, dialect, now, afterCommit, cache, null, false, null, null, null, new ArrayList<>(),
                new java.util.IdentityHashMap<>(), new long[1]);
    }

    private Tx(Connection connection, SqlDialect dialect, long now, java.util.function.Consumer<Runnable> afterCommit,
               StatementCache cache, FrameNotifier frameNotifier, boolean readOnly, EngineFigures figures,
               HandleIssuer handles, java.util.Set<io.skein.core.id.ExecutionId> touched,
               List<Queued> queued, java.util.Map<Object, Object[]> images, long[] writes) {
        this.queued = queued;
        this.writes = writes;
        this.images = images;
        this.touched = touched;
        this.figures = figures;
        this.handles = handles;
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
        return new Tx(connection, dialect, now, afterCommit, cache, notifier, readOnly, figures, handles, touched, queued, images, writes);
    }

    /** The same unit, noting into {@code into} every execution whose rows it writes (Kafka mode's stores). */
    public Tx trackingTouched(java.util.Set<io.skein.core.id.ExecutionId> into) {
        return new Tx(connection, dialect, now, afterCommit, cache, frameNotifier, readOnly, figures, handles, into, queued, images, writes);
    }

    /** Notes that this unit wrote rows of {@code executionId}; a no-op unless the unit keeps track. */
    public void touched(io.skein.core.id.ExecutionId executionId) {
        if (touched != null) {
            touched.add(executionId);
        }
    }

    /** The same unit at another clock reading: one operation of a long unit sees the time of its own call. */
    @Override
    public Tx at(long now) {
        return now == this.now ? this
                : new Tx(connection, dialect, now, afterCommit, cache, frameNotifier, readOnly, figures, handles, touched, queued, images, writes);
    }

    /** The same unit, counting its claims and lease expiries into {@code counts} once it commits. */
    public Tx withFigures(EngineFigures counts) {
        return new Tx(connection, dialect, now, afterCommit, cache, frameNotifier, readOnly, counts, handles, touched, queued,
                images, writes);
    }

    /** The same unit, issuing handles through {@code issuer} (its backend's tag and key, spec 01 §12). */
    public Tx withHandles(HandleIssuer issuer) {
        return new Tx(connection, dialect, now, afterCommit, cache, frameNotifier, readOnly, figures, issuer, touched,
                queued, images, writes);
    }

    /** How this unit issues and reads handles. */
    @Override
    public HandleIssuer handles() {
        if (handles == null) {
            throw new IllegalStateException("this unit was opened without a handle issuer");
        }
        return handles;
    }

    /**
     * Counts a claim (a new or resumed lease) of an execution of {@code lane} that waited {@code waitedMs} since it
     * became claimable, once the unit commits.
     */
    @Override
    public void countClaim(String lane, long waitedMs) {
        if (figures != null) {
            figures.claimed(this, lane, waitedMs);
        }
    }

    /** Times an attempt of {@code lane} that ended with {@code outcome} after {@code ranMs}, once the unit commits. */
    @Override
    public void countAttemptEnded(String lane, String outcome, long ranMs) {
        if (figures != null) {
            figures.attemptEnded(this, lane, outcome, ranMs);
        }
    }

    /** Counts a lease the timers found expired once the unit commits. */
    @Override
    public void countLeaseExpiry() {
        if (figures != null) {
            figures.leaseExpired(this);
        }
    }

    /** The row-locking clause for the rows of {@code alias} only (a join's locked side); empty in a read-only unit. */
    public String forUpdateOf(String alias, boolean skipLocked) {
        return readOnly ? "" : dialect.rowLock(alias, skipLocked);
    }

    /** The same unit marked read-only: {@link #forUpdate()} then locks nothing. */
    public Tx asReadOnly() {
        return new Tx(connection, dialect, now, afterCommit, cache, frameNotifier, true, figures, handles, touched, queued, images, writes);
    }

    /** The row-locking clause for a {@code SELECT} of rows this unit may change (empty in a read-only unit). */
    public String forUpdate() {
        return readOnly ? "" : dialect.forUpdate();
    }

    /** The skip-locked row-locking clause for candidate scans (empty in a read-only unit). */
    public String forUpdateSkipLocked() {
        return readOnly ? "" : dialect.forUpdateSkipLocked();
    }

    /** The column values {@code row} had when this unit loaded or last wrote it; null when it did neither. */
    public Object[] image(Object row) {
        return images.get(row);
    }

    /**
     * Forgets every image: after a rollback to a savepoint the store may no longer hold them. A row saved later
     * then writes all its columns.
     */
    public void forgetImages() {
        images.clear();
    }

    /** Records the column values {@code row} has in the store now. */
    public void image(Object row, Object[] columns) {
        images.put(row, columns);
    }

    // ------------------------------------------------------------------------------------------ the engine's view

    @Override
    public io.skein.engine.state.MutableExecutionState executions() {
        return new SqlState.Executions(this);
    }

    @Override
    public io.skein.engine.state.MutableGrantState grants() {
        return new SqlState.Grants(this);
    }

    @Override
    public io.skein.engine.state.MutableSuspensionState suspensions() {
        return new SqlState.Suspensions(this);
    }

    @Override
    public io.skein.engine.state.MutableStreamState streams() {
        return new SqlState.Streams(this);
    }

    @Override
    public io.skein.engine.state.MutableFlowState flows() {
        return new SqlFlowState(this);
    }

    @Override
    public io.skein.engine.state.MutableRetentionState retention() {
        return new SqlRetentionState(this);
    }

    @Override
    public io.skein.engine.state.MutableBudgetState budgets() {
        return new SqlBudgetState(this);
    }

    @Override
    public io.skein.engine.state.MutableQuotaState quotas() {
        return new SqlQuotaState(this);
    }

    @Override
    public io.skein.engine.state.MutableWorkerState workers() {
        return new SqlWorkerState(this);
    }

    @Override
    public io.skein.engine.state.KeystoreState keystore() {
        return new SqlState.Keystore(this);
    }

    @Override
    public io.skein.engine.state.EventLog events() {
        return new SqlState.Events(this);
    }

    /** Unguessable ids and bytes: what a SQL store's units mint (leases, attempts, keyless grant keys). */
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    @Override
    public java.util.UUID newId() {
        return java.util.UUID.randomUUID();
    }

    @Override
    public void randomBytes(byte[] bytes) {
        RANDOM.nextBytes(bytes);
    }

    @Override
    public void frameAppended(io.skein.core.id.ExecutionId id, int attemptIndex, StreamFrameId frameId) {
        publishFrame(new StreamKey(id.partition(), id.uuid(), attemptIndex), frameId);
    }

    @Override
    public void streamClosed(io.skein.core.id.ExecutionId id, int attemptIndex) {
        publishStreamClosed(new StreamKey(id.partition(), id.uuid(), attemptIndex));
    }

    /** The backend clock reading for this unit; every timestamp the unit writes uses it. */
    @Override
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
    @Override
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

    /**
     * How many data statements (inserts, updates, deletes) the unit has run or queued so far: an operation that left
     * it unchanged wrote nothing (an idempotent repeat).
     */
    public long writes() {
        return writes[0];
    }

    public int update(String sql, Object... params) {
        writes[0]++;
        flush();
        return run(sql, params);
    }

    /** Runs one data statement now (a write counted when it was asked for). */
    private int run(String sql, Object... params) {
        try {
            PreparedStatement ps = prepare(sql);
            try {
                bind(ps, params, 1);
                return ps.executeUpdate();
            } finally {
                release(ps);
            }
        } catch (SQLException e) {
            throw transport(sql, e);
        }
    }

    /**
     * Queues a write whose row count nobody reads (rows inserted, or updated and deleted by key, with no subquery):
     * it runs before the unit's next statement or as the unit ends, with the other queued writes in one round trip
     * on a networked store. A failure surfaces there and fails the unit as it would have here.
     */
    public void updateLater(String sql, Object... params) {
        if (readOnly) {
            update(sql, params); // a read unit has no end that would send it: it runs (or fails) now, as it did
            return;
        }
        writes[0]++;
        if (queued.size() >= MAX_QUEUED) {
            flush();
        }
        queued.add(new Queued(sql, params));
    }

    /** Runs the queued writes now. */
    public void flush() {
        if (queued.isEmpty()) {
            return;
        }
        List<Queued> writes = List.copyOf(queued);
        queued.clear();
        if (writes.size() == 1 || !dialect.networked()) {
            for (Queued w : writes) {
                run(w.sql(), w.params());
            }
            return;
        }
        try {
            sendTogether(writes, false);
        } catch (SQLException e) {
            throw transport(writes.get(0).sql(), e);
        }
    }

    /** Drops the queued writes unsent: the savepoint they were queued under is being rolled back. */
    public void discardQueued() {
        queued.clear();
    }

    /**
     * Runs the queued writes as the unit ends. On a networked store the unit's COMMIT goes
     * in the same round trip (the store's own commit then finds the transaction closed), so a write unit costs one
     * round trip fewer; a failure is thrown as the driver reports it, like a failed commit.
     */
    public void flushCommitting() throws SQLException {
        if (queued.isEmpty() || !dialect.networked()) {
            flush();
            return;
        }
        List<Queued> writes = List.copyOf(queued);
        queued.clear();
        sendTogether(writes, true);
    }

    /** One prepared statement of {@code writes} joined by {@code ;} (and a COMMIT), sent in one round trip. */
    private void sendTogether(List<Queued> writes, boolean commit) throws SQLException {
        StringBuilder sql = new StringBuilder();
        for (Queued w : writes) {
            sql.append(sql.length() == 0 ? "" : "; ").append(w.sql());
        }
        if (commit) {
            sql.append("; COMMIT");
        }
        PreparedStatement ps = prepare(sql.toString());
        try {
            int index = 1;
            for (Queued w : writes) {
                index = bind(ps, w.params(), index);
            }
            ps.execute();
        } finally {
            release(ps);
        }
    }

    /** Runs one unparameterized statement (savepoints), never cached. */
    public void execute(String sql) {
        flush();
        try (java.sql.Statement st = connection.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw transport(sql, e);
        }
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        flush();
        try {
            PreparedStatement ps = prepare(sql);
            try {
                bind(ps, params, 1);
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

    /** Binds {@code params} from position {@code first}; returns the position after the last. */
    private int bind(PreparedStatement ps, Object[] params, int first) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            int idx = first + i;
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
        return first + params.length;
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
