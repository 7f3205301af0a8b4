package io.skein.bench;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.Handle;
import io.skein.core.api.execution.CreateExecutionArgs;
import io.skein.core.id.ExecutionId;
import io.skein.core.id.LaneId;
import io.skein.core.id.Namespace;
import io.skein.core.id.PartitionConfig;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.sql.sqlite.SqliteBackend;
import io.skein.sql.sqlite.SqliteOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Claim + complete throughput and latency of the SQLite backend in direct mode, side by side in one run with a
 * plain SQLite queue (one table, one UPDATE per claim and per complete, same single-writer model and pragmas) as
 * the baseline. Not a test: run it with {@code ./skein bench sqlite-claim-complete 20000 1 4}.
 *
 * <p>Arguments: {@code executions} (default 20000), then worker counts (default 1 4).
 */
public final class SqliteClaimCompleteBench {

    private static final LaneId LANE = LaneId.of("bench");

    public static void main(String[] argv) throws Exception {
        int executions = argv.length > 0 ? Integer.parseInt(argv[0]) : 20_000;
        int[] workerCounts = argv.length > 1
                ? java.util.Arrays.stream(argv, 1, argv.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 4};
        Path dir = Files.createTempDirectory("skein-bench-");
        BenchReport report = new BenchReport();
        for (int workers : workerCounts) {
            report.add(baseline(dir.resolve("baseline-" + workers + ".db"), executions, workers));
            report.add(skein(dir.resolve("skein-" + workers + ".db"), executions, workers));
        }
        report.write(Path.of("target", "bench"), "sqlite-claim-complete", "SQLite direct mode: claim + complete",
                "Each row: N executions created first (not timed), then W threads loop claim → complete until the lane"
                        + " is empty. Latency = one claim + complete pair. Files in WAL mode, synchronous=NORMAL. "
                        + "Baseline = plain SQLite queue (UPDATE … RETURNING claim, UPDATE complete, one transaction "
                        + "each, one writer).");
    }

    // ------------------------------------------------------------------------------------------------ Skein

    static BenchReport.Row skein(Path file, int executions, int workers) throws Exception {
        SqliteOptions options = SqliteOptions.of(file.toString()).withEnv(Map.of("FF_DEV_MODE", "1")::get);
        try (SqliteBackend backend = SqliteBackend.open(options)) {
            byte[] payload = new byte[128];
            for (int i = 0; i < executions; i++) {
                ExecutionId id = PartitionConfig.DEFAULT.soloExecutionId(LANE, UUID.randomUUID());
                backend.createExecution(new CreateExecutionArgs(id, Namespace.of("default"), LANE, "bench", payload,
                        null, 0, "bench", null, Map.of(), null, null, null, id.partition(), 0L));
            }
            long[] latencies = new long[executions];
            AtomicInteger done = new AtomicInteger();
            long elapsed = runWorkers(workers, w -> {
                ClaimPolicy policy = new ClaimPolicy(WorkerId.of("w" + w), WorkerInstanceId.of("w" + w + "-1"),
                        30_000, null);
                byte[] result = new byte[16];
                while (true) {
                    long t0 = System.nanoTime();
                    Optional<Handle> h = backend.claim(LANE, CapabilitySet.EMPTY, policy);
                    if (h.isEmpty()) {
                        return;
                    }
                    backend.complete(h.get(), result);
                    int slot = done.getAndIncrement();
                    if (slot < latencies.length) {
                        latencies[slot] = System.nanoTime() - t0;
                    }
                }
            });
            return BenchReport.row("skein sqlite direct", workers, java.util.Arrays.copyOf(latencies,
                    Math.min(done.get(), executions)), elapsed);
        }
    }

    // ------------------------------------------------------------------------------------------------ baseline

    static BenchReport.Row baseline(Path file, int executions, int workers) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("CREATE TABLE jobs (id INTEGER PRIMARY KEY, state TEXT NOT NULL, priority INTEGER NOT NULL, "
                        + "created_at INTEGER NOT NULL, payload BLOB, result BLOB, worker TEXT)");
                s.execute("CREATE INDEX jobs_ready ON jobs (state, priority DESC, created_at)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO jobs (state, priority, created_at, payload) "
                    + "VALUES ('ready', 0, ?, ?)")) {
                for (int i = 0; i < executions; i++) {
                    ins.setLong(1, i);
                    ins.setBytes(2, new byte[128]);
                    ins.executeUpdate();
                }
            }
            c.commit();
            ReentrantLock writer = new ReentrantLock();
            long[] latencies = new long[executions];
            AtomicInteger done = new AtomicInteger();
            long elapsed = runWorkers(workers, w -> {
                while (true) {
                    long t0 = System.nanoTime();
                    Long id = inTx(c, writer, () -> {
                        try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET state = 'running', worker = ? "
                                + "WHERE id = (SELECT id FROM jobs WHERE state = 'ready' ORDER BY priority DESC, "
                                + "created_at LIMIT 1) RETURNING id")) {
                            ps.setString(1, "w" + w);
                            try (ResultSet rs = ps.executeQuery()) {
                                return rs.next() ? rs.getLong(1) : null;
                            }
                        }
                    });
                    if (id == null) {
                        return;
                    }
                    inTx(c, writer, () -> {
                        try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET state = 'done', result = ? "
                                + "WHERE id = ?")) {
                            ps.setBytes(1, new byte[16]);
                            ps.setLong(2, id);
                            return ps.executeUpdate();
                        }
                    });
                    int slot = done.getAndIncrement();
                    if (slot < latencies.length) {
                        latencies[slot] = System.nanoTime() - t0;
                    }
                }
            });
            return BenchReport.row("baseline plain sqlite queue", workers, java.util.Arrays.copyOf(latencies,
                    Math.min(done.get(), executions)), elapsed);
        }
    }

    interface SqlBody<T> {
        T run() throws SQLException;
    }

    static <T> T inTx(Connection c, ReentrantLock writer, SqlBody<T> body) {
        writer.lock();
        try {
            T v = body.run();
            c.commit();
            return v;
        } catch (SQLException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the original failure matters
            }
            throw new IllegalStateException(e);
        } finally {
            writer.unlock();
        }
    }

    interface Worker {
        void run(int index) throws Exception;
    }

    static long runWorkers(int workers, Worker body) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        Thread[] threads = new Thread[workers];
        Throwable[] failure = new Throwable[1];
        for (int w = 0; w < workers; w++) {
            int index = w;
            threads[w] = new Thread(() -> {
                try {
                    start.await();
                    body.run(index);
                } catch (Throwable t) {
                    failure[0] = t;
                }
            }, "bench-worker-" + w);
            threads[w].start();
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        if (failure[0] != null) {
            throw new IllegalStateException("a worker failed", failure[0]);
        }
        return System.nanoTime() - t0;
    }
}
