package io.skein.bench;

import io.skein.sql.postgres.PostgresOptions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The durable PostgreSQL server the benchmark runs against ({@code SKEIN_BENCH_PG_URL}, a {@code postgres://} or JDBC
 * URL of a database the user may create databases from). Every system under test gets a database of its own.
 */
final class PgServer {

    static final String URL_ENV = "SKEIN_BENCH_PG_URL";

    private final PostgresOptions admin;

    private PgServer(PostgresOptions admin) {
        this.admin = admin;
    }

    /** The server {@code admin} points at. */
    static PgServer of(PostgresOptions admin) {
        return new PgServer(admin);
    }

    static PgServer fromEnv() {
        String url = System.getenv(URL_ENV);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException(URL_ENV + " is not set: the postgres modes need a durable server, e.g. "
                    + "postgres://postgres:skein-bench@127.0.0.1:5432/postgres (bench/run-all.sh starts one)");
        }
        return new PgServer(PostgresOptions.fromUrl(url));
    }

    /** Creates a fresh database and returns options pointing at it. */
    PostgresOptions createDatabase(String prefix) throws SQLException {
        String db = prefix + "_" + Long.toHexString(System.nanoTime());
        exec(admin, "CREATE DATABASE " + db + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
        return admin.withDatabase(db);
    }

    /**
     * Diagnostics only: new sessions of {@code options}' database commit without waiting for the WAL flush, so a
     * run there shows what the work costs with commits made (almost) free. Never a configuration to quote as a result.
     */
    void commitAsynchronously(PostgresOptions options) throws SQLException {
        exec(admin, "ALTER DATABASE " + databaseName(options) + " SET synchronous_commit = off");
    }

    private static String databaseName(PostgresOptions options) {
        String url = options.jdbcUrl();
        return url.substring(url.lastIndexOf('/') + 1).replaceFirst("\\?.*", "");
    }

    void dropDatabase(PostgresOptions options) {
        String db = databaseName(options);
        try {
            exec(admin, "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop benchmark database " + db + ": " + e.getMessage());
        }
    }

    /** "PostgreSQL 15.x …"; refuses a server that does not fsync or commit synchronously. */
    String describeDurable() throws SQLException {
        try (Connection c = connect(admin); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version(), current_setting('fsync'), "
                     + "current_setting('synchronous_commit')")) {
            rs.next();
            if (!"on".equals(rs.getString(2)) || !"on".equals(rs.getString(3))) {
                throw new IllegalStateException("not a durable server (fsync=" + rs.getString(2)
                        + ", synchronous_commit=" + rs.getString(3) + "): benchmark a durable one");
            }
            return rs.getString(1).split(",")[0] + " (fsync on, synchronous_commit on)";
        }
    }

    static Connection connect(PostgresOptions options) throws SQLException {
        return options.connect("skein-bench");
    }

    static void exec(PostgresOptions options, String sql) throws SQLException {
        try (Connection c = connect(options); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
