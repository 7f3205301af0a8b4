package io.skein.conformance;

import io.skein.connectors.client.KafkaEngineClient;
import io.skein.core.api.EngineBackend;
import io.skein.core.time.ManualClock;
import io.skein.core.wire.TopicNames;
import io.skein.sql.engine.SqlEngineBackend;
import java.time.Duration;

/**
 * Kafka mode over a SQL backend (spec 05 §7 "Tests"): state-changing calls travel as commands through the shared
 * in-process broker and topology ({@link KafkaMode}) and come back as replies; reads, fixtures and the manual clock
 * go to the SQL backend underneath, which the topology applies this test's commands to; {@code runDue} is an admin
 * record to every task of the topology.
 */
final class KafkaUnderTest implements BackendUnderTest {

    /** Long enough for a periodic grant top-up (every 200 ms here) to follow a timer the test fired. */
    private static final Duration CLAIM_WAIT = Duration.ofMillis(400);
    /** How long a fixture waits for the topology to bring lane grants in line (admission may refuse one). */
    private static final Duration SETTLE = Duration.ofSeconds(3);
    /** After an API call the topology usually settles at once; a long wait there would only slow long scenarios. */
    private static final Duration AFTER_CALL = Duration.ofMillis(300);

    private final BackendUnderTest sql;
    private final KafkaEngineClient.Connected client;

    private KafkaUnderTest(BackendUnderTest sql) {
        this.sql = sql;
        KafkaMode mode = KafkaMode.shared();
        SqlEngineBackend target = (SqlEngineBackend) sql.backend();
        mode.pointAt(target);
        this.client = KafkaEngineClient.connect(mode.bootstrapServers(), TopicNames.DEFAULT, target, CLAIM_WAIT,
                mode::ensureLane);
    }

    static BackendUnderTest overSqlite() {
        return new KafkaUnderTest(SqliteUnderTest.start());
    }

    static BackendUnderTest overPostgres() {
        return new KafkaUnderTest(PostgresUnderTest.start());
    }

    @Override
    public EngineBackend backend() {
        return settling;
    }

    /**
     * The client, with lane grants settled after every call: a command whose subject is not its only affected
     * execution (an edge makes its downstream wait) leaves the periodic pass to fix the grants, which must happen
     * before the test's next snapshot, not during its next call.
     */
    private final EngineBackend settling = (EngineBackend) java.lang.reflect.Proxy.newProxyInstance(
            KafkaUnderTest.class.getClassLoader(), new Class<?>[] {EngineBackend.class}, (proxy, method, args) -> {
                try {
                    return method.invoke(clientBackend(), args);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                } finally {
                    if (method.getDeclaringClass() != Object.class && !method.getName().equals("shutdownPrepare")) {
                        settleLaneGrants(AFTER_CALL);
                    }
                }
            });

    private EngineBackend clientBackend() {
        return client.backend();
    }

    @Override
    public ManualClock clock() {
        return sql.clock();
    }

    /**
     * Spec 05 §4 "Tests": in Kafka mode {@code runDue} is an admin record to every task, answered once each has
     * refreshed its stores from SQL, fired the timers of its timer store due by the manual clock and run its sweeps.
     */
    @Override
    public void runDue() {
        client.client().commands().runDue(KafkaMode.shared().commandPartitions(), Duration.ofSeconds(60));
        settleLaneGrants();
    }

    @Override
    public Fixtures fixtures() {
        return fixtures;
    }

    /**
     * Spec 05 §7 "Tests": a fixture is applied by the owning task, which refreshes its stores. Here a fixture (or a
     * timer) writes SQL directly, and the topology's periodic pass brings lane grants in line: claimable executions
     * hold one (up to the grant window per lane and partition), no other does. Waiting for that keeps a test's
     * before/after snapshots about its own call. Admission may refuse a grant, so the wait is bounded.
     */
    private void settleLaneGrants() {
        settleLaneGrants(SETTLE);
    }

    private void settleLaneGrants(Duration atMost) {
        long until = System.nanoTime() + atMost.toNanos();
        Fixtures raw = sql.fixtures();
        while (System.nanoTime() < until) {
            // a lane's partition holds at most the grant window; beyond it an eligible execution waits its turn
            long ungranted = raw.queryLong("SELECT COUNT(*) FROM (SELECT e.partition_key, e.lane_id FROM ff_exec_core e "
                    + "WHERE e.lifecycle_phase = 'runnable' AND e.eligibility_state = 'eligible_now' AND NOT EXISTS "
                    + "(SELECT 1 FROM ff_claim_grant g WHERE g.partition_key = e.partition_key "
                    + "AND g.execution_id = e.execution_id) GROUP BY e.partition_key, e.lane_id) u "
                    + "WHERE (SELECT COUNT(*) FROM ff_claim_grant g WHERE g.partition_key = u.partition_key "
                    + "AND g.lane_id = u.lane_id AND g.worker_id = '*') < ?", KafkaMode.shared().grantWindow());
            long stale = raw.queryLong("SELECT COUNT(*) FROM ff_claim_grant g WHERE g.worker_id = '*' AND NOT EXISTS "
                    + "(SELECT 1 FROM ff_exec_core e WHERE e.partition_key = g.partition_key "
                    + "AND e.execution_id = g.execution_id AND e.lifecycle_phase = 'runnable' "
                    + "AND e.eligibility_state = 'eligible_now')");
            if (ungranted == 0 && stale == 0) {
                return;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The SQL fixtures, each write followed by the topology's refresh. */
    private final Fixtures fixtures = new Fixtures() {
        @Override
        public int exec(String statement, Object... params) {
            int n = sql.fixtures().exec(statement, params);
            settleLaneGrants();
            return n;
        }

        @Override
        public long queryLong(String statement, Object... params) {
            return sql.fixtures().queryLong(statement, params);
        }

        @Override
        public String queryString(String statement, Object... params) {
            return sql.fixtures().queryString(statement, params);
        }

        @Override
        public java.util.List<String> queryStrings(String statement, Object... params) {
            return sql.fixtures().queryStrings(statement, params);
        }

        @Override
        public java.util.UUID queryUuid(String statement, Object... params) {
            return sql.fixtures().queryUuid(statement, params);
        }

        @Override
        public java.util.Map<String, java.util.List<String>> snapshot() {
            return sql.fixtures().snapshot();
        }
    };

    @Override
    public void retainTerminalExecutionsFor(long retentionMs) {
        sql.retainTerminalExecutionsFor(retentionMs);
    }

    @Override
    public void close() {
        client.close();
        KafkaMode.shared().pointAt(null);
        sql.close();
    }
}
