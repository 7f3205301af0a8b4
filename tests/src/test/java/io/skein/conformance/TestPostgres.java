package io.skein.conformance;

import io.skein.sql.postgres.PostgresBackend;
import io.skein.sql.postgres.PostgresOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server the suite runs against: the one at {@code FF_PG_TEST_URL} when set, otherwise a real embedded
 * PostgreSQL started once per JVM. Never a skip: if neither is available, the tests that need it fail.
 *
 * <p>Isolation: a template database is migrated once per JVM; every test gets a fresh database copied from it
 * (byte-order {@code C} collation, so text orders as on SQLite) and dropped afterwards.
 */
final class TestPostgres {

    private static final String TEMPLATE = "skein_tpl_" + Long.toHexString(System.nanoTime());
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresOptions server;
    private static EmbeddedPostgres embedded;

    private TestPostgres() {
    }

    /** Options for a new, migrated, empty database of its own. */
    static synchronized PostgresOptions freshDatabase() {
        PostgresOptions admin = server();
        String name = "skein_t" + DATABASES.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 8);
        admin(admin, "CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE + " STRATEGY FILE_COPY");
        return admin.withDatabase(name).withPoolSize(4);
    }

    /** Drops a database {@link #freshDatabase()} made (its connections are closed first). */
    static void drop(PostgresOptions options) {
        String url = options.jdbcUrl();
        int q = url.indexOf('?');
        String path = (q < 0 ? url : url.substring(0, q));
        String name = path.substring(path.lastIndexOf('/') + 1);
        admin(server(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static synchronized PostgresOptions server() {
        if (server != null) {
            return server;
        }
        String url = System.getenv("FF_PG_TEST_URL");
        PostgresOptions admin;
        if (url != null && !url.isBlank()) {
            admin = PostgresOptions.fromUrl(url.strip());
        } else {
            try {
                embedded = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start (set FF_PG_TEST_URL to use a "
                        + "server instead): " + e.getMessage(), e);
            }
            admin = PostgresOptions.of(embedded.getJdbcUrl("postgres", "postgres"), "postgres", null);
            Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::stopEmbedded));
        }
        admin(admin, "CREATE DATABASE " + TEMPLATE + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' "
                + "LC_CTYPE 'C'");
        // Migrate the template once; every test database copies the result.
        PostgresBackend.open(admin.withDatabase(TEMPLATE).withPoolSize(1)).close();
        admin(admin, "ALTER DATABASE " + TEMPLATE + " IS_TEMPLATE true");
        server = admin;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dropTemplate(admin)));
        return server;
    }

    private static void dropTemplate(PostgresOptions admin) {
        if (embedded != null) {
            return;
        }
        try {
            admin(admin, "ALTER DATABASE " + TEMPLATE + " IS_TEMPLATE false");
            admin(admin, "DROP DATABASE IF EXISTS " + TEMPLATE + " WITH (FORCE)");
        } catch (RuntimeException ignored) {
            // best effort at JVM exit
        }
    }

    private static void stopEmbedded() {
        try {
            embedded.close();
        } catch (IOException ignored) {
            // the JVM is exiting
        }
    }

    private static void admin(PostgresOptions options, String sql) {
        try (Connection c = options.connect("skein-test-admin"); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL: " + sql + ": " + e.getMessage(), e);
        }
    }
}
