package io.skein.sql.sqlite;

import io.skein.sql.BackendStartException;
import io.skein.sql.StartFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a SQLite database lives, parsed from {@code FF_SQLITE_PATH} (spec 03 §3, 05 §5): a file path, {@code :memory:},
 * or a {@code file:…?mode=memory} URI. Memory databases always use the shared cache so the writer, the readers and the
 * sentinel see one database; {@code :memory:} becomes {@code file::memory:?cache=shared}.
 *
 * @param sqliteName the name handed to SQLite (file path or URI)
 * @param file       the database file, or null for a memory database
 */
public record SqliteLocation(String sqliteName, Path file) {

    public static final String MEMORY = ":memory:";
    public static final String SHARED_MEMORY = "file::memory:?cache=shared";
    private static final String LOCK_SUFFIX = "-skein.lock";

    public SqliteLocation {
        Objects.requireNonNull(sqliteName, "sqliteName");
    }

    /**
     * @throws BackendStartException {@link StartFailure#INVALID_CONFIGURATION} for a blank value or a {@code file:}
     *                               URI that is not an in-memory database
     */
    public static SqliteLocation parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw invalid("must be a file path, :memory: or file:<name>?mode=memory&cache=shared, got '"
                    + raw + "'");
        }
        if (raw.equals(MEMORY)) {
            return new SqliteLocation(SHARED_MEMORY, null);
        }
        if (raw.startsWith("file:")) {
            int q = raw.indexOf('?');
            String query = q < 0 ? "" : raw.substring(q + 1);
            boolean memory = raw.startsWith("file::memory:") || hasParam(query, "mode", "memory");
            if (!memory) {
                throw invalid("a file: URI must name an in-memory database (mode=memory); give a plain path for a "
                        + "file database, got '" + raw + "'");
            }
            String name = hasParam(query, "cache", "shared") ? raw : raw + (q < 0 ? "?" : "&") + "cache=shared";
            return new SqliteLocation(name, null);
        }
        try {
            return new SqliteLocation(Path.of(raw).toAbsolutePath().normalize().toString(),
                    Path.of(raw).toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
            throw invalid("not a valid file path: '" + raw + "' (" + e.getMessage() + ")");
        }
    }

    public boolean isMemory() {
        return file == null;
    }

    public String jdbcUrl() {
        return "jdbc:sqlite:" + sqliteName;
    }

    /** {@code <path>-skein.lock}: the OS file lock that keeps a second process off a file database. */
    public Path lockFile() {
        if (file == null) {
            throw new IllegalStateException("a memory database has no lock file");
        }
        return file.resolveSibling(file.getFileName() + LOCK_SUFFIX);
    }

    /**
     * The key of the one-backend-per-database registry: the real path when the file exists, the absolute path
     * otherwise, the (shared-cache) URI for memory databases.
     */
    public String registryKey() {
        if (file == null) {
            return sqliteName;
        }
        if (Files.exists(file)) {
            try {
                return file.toRealPath().toString();
            } catch (IOException e) {
                return file.toString();
            }
        }
        return file.toString();
    }

    private static boolean hasParam(String query, String key, String value) {
        for (String pair : query.split("&")) {
            if (pair.equals(key + "=" + value)) {
                return true;
            }
        }
        return false;
    }

    private static BackendStartException invalid(String reason) {
        return new BackendStartException(StartFailure.INVALID_CONFIGURATION, "FF_SQLITE_PATH: " + reason);
    }
}
