package io.skein.conformance;

import io.skein.core.api.EngineBackend;
import io.skein.core.api.SeedWaitpointHmacSecretArgs;
import io.skein.core.time.ManualClock;
import io.skein.sql.engine.SqlDialect;
import io.skein.sql.engine.Tx;
import io.skein.sql.postgres.PostgresBackend;
import io.skein.sql.postgres.PostgresOptions;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** PostgreSQL in direct mode on a fresh database of its own (see {@link TestPostgres}), with a manual clock. */
final class PostgresUnderTest implements BackendUnderTest, Fixtures {

    private final ManualClock clock = new ManualClock(SqliteUnderTest.START_MS);
    private final PostgresOptions options;
    private final PostgresBackend backend;

    private PostgresUnderTest() {
        this.options = TestPostgres.freshDatabase().withClock(clock);
        this.backend = PostgresBackend.open(options, Conformance.SEED);
        backend.seedWaitpointHmacSecret(new SeedWaitpointHmacSecretArgs(Conformance.KID, Conformance.SECRET_HEX));
    }

    static BackendUnderTest start() {
        return new PostgresUnderTest();
    }

    /** A second backend (another engine process, in effect) on the same database, for multi-instance scenarios. */
    PostgresBackend openAnother() {
        return PostgresBackend.open(options, Conformance.SEED);
    }

    PostgresBackend postgres() {
        return backend;
    }

    @Override
    public EngineBackend backend() {
        return backend;
    }

    @Override
    public ManualClock clock() {
        return clock;
    }

    @Override
    public void retainTerminalExecutionsFor(long retentionMs) {
        backend.setRetentionMs(retentionMs);
    }

    @Override
    public void runDue() {
        backend.runDue();
    }

    @Override
    public Fixtures fixtures() {
        return this;
    }

    private <T> T inUnit(java.util.function.Function<Tx, T> work) {
        return backend.database().inWriteTransaction(unit ->
                work.apply(new Tx(unit.connection(), SqlDialect.POSTGRES, clock.millis(), unit::afterCommit)));
    }

    @Override
    public int exec(String sql, Object... params) {
        return inUnit(tx -> tx.update(sql, params));
    }

    @Override
    public long queryLong(String sql, Object... params) {
        return inUnit(tx -> tx.queryLong(sql, params));
    }

    @Override
    public String queryString(String sql, Object... params) {
        return inUnit(tx -> tx.queryOne(sql, rs -> rs.getString(1), params).orElse(null));
    }

    @Override
    public List<String> queryStrings(String sql, Object... params) {
        return inUnit(tx -> tx.query(sql, rs -> rs.getString(1), params));
    }

    @Override
    public UUID queryUuid(String sql, Object... params) {
        return inUnit(tx -> tx.queryOne(sql, rs -> SqlDialect.POSTGRES.readUuid(rs,
                rs.getMetaData().getColumnLabel(1)), params).orElse(null));
    }

    @Override
    public Map<String, List<String>> snapshot() {
        return backend.database().read(connection -> TableSnapshot.of(connection, "SELECT table_name FROM "
                + "information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' "
                + "AND table_name LIKE 'ff\\_%' AND table_name NOT IN ('ff_command_log', 'ff_migration_annotation') "
                + "ORDER BY table_name"));
    }

    @Override
    public void close() {
        backend.close();
        TestPostgres.drop(options);
    }
}
