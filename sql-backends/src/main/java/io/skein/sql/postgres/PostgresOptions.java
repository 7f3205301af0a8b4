package io.skein.sql.postgres;

import io.skein.core.id.PartitionConfig;
import io.skein.sql.BackendStartException;
import io.skein.sql.StartFailure;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;

/**
 * How to reach and run a PostgreSQL store: the JDBC URL ({@code jdbc:postgresql://host:port/db}), credentials, the
 * pool size, the partition configuration checked at start, the environment ({@code FF_*} settings) and the backend
 * clock.
 */
public record PostgresOptions(String jdbcUrl, String user, String password, int poolSize, PartitionConfig partitions,
                              Function<String, String> env, String skeinVersion, Clock clock) {

    public static final int DEFAULT_POOL_SIZE = 10;

    public PostgresOptions {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new BackendStartException(StartFailure.INVALID_CONFIGURATION,
                    "the PostgreSQL URL must start with jdbc:postgresql:, got '" + jdbcUrl + "'");
        }
        if (poolSize < 1) {
            throw new BackendStartException(StartFailure.INVALID_CONFIGURATION,
                    "FF_PG_POOL_SIZE must be greater than 0, got " + poolSize);
        }
        Objects.requireNonNull(partitions, "partitions");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(skeinVersion, "skeinVersion");
        Objects.requireNonNull(clock, "clock");
    }

    public static PostgresOptions of(String jdbcUrl, String user, String password) {
        return new PostgresOptions(jdbcUrl, user, password, DEFAULT_POOL_SIZE, PartitionConfig.DEFAULT,
                System::getenv, defaultVersion(), Clock.systemUTC());
    }

    /**
     * Accepts {@code postgres://user:pass@host:port/db} (the form {@code FF_PG_TEST_URL} and libpq use) as well as a
     * JDBC URL; credentials in the URL win over none.
     */
    public static PostgresOptions fromUrl(String url) {
        Objects.requireNonNull(url, "url");
        if (url.startsWith("jdbc:postgresql:")) {
            return of(url, null, null);
        }
        java.net.URI uri;
        try {
            uri = java.net.URI.create(url.replaceFirst("^postgresql://", "postgres://"));
        } catch (IllegalArgumentException e) {
            throw new BackendStartException(StartFailure.INVALID_CONFIGURATION,
                    "not a PostgreSQL URL: '" + url + "' (" + e.getMessage() + ")");
        }
        if (!"postgres".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new BackendStartException(StartFailure.INVALID_CONFIGURATION,
                    "a PostgreSQL URL looks like postgres://user:password@host:port/database, got '" + url + "'");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = java.net.URLDecoder.decode(parts[0], java.nio.charset.StandardCharsets.UTF_8);
            password = parts.length > 1
                    ? java.net.URLDecoder.decode(parts[1], java.nio.charset.StandardCharsets.UTF_8) : null;
        }
        String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return of(jdbc, user, password);
    }

    /** The same server, another database (tests give each scenario its own). */
    public PostgresOptions withDatabase(String database) {
        int slash = jdbcUrl.indexOf('/', "jdbc:postgresql://".length());
        int query = jdbcUrl.indexOf('?');
        String base = slash < 0 ? (query < 0 ? jdbcUrl : jdbcUrl.substring(0, query)) : jdbcUrl.substring(0, slash);
        String params = query < 0 ? "" : jdbcUrl.substring(query);
        return new PostgresOptions(base + "/" + database + params, user, password, poolSize, partitions, env,
                skeinVersion, clock);
    }

    public PostgresOptions withPoolSize(int size) {
        return new PostgresOptions(jdbcUrl, user, password, size, partitions, env, skeinVersion, clock);
    }

    public PostgresOptions withPartitions(PartitionConfig config) {
        return new PostgresOptions(jdbcUrl, user, password, poolSize, config, env, skeinVersion, clock);
    }

    public PostgresOptions withEnv(Function<String, String> lookup) {
        return new PostgresOptions(jdbcUrl, user, password, poolSize, partitions, lookup, skeinVersion, clock);
    }

    public PostgresOptions withClock(Clock backendClock) {
        return new PostgresOptions(jdbcUrl, user, password, poolSize, partitions, env, skeinVersion, backendClock);
    }

    public PostgresOptions withSkeinVersion(String version) {
        return new PostgresOptions(jdbcUrl, user, password, poolSize, partitions, env, version, clock);
    }

    /**
     * A connection of its own, outside the engine's pools (autocommit on): the LISTEN connection, administration,
     * tests and benchmarks.
     */
    public java.sql.Connection connect(String applicationName) throws java.sql.SQLException {
        java.util.Properties p = new java.util.Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", applicationName);
        return java.sql.DriverManager.getConnection(jdbcUrl, p);
    }

    private static String defaultVersion() {
        String v = PostgresOptions.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
