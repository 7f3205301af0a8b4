package io.skein.sql.sqlite;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** Shared set-up for store tests: dev mode on, unique memory URIs, options for a path. */
final class TestStores {

    static final Function<String, String> DEV_MODE = Map.of("FF_DEV_MODE", "1")::get;

    private TestStores() {
    }

    static String memoryUri(String label) {
        return "file:" + label + "-" + UUID.randomUUID() + "?mode=memory&cache=shared";
    }

    static SqliteOptions options(String path) {
        return SqliteOptions.of(path).withEnv(DEV_MODE).withPoolSize(2);
    }

    static SqliteOptions options(Path path) {
        return options(path.toString());
    }

    static SqliteDatabase openMemory(String label) {
        return SqliteDatabase.open(options(memoryUri(label)));
    }
}
