package io.skein.bench;

import io.skein.core.api.CapabilitySet;
import io.skein.core.api.ClaimPolicy;
import io.skein.core.api.Handle;
import io.skein.core.id.LaneId;
import io.skein.core.id.WorkerId;
import io.skein.core.id.WorkerInstanceId;
import io.skein.sql.postgres.PostgresBackend;
import io.skein.sql.postgres.PostgresDatabase;
import io.skein.sql.postgres.PostgresOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Claim + complete throughput and latency of the PostgreSQL backend in direct mode, side by side in one run with a
 * plain {@code FOR UPDATE SKIP LOCKED} queue (one job per transaction) as the baseline. Not a test: run it on a
 * durable server with {@code bench/postgres.sh}, never on the embedded test server (fsync off there).
 *
 * <p>Arguments: JDBC URL of a database the user may create databases from, user, password, executions (default
 * 10000), then worker counts (default 1 8); {@code --ceiling} adds the diagnostic row. Each variant runs in a
 * database of its own, created and dropped here.
 */
public final class PostgresClaimCompleteBench {

    private static final LaneId LANE = LaneId.of("bench");

    public static void main(String[] argv) throws Exception {
        if (argv.length < 3) {
            System.err.println("usage: PostgresClaimCompleteBench <jdbc-url> <user> <password> [executions] "
                    + "[workers...] [--ceiling]");
            System.exit(2);
        }
        boolean ceiling = Arrays.asList(argv).contains("--ceiling");
        argv = Arrays.stream(argv).filter(a -> !a.equals("--ceiling")).toArray(String[]::new);
        PostgresOptions admin = PostgresOptions.of(argv[0], argv[1], argv[2]);
        int executions = argv.length > 3 ? Integer.parseInt(argv[3]) : 10_000;
        int[] workerCounts = argv.length > 4
                ? Arrays.stream(argv, 4, argv.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 8};
        PgServer pg = PgServer.of(admin);
        String server = pg.describeDurable();
        BenchReport report = new BenchReport();
        for (int workers : workerCounts) {
            report.add(baseline(pg, executions, workers));
            report.add(skein(pg, executions, workers, Variant.SPEC));
            report.add(skein(pg, executions, workers, Variant.OUTBOX_NOTIFY_OFF));
            if (ceiling) {
                report.add(skein(pg, executions, workers, Variant.CEILING));
            }
        }
        report.write(Path.of("target", "bench"), "postgres-claim-complete", "PostgreSQL direct mode: claim + complete",
                "Server: " + server + ". Each row: N executions inserted "
                        + "first (not timed), then W threads loop claim → complete until the lane is empty, each on "
                        + "its own connection. Latency = one claim + complete pair (two transactions). Baseline = "
                        + "plain queue table: UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED LIMIT 1) "
                        + "RETURNING, then UPDATE done; one job per transaction. \"outbox notify off\" = Skein "
                        + "with FF_POSTGRES_OUTBOX_NOTIFY=off (outbox rows written, not NOTIFYed; differs from spec "
                        + "05 §3, which the default row follows)."
                        + (ceiling ? " \"ceiling\" (--ceiling, a diagnostic, not durable): outbox notify off and "
                        + "synchronous_commit off for Skein's database, so commits do not wait for the WAL flush; "
                        + "what the full state machine costs per job when commits are almost free." : ""));
    }

    /** What Skein runs with: the spec's defaults, the outbox switch, or the non-durable diagnostic ceiling. */
    enum Variant {
        SPEC("skein postgres direct"),
        OUTBOX_NOTIFY_OFF("skein, outbox notify off"),
        CEILING("skein ceiling (not durable)");

        final String label;

        Variant(String label) {
            this.label = label;
        }
    }

    // ------------------------------------------------------------------------------------------------ Skein

    static BenchReport.Row skein(PgServer pg, int executions, int workers, Variant variant) throws Exception {
        PostgresOptions db = pg.createDatabase("skein_bench_" + workers);
        if (variant == Variant.CEILING) {
            pg.commitAsynchronously(db);
        }
        String notify = variant == Variant.SPEC ? "on" : "off";
        PostgresOptions options = db.withPoolSize(workers + 2)
                .withEnv(name -> PostgresDatabase.OUTBOX_NOTIFY_ENV.equals(name) ? notify : null);
        try (PostgresBackend backend = PostgresBackend.open(options)) {
            try (Connection c = PgServer.connect(options)) {
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
            return BenchReport.row(variant.label, workers, Arrays.copyOf(latencies,
                    Math.min(done.get(), executions)), elapsed);
        } finally {
            pg.dropDatabase(db);
        }
    }

    // ------------------------------------------------------------------------------------------------ baseline

    static BenchReport.Row baseline(PgServer pg, int executions, int workers) throws Exception {
        PostgresOptions options = pg.createDatabase("skein_bench_base_" + workers);
        try {
            try (Connection c = PgServer.connect(options); Statement s = c.createStatement()) {
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
                try (Connection c = PgServer.connect(options)) {
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
            pg.dropDatabase(options);
        }
    }
}
