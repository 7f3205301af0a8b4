package io.skein.sql.engine;

import io.skein.core.api.BackendTag;
import io.skein.core.api.ScannerFilter;
import io.skein.core.api.worker.EventCursor;
import io.skein.core.api.worker.EventSubscription;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.id.ExecutionId;
import io.skein.sql.stream.FrameNotifier;
import java.nio.ByteBuffer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A subscription to one outbox table (spec 02 §11, 05 §3): pages the table in commit order from a cursor, parks on
 * the outbox wake-up between pages and re-reads at least every {@link #REREAD} (another process's commits are heard
 * through PostgreSQL's LISTEN only while outbox notifications are on). Holds no connection while parked.
 *
 * <p>SQLite has one writer, so event id order is commit order and the cursor is the event id. On PostgreSQL a unit
 * that took its id earlier may commit later, so rows are read only below the oldest transaction still running
 * ({@code pg_snapshot_xmin}) and ordered by {@code (committed_xid, event_id)}: any row that becomes visible later has
 * an xid at or above that bound, hence beyond every cursor handed out, and no committed event is passed over (D7).
 */
final class OutboxSubscription<E> implements EventSubscription<E> {

    /** How often a parked subscription re-reads when no wake-up came (notifications may be switched off). */
    static final Duration REREAD = Duration.ofMillis(500);
    private static final int PAGE = 256;

    /**
     * One event family: its table, the extra columns it reads, which rows it delivers and how a row becomes an
     * event.
     */
    record Family<E>(String table, String columns, String deliveredRows, RowEvent<E> event,
                     Function<E, EventCursor> cursorOf, Function<E, ExecutionId> executionOf) {}

    /** Builds the event of the current row; {@code execution} and {@code at} are read already. */
    interface RowEvent<E> {
        E map(ResultSet rs, Tx tx, EventCursor cursor, ExecutionId execution, long at) throws SQLException;
    }

    /** A place in the table: the last row passed over ({@code xid} is 0 on SQLite). */
    record Position(long xid, long eventId) {}

    /** How a subscription reads: one read-only unit per page. */
    interface Reader {
        <T> T read(Function<Tx, T> work);
    }

    private final Family<E> family;
    private final SqlDialect dialect;
    private final Reader reader;
    private final FrameNotifier notifier;
    private final BooleanSupplier shutDown;
    private final ScannerFilter filter;
    private final Predicate<ExecutionId> tagMatches;
    private final ArrayDeque<E> ready = new ArrayDeque<>();
    private Position position;
    private EventCursor delivered;
    private volatile boolean closed;

    /**
     * Opens a subscription from {@code cursor} (empty: from now).
     *
     * @param tagMatches whether an execution carries the filter's instance tag (consulted only when it has one)
     * @throws EngineException {@code InvalidInput} when the cursor is malformed or written by another backend
     */
    static <E> OutboxSubscription<E> open(Family<E> family, SqlDialect dialect, Reader reader, FrameNotifier notifier,
                                          BooleanSupplier shutDown, EventCursor cursor, ScannerFilter filter,
                                          Predicate<ExecutionId> tagMatches) {
        Position from = parse(cursor == null ? EventCursor.FROM_NOW : cursor, dialect);
        if (from == null) {
            from = reader.read(tx -> now(tx, family.table()));
        }
        return new OutboxSubscription<>(family, dialect, reader, notifier, shutDown, from,
                filter == null ? ScannerFilter.ALL : filter, tagMatches);
    }

    private OutboxSubscription(Family<E> family, SqlDialect dialect, Reader reader, FrameNotifier notifier,
                               BooleanSupplier shutDown, Position from, ScannerFilter filter,
                               Predicate<ExecutionId> tagMatches) {
        this.family = family;
        this.dialect = dialect;
        this.reader = reader;
        this.notifier = notifier;
        this.shutDown = shutDown;
        this.filter = filter;
        this.tagMatches = tagMatches;
        this.position = from;
        this.delivered = encode(from, dialect);
    }

    @Override
    public Optional<E> poll(Duration timeout) {
        long deadline = System.nanoTime() + (timeout == null ? 0 : Math.max(0, timeout.toNanos()));
        // Watch before reading, so a commit between the read and the park still wakes us.
        try (FrameNotifier.Subscription wake = notifier.subscribe(OutboxStore.WAKE_KEY)) {
            while (!closed) {
                E next = ready.poll();
                if (next != null) {
                    delivered = family.cursorOf().apply(next);
                    return Optional.of(next);
                }
                if (shutDown.getAsBoolean()) {
                    throw disconnected();
                }
                try {
                    readPage();
                } catch (EngineException lost) {
                    if (lost.error() instanceof EngineError.Transport || lost.error() instanceof EngineError.Unavailable) {
                        throw new EngineException(new EngineError.StreamDisconnected(delivered.bytes()), lost);
                    }
                    throw lost;
                }
                long remaining = deadline - System.nanoTime();
                if (!ready.isEmpty()) {
                    continue;
                }
                if (remaining <= 0 || Thread.currentThread().isInterrupted()) {
                    return Optional.empty();
                }
                wake.await(Duration.ofNanos(Math.min(remaining, REREAD.toNanos())));
            }
        }
        return Optional.empty();
    }

    private EngineException disconnected() {
        return new EngineException(new EngineError.StreamDisconnected(delivered.bytes()));
    }

    private void readPage() {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT event_id, partition_key, execution_id, occurred_at_ms, ")
                .append(family.columns());
        if (dialect == SqlDialect.POSTGRES) {
            sql.append(", committed_xid::text AS committed_xid FROM ").append(family.table())
                    .append(" WHERE committed_xid < pg_snapshot_xmin(pg_current_snapshot())")
                    .append(" AND (committed_xid, event_id) > (CAST(CAST(? AS text) AS xid8), ?)");
            params.add(Long.toUnsignedString(position.xid()));
        } else {
            sql.append(" FROM ").append(family.table()).append(" WHERE event_id > ?");
        }
        params.add(position.eventId());
        sql.append(" AND ").append(family.deliveredRows());
        if (filter.namespace() != null) {
            sql.append(" AND namespace = ?");
            params.add(filter.namespace().value());
        }
        sql.append(dialect == SqlDialect.POSTGRES ? " ORDER BY committed_xid, event_id" : " ORDER BY event_id")
                .append(" LIMIT ").append(PAGE);
        List<Row<E>> page = reader.read(tx -> tx.query(sql.toString(), rs -> {
            long xid = dialect == SqlDialect.POSTGRES ? Long.parseUnsignedLong(rs.getString("committed_xid")) : 0;
            Position at = new Position(xid, rs.getLong("event_id"));
            ExecutionId execution = ExecutionId.of(rs.getInt("partition_key"), tx.uuid(rs, "execution_id"));
            return new Row<>(at, family.event().map(rs, tx, encode(at, dialect), execution,
                    rs.getLong("occurred_at_ms")));
        }, params.toArray()));
        for (Row<E> row : page) {
            position = row.at();
            if (filter.instanceTag() == null || tagMatches.test(family.executionOf().apply(row.event()))) {
                ready.add(row.event());
            }
        }
    }

    private record Row<E>(Position at, E event) {}

    /** Where "from now" starts: after every row already committed. */
    private static Position now(Tx tx, String table) {
        if (tx.dialect() == SqlDialect.POSTGRES) {
            long xmin = tx.queryOne("SELECT pg_snapshot_xmin(pg_current_snapshot())::text",
                    rs -> Long.parseUnsignedLong(rs.getString(1))).orElseThrow();
            // every transaction below xmin has ended; rows of later ones, committed or not, are still ahead
            return new Position(xmin - 1, Long.MAX_VALUE);
        }
        return new Position(0, tx.queryLong("SELECT COALESCE(MAX(event_id), 0) FROM " + table));
    }

    /** The cursor of {@code position}: {@code 0x02} + xid + event id on PostgreSQL, {@code 0x03} + event id on SQLite. */
    static EventCursor encode(Position position, SqlDialect dialect) {
        if (dialect == SqlDialect.POSTGRES) {
            return new EventCursor(ByteBuffer.allocate(17).put(BackendTag.POSTGRES.tag()).putLong(position.xid())
                    .putLong(position.eventId()).array());
        }
        return new EventCursor(ByteBuffer.allocate(9).put(BackendTag.SQLITE.tag()).putLong(position.eventId())
                .array());
    }

    /** The position a cursor names, or null for "from now". */
    static Position parse(EventCursor cursor, SqlDialect dialect) {
        if (cursor.isFromNow()) {
            return null;
        }
        BackendTag own = dialect == SqlDialect.POSTGRES ? BackendTag.POSTGRES : BackendTag.SQLITE;
        ByteBuffer b = cursor.layoutOf(own);
        if (dialect == SqlDialect.POSTGRES && b.remaining() == 16) {
            return new Position(b.getLong(), b.getLong());
        }
        if (dialect != SqlDialect.POSTGRES && b.remaining() == 8) {
            return new Position(0, b.getLong());
        }
        throw EngineError.invalidInput("cursor: malformed " + own.wire() + " event cursor (" + (b.remaining() + 1)
                + " bytes)");
    }

    static UUID uuidOrNull(Tx tx, ResultSet rs, String column) throws SQLException {
        return rs.getObject(column) == null ? null : tx.uuid(rs, column);
    }

    @Override
    public EventCursor cursor() {
        return delivered;
    }

    @Override
    public void close() {
        closed = true;
        notifier.wake(OutboxStore.WAKE_KEY);
    }
}
