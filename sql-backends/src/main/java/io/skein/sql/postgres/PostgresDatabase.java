package io.skein.sql.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.skein.core.id.PartitionConfig;
import io.skein.sql.BackendStartException;
import io.skein.sql.StartFailure;
import io.skein.sql.migrate.MigrationReport;
import io.skein.sql.migrate.MigrationRunner;
import io.skein.sql.stream.FrameNotifier;
import io.skein.sql.uow.ContentionRetry;
import io.skein.sql.uow.SqlRead;
import io.skein.sql.uow.SqlWork;
import io.skein.sql.uow.UnitOfWork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL store a {@code PostgresBackend} runs on: a HikariCP pool of writer connections (READ COMMITTED; write
 * units lock the rows they change), a pool of read-only REPEATABLE READ readers (a read unit sees one snapshot),
 * forward-only migrations under an advisory lock and the partition-config check at open, and the one LISTEN
 * connection that feeds tail wake-ups (spec 05 §3, §6). Several processes may open the same database.
 */
public final class PostgresDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresDatabase.class);
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

    /**
     * {@code off} stops this engine's outbox inserts from notifying {@code ff_completion}, {@code ff_lease_event},
     * {@code ff_signal_event} and {@code ff_operator_event} (spec 05 §3; differs from the spec when off). A notifying
     * transaction holds PostgreSQL's notify-queue lock until its commit is flushed, so concurrent commits queue
     * behind one another; turn it off when nothing LISTENs on those channels (the engine itself does not: its event
     * readers page by cursor). Stream-frame notifications, which wake tails, are always sent.
     */
    public static final String OUTBOX_NOTIFY_ENV = "FF_POSTGRES_OUTBOX_NOTIFY";

    private final PostgresOptions options;
    private final HikariDataSource writers;
    private final HikariDataSource readers;
    private final ContentionRetry retry;
    private final FrameNotifier frameNotifier = new FrameNotifier();
    private final MigrationRunner migrationRunner;
    private final PostgresFrameListener listener;
    private MigrationReport migrationReport;
    private volatile boolean closed;

    private PostgresDatabase(PostgresOptions options, HikariDataSource writers, HikariDataSource readers) {
        this.options = options;
        this.writers = writers;
        this.readers = readers;
        // A unique violation means a concurrent unit created the same row first: the retried unit sees it and answers
        // as it would have after that unit (e.g. an idempotent create reports the duplicate). One that recurs on the
        // retry is a real clash and maps to its typed conflict.
        this.retry = ContentionRetry.standard(PostgresErrors::isContention, PostgresErrors::isUniqueViolation,
                PostgresErrors::toEngineException);
        this.migrationRunner = MigrationRunner.forDialect(PostgresErrors.MIGRATIONS, options.clock());
        int number = POOL_NUMBER.incrementAndGet();
        this.listener = new PostgresFrameListener(this::listenConnection, frameNotifier, String.valueOf(number));
    }

    /**
     * Connects, applies pending migrations, checks (or records) the partition configuration and starts the LISTEN
     * connection.
     *
     * @throws BackendStartException naming why the store cannot start
     */
    public static PostgresDatabase open(PostgresOptions options) {
        Objects.requireNonNull(options, "options");
        boolean outboxNotify = outboxNotify(options.env()); // a configuration error before connecting
        int number = POOL_NUMBER.get() + 1;
        HikariDataSource writers = null;
        HikariDataSource readers = null;
        try {
            writers = pool(options, "skein-pg-writer-" + number, options.poolSize(), false, outboxNotify);
            readers = pool(options, "skein-pg-reader-" + number, Math.max(2, options.poolSize() / 2), true, true);
        } catch (RuntimeException e) {
            closeQuietly(writers);
            closeQuietly(readers);
            throw new BackendStartException(StartFailure.DATABASE_UNAVAILABLE,
                    "PostgreSQL at " + options.jdbcUrl() + " could not be reached: " + e.getMessage(), e);
        }
        PostgresDatabase db = new PostgresDatabase(options, writers, readers);
        try {
            db.migrationReport = db.applyPendingMigrations();
            db.checkPartitionConfig();
            db.listener.start(5_000);
            return db;
        } catch (RuntimeException e) {
            db.close();
            if (e instanceof BackendStartException start) {
                throw start;
            }
            throw new BackendStartException(StartFailure.DATABASE_UNAVAILABLE,
                    "PostgreSQL at " + options.jdbcUrl() + " could not be prepared: " + e.getMessage(), e);
        }
    }

    /** Whether the outbox triggers notify on this engine's writes: {@value #OUTBOX_NOTIFY_ENV}, default on. */
    public static boolean outboxNotify(java.util.function.Function<String, String> env) {
        String text = env.apply(OUTBOX_NOTIFY_ENV);
        String value = text == null ? "on" : text.strip();
        if (value.equalsIgnoreCase("on") || value.equalsIgnoreCase("off")) {
            return value.equalsIgnoreCase("on");
        }
        throw new BackendStartException(StartFailure.INVALID_CONFIGURATION,
                OUTBOX_NOTIFY_ENV + " must be on or off, got '" + text + "'");
    }

    private static HikariDataSource pool(PostgresOptions options, String name, int size, boolean readOnly,
                                         boolean outboxNotify) {
        HikariConfig config = new HikariConfig();
        if (!outboxNotify) {
            // read by the outbox trigger function (migration V0003); unset or any other value notifies. A SET is
            // transactional in PostgreSQL and the pool opens a transaction for it: committed here, so a connection
            // whose first unit rolls back keeps it.
            config.setConnectionInitSql("SET skein.outbox_notify = off; COMMIT");
        }
        config.setPoolName(name);
        config.setJdbcUrl(options.jdbcUrl());
        if (options.user() != null) {
            config.setUsername(options.user());
        }
        if (options.password() != null) {
            config.setPassword(options.password());
        }
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setAutoCommit(false);
        config.setReadOnly(readOnly);
        config.setTransactionIsolation(readOnly ? "TRANSACTION_REPEATABLE_READ" : "TRANSACTION_READ_COMMITTED");
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(10_000);
        config.setDataSourceProperties(driverProperties());
        return new HikariDataSource(config);
    }

    /** Text parameters bind untyped, so the engine's JSON text lands in jsonb columns as on SQLite's TEXT. */
    private static Properties driverProperties() {
        Properties p = new Properties();
        p.setProperty("stringtype", "unspecified");
        p.setProperty("ApplicationName", "skein");
        return p;
    }

    private Connection listenConnection() {
        try {
            return options.connect("skein-listen");
        } catch (SQLException e) {
            throw new IllegalStateException("could not open the LISTEN connection: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Units of work

    /**
     * Runs {@code work} as one transaction on a pooled writer connection and commits it; serialization failures,
     * deadlocks, lock timeouts and unique violations are retried 3 times (5 ms × 2^n) and then fail with
     * {@code Contention(RetryExhausted)}, other SQL failures become {@code Transport}. A runtime exception from
     * {@code work} (a typed rejection) rolls the unit back and propagates unchanged. Commit hooks run after the commit.
     */
    public <T> T inWriteTransaction(SqlWork<T> work) {
        Objects.requireNonNull(work, "work");
        AtomicReference<List<Runnable>> hooks = new AtomicReference<>(List.of());
        T result = retry.run(() -> {
            try (Connection c = writers.getConnection()) {
                UnitOfWork unit = new UnitOfWork(c);
                T value;
                try {
                    value = work.run(unit);
                    c.commit();
                } catch (SQLException | RuntimeException | Error e) {
                    rollbackQuietly(c, e);
                    SQLException retryable = retryableCause(e);
                    if (retryable != null) {
                        throw retryable;
                    }
                    throw e;
                }
                hooks.set(unit.commitHooks());
                return value;
            }
        });
        io.skein.sql.uow.OpenWrite.runHooks(hooks.get());
        return result;
    }

    /**
     * Opens a write transaction on a pooled writer connection that the calling thread keeps until it ends it (Kafka
     * mode's unit of work). Nothing retries it: a commit that fails (serialization, deadlock) is reported and the
     * caller replays its work.
     */
    public io.skein.sql.uow.OpenWrite openWrite() {
        Connection c;
        try {
            c = writers.getConnection();
        } catch (SQLException e) {
            throw PostgresErrors.toEngineException(e);
        }
        return new io.skein.sql.uow.OpenWrite(new UnitOfWork(c)) {
            @Override
            protected void commitTransaction() throws SQLException {
                c.commit();
            }

            @Override
            protected void rollbackTransaction(Throwable cause) {
                rollbackQuietly(c, cause);
            }

            @Override
            protected void release() {
                closeQuietly(c);
            }

            @Override
            protected io.skein.core.error.EngineException toEngineException(SQLException e) {
                return PostgresErrors.toEngineException(e);
            }
        };
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing a pooled connection failed: {}", e.toString());
        }
    }

    /** Runs {@code body} in one read-only REPEATABLE READ transaction (one snapshot) on a pooled reader. */
    public <T> T read(SqlRead<T> body) {
        Objects.requireNonNull(body, "body");
        return retry.run(() -> {
            try (Connection c = readers.getConnection()) {
                try {
                    T value = body.run(c);
                    c.commit();
                    return value;
                } catch (SQLException | RuntimeException | Error e) {
                    rollbackQuietly(c, e);
                    SQLException retryable = retryableCause(e);
                    if (retryable != null) {
                        throw retryable;
                    }
                    throw e;
                }
            }
        });
    }

    /**
     * Statement failures reach here wrapped as engine {@code Transport} errors by {@code Tx}; the SQLException of a
     * retryable one (contention, unique violation) is returned so the retry sees it, otherwise null.
     */
    private static SQLException retryableCause(Throwable e) {
        SQLException sql = e instanceof SQLException direct ? direct
                : e.getCause() instanceof SQLException wrapped ? wrapped : null;
        if (sql == null) {
            return null;
        }
        return PostgresErrors.isContention(sql) || PostgresErrors.UNIQUE_VIOLATION.equals(PostgresErrors.sqlState(sql))
                ? sql : null;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Start-up

    /** Applies shipped migrations not yet recorded, each in its own transaction under the migration advisory lock. */
    public MigrationReport applyPendingMigrations() {
        try (Connection c = writers.getConnection()) {
            c.setAutoCommit(true);
            try {
                return migrationRunner.migrate(c);
            } finally {
                c.setAutoCommit(false);
            }
        } catch (SQLException e) {
            throw new BackendStartException(StartFailure.DATABASE_UNAVAILABLE,
                    "PostgreSQL at " + options.jdbcUrl() + " could not run migrations: " + e.getMessage(), e);
        }
    }

    private void checkPartitionConfig() {
        PartitionConfig wanted = options.partitions();
        inWriteTransaction(unit -> {
            Connection c = unit.connection();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ff_partition_config (singleton_lock, "
                    + "num_flow_partitions, num_budget_partitions, num_quota_partitions, skein_version) "
                    + "VALUES (TRUE, ?, ?, ?, ?) ON CONFLICT (singleton_lock) DO NOTHING")) {
                ps.setInt(1, wanted.flowPartitions());
                ps.setInt(2, wanted.budgetPartitions());
                ps.setInt(3, wanted.quotaPartitions());
                ps.setString(4, options.skeinVersion());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT num_flow_partitions, num_budget_partitions, "
                    + "num_quota_partitions FROM ff_partition_config WHERE singleton_lock");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                List<String> differences = new ArrayList<>();
                compare(differences, "FF_FLOW_PARTITIONS", wanted.flowPartitions(), rs.getInt(1));
                compare(differences, "FF_BUDGET_PARTITIONS", wanted.budgetPartitions(), rs.getInt(2));
                compare(differences, "FF_QUOTA_PARTITIONS", wanted.quotaPartitions(), rs.getInt(3));
                if (!differences.isEmpty()) {
                    throw new BackendStartException(StartFailure.PARTITION_CONFIG_MISMATCH,
                            String.join("; ", differences));
                }
            }
            return null;
        });
    }

    private static void compare(List<String> out, String name, int wanted, int stored) {
        if (wanted != stored) {
            out.add(name + " is " + wanted + " but this database was created with " + stored);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Accessors

    public PostgresOptions options() {
        return options;
    }

    /** Tail wake-ups: fed by this process's commits and by the LISTEN connection (every process's commits). */
    public FrameNotifier frameNotifier() {
        return frameNotifier;
    }

    public MigrationReport migrationReport() {
        return migrationReport;
    }

    /** Drops the LISTEN connection once; the listener reconnects and wakes every tail (tests prove the recovery). */
    public void dropListenConnection() {
        listener.dropConnection();
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        listener.close();
        frameNotifier.wakeAll();
        closeQuietly(writers);
        closeQuietly(readers);
    }

    private static void closeQuietly(HikariDataSource pool) {
        if (pool != null) {
            pool.close();
        }
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
