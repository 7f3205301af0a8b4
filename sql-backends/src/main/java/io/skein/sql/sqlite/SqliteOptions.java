package io.skein.sql.sqlite;

import io.skein.core.id.PartitionConfig;
import io.skein.sql.BackendStartException;
import io.skein.sql.StartFailure;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * How to open a {@link SqliteDatabase}.
 *
 * @param path              {@code FF_SQLITE_PATH}: file path, {@code :memory:} or {@code file:…?mode=memory&cache=shared}
 * @param poolSize          {@code FF_SQLITE_POOL_SIZE}: reader connections, ≥ 1
 * @param partitions        the deployment's partition counts, recorded on first start and checked afterwards
 * @param env               environment lookup for the dev-mode guard (tests pass a map's {@code get})
 * @param readerIdleTimeout how long an unused reader connection stays open (the pool enforces at least 10 s)
 * @param skeinVersion      recorded in {@code ff_partition_config} on first start
 * @param clock             the backend clock ({@code applied_at_ms} of migrations)
 */
public record SqliteOptions(String path, int poolSize, PartitionConfig partitions, Function<String, String> env,
                            Duration readerIdleTimeout, String skeinVersion, Clock clock) {

    public static final int DEFAULT_POOL_SIZE = 4;
    public static final Duration DEFAULT_READER_IDLE_TIMEOUT = Duration.ofSeconds(60);

    public SqliteOptions {
        Objects.requireNonNull(path, "path");
        if (poolSize < 1) {
            throw new BackendStartException(StartFailure.INVALID_CONFIGURATION,
                    "FF_SQLITE_POOL_SIZE must be greater than 0, got " + poolSize);
        }
        Objects.requireNonNull(partitions, "partitions");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(readerIdleTimeout, "readerIdleTimeout");
        Objects.requireNonNull(skeinVersion, "skeinVersion");
        Objects.requireNonNull(clock, "clock");
    }

    /** Defaults for {@code path}: pool 4, default partitions, the process environment, the system clock. */
    public static SqliteOptions of(String path) {
        return new SqliteOptions(path, DEFAULT_POOL_SIZE, PartitionConfig.DEFAULT, System::getenv,
                DEFAULT_READER_IDLE_TIMEOUT, defaultVersion(), Clock.systemUTC());
    }

    /**
     * Reads {@code FF_SQLITE_PATH} (default {@code :memory:}) and {@code FF_SQLITE_POOL_SIZE} (default 4) from
     * {@code env}, which also serves the dev-mode guard.
     *
     * @throws BackendStartException {@link StartFailure#INVALID_CONFIGURATION} naming the variable
     */
    public static SqliteOptions fromEnvironment(Function<String, String> env, PartitionConfig partitions) {
        String path = env.apply("FF_SQLITE_PATH");
        String pool = env.apply("FF_SQLITE_POOL_SIZE");
        int poolSize = DEFAULT_POOL_SIZE;
        if (pool != null) {
            try {
                poolSize = Integer.parseInt(pool.strip());
            } catch (NumberFormatException e) {
                throw new BackendStartException(StartFailure.INVALID_CONFIGURATION,
                        "FF_SQLITE_POOL_SIZE must be a positive integer, got '" + pool + "'");
            }
        }
        return of(path == null ? SqliteLocation.MEMORY : path).withPoolSize(poolSize).withPartitions(partitions)
                .withEnv(env);
    }

    public SqliteOptions withPoolSize(int size) {
        return new SqliteOptions(path, size, partitions, env, readerIdleTimeout, skeinVersion, clock);
    }

    public SqliteOptions withPartitions(PartitionConfig config) {
        return new SqliteOptions(path, poolSize, config, env, readerIdleTimeout, skeinVersion, clock);
    }

    public SqliteOptions withEnv(Function<String, String> lookup) {
        return new SqliteOptions(path, poolSize, partitions, lookup, readerIdleTimeout, skeinVersion, clock);
    }

    public SqliteOptions withReaderIdleTimeout(Duration timeout) {
        return new SqliteOptions(path, poolSize, partitions, env, timeout, skeinVersion, clock);
    }

    public SqliteOptions withSkeinVersion(String version) {
        return new SqliteOptions(path, poolSize, partitions, env, readerIdleTimeout, version, clock);
    }

    public SqliteOptions withClock(Clock backendClock) {
        return new SqliteOptions(path, poolSize, partitions, env, readerIdleTimeout, skeinVersion, backendClock);
    }

    private static String defaultVersion() {
        String v = SqliteOptions.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
