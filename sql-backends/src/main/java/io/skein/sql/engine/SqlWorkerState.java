package io.skein.sql.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.skein.core.error.EngineError;
import io.skein.core.wire.SkeinJson;
import io.skein.engine.state.MutableWorkerState;
import io.skein.engine.state.WorkerRegistration;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The worker registry over {@code ff_worker_registry} and its event log {@code ff_worker_registry_event}:
 * capabilities are stored comma-separated, lanes as a sorted JSON array of names.
 */
final class SqlWorkerState implements MutableWorkerState {

    static final String COLUMNS = "namespace, worker_instance_id, worker_id, lanes, capabilities_csv, "
            + "last_heartbeat_ms, liveness_ttl_ms, registered_at_ms";

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

    @Override
    public Optional<WorkerRegistration> registration(String namespace, String workerInstanceId) {
        return tx.queryOne("SELECT " + COLUMNS + " FROM ff_worker_registry WHERE namespace = ? "
                + "AND worker_instance_id = ?" + tx.forUpdate(), SqlWorkerState::row, namespace, workerInstanceId);
    }

    @Override
    public List<WorkerRegistration> lapsed(long now, int limit) {
        return tx.query("SELECT " + COLUMNS + " FROM ff_worker_registry WHERE last_heartbeat_ms + liveness_ttl_ms < ? "
                + "ORDER BY namespace, worker_instance_id LIMIT ?" + tx.forUpdateSkipLocked(), SqlWorkerState::row,
                now, limit);
    }

    @Override
    public void put(WorkerRegistration r) {
        tx.update("INSERT INTO ff_worker_registry (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (namespace, worker_instance_id) DO UPDATE SET worker_id = excluded.worker_id, "
                        + "lanes = excluded.lanes, capabilities_csv = excluded.capabilities_csv, "
                        + "last_heartbeat_ms = excluded.last_heartbeat_ms, liveness_ttl_ms = excluded.liveness_ttl_ms, "
                        + "registered_at_ms = excluded.registered_at_ms",
                r.namespace(), r.workerInstanceId(), r.workerId(), lanesJson(r.lanes()),
                String.join(",", r.capabilities()), r.lastHeartbeatMs(), r.livenessTtlMs(), r.registeredAtMs());
    }

    @Override
    public void delete(String namespace, String workerInstanceId) {
        tx.update("DELETE FROM ff_worker_registry WHERE namespace = ? AND worker_instance_id = ?", namespace,
                workerInstanceId);
    }

    @Override
    public void logEvent(String namespace, String workerInstanceId, long atMs, EventKind kind, String reason) {
        tx.update("INSERT INTO ff_worker_registry_event (namespace, worker_instance_id, event_at_ms, event_kind, reason) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (namespace, worker_instance_id, event_at_ms, event_kind) "
                + "DO NOTHING", namespace, workerInstanceId, atMs, kind.wire(), reason);
    }

    /** Maps a row selected with {@link #COLUMNS}. */
    static WorkerRegistration row(ResultSet rs) throws SQLException {
        return new WorkerRegistration(rs.getString(1), rs.getString(2), rs.getString(3), lanes(rs.getString(4)),
                new TreeSet<>(capabilities(rs.getString(5))), rs.getLong(6), rs.getLong(7), rs.getLong(8));
    }

    private static Set<String> capabilities(String csv) {
        return csv == null || csv.isEmpty() ? Set.of() : new HashSet<>(Arrays.asList(csv.split(",")));
    }

    private static String lanesJson(Set<String> lanes) {
        try {
            return SkeinJson.lenient().writeValueAsString(lanes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always serializes", e);
        }
    }

    private static TreeSet<String> lanes(String json) {
        if (json == null || json.isBlank()) {
            return new TreeSet<>();
        }
        try {
            return new TreeSet<>(SkeinJson.lenient().readValue(json, new TypeReference<List<String>>() {}));
        } catch (JsonProcessingException e) {
            throw EngineError.validation(io.skein.core.error.ValidationKind.CORRUPTION,
                    "ff_worker_registry.lanes: not a JSON array of names: " + json);
        }
    }
}
