package io.skein.conformance;

import io.skein.core.api.EngineBackend;
import io.skein.core.api.SeedWaitpointHmacSecretArgs;
import io.skein.core.time.ManualClock;
import io.skein.sql.engine.SqlDialect;
import io.skein.sql.engine.Tx;
import io.skein.sql.sqlite.SqliteBackend;
import io.skein.sql.sqlite.SqliteOptions;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** SQLite in direct mode on a private shared-cache memory database, with a manual clock. */
final class SqliteUnderTest implements BackendUnderTest, Fixtures {

    /** A fixed start so runs are repeatable; any value far from 0 works. */
    static final long START_MS = 1_700_000_000_000L;

    private final ManualClock clock = new ManualClock(START_MS);
    private final SqliteBackend backend;

    private SqliteUnderTest() {
        String uri = "file:conformance-" + UUID.randomUUID() + "?mode=memory&cache=shared";
        SqliteOptions options = SqliteOptions.of(uri).withEnv(Map.of("FF_DEV_MODE", "1")::get).withClock(clock);
        this.backend = SqliteBackend.open(options, Conformance.SEED);
        backend.seedWaitpointHmacSecret(new SeedWaitpointHmacSecretArgs(Conformance.KID, Conformance.SECRET_HEX));
    }

    static BackendUnderTest start() {
        return new SqliteUnderTest();
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
    public void runDue() {
        backend.runDue();
    }

    @Override
    public void retainTerminalExecutionsFor(long retentionMs) {
        backend.setRetentionMs(retentionMs);
    }

    @Override
    public Fixtures fixtures() {
        return this;
    }

    @Override
    public int exec(String sql, Object... params) {
        return backend.database().inWriteTransaction(unit ->
                new Tx(unit.connection(), SqlDialect.SQLITE, clock.millis(), unit::afterCommit).update(sql, params));
    }

    @Override
    public long queryLong(String sql, Object... params) {
        return backend.database().inWriteTransaction(unit ->
                new Tx(unit.connection(), SqlDialect.SQLITE, clock.millis(), unit::afterCommit).queryLong(sql, params));
    }

    @Override
    public String queryString(String sql, Object... params) {
        return backend.database().inWriteTransaction(unit ->
                new Tx(unit.connection(), SqlDialect.SQLITE, clock.millis(), unit::afterCommit)
                        .queryOne(sql, rs -> rs.getString(1), params).orElse(null));
    }

    @Override
    public List<String> queryStrings(String sql, Object... params) {
        return backend.database().inWriteTransaction(unit ->
                new Tx(unit.connection(), SqlDialect.SQLITE, clock.millis(), unit::afterCommit)
                        .query(sql, rs -> rs.getString(1), params));
    }

    @Override
    public UUID queryUuid(String sql, Object... params) {
        return backend.database().inWriteTransaction(unit -> {
            Tx tx = new Tx(unit.connection(), SqlDialect.SQLITE, clock.millis(), unit::afterCommit);
            return tx.queryOne(sql, rs -> SqlDialect.SQLITE.readUuid(rs, rs.getMetaData().getColumnLabel(1)), params)
                    .orElse(null);
        });
    }

    @Override
    public Map<String, List<String>> snapshot() {
        return backend.database().read(connection -> TableSnapshot.of(connection, "SELECT name FROM sqlite_master "
                + "WHERE type = 'table' AND name LIKE 'ff_%' AND name NOT IN ('ff_command_log', "
                + "'ff_migration_annotation') ORDER BY name"));
    }

    @Override
    public void close() {
        backend.close();
    }
}
