package io.skein.connectors.ui;

import io.skein.core.api.EngineBackend;
import io.skein.sql.engine.DashboardReads;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Where the dashboard's data comes from: the HTTP API's routes (in-process), the engine backend for reads the API
 * has no route for, and the SQL store's aggregates once the server binds it (absent in a server without one).
 */
final class Sources {

    final Api api;
    final EngineBackend backend;
    final LongSupplier clock;
    private volatile DashboardReads reads;

    Sources(Api api, EngineBackend backend, LongSupplier clock) {
        this.api = api;
        this.backend = backend;
        this.clock = clock;
    }

    void bind(DashboardReads store) {
        this.reads = store;
    }

    Optional<DashboardReads> reads() {
        return Optional.ofNullable(reads);
    }

    long now() {
        return clock.getAsLong();
    }
}
