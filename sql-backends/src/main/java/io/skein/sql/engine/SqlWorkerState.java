package io.skein.sql.engine;

import io.skein.engine.state.WorkerState;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The worker registry over {@code ff_worker_registry}; capabilities are stored comma-separated. */
final class SqlWorkerState implements WorkerState {

    private final Tx tx;

    SqlWorkerState(Tx tx) {
        this.tx = tx;
    }

    @Override
    public List<Set<String>> liveCapabilities(String namespace, long now) {
        return tx.query("SELECT capabilities_csv FROM ff_worker_registry WHERE namespace = ? "
                        + "AND last_heartbeat_ms + liveness_ttl_ms >= ?", rs -> capabilities(rs.getString(1)),
                namespace, now);
    }

    private static Set<String> capabilities(String csv) {
        return csv == null || csv.isEmpty() ? Set.of() : new HashSet<>(Arrays.asList(csv.split(",")));
    }
}
