package io.skein.sql.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.TransportKind;
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
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;

/**
 * The SQLite store a {@code SqliteBackend} runs on (spec 05 §5): dev-mode guard, one instance per database per
 * process, an OS lock file against a second process, one writer connection used under a lock (every write is one
 * {@code BEGIN IMMEDIATE} unit of work), a small pool of query-only readers, migrations and the partition-config
 * check on first open. For memory databases the writer connection is also the sentinel that keeps the shared-cache
 * database alive while the reader pool idles.
 */
public final class SqliteDatabase implements AutoCloseable {

    public static final String BANNER =
            "Skein SQLite backend active (FF_DEV_MODE=1). Dev-only: single writer, single process, not for production.";
    public static final int BUSY_TIMEOUT_MS = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(SqliteDatabase.class);
    private static final Object REGISTRY_LOCK = new Object();
    private static final Map<String, SqliteDatabase> REGISTRY = new HashMap<>();
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();
    private static final long MIN_IDLE_TIMEOUT_MS = 10_000; // HikariCP ignores shorter idle timeouts

    private final SqliteLocation location;
    private final PartitionConfig partitions;
    private final Connection writer;
    private final ReentrantLock writerLock = new ReentrantLock(true);
    private final HikariDataSource readers;
    private final FileChannel lockChannel;
    private final FileLock processLock;
    private final ContentionRetry retry;
    private final FrameNotifier frameNotifier = new FrameNotifier();
    private final java.util.concurrent.ConcurrentLinkedQueue<PendingUnit<?>> pending =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private MigrationRunner migrationRunner;
    private MigrationReport migrationReport;
    private String registryKey;
    private int references = 1; // guarded by REGISTRY_LOCK
    private volatile boolean closed;

    private SqliteDatabase(SqliteLocation location, PartitionConfig partitions, Connection writer,
                           HikariDataSource readers, FileChannel lockChannel, FileLock processLock) {
        this.location = location;
        this.partitions = partitions;
        this.writer = writer;
        this.readers = readers;
        this.lockChannel = lockChannel;
        this.processLock = processLock;
        this.retry = ContentionRetry.standard(SqliteDialect::isContention, SqliteDialect::toEngineException);
    }

    /**
     * Opens the database, or returns the live instance for it in this process (no banner, no migrations; the caller
     * then shares it and must {@link #close} it once). The dev-mode guard runs before anything else, so a refused
     * start creates no file.
     *
     * @throws BackendStartException with the {@link StartFailure} naming why the store cannot start
     */
    public static SqliteDatabase open(SqliteOptions options) {
        Objects.requireNonNull(options, "options");
        DevModeGuard.check(options.env());
        SqliteLocation location = SqliteLocation.parse(options.path());
        synchronized (REGISTRY_LOCK) {
            SqliteDatabase live = REGISTRY.get(location.registryKey());
            if (live != null) {
                live.requireSamePartitions(options.partitions());
                live.references++;
                return live;
            }
            SqliteDatabase created = create(location, options);
            REGISTRY.put(created.registryKey, created);
            return created;
        }
    }

