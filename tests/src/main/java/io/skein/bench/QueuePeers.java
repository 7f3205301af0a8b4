package io.skein.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.skein.sql.postgres.PostgresOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The peers of {@code submit_claim_complete}, measured the same way (one producer submitting N jobs while W workers
 * claim and complete them; latency = submit → complete): a plain queue table (PostgreSQL: {@code FOR UPDATE SKIP
 * LOCKED}, one job per transaction; SQLite: the same statements under one writer) and db-scheduler on PostgreSQL.
 */
final class QueuePeers {

    private QueuePeers() {}

    private static Map<String, Object> params(int n, int workers, int payloadBytes) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("executions", n);
        p.put("workers", workers);
        p.put("payload_bytes", payloadBytes);
        return p;
    }

    // ------------------------------------------------------------------------------------------ plain queue

    /** A connection source plus the lock that serializes writers (SQLite only). */
    private interface Db {
        Connection open() throws SQLException;

        ReentrantLock writerLock();
    }

    static BenchResult skipLockedPostgres(PgServer server, int n, int workers, int payloadBytes) throws Exception {
        PostgresOptions db = server.createDatabase("skein_bench_queue");
        try {
            try (Connection c = PgServer.connect(db); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE jobs (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, state text NOT NULL, "
                        + "priority integer NOT NULL, created_at bigint NOT NULL, payload bytea, result bytea, "
                        + "worker text)");
                s.execute("CREATE INDEX jobs_ready ON jobs (priority DESC, created_at) WHERE state = 'ready'");
            }
            return plainQueue("postgres", "plain SKIP LOCKED queue", new Db() {
                @Override
                public Connection open() throws SQLException {
                    return PgServer.connect(db);
                }

                @Override
                public ReentrantLock writerLock() {
                    return null;
                }
            }, " FOR UPDATE SKIP LOCKED", n, workers, payloadBytes);
        } finally {
            server.dropDatabase(db);
        }
    }

    static BenchResult plainSqlite(int n, int workers, int payloadBytes) throws Exception {
        Path dir = Files.createTempDirectory("skein-bench-queue-");
        String url = "jdbc:sqlite:" + dir.resolve("queue.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE jobs (id INTEGER PRIMARY KEY, state TEXT NOT NULL, priority INTEGER NOT NULL, "
                    + "created_at INTEGER NOT NULL, payload BLOB, result BLOB, worker TEXT)");
            s.execute("CREATE INDEX jobs_ready ON jobs (state, priority DESC, created_at)");
        }
        ReentrantLock writer = new ReentrantLock();
        return plainQueue("sqlite", "plain sqlite queue", new Db() {
            @Override
            public Connection open() throws SQLException {
                Connection c = DriverManager.getConnection(url);
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA synchronous=NORMAL");
                    s.execute("PRAGMA busy_timeout=5000");
                }
                return c;
            }

            @Override
            public ReentrantLock writerLock() {
                return writer;
            }
        }, "", n, workers, payloadBytes);
    }

    private static BenchResult plainQueue(String mode, String variant, Db db, String lockClause, int n, int workers,
                                          int payloadBytes) throws Exception {
        Latencies endToEnd = new Latencies(n);
        AtomicInteger done = new AtomicInteger();
        AtomicLong lastDone = new AtomicLong();
        Throwable[] failure = new Throwable[1];
        Thread[] threads = new Thread[workers];
        long[] startHolder = new long[1];
        try (Progress progress = Progress.reading(SubmitClaimComplete.NAME + " " + mode + " " + variant, n,
                done::get)) {
            for (int w = 0; w < workers; w++) {
                String name = "w" + w;
                threads[w] = new Thread(() -> {
                    try (Connection c = db.open()) {
                        c.setAutoCommit(false);
                        PreparedStatement claim = c.prepareStatement("UPDATE jobs SET state = 'running', worker = ? "
                                + "WHERE id = (SELECT id FROM jobs WHERE state = 'ready' ORDER BY priority DESC, "
                                + "created_at LIMIT 1" + lockClause + ") RETURNING id, created_at");
                        PreparedStatement complete = c.prepareStatement("UPDATE jobs SET state = 'done', result = ? "
                                + "WHERE id = ?");
                        while (done.get() < n) {
                            long[] job = locked(db.writerLock(), () -> {
                                claim.setString(1, name);
                                long[] found = null;
                                try (ResultSet rs = claim.executeQuery()) {
                                    if (rs.next()) {
                                        found = new long[] {rs.getLong(1), rs.getLong(2)};
                                    }
                                }
                                c.commit();
                                return found;
                            });
                            if (job == null) {
                                LockSupport.parkNanos(500_000);
                                continue;
                            }
                            locked(db.writerLock(), () -> {
                                complete.setBytes(1, WorkerPool.RESULT);
                                complete.setLong(2, job[0]);
                                complete.executeUpdate();
                                c.commit();
                                return null;
                            });
                            long at = System.nanoTime();
                            endToEnd.add(at - job[1]);
                            lastDone.accumulateAndGet(at, Math::max);
                            done.incrementAndGet();
                        }
                    } catch (Throwable t) {
                        failure[0] = t;
                        done.set(Integer.MAX_VALUE / 2);
                    }
                }, "queue-" + name);
                threads[w].start();
            }
            try (Connection c = db.open()) {
                c.setAutoCommit(false);
                PreparedStatement insert = c.prepareStatement("INSERT INTO jobs (state, priority, created_at, "
                        + "payload) VALUES ('ready', 0, ?, ?)");
                byte[] payload = new byte[payloadBytes];
                startHolder[0] = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    locked(db.writerLock(), () -> {
                        insert.setLong(1, System.nanoTime()); // created_at doubles as the submit time
                        insert.setBytes(2, payload);
                        insert.executeUpdate();
                        c.commit();
                        return null;
                    });
                }
            }
            for (Thread t : threads) {
                t.join(TimeUnit.MINUTES.toMillis(5));
            }
        }
        if (failure[0] != null) {
            throw new IllegalStateException(variant + " failed", failure[0]);
        }
        return BenchResult.of(SubmitClaimComplete.NAME, mode, variant, params(n, workers, payloadBytes), endToEnd,
                lastDone.get() - startHolder[0], true);
    }

    private interface SqlBody<T> {
        T run() throws SQLException;
    }

    private static <T> T locked(ReentrantLock lock, SqlBody<T> body) throws SQLException {
        if (lock == null) {
            return body.run();
        }
        lock.lock();
        try {
            return body.run();
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------ db-scheduler

    /**
     * db-scheduler 15 on its own database: W executor threads, lock-and-fetch polling (its SKIP LOCKED strategy for
     * PostgreSQL) every 10 ms plus immediate execution of locally scheduled tasks. A job is done when its completion
     * listener fires (after its row is removed).
     */
    static BenchResult dbScheduler(PgServer server, int n, int workers, int payloadBytes) throws Exception {
        PostgresOptions db = server.createDatabase("skein_bench_dbsched");
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(db.jdbcUrl());
        hikari.setUsername(db.user());
        hikari.setPassword(db.password());
        hikari.setMaximumPoolSize(workers + 4);
        try (HikariDataSource ds = new HikariDataSource(hikari)) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE scheduled_tasks (task_name text NOT NULL, task_instance text NOT NULL, "
                        + "task_data bytea, execution_time timestamp with time zone NOT NULL, picked boolean NOT NULL, "
                        + "picked_by text, last_success timestamp with time zone, last_failure timestamp with time "
                        + "zone, consecutive_failures int, last_heartbeat timestamp with time zone, version bigint "
                        + "NOT NULL, priority smallint, PRIMARY KEY (task_name, task_instance))");
                s.execute("CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)");
                s.execute("CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)");
                s.execute("CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, "
                        + "execution_time ASC)");
            }
            long[] submittedAt = new long[n];
            Latencies endToEnd = new Latencies(n);
            AtomicInteger done = new AtomicInteger();
            AtomicLong lastDone = new AtomicLong();
            OneTimeTask<byte[]> task = Tasks.oneTime("bench", byte[].class).execute((instance, ctx) -> { });
            Scheduler scheduler = Scheduler.create(ds, task)
                    .threads(workers)
                    .pollingInterval(Duration.ofMillis(10))
                    .pollUsingLockAndFetch(0.5, 1.0)
                    .enableImmediateExecution()
                    .addSchedulerListener(new AbstractSchedulerListener() {
                        @Override
                        public void onExecutionComplete(ExecutionComplete complete) {
                            long at = System.nanoTime();
                            int i = Integer.parseInt(complete.getExecution().taskInstance.getId());
                            endToEnd.add(at - submittedAt[i]);
                            lastDone.accumulateAndGet(at, Math::max);
                            done.incrementAndGet();
                        }
                    })
                    .build();
            scheduler.start();
            long start;
            try (Progress progress = Progress.reading(SubmitClaimComplete.NAME + " postgres db-scheduler", n,
                    done::get)) {
                byte[] payload = new byte[payloadBytes];
                start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    submittedAt[i] = System.nanoTime();
                    scheduler.schedule(task.instance(Integer.toString(i), payload), Instant.now());
                }
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
                while (done.get() < n && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
            } finally {
                scheduler.stop();
            }
            if (done.get() < n) {
                throw new IllegalStateException("db-scheduler completed " + done.get() + " of " + n);
            }
            return BenchResult.of(SubmitClaimComplete.NAME, "postgres", "db-scheduler", params(n, workers,
                    payloadBytes), endToEnd, lastDone.get() - start, true);
        } finally {
            server.dropDatabase(db);
        }
    }
}
