package io.skein.sql.sqlite;

import io.skein.core.api.PrepareOutcome;
import io.skein.sql.engine.SqlDialect;
import io.skein.sql.engine.SqlEngineBackend;
import io.skein.sql.engine.StreamOpsGate;
import io.skein.sql.engine.Tx;
import io.skein.sql.engine.TxRunner;
import io.skein.sql.stream.FrameNotifier;
import java.time.Duration;
import java.util.Map;
import io.skein.sql.engine.TimerIntervals;
import io.skein.sql.engine.TimerScanner;
import io.skein.sql.engine.RetentionConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The SQLite backend in direct mode: the development default (spec 05 §5). One backend per database per
 * process — a second {@link #open} of the same database returns the live instance. Every state-changing operation
 * is one {@code BEGIN IMMEDIATE} transaction on the single writer.
 */
public final class SqliteBackend extends SqlEngineBackend implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteBackend.class);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);
    private static final Map<SqliteDatabase, SqliteBackend> LIVE = new ConcurrentHashMap<>();

    private final SqliteDatabase database;
    private final io.skein.sql.engine.HmacSeed seed;

    private SqliteBackend(SqliteDatabase database, SqliteOptions options, io.skein.sql.engine.HmacSeed seed, RandomGenerator random,
                          int maxConcurrentStreamOps, long retentionMs) {
        super(SqlDialect.SQLITE, runner(database, options), options.clock(), options.partitions(), random,
                io.skein.sql.engine.HmacSeed.handleKeyOf(seed));
        this.database = database;
        this.seed = seed;
        limitConcurrentStreamOps(maxConcurrentStreamOps);
        setRetentionMs(retentionMs);
    }

    /**
     * Opens (or returns the live) backend for {@code options.path()}. The dev-mode guard, migrations and the
     * partition-config check run in the store's constructor, so the backend is usable at once.
     */
    public static SqliteBackend open(SqliteOptions options, io.skein.sql.engine.HmacSeed seed) {
        // configuration errors before any file
        int maxStreamOps = StreamOpsGate.maxFromEnvironment(options.env());
        long retentionMs = RetentionConfig.retentionMsFromEnvironment(options.env());
        SqliteDatabase db = SqliteDatabase.open(options);
        return LIVE.computeIfAbsent(db, d -> new SqliteBackend(d, options, seed, RandomGenerator.getDefault(),
                maxStreamOps, retentionMs));
    }

    public static SqliteBackend open(SqliteOptions options) {
        return open(options, null);
    }

    private static TxRunner runner(SqliteDatabase db, SqliteOptions options) {
        // The writer connection lives as long as the store; its statements are reused under the writer lock.
        io.skein.sql.engine.StatementCache writerStatements = new io.skein.sql.engine.StatementCache();
        return new TxRunner() {
            @Override
            public <T> T write(Function<Tx, T> work) {
                return db.inWriteTransaction(unit -> {
                    Tx tx = new Tx(unit.connection(), SqlDialect.SQLITE, options.clock().millis(), unit::afterCommit,
                            writerStatements);
                    T value = work.apply(tx);
                    tx.flushCommitting();
                    return value;
                });
            }

            @Override
            public Open openWrite() {
                return Open.over(db.openExclusiveWrite(), uow -> new Tx(uow.connection(), SqlDialect.SQLITE,
                        options.clock().millis(), uow::afterCommit, writerStatements));
            }

            @Override
            public <T> T read(Function<Tx, T> work) {
                return db.read(connection -> work.apply(new Tx(connection, SqlDialect.SQLITE,
                        options.clock().millis(), hook -> {
                            throw new IllegalStateException("a read-only unit has no commit");
                        }).asReadOnly()));
            }
        };
    }

    /** The store underneath, for fixtures that stage raw rows (tests) and for the frame notifier. */
    public SqliteDatabase database() {
        return database;
    }

    @Override
    public PrepareOutcome prepare() {
        return prepared(database.applyPendingMigrations(), seed);
    }


    /**
     * Starts the timer loops of spec 05 §4 on daemon threads ({@link TimerIntervals#fromEnvironment} reads the
     * {@code FF_*_INTERVAL_*} variables); {@link #shutdownPrepare} and {@link #close} stop them between items.
     */
    @Override
    public synchronized TimerScanner startTimers(TimerIntervals intervals) {
        return super.startTimers(intervals);
    }


    /** Tails park on the store's notifier, which closing the store also wakes. */
    @Override
    protected FrameNotifier frameNotifier() {
        return database.frameNotifier();
    }

    @Override
    public void close() {
        stopTimers(CLOSE_GRACE);
        LIVE.remove(database, this);
        database.close();
    }
}
