package io.skein.conformance;

import io.skein.connectors.client.KafkaEngineClient;
import io.skein.core.api.EngineBackend;
import io.skein.core.time.ManualClock;
import io.skein.core.wire.TopicNames;
import io.skein.sql.engine.SqlEngineBackend;
import java.time.Duration;

/**
 * Kafka mode over a SQL backend (spec 05 §7 "Tests"): state-changing calls travel as commands through the shared
 * in-process broker and topology ({@link KafkaMode}) and come back as replies; reads, fixtures, the manual clock and
 * {@code runDue} go to the SQL backend underneath, which the topology applies this test's commands to.
 */
final class KafkaUnderTest implements BackendUnderTest {

    /** Long enough for a periodic grant top-up (every 50 ms here) to follow a timer the test fired. */
    private static final Duration CLAIM_WAIT = Duration.ofMillis(400);

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
        return client.backend();
    }

    @Override
    public ManualClock clock() {
        return sql.clock();
    }

    @Override
    public void runDue() {
        sql.runDue();
    }

    @Override
    public Fixtures fixtures() {
        return sql.fixtures();
    }

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
