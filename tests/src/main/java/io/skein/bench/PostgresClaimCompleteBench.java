package io.skein.bench;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.Handle;
import io.skein.core.id.LaneId;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.sql.postgres.PostgresBackend;
import io.skein.sql.postgres.PostgresOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Claim + complete throughput and latency of the PostgreSQL backend in direct mode, side by side in one run with a
 * plain {@code FOR UPDATE SKIP LOCKED} queue (one job per transaction) as the baseline. Not a test: run it on a
 * durable server with {@code bench/postgres.sh}, never on the embedded test server (fsync off there).
 *
 * <p>Arguments: JDBC URL of a database the user may create databases from, user, password, executions (default
 * 10000), then worker counts (default 1 8). Each variant runs in a database of its own, created and dropped here.
 */
public final class PostgresClaimCompleteBench {

    private static final LaneId LANE = LaneId.of("bench");

    public static void main(String[] argv) throws Exception {
        if (argv.length < 3) {
            System.err.println("usage: PostgresClaimCompleteBench <jdbc-url> <user> <password> [executions] "
                    + "[workers...]");
            System.exit(2);
        }
        PostgresOptions admin = PostgresOptions.of(argv[0], argv[1], argv[2]);
        int executions = argv.length > 3 ? Integer.parseInt(argv[3]) : 10_000;
        int[] workerCounts = argv.length > 4
                ? Arrays.stream(argv, 4, argv.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 8};
        String server = serverVersion(admin);
        BenchReport report = new BenchReport();
        for (int workers : workerCounts) {
            report.add(baseline(admin, executions, workers));
            report.add(skein(admin, executions, workers));
        }
        report.write(Path.of("target", "bench"), "postgres-claim-complete", "PostgreSQL direct mode: claim + complete",
                "Server: " + server + " (durable: fsync on, synchronous_commit on). Each row: N executions inserted "
                        + "first (not timed), then W threads loop claim → complete until the lane is empty, each on "
                        + "its own connection. Latency = one claim + complete pair (two transactions). Baseline = "
                        + "plain queue table: UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED LIMIT 1) "
                        + "RETURNING, then UPDATE done; one job per transaction.");
    }

    // ------------------------------------------------------------------------------------------------ Skein

    static BenchReport.Row skein(PostgresOptions admin, int executions, int workers) throws Exception {
        String db = "skein_bench_" + workers + "_" + System.nanoTime();
        exec(admin, "CREATE DATABASE " + db + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
        PostgresOptions options = admin.withDatabase(db).withPoolSize(workers + 2);
        try (PostgresBackend backend = PostgresBackend.open(options)) {
            try (Connection c = connect(options)) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO ff_exec_core (partition_key, "
                        + "execution_id, lane_id, lifecycle_phase, ownership_state, eligibility_state, public_state, "
                        + "attempt_state, created_at_ms, payload) SELECT i % 256, gen_random_uuid(), ?, 'runnable', "
                        + "'unowned', 'eligible_now', 'waiting', 'pending_first_attempt', 1000 + i, ? "
                        + "FROM generate_series(1, ?) AS i")) {
                    ps.setString(1, LANE.value());
                    ps.setBytes(2, new byte[128]);
                    ps.setInt(3, executions);
                    ps.executeUpdate();
                }
                try (Statement st = c.createStatement()) {
                    st.execute("VACUUM ANALYZE ff_exec_core");
                }
            }
            long[] latencies = new long[executions];
            AtomicInteger done = new AtomicInteger();
            long elapsed = SqliteClaimCompleteBench.runWorkers(workers, w -> {
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
            return BenchReport.row("skein postgres direct", workers, Arrays.copyOf(latencies,
                    Math.min(done.get(), executions)), elapsed);
        } finally {
            exec(admin, "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
    }

    // ------------------------------------------------------------------------------------------------ baseline

    static BenchReport.Row baseline(PostgresOptions admin, int executions, int workers) throws Exception {
        String db = "skein_bench_base_" + workers + "_" + System.nanoTime();
        exec(admin, "CREATE DATABASE " + db + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
        PostgresOptions options = admin.withDatabase(db);
        try {
            try (Connection c = connect(options); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE jobs (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, state text NOT NULL, "
                        + "priority integer NOT NULL, created_at bigint NOT NULL, payload bytea, result bytea, "
                        + "worker text)");
                s.execute("CREATE INDEX jobs_ready ON jobs (priority DESC, created_at) WHERE state = 'ready'");
                s.execute("INSERT INTO jobs (state, priority, created_at, payload) SELECT 'ready', 0, i, "
                        + "decode(repeat('00', 128), 'hex') FROM generate_series(1, " + executions + ") AS i");
                s.execute("VACUUM ANALYZE jobs");
            }
            long[] latencies = new long[executions];
            AtomicInteger done = new AtomicInteger();
            long elapsed = SqliteClaimCompleteBench.runWorkers(workers, w -> {
                try (Connection c = connect(options)) {
                    c.setAutoCommit(false);
                    PreparedStatement claim = c.prepareStatement("UPDATE jobs SET state = 'running', worker = ? "
                            + "WHERE id = (SELECT id FROM jobs WHERE state = 'ready' ORDER BY priority DESC, "
                            + "created_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id");
                    PreparedStatement complete = c.prepareStatement("UPDATE jobs SET state = 'done', result = ? "
                            + "WHERE id = ?");
                    while (true) {
                        long t0 = System.nanoTime();
                        claim.setString(1, "w" + w);
                        Long id;
                        try (ResultSet rs = claim.executeQuery()) {
                            id = rs.next() ? rs.getLong(1) : null;
                        }
                        c.commit();
                        if (id == null) {
                            return;
                        }
                        complete.setBytes(1, new byte[16]);
                        complete.setLong(2, id);
                        complete.executeUpdate();
                        c.commit();
                        int slot = done.getAndIncrement();
                        if (slot < latencies.length) {
                            latencies[slot] = System.nanoTime() - t0;
                        }
                    }
                }
            });
            return BenchReport.row("baseline SKIP LOCKED queue", workers, Arrays.copyOf(latencies,
                    Math.min(done.get(), executions)), elapsed);
        } finally {
            exec(admin, "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
    }

    private static Connection connect(PostgresOptions options) throws SQLException {
        Properties p = new Properties();
        if (options.user() != null) {
            p.setProperty("user", options.user());
        }
        if (options.password() != null) {
            p.setProperty("password", options.password());
        }
        return DriverManager.getConnection(options.jdbcUrl(), p);
    }

    private static void exec(PostgresOptions options, String sql) throws SQLException {
        try (Connection c = connect(options); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String serverVersion(PostgresOptions options) throws SQLException {
        try (Connection c = connect(options); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version(), current_setting('fsync'), "
                     + "current_setting('synchronous_commit')")) {
            rs.next();
            if (!"on".equals(rs.getString(2)) || !"on".equals(rs.getString(3))) {
                throw new IllegalStateException("not a durable server (fsync=" + rs.getString(2)
                        + ", synchronous_commit=" + rs.getString(3) + "): benchmark a durable one");
            }
            return rs.getString(1).split(",")[0];
        }
    }
}
