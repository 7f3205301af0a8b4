package io.skein.sql.postgres;

import io.skein.core.api.PrepareOutcome;
import io.skein.sql.engine.SqlDialect;
import io.skein.sql.engine.SqlEngineBackend;
import io.skein.sql.engine.StreamOpsGate;
import io.skein.sql.engine.Tx;
import io.skein.sql.engine.TxRunner;
import io.skein.sql.stream.FrameNotifier;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The PostgreSQL backend in direct mode. Every operation is one transaction on a pooled connection; write units lock
 * the execution rows they change ({@code FOR UPDATE}), claims pass over rows another unit holds
 * ({@code FOR UPDATE SKIP LOCKED}), and timers re-check their predicate under that lock, so several engine
 * processes may share one database and a due timer takes effect once. Tails park on the LISTEN fan-out.
 */
public final class PostgresBackend extends SqlEngineBackend implements AutoCloseable {

    private final PostgresDatabase database;
    private final io.skein.sql.engine.HmacSeed seed;

    private PostgresBackend(PostgresDatabase database, io.skein.sql.engine.HmacSeed seed, int maxConcurrentStreamOps) {
        super(SqlDialect.POSTGRES, runner(database), database.options().clock(), database.options().partitions(),
                RandomGenerator.getDefault(), io.skein.sql.engine.HmacSeed.handleKeyOf(seed));
        this.database = database;
        this.seed = seed;
        limitConcurrentStreamOps(maxConcurrentStreamOps);
    }

    /** Connects, migrates and checks the partition configuration; the backend is usable at once. */
    public static PostgresBackend open(PostgresOptions options, io.skein.sql.engine.HmacSeed seed) {
        int maxStreamOps = StreamOpsGate.maxFromEnvironment(options.env()); // configuration errors before connecting
        return new PostgresBackend(PostgresDatabase.open(options), seed, maxStreamOps);
    }

    public static PostgresBackend open(PostgresOptions options) {
        return open(options, null);
    }

    private static TxRunner runner(PostgresDatabase db) {
        java.time.Clock clock = db.options().clock();
        return new TxRunner() {
            @Override
            public <T> T write(Function<Tx, T> work) {
                return db.inWriteTransaction(unit -> {
                    Tx tx = new Tx(unit.connection(), SqlDialect.POSTGRES, clock.millis(), unit::afterCommit);
                    T value = work.apply(tx);
                    tx.flushCommitting(); // the queued writes and the COMMIT in one round trip
                    return value;
                });
            }

            @Override
            public Open openWrite() {
                return Open.over(db.openWrite(), uow -> new Tx(uow.connection(), SqlDialect.POSTGRES, clock.millis(),
                        uow::afterCommit));
            }

            @Override
            public <T> T read(Function<Tx, T> work) {
                return db.read(connection -> work.apply(new Tx(connection, SqlDialect.POSTGRES, clock.millis(),
                        hook -> {
                            throw new IllegalStateException("a read-only unit has no commit");
                        }).asReadOnly()));
            }
        };
    }

    /** The store underneath, for fixtures that stage raw rows (tests). */
    public PostgresDatabase database() {
        return database;
    }

    @Override
    public PrepareOutcome prepare() {
        return prepared(database.applyPendingMigrations(), seed);
    }



    /** Tails park on the store's notifier: this process's commits and the LISTEN connection wake them. */
    @Override
    protected FrameNotifier frameNotifier() {
        return database.frameNotifier();
    }

    @Override
    public void close() {
        database.close();
    }
}