    private static SqliteDatabase create(SqliteLocation location, SqliteOptions options) {
        FileChannel lockChannel = null;
        FileLock processLock = null;
        Connection writer = null;
        HikariDataSource readers = null;
        try {
            if (!location.isMemory()) {
                lockChannel = openLockFile(location.lockFile());
                processLock = tryLock(lockChannel, location);
            }
            SQLiteDataSource source = dataSource(location);
            writer = source.getConnection();
            readers = readerPool(source, options);
        } catch (SQLException | IOException | RuntimeException e) {
            closeQuietly(readers, writer, processLock, lockChannel);
            if (e instanceof BackendStartException start) {
                throw start;
            }
            throw new BackendStartException(StartFailure.DATABASE_UNAVAILABLE,
                    "SQLite database " + location.sqliteName() + " could not be opened: " + e.getMessage(), e);
        }
        SqliteDatabase db = new SqliteDatabase(location, options.partitions(), writer, readers, lockChannel,
                processLock);
        try {
            LOG.warn(BANNER);
            db.migrate(options);
            db.checkPartitionConfig(options);
            db.registryKey = location.registryKey(); // the file exists now: its real path
            return db;
        } catch (RuntimeException e) {
            db.releaseResources();
            if (e instanceof BackendStartException start) {
                throw start;
            }
            throw new BackendStartException(StartFailure.DATABASE_UNAVAILABLE,
                    "SQLite database " + location.sqliteName() + " could not be prepared: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Units of work

    /**
     * Runs {@code work} as one write transaction ({@code BEGIN IMMEDIATE}) on the single writer connection and
     * commits it; BUSY/LOCKED are retried 3 times (5 ms × 2^n) and then fail with {@code Contention(RetryExhausted)},
     * other SQL failures become {@code Transport}. A runtime exception from {@code work} (a typed rejection) rolls the
     * unit back and propagates unchanged. The unit's commit hooks run after the commit, outside the writer lock.
     *
     * @throws IllegalStateException when called from inside a write transaction on the same thread
     */
    public <T> T inWriteTransaction(SqlWork<T> work) {
        Objects.requireNonNull(work, "work");
        if (writerLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("inWriteTransaction was called inside a write transaction on the same "
                    + "thread; pass the UnitOfWork down instead of opening a second unit");
        }
        ensureOpen();
        PendingUnit<T> mine = new PendingUnit<>(work);
        pending.add(mine);
        acquireWriter();
        try {
            while (!mine.done) {
                runGroup();
            }
        } finally {
            writerLock.unlock();
        }
        io.skein.sql.uow.OpenWrite.runHooks(mine.hooks);
        if (mine.failure instanceof RuntimeException r) {
            throw r;
        }
        if (mine.failure instanceof Error err) {
            throw err;
        }
        return mine.value;
    }

    /**
     * Opens a write transaction on the writer connection that the calling thread keeps until it ends it (Kafka
     * mode's unit of work, open until the stream thread's commit). It holds the writer alone, never grouped with
     * other units: no other unit's commit waits for it, and other writers wait until it ends. {@code BEGIN
     * IMMEDIATE} is retried on contention as for any unit; the unit itself is not.
     *
     * @throws IllegalStateException when the calling thread already holds the writer
     */
    public io.skein.sql.uow.OpenWrite openExclusiveWrite() {
        if (writerLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("openExclusiveWrite was called inside a write transaction on the same "
                    + "thread");
        }
        ensureOpen();
        acquireWriter();
        try {
            retry.run(() -> {
                execute(writer, "BEGIN IMMEDIATE");
                return null;
            });
        } catch (RuntimeException | Error e) {
            writerLock.unlock();
            throw e;
        }
        return new io.skein.sql.uow.OpenWrite(new UnitOfWork(writer)) {
            @Override
            protected void commitTransaction() throws SQLException {
                execute(writer, "COMMIT");
            }

            @Override
            protected void rollbackTransaction(Throwable cause) {
                rollbackQuietly(writer, cause);
            }

            @Override
            protected void release() {
                writerLock.unlock();
            }

            @Override
            protected EngineException toEngineException(SQLException e) {
                return SqliteDialect.toEngineException(e);
            }
        };
    }

    /** Most units one transaction carries: bounds the latency a unit adds to the others of its group. */
    static final int MAX_GROUP = 64;

    /** A unit waiting for the writer, and what became of it. */
    private static final class PendingUnit<T> {
        final SqlWork<T> work;
        T value;
        Throwable failure;
        List<Runnable> hooks = List.of();
        volatile boolean done;

        PendingUnit(SqlWork<T> work) {
            this.work = work;
        }
    }

    /**
     * Group commit: the writer runs every unit waiting at this moment in one transaction, each inside its own
     * savepoint, so a unit that rejects (throws) rolls back alone while the others commit together. One COMMIT
     * then carries many units, which is what SQLite's per-commit cost (WAL frames, checkpoints) rewards.
     */
    private void runGroup() {
        List<PendingUnit<?>> group = new java.util.ArrayList<>();
        PendingUnit<?> next;
        while (group.size() < MAX_GROUP && (next = pending.poll()) != null) {
            group.add(next);
        }
        if (group.isEmpty()) {
            return;
        }
        try {
            retry.run(() -> {
                execute(writer, "BEGIN IMMEDIATE");
                try {
                    for (PendingUnit<?> unit : group) {
                        runInSavepoint(unit);
                    }
                    execute(writer, "COMMIT");
                } catch (SQLException | RuntimeException | Error e) {
                    rollbackQuietly(writer, e);
                    throw e;
                }
                return null;
            });
        } catch (RuntimeException | Error e) {
            // The transaction itself failed (contention retries exhausted, I/O): no unit of the group committed.
            for (PendingUnit<?> unit : group) {
                unit.failure = e;
                unit.value = null;
                unit.hooks = List.of();
            }
        }
        for (PendingUnit<?> unit : group) {
            unit.done = true;
        }
    }

    private <T> void runInSavepoint(PendingUnit<T> unit) throws SQLException {
        execute(writer, "SAVEPOINT skein_unit");
        UnitOfWork uow = new UnitOfWork(writer);
        try {
            unit.value = unit.work.run(uow);
            unit.failure = null;
            unit.hooks = uow.commitHooks();
            execute(writer, "RELEASE skein_unit");
        } catch (SQLException | RuntimeException | Error e) {
            if (e instanceof SQLException sql && SqliteDialect.isContention(sql)) {
                throw sql; // the whole group is retried
            }
            execute(writer, "ROLLBACK TO skein_unit");
            execute(writer, "RELEASE skein_unit");
            unit.value = null;
            unit.hooks = List.of();
            unit.failure = e instanceof SQLException sql ? SqliteDialect.toEngineException(sql) : e;
        }
    }

    /**
     * Runs {@code body} in one read transaction on a pooled reader connection (a consistent snapshot; the connection
     * is query-only). BUSY/LOCKED are retried as for writes.
     *
     * @throws IllegalStateException when called from inside a write transaction on the same thread (the reader
     *                               would wait on that transaction's own locks); read through the unit's connection
     */
    public <T> T read(SqlRead<T> body) {
        Objects.requireNonNull(body, "body");
        if (writerLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("read() was called inside a write transaction on the same thread; "
                    + "use the UnitOfWork's connection to read your own writes");
        }
        ensureOpen();
        if (location.isMemory()) {
            return readOnWriter(body);
        }
        return retry.run(() -> {
            try (Connection reader = readers.getConnection()) {
                execute(reader, "BEGIN");
                try {
                    T value = body.run(reader);
                    execute(reader, "COMMIT");
                    return value;
                } catch (SQLException | RuntimeException | Error e) {
                    rollbackQuietly(reader, e);
                    throw e;
                }
            }
        });
    }

    /**
     * A shared-cache memory database locks whole tables across connections, so a reader could make the writer's
     * statements fail with {@code SQLITE_LOCKED_SHAREDCACHE}. There, reads take the writer connection under its
     * lock: nothing is lost (table locks serialize them anyway) and no unit ever meets a reader's lock. File
     * databases in WAL mode keep their readers concurrent.
     */
    private <T> T readOnWriter(SqlRead<T> body) {
        acquireWriter();
        try {
            return retry.run(() -> {
                execute(writer, "PRAGMA query_only = 1"); // reads stay reads, as on a reader connection
                try {
                    execute(writer, "BEGIN");
                    try {
                        T value = body.run(writer);
                        execute(writer, "COMMIT");
                        return value;
                    } catch (SQLException | RuntimeException | Error e) {
                        rollbackQuietly(writer, e);
                        throw e;
                    }
                } finally {
                    execute(writer, "PRAGMA query_only = 0");
                }
            });
        } finally {
            writerLock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Accessors

    public SqliteLocation location() {
        return location;
    }

    public PartitionConfig partitions() {
        return partitions;
    }

    /** Tail wake-ups for this database; publish from a unit's commit hook. */
    public FrameNotifier frameNotifier() {
        return frameNotifier;
    }

    /** What the first open's migration run did. */
    public MigrationReport migrationReport() {
        return migrationReport;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Releases one reference; the last one wakes every tail, closes the readers and the writer (waiting for a running
     * write unit) and releases the lock file. Further calls after that do nothing.
     */
    @Override
    public void close() {
        synchronized (REGISTRY_LOCK) {
            if (closed || --references > 0) {
                return;
            }
            closed = true;
            REGISTRY.remove(registryKey, this);
        }
        frameNotifier.wakeAll();
        releaseResources();
    }

    /** Closes every idle reader connection at once, as the pool does when they pass their idle timeout. */
    void evictIdleReaders() {
        readers.getHikariPoolMXBean().softEvictConnections();
    }

    /** Reader connections currently open (idle or lent). */
    int openReaderConnections() {
        return readers.getHikariPoolMXBean().getTotalConnections();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Start-up

    private void migrate(SqliteOptions options) {
        migrationRunner = MigrationRunner.forDialect(SqliteDialect.MIGRATIONS, options.clock());
        migrationReport = applyPendingMigrations();
    }

    /**
     * Applies shipped migrations the database does not have yet, under the writer lock (the open does this; a
     * backend's {@code prepare()} calls it again, spec 05 §6). Nothing is applied when the schema is current.
     *
     * @throws BackendStartException when the ledger check fails or a script fails
     */
    public MigrationReport applyPendingMigrations() {
        acquireWriter();
        try {
            ensureOpen();
            return migrationRunner.migrate(writer);
        } finally {
            writerLock.unlock();
        }
    }

    private void checkPartitionConfig(SqliteOptions options) {
        PartitionConfig wanted = options.partitions();
        inWriteTransaction(unit -> {
            Connection c = unit.connection();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT num_flow_partitions, num_budget_partitions, "
                         + "num_quota_partitions FROM ff_partition_config WHERE singleton_lock = 1")) {
                if (rs.next()) {
                    String mismatch = describeMismatch(rs.getInt(1), rs.getInt(2), rs.getInt(3), wanted,
                            "this database was created with");
                    if (mismatch != null) {
                        throw new BackendStartException(StartFailure.PARTITION_CONFIG_MISMATCH, mismatch);
                    }
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ff_partition_config (singleton_lock, "
                    + "num_flow_partitions, num_budget_partitions, num_quota_partitions, skein_version) "
                    + "VALUES (1, ?, ?, ?, ?)")) {
                ps.setInt(1, wanted.flowPartitions());
                ps.setInt(2, wanted.budgetPartitions());
                ps.setInt(3, wanted.quotaPartitions());
                ps.setString(4, options.skeinVersion());
                ps.executeUpdate();
            }
            return null;
        });
    }

    private void requireSamePartitions(PartitionConfig wanted) {
        String mismatch = describeMismatch(partitions.flowPartitions(), partitions.budgetPartitions(),
                partitions.quotaPartitions(), wanted, "this database is already open in this process with");
        if (mismatch != null) {
            throw new BackendStartException(StartFailure.PARTITION_CONFIG_MISMATCH, mismatch);
        }
    }

    private static String describeMismatch(int flow, int budget, int quota, PartitionConfig wanted, String against) {
        List<String> differences = new ArrayList<>();
        if (flow != wanted.flowPartitions()) {
            differences.add("FF_FLOW_PARTITIONS is " + wanted.flowPartitions() + " but " + against + " " + flow);
        }
        if (budget != wanted.budgetPartitions()) {
            differences.add("FF_BUDGET_PARTITIONS is " + wanted.budgetPartitions() + " but " + against + " " + budget);
        }
        if (quota != wanted.quotaPartitions()) {
            differences.add("FF_QUOTA_PARTITIONS is " + wanted.quotaPartitions() + " but " + against + " " + quota);
        }
        return differences.isEmpty() ? null
                : "partition counts are fixed per deployment: " + String.join("; ", differences);
    }

    private static FileChannel openLockFile(Path lockFile) throws IOException {
        return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    private static FileLock tryLock(FileChannel channel, SqliteLocation location) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held through another channel of this JVM
        }
        if (lock == null) {
            channel.close();
            throw new BackendStartException(StartFailure.DATABASE_LOCKED, "SQLite database " + location.file()
                    + " is in use by another process (lock file " + location.lockFile() + " is held); SQLite is "
                    + "single-process: stop the other process or choose another FF_SQLITE_PATH");
        }
        return lock;
    }

    private static SQLiteDataSource dataSource(SqliteLocation location) {
        SQLiteConfig config = new SQLiteConfig();
        config.setOpenMode(SQLiteOpenMode.OPEN_URI);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        if (!location.isMemory()) {
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        }
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl(location.jdbcUrl());
        return source;
    }

    private static HikariDataSource readerPool(SQLiteDataSource source, SqliteOptions options) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("skein-sqlite-readers-" + POOL_NUMBER.incrementAndGet());
        config.setDataSource(source);
        config.setMaximumPoolSize(options.poolSize());
        config.setMinimumIdle(0);
        config.setIdleTimeout(Math.max(MIN_IDLE_TIMEOUT_MS, options.readerIdleTimeout().toMillis()));
        config.setConnectionTimeout(BUSY_TIMEOUT_MS);
        config.setConnectionInitSql("PRAGMA query_only = 1"); // the writer is the only connection that writes
        return new HikariDataSource(config);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Helpers

    private void acquireWriter() {
        try {
            writerLock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(new EngineError.Transport(TransportKind.TRANSPORT,
                    "sqlite: interrupted while waiting for the writer connection"));
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw EngineError.unavailable("sqlite database " + location.sqliteName() + " is closed");
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            execute(connection, "ROLLBACK");
        } catch (SQLException rollbackFailure) {
            // "no transaction is active" when BEGIN itself failed; anything else is worth keeping with the cause.
            cause.addSuppressed(rollbackFailure);
        }
    }

    private void releaseResources() {
        readers.close();
        writerLock.lock();
        try {
            closeQuietly(null, writer, processLock, lockChannel);
        } finally {
            writerLock.unlock();
        }
    }

    private static void closeQuietly(HikariDataSource readers, Connection writer, FileLock lock, FileChannel channel) {
        if (readers != null) {
            readers.close();
        }
        try {
            if (writer != null) {
                writer.close();
            }
        } catch (SQLException e) {
            LOG.warn("Closing the SQLite writer connection failed", e);
        }
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            LOG.warn("Releasing the SQLite lock file failed", e);
        }
    }
}
